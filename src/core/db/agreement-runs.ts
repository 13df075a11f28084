// Saved agreement results (agreement_runs): written whole, listed newest first, deleted on request. Outside
// the undo history, as saved comparisons are: saving a record is not an edit of the research.
import { randomUUID } from 'node:crypto'
import type { AgreementResult, SavedAgreement } from '../../shared/domain'
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

const writes = preparedOnce((db) => ({
  insert: db.prepare('INSERT INTO agreement_runs (id, computed_at, result) VALUES (?, ?, ?)'),
  remove: db.prepare('DELETE FROM agreement_runs WHERE id = ?'),
}))

const reads = preparedOnce((db: ReadableDB) => ({
  all: db.prepare('SELECT id, result FROM agreement_runs ORDER BY computed_at DESC, id'),
  one: db.prepare('SELECT id, result FROM agreement_runs WHERE id = ?'),
}))

const toSaved = (row: { id: string; result: string }): SavedAgreement => ({ id: row.id, ...(JSON.parse(row.result) as AgreementResult) })

export function saveAgreementRun(db: WritableDB, result: AgreementResult): SavedAgreement {
  const id = randomUUID()
  writes(db).insert.run(id, result.settings.computedAt, JSON.stringify(result))
  return { id, ...result }
}

export const agreementRuns = (db: ReadableDB): SavedAgreement[] => (reads(db).all.all() as { id: string; result: string }[]).map(toSaved)

export function agreementRun(db: ReadableDB, id: string): SavedAgreement | null {
  const row = reads(db).one.get(id) as { id: string; result: string } | undefined
  return row ? toSaved(row) : null
}

export const deleteAgreementRun = (db: WritableDB, id: string): boolean => writes(db).remove.run(id).changes > 0
