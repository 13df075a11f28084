// What every document parser hands back, and the one error type of the import: its message starts with the
// file's name and says the problem in words a researcher can act on (never a stack, never a path).

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

export class DocumentImportError extends Error {
  readonly file: string
  /** `problem` completes "<file>: …", e.g. 'filen är lösenordsskyddad och kan inte läsas.' */
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`)
    this.name = 'DocumentImportError'
    this.file = file
  }
}
