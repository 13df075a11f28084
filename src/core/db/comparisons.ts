// Comparisons: the saved matrices (which cases, which codes open, in which order) and the researcher's cell
// summaries with the highlights they rest on. A summary belongs to a case × code, shared by every comparison
// that shows that cell; it is written through a History writer (undoable) and moves or leaves with its code.
import { randomUUID } from 'node:crypto'
import type { ComparisonState } from '../../shared/domain'
import { emit, type Change } from './changes'
import { preparedOnce, type WritableDB } from './connection'
import { trackedRows, type Writer } from './history'

export interface SummaryRow {
  case_id: string
  code_id: string
  text: string
  author: string
  created_at: string
  updated_at: string
}

export interface EvidenceRow {
  case_id: string
  code_id: string
  highlight_id: string
  quote: string
}

const statements = preparedOnce((db) => ({
  summaries: {
    one: db.prepare('SELECT * FROM cell_summaries WHERE case_id = @case_id AND code_id = @code_id'),
    write: db.prepare(`INSERT INTO cell_summaries (case_id, code_id, text, author, created_at, updated_at)
      VALUES (@case_id, @code_id, @text, @author, @created_at, @updated_at)
      ON CONFLICT(case_id, code_id) DO UPDATE SET text = excluded.text, author = excluded.author,
        created_at = excluded.created_at, updated_at = excluded.updated_at`),
    remove: db.prepare('DELETE FROM cell_summaries WHERE case_id = @case_id AND code_id = @code_id'),
  },
  summariesOf: db.prepare('SELECT * FROM cell_summaries WHERE code_id = ?'),
  evidence: {
    one: db.prepare('SELECT * FROM cell_evidence WHERE case_id = @case_id AND code_id = @code_id AND highlight_id = @highlight_id'),
    write: db.prepare(`INSERT INTO cell_evidence (case_id, code_id, highlight_id, quote)
      VALUES (@case_id, @code_id, @highlight_id, @quote)
      ON CONFLICT(case_id, code_id, highlight_id) DO UPDATE SET quote = excluded.quote`),
    remove: db.prepare('DELETE FROM cell_evidence WHERE case_id = @case_id AND code_id = @code_id AND highlight_id = @highlight_id'),
  },
  evidenceOf: db.prepare('SELECT * FROM cell_evidence WHERE case_id = ? AND code_id = ?'),
  insertComparison: db.prepare('INSERT INTO comparisons (id, name, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
  updateComparison: db.prepare('UPDATE comparisons SET name = ?, state = ?, updated_at = ? WHERE id = ?'),
  renameComparison: db.prepare('UPDATE comparisons SET name = ?, updated_at = ? WHERE id = ?'),
  deleteComparison: db.prepare('DELETE FROM comparisons WHERE id = ?'),
}))

/** A summary or a piece of its evidence changes its cell, named `<caseId>|<codeId>`. */
const changedCell = (key: { case_id?: string; code_id?: string }): Change => ({ kind: 'summaries', ids: [`${key.case_id}|${key.code_id}`] })

export const summaryRows = trackedRows<SummaryRow>('cell_summaries', ['case_id', 'code_id'], (db) => statements(db).summaries, changedCell)
export const evidenceRows = trackedRows<EvidenceRow>(
  'cell_evidence',
  ['case_id', 'code_id', 'highlight_id'],
  (db) => statements(db).evidence,
  changedCell,
)

const now = (): string => new Date().toISOString()

function evidenceOf(db: WritableDB, caseId: string, codeId: string): EvidenceRow[] {
  return statements(db).evidenceOf.all(caseId, codeId) as EvidenceRow[]
}

/**
 * Writes the summary of a case × code and the highlights it rests on (with their quotes as they were); an
 * empty text removes the summary and its evidence.
 */
export function setCellSummary(
  w: Writer,
  cellKey: { caseId: string; codeId: string },
  summary: { text: string; author: string; evidence: { highlightId: string; quote: string }[] },
): void {
  const key = { case_id: cellKey.caseId, code_id: cellKey.codeId }
  for (const e of evidenceOf(w.db, key.case_id, key.code_id)) w.remove(evidenceRows, { ...key, highlight_id: e.highlight_id })
  if (!summary.text) {
    w.remove(summaryRows, key)
    return
  }
  if (summaryRows.read(w.db, key)) w.update(summaryRows, key, { text: summary.text, author: summary.author, updated_at: now() })
  else w.insert(summaryRows, { ...key, text: summary.text, author: summary.author, created_at: now(), updated_at: now() })
  for (const e of summary.evidence) w.insert(evidenceRows, { ...key, highlight_id: e.highlightId, quote: e.quote })
}

/** A code is leaving: its cell summaries and their evidence leave with it, recorded so undo restores them. */
export function removeSummariesOfCode(w: Writer, codeId: string): void {
  for (const summary of statements(w.db).summariesOf.all(codeId) as SummaryRow[]) {
    for (const e of evidenceOf(w.db, summary.case_id, codeId)) {
      w.remove(evidenceRows, { case_id: e.case_id, code_id: e.code_id, highlight_id: e.highlight_id })
    }
    w.remove(summaryRows, { case_id: summary.case_id, code_id: codeId })
  }
}

/** A code merges into another: its summaries move there; where both have one for a case, the texts join. */
export function moveSummaries(w: Writer, sourceId: string, targetId: string): void {
  for (const summary of statements(w.db).summariesOf.all(sourceId) as SummaryRow[]) {
    const evidence = evidenceOf(w.db, summary.case_id, sourceId)
    const existing = summaryRows.read(w.db, { case_id: summary.case_id, code_id: targetId })
    if (existing) {
      w.update(summaryRows, { case_id: summary.case_id, code_id: targetId }, {
        text: `${existing.text}\n\n${summary.text}`,
        updated_at: now(),
      })
    } else {
      w.insert(summaryRows, { ...summary, code_id: targetId, updated_at: now() })
    }
    const have = new Set(evidenceOf(w.db, summary.case_id, targetId).map((e) => e.highlight_id))
    for (const e of evidence) {
      if (!have.has(e.highlight_id)) w.insert(evidenceRows, { ...e, code_id: targetId })
      w.remove(evidenceRows, { case_id: e.case_id, code_id: sourceId, highlight_id: e.highlight_id })
    }
    w.remove(summaryRows, { case_id: summary.case_id, code_id: sourceId })
  }
}

/** Saves a new comparison; returns its id. */
export function insertComparison(db: WritableDB, name: string, state: ComparisonState): string {
  const id = randomUUID()
  const at = now()
  statements(db).insertComparison.run(id, name, JSON.stringify(state), at, at)
  emit(db, { kind: 'comparisons', ids: [id] })
  return id
}

export function updateComparison(db: WritableDB, id: string, name: string, state: ComparisonState): void {
  statements(db).updateComparison.run(name, JSON.stringify(state), now(), id)
  emit(db, { kind: 'comparisons', ids: [id] })
}

export function renameComparison(db: WritableDB, id: string, name: string): void {
  statements(db).renameComparison.run(name, now(), id)
  emit(db, { kind: 'comparisons', ids: [id] })
}

export function deleteComparison(db: WritableDB, id: string): void {
  statements(db).deleteComparison.run(id)
  emit(db, { kind: 'comparisons', ids: [id] })
}
