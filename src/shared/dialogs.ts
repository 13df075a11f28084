// Why the core asks the shell for a file: the core names the purpose, the shell words the dialog's title in the
// researcher's language. The core never holds a dialog title.
export const DIALOG_PURPOSES = [
  'import-kolada',
  'import-cases-csv',
  'import-survey-csv',
  'import-documents',
  'import-refi',
  'export-notes-csv',
  'export-notes-pdf',
  'export-project-qdpx',
  'export-codebook-csv',
  'export-codebook-qdc',
  'export-matrix-csv',
  'export-case-codes-csv',
  'export-cases-csv',
  'export-agreement-csv',
  'export-hand-out-qdpx',
  'export-map-svg',
  'export-map-png',
  'export-map-csv',
  'export-timeline-svg',
  'export-timeline-png',
  'export-timeline-csv',
  'backup-create',
  'backup-restore',
] as const

/** The titles are in the message catalogues, under `dialogs.<purpose>`. */
export type DialogPurpose = (typeof DIALOG_PURPOSES)[number]
