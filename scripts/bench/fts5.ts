// Plain SQLite FTS5 over the same corpus, the yardstick for the app's library index and for MiniSearch: no analysis
// beyond `unicode61 remove_diacritics 2`, no stemming, no typo tolerance, the typed prefix as an FTS5 prefix query;
// ranked by bm25 (the heading weighted like the engine's `name` field), top 20, the index merged (`optimize`).
import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { SearchDocument } from '../../src/core/search/engine'

export const FTS5_LIMIT = 20

export function buildFts5(file: string, docs: SearchDocument[]): void {
  fs.rmSync(file, { force: true })
  const db = new Database(file)
  try {
    db.exec(`CREATE VIRTUAL TABLE s USING fts5(title, text, tokenize = "unicode61 remove_diacritics 2")`)
    const insert = db.prepare('INSERT INTO s(rowid, title, text) VALUES (?, ?, ?)')
    db.transaction(() => docs.forEach((d, i) => insert.run(i + 1, d.name, d.text)))()
    // Merge the b-tree segments into one, as an app would after a bulk import.
    db.exec(`INSERT INTO s(s) VALUES ('optimize')`)
  } finally {
    db.close()
  }
}

export interface Fts5Searcher {
  search(match: string): { rowid: number; score: number }[]
  count(match: string): number
  close(): void
}

export function openFts5(file: string): Fts5Searcher {
  const db = new Database(file, { readonly: true })
  const top = db.prepare(`SELECT rowid, bm25(s, 3.0, 1.0) AS score FROM s WHERE s MATCH ? ORDER BY score LIMIT ${FTS5_LIMIT}`)
  const count = db.prepare('SELECT count(*) FROM s WHERE s MATCH ?').pluck()
  return {
    search: (match) => top.all(match) as { rowid: number; score: number }[],
    count: (match) => count.get(match) as number,
    close: () => db.close(),
  }
}

/**
 * Text of a section by its engine id (`section:s<i>` is rowid i + 1), as the app reads texts from SQLite;
 * `passageOf` gives a row's title and text (for checking what a hit holds).
 */
export function openTextLookup(file: string): { textOf: (id: string) => string; passageOf: (rowid: number) => string; close: () => void } {
  const db = new Database(file, { readonly: true })
  const text = db.prepare('SELECT text FROM s WHERE rowid = ?').pluck()
  const passage = db.prepare(`SELECT title || char(10) || text FROM s WHERE rowid = ?`).pluck()
  return {
    textOf: (id) => (text.get(Number(id.slice(id.indexOf(':s') + 2)) + 1) as string | undefined) ?? '',
    passageOf: (rowid) => (passage.get(rowid) as string | undefined) ?? '',
    close: () => db.close(),
  }
}
