// What the researcher deleted (migrations 0008 and 0012), kept by triggers on highlights and memos. Read by the merge's conflict
// check; written here only to give a record back exactly when an import that changed it is undone.
import { preparedOnce } from './connection'
import { trackedRows } from './history'

interface DeletionRow {
  kind: 'highlight' | 'memo'
  id: string
  deleted_at: string
}

const statements = preparedOnce((db) => ({
  one: db.prepare('SELECT * FROM deletions WHERE kind = @kind AND id = @id'),
  write: db.prepare(`INSERT INTO deletions (kind, id, deleted_at) VALUES (@kind, @id, @deleted_at)
    ON CONFLICT(kind, id) DO UPDATE SET deleted_at = excluded.deleted_at`),
  remove: db.prepare('DELETE FROM deletions WHERE kind = @kind AND id = @id'),
}))

/** A record changes no view: a write announces no ids. */
export const deletionRows = trackedRows<DeletionRow>('deletions', ['kind', 'id'], statements, () => ({ kind: 'highlights', ids: [] }))
