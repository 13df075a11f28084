import type { Migration } from '../migrate'

// The researcher's own material. An imported document is an own report (entities.type 'report', origin
// 'own') whose sections are pages or headings, so reading, highlighting, search and comparison work on it
// exactly as on a bundled report; this table keeps where it came from. Attributes are the researcher's own
// variables on any case, bundled or own (REFI-QDA's case variables).
export const migration: Migration = {
  version: 4,
  name: 'own-documents',
  sql: `
CREATE TABLE document_files (
  entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('pdf','docx','markdown','text','html','refi-qda')),
  sha256 TEXT NOT NULL,
  byte_size INTEGER NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX document_files_sha ON document_files(sha256);

CREATE TABLE case_attributes (
  entity_id TEXT NOT NULL REFERENCES entities(id),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  value TEXT NOT NULL,
  value_type TEXT NOT NULL DEFAULT 'Text' CHECK (value_type IN ('Text','Boolean','Integer','Float','Date','DateTime')),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (entity_id, name)
) STRICT;
`,
}
