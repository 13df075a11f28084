// Importing the researcher's own documents: formats, progress and results.
export type DocumentFormat = 'pdf' | 'docx' | 'markdown' | 'text' | 'html'
export type ImportPhase = 'reading' | 'parsing' | 'saving' | 'done' | 'failed'

export interface ImportProgress {
  file: string
  /** 0-based position of the file in the batch. */
  index: number
  total: number
  phase: ImportPhase
  message?: string
}

export interface ImportedDocument {
  file: string
  entityId: string
  title: string
  format: DocumentFormat
  sections: number
  warnings: string[]
}

export interface ImportResult {
  imported: ImportedDocument[]
  failed: { file: string; message: string }[]
  cancelled: boolean
}

/**
 * What a text is: 'original' — the researcher's imported documents and REFI-QDA sources, and what the researcher
 * wrote; 'summary' — the atlas's own paraphrase of a source (bundled report sections, summaries, facts), which
 * is never a quotation of that source.
 */
export type TextOrigin = 'original' | 'summary'
