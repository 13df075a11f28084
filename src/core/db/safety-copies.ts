// A copy of the project file before the app changes it on its own: before a migration to a new schema and
// before a newer bundled corpus replaces the old one. Kept in "säkerhetskopior/" beside the project file, the
// newest five of them; a researcher who finds something wrong afterwards restores one (Inställningar or
// `atlas restore FILE`).
import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'

export const SAFETY_FOLDER = 'säkerhetskopior'
const KEEP = 5

/**
 * Writes a consistent copy of `db` (VACUUM INTO: a snapshot, also from a read-only connection) as
 * `<folder>/<name>-före-<reason>-<time>.sqlite`, then keeps the newest five. Returns the copy's path.
 */
export function safetyCopy(db: Database.Database, dbPath: string, reason: string): string {
  const folder = path.join(path.dirname(path.resolve(dbPath)), SAFETY_FOLDER)
  fs.mkdirSync(folder, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const name = `${path.basename(dbPath, '.sqlite')}-före-${reason}-${stamp}.sqlite`
  const file = path.join(folder, name)
  db.prepare('VACUUM INTO ?').run(file)
  const copies = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.sqlite') && f.includes('-före-'))
    .map((f) => ({ f, at: fs.statSync(path.join(folder, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at || b.f.localeCompare(a.f))
  for (const old of copies.slice(KEEP)) fs.rmSync(path.join(folder, old.f), { force: true })
  return file
}
