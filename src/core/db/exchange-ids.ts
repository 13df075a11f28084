// GUIDs carried over from REFI-QDA projects for things whose own id is not the GUID (see migration 0005).
// Written only by an import, through its writer (a merge is one undo step); the first GUID seen for a thing
// stays its GUID, and a GUID names one thing of a kind.
import { preparedOnce, type ReadableDB } from './connection'
import { trackedRows, type Writer } from './history'

export type ExchangeKind = 'case' | 'user' | 'variable' | 'highlight-note'

interface ExchangeIdRow {
  kind: ExchangeKind
  local_id: string
  guid: string
}

const reads = preparedOnce((db: ReadableDB) => ({
  all: db.prepare('SELECT local_id AS localId, guid FROM exchange_ids WHERE kind = ?'),
  guidTaken: db.prepare('SELECT 1 FROM exchange_ids WHERE kind = ? AND guid = ?'),
}))

const statements = preparedOnce((db) => ({
  one: db.prepare('SELECT * FROM exchange_ids WHERE kind = @kind AND local_id = @local_id'),
  write: db.prepare(`INSERT INTO exchange_ids (kind, local_id, guid) VALUES (@kind, @local_id, @guid)
    ON CONFLICT(kind, local_id) DO UPDATE SET guid = excluded.guid`),
  remove: db.prepare('DELETE FROM exchange_ids WHERE kind = @kind AND local_id = @local_id'),
}))

/** Bookkeeping for exports: nothing a view shows changes with it, so a write announces no ids. */
const exchangeIdRows = trackedRows<ExchangeIdRow>('exchange_ids', ['kind', 'local_id'], statements, () => ({ kind: 'entities', ids: [] }))

export function rememberGuid(w: Writer, kind: ExchangeKind, localId: string, guid: string): void {
  if (exchangeIdRows.read(w.db, { kind, local_id: localId }) || reads(w.db).guidTaken.get(kind, guid)) return
  w.insert(exchangeIdRows, { kind, local_id: localId, guid })
}

/** local id → GUID, for one kind. */
export function exchangeGuids(db: ReadableDB, kind: ExchangeKind): Map<string, string> {
  return new Map((reads(db).all.all(kind) as { localId: string; guid: string }[]).map((r) => [r.localId, r.guid]))
}
