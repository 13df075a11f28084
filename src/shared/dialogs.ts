// Why the core asks the shell for a file: the core names the purpose, the shell words the dialog's title in the
// researcher's language. The core never holds a dialog title.
export const DIALOG_TITLES_SV = {
  'import-kolada': 'Importera Kolada-värden (och ev. KPI-fil)',
  'import-cases-csv': 'Importera fall från CSV',
  'import-survey-csv': 'Importera enkätvärden från CSV',
  'import-documents': 'Importera dokument',
  'import-refi': 'Slå ihop ett projekt: REFI-QDA (.qdpx, .qdc) eller projektfil (.sqlite)',
  'export-notes-csv': 'Exportera anteckningar som CSV',
  'export-notes-pdf': 'Exportera anteckningar som PDF',
  'export-project-qdpx': 'Exportera projektet som REFI-QDA',
  'export-codebook-csv': 'Exportera kodboken som CSV',
  'export-codebook-qdc': 'Exportera kodboken som REFI-QDA',
  'export-matrix-csv': 'Exportera jämförelsen som CSV',
  'export-case-codes-csv': 'Exportera fall × koder (antal) för R',
  'export-cases-csv': 'Exportera fallen som CSV',
  'export-agreement-csv': 'Exportera överensstämmelsen som CSV',
  'export-hand-out-qdpx': 'Dela ut projektet till kodare (REFI-QDA, utan kodningar)',
  'backup-create': 'Säkerhetskopiera projektet',
  'backup-restore': 'Återställ från säkerhetskopia',
} as const

export type DialogPurpose = keyof typeof DIALOG_TITLES_SV
