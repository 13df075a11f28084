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
 * Synchronous: for the moments nothing else may run (opening the project); see safetyCopyInSteps.
 */
export function safetyCopy(db: Database.Database, dbPath: string, reason: string): string {
  const { file, temp, folder } = planCopy(dbPath, reason)
  try {
    db.prepare('VACUUM INTO ?').run(temp)
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
  for (const old of beyondNewest(folder)) fs.rmSync(old, { force: true })
  return file
}

/**
 * The same copy through SQLite's online backup, a few pages at a time with the event loop free between them:
 * for a copy taken while the app runs (before a merge), where VACUUM INTO would hold the main process for as
 * long as the whole file takes to write. Renaming and removing run off the main thread too: removing a copy
 * of a large project frees hundreds of megabytes, which takes the file system a while.
 */
export function safetyCopyInSteps(db: Database.Database, dbPath: string, reason: string): Promise<string> {
  return safetyCopyBy(dbPath, reason, async (temp) => void (await db.backup(temp)))
}

/**
 * The same copy, written to its temporary name by `write`: the app's parse process copies the project before
 * a migration or a corpus update, while the main thread stays free (openAtlasChecked).
 */
export async function safetyCopyBy(dbPath: string, reason: string, write: (temp: string) => Promise<void>): Promise<string> {
  const { file, temp, folder } = planCopy(dbPath, reason)
  try {
    await write(temp)
    await fs.promises.rename(temp, file)
  } catch (error) {
    await fs.promises.rm(temp, { force: true })
    throw error
  } finally {
    // A backup of a database in WAL mode leaves no -wal of its own, but a reader of the copy may: none kept.
    for (const end of ['-wal', '-shm', '-journal']) await fs.promises.rm(`${temp}${end}`, { force: true })
  }
  for (const old of beyondNewest(folder)) await fs.promises.rm(old, { force: true })
  return file
}

/**
 * Where a copy goes. It is written under a temporary name and renamed when whole: a process killed half-way
 * would otherwise leave a truncated file with the name of a good copy, the one a restore would pick.
 */
function planCopy(dbPath: string, reason: string): { folder: string; file: string; temp: string } {
  const folder = safetyFolder(dbPath)
  fs.mkdirSync(folder, { recursive: true })
  removeStaleTemps(folder)
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = path.join(folder, `${path.basename(dbPath, '.sqlite')}-före-${reason}-${stamp}.sqlite`)
  return { folder, file, temp: `${file}.${process.pid}.tmp` }
}

/** The copies beyond the newest five, to be removed. */
function beyondNewest(folder: string): string[] {
  const copies = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.sqlite') && f.includes('-före-'))
    .map((f) => ({ f, at: fs.statSync(path.join(folder, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at || b.f.localeCompare(a.f))
  return copies.slice(KEEP).map((c) => path.join(folder, c.f))
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
