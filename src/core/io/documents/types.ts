// What every document parser hands back. A parser refuses a file with a UserError whose `file` parameter is
// the file's name (never its path); its words say the problem so a researcher can act on it.

export type { DocumentFormat } from '../../../shared/domain'
import type { DocumentFormat } from '../../../shared/domain'
import type { LibraryText } from '../../../shared/search-options'

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
  /**
   * The library index's analysis of each section (heading, text), made where the file was read: in the app,
   * the parse process, so that saving the document does not analyse it on the main thread (db/library.ts).
   */
  analysed?: { heading: LibraryText; text: LibraryText }[]
}
