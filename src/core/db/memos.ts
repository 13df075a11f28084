// Memos: the researcher's notes about a case, a report, a survey, an organisation, a code or the project.
// Written through a History writer; a memo's timestamps are set here, never by the caller's clock alone.
import type { MemoTargetType } from '../../shared/domain'
import { preparedOnce } from './connection'
import { trackedRows, type Writer } from './history'

export interface MemoRow {
  id: string
  target_type: MemoTargetType
  target_id: string | null
  title: string
  body: string
  author: string
  created_at: string
  updated_at: string
}

const statements = preparedOnce((db) => ({
  one: db.prepare('SELECT * FROM memos WHERE id = @id'),
  write: db.prepare(`INSERT INTO memos (id, target_type, target_id, title, body, author, created_at, updated_at)
    VALUES (@id, @target_type, @target_id, @title, @body, @author, @created_at, @updated_at)
    ON CONFLICT(id) DO UPDATE SET target_type = excluded.target_type, target_id = excluded.target_id,
      title = excluded.title, body = excluded.body, author = excluded.author, created_at = excluded.created_at,
      updated_at = excluded.updated_at`),
  remove: db.prepare('DELETE FROM memos WHERE id = @id'),
}))

export const memoRows = trackedRows<MemoRow>('memos', ['id'], statements, (key) => ({ kind: 'memos', ids: [key.id!] }))

const now = (): string => new Date().toISOString()

/** A new memo; `created`/`updated` keep an imported memo's own times, a new one is stamped now. */
export function insertMemo(
  w: Writer,
  memo: { id: string; target: { type: MemoTargetType; id: string | null }; title: string; body: string; author: string; created?: string; updated?: string },
): void {
  const created = memo.created ?? now()
  w.insert(memoRows, {
    id: memo.id,
    target_type: memo.target.type,
    target_id: memo.target.id,
    title: memo.title,
    body: memo.body,
    author: memo.author,
    created_at: created,
    updated_at: memo.updated ?? created,
  })
}

export function updateMemo(w: Writer, id: string, patch: { title?: string; body?: string }): void {
  w.update(memoRows, { id }, { ...patch, updated_at: now() })
}

export function deleteMemo(w: Writer, id: string): void {
  w.remove(memoRows, { id })
}
