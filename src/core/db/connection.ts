// Two kinds of connection, told apart by type: a ReadableDB may only be read (the search worker opens one),
// a WritableDB is the app's one connection that the write functions of db/ accept. Both are the same
// better-sqlite3 object at run time; the brands exist only for the compiler, so a module that holds a
// ReadableDB cannot call a write function by mistake.
import type Database from 'better-sqlite3'

declare const readable: unique symbol
declare const writable: unique symbol

export type ReadableDB = Database.Database & { readonly [readable]: true }
/** Every WritableDB is also readable; a ReadableDB is never writable. */
export type WritableDB = ReadableDB & { readonly [writable]: true }

/** Marks a connection opened read-only (or used only for reading). */
export const asReadable = (db: Database.Database): ReadableDB => db as ReadableDB
/** Marks the app's own connection, opened read-write and migrated (db/open.ts). */
export const asWritable = (db: Database.Database): WritableDB => db as WritableDB

/**
 * Statements prepared once per connection, on first use, and kept as long as the connection lives. Each db/
 * module makes one of these, so its functions stay plain functions of the connection. Statements for reads
 * only may be prepared on a ReadableDB: `preparedOnce((db: ReadableDB) => …)`.
 */
export function preparedOnce<T, D extends ReadableDB = WritableDB>(prepare: (db: D) => T): (db: D) => T {
  const cache = new WeakMap<D, T>()
  return (db) => {
    let statements = cache.get(db)
    if (!statements) cache.set(db, (statements = prepare(db)))
    return statements
  }
}

/**
 * `INDEXED BY <name>` for a query that SQLite's planner would otherwise run on the unique key alone, visiting
 * every row (the section text) for one more column the index covers — or nothing, when the index is missing:
 * a damaged project opened read-only may be older than the migration that made it.
 */
export function indexedBy(db: ReadableDB, name: string): string {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name)
  return exists ? `INDEXED BY ${name}` : ''
}
