// A copy of the project file before the app changes it on its own: before a migration to a new schema and
// before a newer bundled corpus replaces the old one. Kept in "säkerhetskopior/" beside the project file, the
// newest five of them; a researcher who finds something wrong afterwards restores one (Inställningar or
// `atlas restore FILE`).
import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'

export const SAFETY_FOLDER = 'säkerhetskopior'
const KEEP = 5

/** The folder of automatic copies beside the project file. */
export const safetyFolder = (dbPath: string): string => path.join(path.dirname(path.resolve(dbPath)), SAFETY_FOLDER)

/** The automatic copies of the project at `dbPath`, newest first (none: an empty list). */
export function safetyCopies(dbPath: string): { file: string; at: Date }[] {
  const folder = safetyFolder(dbPath)
  const mine = `${path.basename(dbPath, '.sqlite')}-före-`
  let names: string[]
  try {
    names = fs.readdirSync(folder)
  } catch {
    return []
  }
  return names
    .filter((f) => f.startsWith(mine) && f.endsWith('.sqlite'))
    .map((f) => ({ file: path.join(folder, f), at: fs.statSync(path.join(folder, f)).mtime }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.file.localeCompare(a.file))
}

/**
 * Writes a consistent copy of `db` (VACUUM INTO: a snapshot, also from a read-only connection) as
 * `<folder>/<name>-före-<reason>-<time>.sqlite`, then keeps the newest five. Returns the copy's path.
 */
export function safetyCopy(db: Database.Database, dbPath: string, reason: string): string {
  const folder = safetyFolder(dbPath)
  fs.mkdirSync(folder, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const name = `${path.basename(dbPath, '.sqlite')}-före-${reason}-${stamp}.sqlite`
  const file = path.join(folder, name)
  // VACUUM INTO writes its target page by page: a process killed half-way would leave a truncated file with
  // the name of a good copy, the one a restore would pick. So it writes to a temporary name, renamed when whole.
  removeStaleTemps(folder)
  const temp = `${file}.${process.pid}.tmp`
  try {
    db.prepare('VACUUM INTO ?').run(temp)
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
  const copies = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.sqlite') && f.includes('-före-'))
    .map((f) => ({ f, at: fs.statSync(path.join(folder, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at || b.f.localeCompare(a.f))
  for (const old of copies.slice(KEEP)) fs.rmSync(path.join(folder, old.f), { force: true })
  return file
}

/** Temporary copies a killed process left behind; older than a minute, so never one being written now. */
function removeStaleTemps(folder: string): void {
  for (const f of fs.readdirSync(folder)) {
    if (!f.endsWith('.tmp')) continue
    const file = path.join(folder, f)
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (stat && Date.now() - stat.mtimeMs > 60_000) fs.rmSync(file, { force: true })
  }
}
