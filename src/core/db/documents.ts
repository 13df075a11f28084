// Reports and the researcher's documents: a report's publication details, its authors, its sections — the
// texts highlights anchor in, each stored normalised with its version (text_hash) — and, for an imported
// document, where it came from (document_files). An imported document is an own report, so reading,
// highlighting, search and comparison treat it like any other.
import type { DocumentFormat } from '../../shared/domain'
import { textHash } from '../text'
import { emit } from './changes'
import { insertOwnEntity, relate } from './entities'
import { preparedOnce, type WritableDB } from './connection'
import { trackedRows, writeWithoutHistory, type Writer } from './history'

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
}))

// An imported document's rows, tracked like the researcher's annotations (db/history.ts): a merge that adds
// documents is one undo step. A section's key carries its report, whose change it announces.
export interface ReportRow {
  entity_id: string
  publisher: string | null
  year: number | null
  series: string | null
  isbn: string | null
  url: string | null
}

export interface SectionRow {
  id: string
  report_id: string
  position: number
  heading: string
  text: string
  text_hash: string
  origin: 'bundled' | 'own'
}

export interface DocumentFileRow {
  entity_id: string
  file_name: string
  format: DocumentFormat | 'refi-qda'
  sha256: string
  byte_size: number
  imported_at: string
}

const tracked = preparedOnce((db) => ({
  reports: {
    one: db.prepare('SELECT * FROM reports WHERE entity_id = @entity_id'),
    write: db.prepare(`INSERT INTO reports (entity_id, publisher, year, series, isbn, url)
      VALUES (@entity_id, @publisher, @year, @series, @isbn, @url)
      ON CONFLICT(entity_id) DO UPDATE SET publisher = excluded.publisher, year = excluded.year,
        series = excluded.series, isbn = excluded.isbn, url = excluded.url`),
    remove: db.prepare('DELETE FROM reports WHERE entity_id = @entity_id'),
  },
  sections: {
    one: db.prepare('SELECT * FROM sections WHERE id = @id AND report_id = @report_id'),
    write: db.prepare(`INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin)
      VALUES (@id, @report_id, @position, @heading, @text, @text_hash, @origin)
      ON CONFLICT(id) DO UPDATE SET report_id = excluded.report_id, position = excluded.position,
        heading = excluded.heading, text = excluded.text, text_hash = excluded.text_hash, origin = excluded.origin`),
    remove: db.prepare('DELETE FROM sections WHERE id = @id AND report_id = @report_id'),
  },
  files: {
    one: db.prepare('SELECT * FROM document_files WHERE entity_id = @entity_id'),
    write: db.prepare(`INSERT INTO document_files (entity_id, file_name, format, sha256, byte_size, imported_at)
      VALUES (@entity_id, @file_name, @format, @sha256, @byte_size, @imported_at)
      ON CONFLICT(entity_id) DO UPDATE SET file_name = excluded.file_name, format = excluded.format,
        sha256 = excluded.sha256, byte_size = excluded.byte_size, imported_at = excluded.imported_at`),
    remove: db.prepare('DELETE FROM document_files WHERE entity_id = @entity_id'),
  },
}))

export const reportRows = trackedRows<ReportRow>('reports', ['entity_id'], (db) => tracked(db).reports, (key) => ({ kind: 'entities', ids: [key.entity_id!] }))
export const sectionRows = trackedRows<SectionRow>('sections', ['id', 'report_id'], (db) => tracked(db).sections, (key) => ({ kind: 'entities', ids: [key.report_id!] }))
export const documentFileRows = trackedRows<DocumentFileRow>('document_files', ['entity_id'], (db) => tracked(db).files, (key) => ({
  kind: 'entities',
  ids: [key.entity_id!],
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
 * Writes an imported document: an own report, its sections and its provenance, related to `attachTo`. `at`
 * fixes the timestamps (an import's clock). All or nothing when the caller's writer runs in one transaction
 * (writeWithoutHistory, History.record).
 */
export function insertDocument(w: Writer, doc: OwnDocument, at = new Date().toISOString()): { sections: { id: string; hash: string }[] } {
  insertOwnEntity(w, { id: doc.id, type: 'report', name: doc.title, summary: doc.summary }, at)
  w.insert(reportRows, { entity_id: doc.id, publisher: null, year: null, series: null, isbn: null, url: null })
  // A section's hash is the version of its text that highlights anchor to.
  const sections = doc.sections.map((section, i) => {
    const id = `${doc.id}#s${i + 1}`
    const hash = textHash(section.text)
    w.insert(sectionRows, { id, report_id: doc.id, position: i, heading: section.heading, text: section.text, text_hash: hash, origin: 'own' })
    return { id, hash }
  })
  w.insert(documentFileRows, { entity_id: doc.id, file_name: doc.file.name, format: doc.file.format, sha256: doc.file.sha256, byte_size: doc.file.bytes, imported_at: at })
  for (const to of doc.attachTo ?? []) relate(w, doc.id, to)
  return { sections }
}

/** An imported document in one transaction of its own, outside the undo history: a file import. */
export function saveDocument(db: WritableDB, doc: OwnDocument, at?: string): { sections: { id: string; hash: string }[] } {
  return writeWithoutHistory(db, (w) => insertDocument(w, doc, at))
}

/**
 * An own document's section takes a new text (a colleague's version, chosen in an import). Its highlights
 * keep their old hash, so re-anchoring afterwards finds them in the new text or keeps them as orphans.
 */
export function replaceOwnSectionText(w: Writer, reportId: string, sectionId: string, text: string): string {
  const hash = textHash(text)
  const key = { id: sectionId, report_id: reportId }
  if (sectionRows.read(w.db, key)?.origin !== 'own') throw new Error(`No own section ${sectionId} in ${reportId}`)
  w.update(sectionRows, key, { text, text_hash: hash })
  return hash
}
