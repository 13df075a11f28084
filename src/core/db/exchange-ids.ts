// GUIDs carried over from REFI-QDA projects for things whose own id is not the GUID (see migration 0005).
// Written only by an import, outside the undo history; the first GUID seen for a thing stays its GUID.
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

export type ExchangeKind = 'case' | 'user' | 'variable' | 'highlight-note'

const reads = preparedOnce((db: ReadableDB) => ({
  all: db.prepare('SELECT local_id AS localId, guid FROM exchange_ids WHERE kind = ?'),
}))

const writes = preparedOnce((db) => ({
  remember: db.prepare('INSERT OR IGNORE INTO exchange_ids (kind, local_id, guid) VALUES (?, ?, ?)'),
}))

export function rememberGuid(db: WritableDB, kind: ExchangeKind, localId: string, guid: string): void {
  writes(db).remember.run(kind, localId, guid)
}

/** local id → GUID, for one kind. */
export function exchangeGuids(db: ReadableDB, kind: ExchangeKind): Map<string, string> {
  return new Map((reads(db).all.all(kind) as { localId: string; guid: string }[]).map((r) => [r.localId, r.guid]))
}
