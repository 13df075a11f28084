// Drafts: the researcher's unsaved text in an editor, written as they type (src/shared/drafts.ts). Small,
// fast, one row per editor and target. Deliberately outside History and the change events: a draft is not an
// action to undo and not something to search; saving the real text deletes its draft in the same transaction.
import type { Draft, DraftKind } from '../../shared/drafts'
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

interface DraftRow {
  body: string
  updated_at: string
}

const statements = preparedOnce((db) => ({
  save: db.prepare(`INSERT INTO drafts (kind, target, body, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(kind, target) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`),
  remove: db.prepare('DELETE FROM drafts WHERE kind = ? AND target = ?'),
}))

const reads = preparedOnce((db: ReadableDB) => ({
  one: db.prepare('SELECT body, updated_at FROM drafts WHERE kind = ? AND target = ?'),
}))

export function readDraft(db: ReadableDB, kind: DraftKind, target: string): Draft | null {
  const row = reads(db).one.get(kind, target) as DraftRow | undefined
  return row ? { body: row.body, updatedAt: row.updated_at } : null
}

export function saveDraft(db: WritableDB, kind: DraftKind, target: string, body: string): Draft {
  const updatedAt = new Date().toISOString()
  statements(db).save.run(kind, target, body, updatedAt)
  return { body, updatedAt }
}

export function deleteDraft(db: WritableDB, kind: DraftKind, target: string): void {
  statements(db).remove.run(kind, target)
}
