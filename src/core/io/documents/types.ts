// What every document parser hands back. A parser refuses a file with a UserError whose `file` parameter is
// the file's name (never its path); its words say the problem so a researcher can act on it.

export type { DocumentFormat } from '../../../shared/domain'
import type { DocumentFormat } from '../../../shared/domain'

export interface ParsedSection {
  /** Never empty. */
  heading: string
  /** Normalised (NFC, LF, no BOM, no control characters but \n and \t): every offset refers to this form. */
  text: string
}

export interface ParsedDocument {
  title: string
  format: DocumentFormat
  sections: ParsedSection[]
  /** Things the researcher should know that did not stop the import (e.g. "read as Windows-1252"). */
  warnings: string[]
}
