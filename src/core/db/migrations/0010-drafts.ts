import type { Migration } from '../migrate'

// What the researcher is writing and has not saved yet — a memo, a highlight's note, a cell summary — kept as
// they type, so closing the window, a crash or a wrong click loses at most the last half second. One draft per
// editor: `kind` says which editor, `target` what it edits (a memo id; "type:id" for a new memo about a thing;
// a highlight id; "caseId|codeId" for a cell). Not part of undo and not searched (db/drafts.ts).
export const migration: Migration = {
  version: 10,
  name: 'drafts',
  sql: `
CREATE TABLE drafts (
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, target)
) STRICT;
`,
}
