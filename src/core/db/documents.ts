// Reports and the researcher's documents: a report's publication details, its authors, its sections — the
// texts highlights anchor in, each stored normalised with its version (text_hash) — and, for an imported
// document, where it came from (document_files). An imported document is an own report, so reading,
// highlighting, search and comparison treat it like any other.
import type { DocumentFormat } from '../../shared/domain'
import { textHash } from '../text'
import { emit, transaction } from './changes'
import { insertOwnEntity, relate } from './entities'
import { preparedOnce, type WritableDB } from './connection'

export interface ReportDetails {
  publisher: string | null
  year: number | null
  series: string | null
  isbn: string | null
  url: string | null
}

const statements = preparedOnce((db) => ({
  upsertReport: db.prepare(`
    INSERT INTO reports (entity_id, publisher, year, series, isbn, url) VALUES (@id, @publisher, @year, @series, @isbn, @url)
    ON CONFLICT(entity_id) DO UPDATE SET publisher = excluded.publisher, year = excluded.year,
      series = excluded.series, isbn = excluded.isbn, url = excluded.url`),
  clearBundledAuthors: db.prepare(`DELETE FROM report_authors WHERE report_id IN (SELECT id FROM entities WHERE origin = 'bundled')`),
  insertAuthor: db.prepare('INSERT INTO report_authors (report_id, position, name) VALUES (?, ?, ?)'),
  upsertBundledSection: db.prepare(`
    INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin) VALUES (?, ?, ?, ?, ?, ?, 'bundled')
    ON CONFLICT(id) DO UPDATE SET report_id = excluded.report_id, position = excluded.position,
      heading = excluded.heading, text = excluded.text, text_hash = excluded.text_hash`),
  deleteStaleSections: db.prepare(`DELETE FROM sections WHERE origin = 'bundled' AND id NOT IN (SELECT value FROM json_each(?))`),
  insertOwnSection: db.prepare(`INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin) VALUES (?, ?, ?, ?, ?, ?, 'own')`),
  replaceOwnText: db.prepare(`UPDATE sections SET text = ?, text_hash = ? WHERE id = ? AND origin = 'own'`),
  insertFile: db.prepare(`INSERT INTO document_files (entity_id, file_name, format, sha256, byte_size, imported_at) VALUES (?, ?, ?, ?, ?, ?)`),
}))

const changed = (db: WritableDB, ids: string[]): void => emit(db, { kind: 'entities', ids })

// ── The bundled corpus ──────────────────────────────────────────────────────────────────────────────────

/** The report part of a bundled entity (its entities row is written by entities.ts first). */
export function upsertBundledReport(db: WritableDB, id: string, details: ReportDetails, authors: string[]): void {
  statements(db).upsertReport.run({ id, ...details })
  authors.forEach((name, i) => statements(db).insertAuthor.run(id, i, name))
  changed(db, [id])
}

/** Drops the authors of bundled reports; the load writes them again. */
export function clearBundledAuthors(db: WritableDB): void {
  statements(db).clearBundledAuthors.run()
}

export function upsertBundledSection(db: WritableDB, s: { id: string; reportId: string; position: number; heading: string; text: string }): void {
  statements(db).upsertBundledSection.run(s.id, s.reportId, s.position, s.heading, s.text, textHash(s.text))
  changed(db, [s.reportId])
}

export function deleteStaleSections(db: WritableDB, keepIds: string[]): void {
  statements(db).deleteStaleSections.run(JSON.stringify(keepIds))
}

// ── The researcher's documents ──────────────────────────────────────────────────────────────────────────

export interface OwnDocument {
  id: string
  title: string
  summary: string
  /** Already normalised; section ids become `<id>#s1`, `<id>#s2` … in this order. */
  sections: { heading: string; text: string }[]
  file: { name: string; format: DocumentFormat | 'refi-qda'; sha256: string; bytes: number }
  /** Cases or reports the document is related to. */
  attachTo?: string[]
}

/**
 * Writes an imported document, all or nothing: an own report, its sections and its provenance, related to
 * `attachTo`. `at` fixes the timestamps (an import's clock).
 */
export function insertDocument(db: WritableDB, doc: OwnDocument, at = new Date().toISOString()): { sections: { id: string; hash: string }[] } {
  return transaction(db, () => writeDocument(db, doc, at))
}

function writeDocument(db: WritableDB, doc: OwnDocument, at: string): { sections: { id: string; hash: string }[] } {
  insertOwnEntity(db, { id: doc.id, type: 'report', name: doc.title, summary: doc.summary }, at)
  statements(db).upsertReport.run({ id: doc.id, publisher: null, year: null, series: null, isbn: null, url: null })
  // A section's hash is the version of its text that highlights anchor to.
  const sections = doc.sections.map((section, i) => {
    const id = `${doc.id}#s${i + 1}`
    const hash = textHash(section.text)
    statements(db).insertOwnSection.run(id, doc.id, i, section.heading, section.text, hash)
    return { id, hash }
  })
  statements(db).insertFile.run(doc.id, doc.file.name, doc.file.format, doc.file.sha256, doc.file.bytes, at)
  for (const to of doc.attachTo ?? []) relate(db, doc.id, to)
  changed(db, [doc.id])
  return { sections }
}

/**
 * An own document's section takes a new text (a colleague's version, chosen in an import). Its highlights
 * keep their old hash, so re-anchoring afterwards finds them in the new text or keeps them as orphans.
 */
export function replaceOwnSectionText(db: WritableDB, reportId: string, sectionId: string, text: string): string {
  const hash = textHash(text)
  statements(db).replaceOwnText.run(text, hash, sectionId)
  changed(db, [reportId])
  return hash
}
