import type { Migration } from '../migrate'

// The researcher's document library in SQLite's full-text index, FTS5, inside the project file: written in the
// same transaction as the documents it indexes (db/library.ts), so it is never stale, never rebuilt at start,
// and travels with every backup and restore.
//
// - library_index: one row per passage — an imported document's record (title, summary) or one of its
//   sections — holding the text already analysed by src/shared/search-options.ts (`analyseLibraryText`), one
//   column per kind of term, weighted in bm25(). Contentless (the text is in `sections`) with deletes allowed.
//   The analysis has done the folding, so the tokenizer only splits on spaces and keeps å/ä/ö.
// - library_passages: what each row of the index is, and the analysis format it was written with; a row of an
//   older format is re-indexed in the background (db/library.ts, `indexStaleDocuments`).
// - library_terms: FTS5's own vocabulary of the index (fts5vocab), for completion and typo tolerance.
export const migration: Migration = {
  version: 9,
  name: 'library-index',
  sql: `
CREATE VIRTUAL TABLE library_index USING fts5(
  title, exact, folded, parts,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE library_passages (
  rowid INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL,
  section_id TEXT,
  format INTEGER NOT NULL
) STRICT;
CREATE INDEX library_passages_document ON library_passages (document_id);
CREATE VIRTUAL TABLE library_terms USING fts5vocab(library_index, row);
`,
}
