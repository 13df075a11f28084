// The library index: the researcher's imported documents in FTS5 (migration 9). It is written inside the
// transaction that changes a document — the write layer calls `indexChangedDocuments` just before every commit
// with the changes the transaction announced (changes.ts, `beforeCommit`) — so whatever path writes a document
// (an import, a merge, a rename, a delete), the index commits or rolls back with it and is never stale.
// A library document is an own report (an imported document); its record and each of its sections are rows.
import { analyseLibraryText, LIBRARY_FORMAT, type LibraryText, type LibraryWord } from '../../shared/search-options'
import type { Change } from './changes'
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

const statements = preparedOnce((db: WritableDB) => ({
  libraryDocuments: db.prepare(
    `SELECT id, name, summary FROM entities
     WHERE id IN (SELECT value FROM json_each(?)) AND origin = 'own' AND type = 'report'`,
  ),
  indexedDocuments: db.prepare(`SELECT DISTINCT document_id AS id FROM library_passages WHERE document_id IN (SELECT value FROM json_each(?))`),
  passagesOf: db.prepare('SELECT rowid FROM library_passages WHERE document_id = ?'),
  removeRow: db.prepare('DELETE FROM library_index WHERE rowid = ?'),
  removePassages: db.prepare('DELETE FROM library_passages WHERE document_id = ?'),
  sectionsOf: db.prepare('SELECT id, heading, text FROM sections WHERE report_id = ? ORDER BY position'),
  insertPassage: db.prepare('INSERT INTO library_passages (document_id, section_id, format) VALUES (?, ?, ?)'),
  insertRow: db.prepare('INSERT INTO library_index (rowid, title, exact, folded, parts) VALUES (?, ?, ?, ?, ?)'),
  staleDocuments: db.prepare(
    `SELECT e.id FROM entities e WHERE e.origin = 'own' AND e.type = 'report' AND (
       NOT EXISTS (SELECT 1 FROM library_passages p WHERE p.document_id = e.id)
       OR EXISTS (SELECT 1 FROM library_passages p WHERE p.document_id = e.id AND p.format <> @format))
     UNION SELECT DISTINCT p.document_id FROM library_passages p
       WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = p.document_id AND e.origin = 'own' AND e.type = 'report')
     LIMIT @limit`,
  ),
  libraryDocumentCount: db.prepare(`SELECT count(*) AS n FROM entities WHERE origin = 'own' AND type = 'report'`),
}))

/** Word analyses shared by every write on this connection: stemming is the costly part of indexing. */
const caches = new WeakMap<WritableDB, Map<string, LibraryWord>>()
const cacheOf = (db: WritableDB): Map<string, LibraryWord> => {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  return cache
}

/** The changes of one transaction reach the index: every entity they name that is, or was, a library document. */
export function indexChangedDocuments(db: WritableDB, changes: readonly Change[]): void {
  const ids = changes.flatMap((c) => (c.kind === 'entities' ? c.ids : []))
  if (changes.some((c) => c.kind === 'replaced')) return
  if (ids.length > 0) indexDocuments(db, ids)
}

/** Re-indexes these documents from what the database holds now; ids of other entities are passed over. */
export function indexDocuments(db: WritableDB, ids: readonly string[]): void {
  const s = statements(db)
  const json = JSON.stringify(ids)
  const current = s.libraryDocuments.all(json) as { id: string; name: string; summary: string }[]
  const indexed = (s.indexedDocuments.all(json) as { id: string }[]).map((r) => r.id)
  const cache = cacheOf(db)
  for (const id of new Set([...indexed, ...current.map((d) => d.id)])) removeDocument(db, id)
  for (const doc of current) {
    addRow(db, doc.id, null, doc.name, doc.summary, cache)
    for (const section of s.sectionsOf.all(doc.id) as { id: string; heading: string; text: string }[]) {
      addRow(db, doc.id, section.id, section.heading, section.text, cache)
    }
  }
}

function removeDocument(db: WritableDB, documentId: string): void {
  const s = statements(db)
  for (const { rowid } of s.passagesOf.all(documentId) as { rowid: number }[]) s.removeRow.run(rowid)
  s.removePassages.run(documentId)
}

/** Analyses made elsewhere for the write in progress (withAnalyses), by the text they analyse. */
const primed = new WeakMap<WritableDB, Map<string, LibraryText>>()

/**
 * Runs `write` with these analyses at hand: a text the library indexes during it takes its analysis from
 * here instead of analysing it (the parse process analyses a document's sections as it reads them). A text
 * not among them is analysed as usual, so the index is the same either way.
 */
export function withAnalyses<T>(db: WritableDB, analyses: Iterable<[text: string, analysis: LibraryText]>, write: () => T): T {
  primed.set(db, new Map(analyses))
  try {
    return write()
  } finally {
    primed.delete(db)
  }
}

const analyse = (db: WritableDB, text: string, cache: Map<string, LibraryWord>): LibraryText =>
  primed.get(db)?.get(text) ?? analyseLibraryText(text, cache)

function addRow(db: WritableDB, documentId: string, sectionId: string | null, title: string, text: string, cache: Map<string, LibraryWord>): void {
  const s = statements(db)
  const rowid = s.insertPassage.run(documentId, sectionId, LIBRARY_FORMAT).lastInsertRowid
  const heading = analyse(db, title, cache)
  const body = analyse(db, text, cache)
  // `title` holds the heading's terms, then (where folding changes them) its folded terms; `exact` and `folded`
  // the body's only, so a phrase never runs from a heading into the text; `parts` both (parts are never phrases).
  const titleTerms = heading.folded === heading.exact ? heading.exact : `${heading.exact} ${heading.folded}`
  s.insertRow.run(rowid, titleTerms, body.exact, body.folded, `${heading.parts} ${body.parts}`)
}

/**
 * Re-indexes up to `limit` documents whose rows are missing or of an older analysis format (after a migration,
 * a restore of an older backup, or a change of the analysis), in one transaction. Returns how many were done
 * and how many library documents there are; the caller repeats until `done` is 0, between other work.
 */
export function indexStaleDocuments(db: WritableDB, limit = 50, indexed: string[] = []): { done: number; documents: number } {
  const s = statements(db)
  const stale = (s.staleDocuments.all({ format: LIBRARY_FORMAT, limit }) as { id: string }[]).map((r) => r.id)
  if (stale.length > 0) db.transaction(() => indexDocuments(db, stale)).immediate()
  indexed.push(...stale)
  return { done: stale.length, documents: (s.libraryDocumentCount.get() as { n: number }).n }
}

/** How many library documents still wait to be (re-)indexed: for the progress the app shows. */
export function staleDocumentCount(db: ReadableDB): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM entities e WHERE e.origin = 'own' AND e.type = 'report' AND (
           NOT EXISTS (SELECT 1 FROM library_passages p WHERE p.document_id = e.id)
           OR EXISTS (SELECT 1 FROM library_passages p WHERE p.document_id = e.id AND p.format <> ?))`,
      )
      .get(LIBRARY_FORMAT) as { n: number }
  ).n
}
