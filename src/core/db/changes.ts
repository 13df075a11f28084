// What the write layer changed, as typed events with ids. Every write function of db/ reports its change here;
// listeners (the search index) hear it once the transaction that made it has committed, so they never see a
// change that was rolled back, and they re-read only what the ids name.
import type { WritableDB } from './connection'

export type Change =
  /** Cases, reports, surveys and organisations, with everything that hangs on them: facts, sections, survey
   * values, themes, funders, participations, links, attributes, document provenance. */
  | { kind: 'entities'; ids: string[] }
  /** Relations between entities (a document attached to a case), both ends named: no entity's text changed. */
  | { kind: 'relations'; ids: string[] }
  | { kind: 'codes'; ids: string[] }
  /** Highlights with their codings. */
  | { kind: 'highlights'; ids: string[] }
  | { kind: 'memos'; ids: string[] }
  /** Cell summaries with their evidence; an id is `<caseId>|<codeId>`. */
  | { kind: 'summaries'; ids: string[] }
  /** Saved comparisons. */
  | { kind: 'comparisons'; ids: string[] }
  /** Kolada values; an id is an organisation code (kommun or county). */
  | { kind: 'kolada'; ids: string[] }
  /** The researcher's preferences; an id is a preference's name. */
  | { kind: 'preferences'; ids: string[] }
  /** Library documents indexed again (an older project or a new analysis): their index rows changed, no data. */
  | { kind: 'library'; ids: string[] }
  /** The whole database was replaced (a restore): anything may have changed; ids is empty. */
  | { kind: 'replaced'; ids: string[] }

export type ChangeKind = Change['kind']
export type ChangeListener = (changes: Change[]) => void

interface Feed {
  listeners: Set<ChangeListener>
  /** Work that must commit with the changes that caused it; runs inside the transaction, before the commit. */
  participants: Set<ChangeListener>
  pending: Change[]
}

const feeds = new WeakMap<WritableDB, Feed>()

function feedOf(db: WritableDB): Feed {
  let feed = feeds.get(db)
  if (!feed) feeds.set(db, (feed = { listeners: new Set(), participants: new Set(), pending: [] }))
  return feed
}

/** Hears every committed change on this connection, merged per kind; returns the unsubscribe. */
export function onChange(db: WritableDB, listener: ChangeListener): () => void {
  const feed = feedOf(db)
  feed.listeners.add(listener)
  return () => void feed.listeners.delete(listener)
}

/**
 * Runs `participant` inside every transaction on this connection, just before it commits, with the changes the
 * transaction announced: what it writes commits or rolls back with them (the library index, db/library.ts).
 * A participant that throws rolls the whole transaction back. Returns the unsubscribe.
 */
export function beforeCommit(db: WritableDB, participant: ChangeListener): () => void {
  const feed = feedOf(db)
  feed.participants.add(participant)
  return () => void feed.participants.delete(participant)
}

function prepareCommit(feed: Feed): void {
  if (feed.participants.size === 0 || feed.pending.length === 0) return
  const changes = mergeChanges(feed.pending)
  for (const participant of feed.participants) participant(changes)
}

/**
 * Called by the db/ modules for every write. Outside a transaction the statement has already committed; the
 * participants then run in a transaction of their own, right after it.
 */
export function emit(db: WritableDB, change: Change): void {
  if (change.ids.length === 0 && change.kind !== 'replaced') return
  const feed = feedOf(db)
  feed.pending.push(change)
  if (db.inTransaction) return
  try {
    if (feed.participants.size > 0) db.transaction(() => prepareCommit(feed)).immediate()
  } finally {
    flush(feed)
  }
}

/**
 * Changes another connection to the same file committed (the write worker's, writes/): this connection's
 * listeners hear them as their own. The participants ran there, in that transaction.
 */
export function announce(db: WritableDB, changes: readonly Change[]): void {
  const feed = feedOf(db)
  feed.pending.push(...changes)
  flush(feed)
}

/** After a restore wrote the whole file through SQLite's backup API, past every write function of db/. */
export function announceReplaced(db: WritableDB): void {
  emit(db, { kind: 'replaced', ids: [] })
}

/**
 * Runs `action` in one immediate transaction and announces its changes after the commit; a rollback drops
 * them. Nested calls join the outer transaction (a savepoint), whose commit announces everything at once; a
 * savepoint rolled back inside a committed transaction may leave a change announced that did not happen,
 * which costs a listener only a needless re-read.
 * No `await` inside: better-sqlite3 transactions are synchronous, and so is everything that runs in one.
 */
export function transaction<T>(db: WritableDB, action: () => T): T {
  if (db.inTransaction) return db.transaction(action)()
  const feed = feedOf(db)
  let result: T
  try {
    result = db
      .transaction(() => {
        const value = action()
        prepareCommit(feed)
        return value
      })
      .immediate()
  } catch (error) {
    feed.pending.length = 0
    throw error
  }
  flush(feed)
  return result
}

/** One change per kind, ids in the order first written and each once, so a bulk import is one event per kind. */
export function mergeChanges(changes: readonly Change[]): Change[] {
  const byKind = new Map<ChangeKind, Set<string>>()
  for (const change of changes) {
    let ids = byKind.get(change.kind)
    if (!ids) byKind.set(change.kind, (ids = new Set()))
    for (const id of change.ids) ids.add(id)
  }
  return [...byKind].map(([kind, ids]) => ({ kind, ids: [...ids] }) as Change)
}

function flush(feed: Feed): void {
  if (feed.pending.length === 0) return
  const changes = mergeChanges(feed.pending)
  feed.pending.length = 0
  for (const listener of feed.listeners) {
    // The data is committed whatever a listener does; one that fails must not turn the write into an error.
    try {
      listener(changes)
    } catch (error) {
      console.error(error)
    }
  }
}
