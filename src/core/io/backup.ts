// The whole project as one file, through SQLite's online backup API (a consistent copy while the database is
// in use), and back again.
//
// A backup is written to a temporary file beside its target and checked there (integrity, schema) before it
// takes the target's name, so a failed or damaged copy never replaces a good backup. A restore accepts only a
// database whose schema, once brought up to date, is exactly the app's — the same tables, columns and indexes,
// and no trigger or view the app did not create (a foreign trigger could delete notes later) — and keeps the
// previous database beside the restored one.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { announceReplaced } from '../db/changes'
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../db/migrate'
import type { AtlasDatabase } from '../db/open'
import { message } from '../../shared/messages'
import { UserError } from '../errors'

export interface BackupInfo {
  schemaVersion: number
  highlights: number
  memos: number
  codes: number
  ownEntities: number
}

const SQLITE_HEADER = 'SQLite format 3\u0000'

/** Whether `bytes` begin as every SQLite database file does. */
export const isSqliteFile = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 16)).toString('latin1') === SQLITE_HEADER

/** Temporary files a killed or failed backup left beside `target`. */
function leftoverTemps(target: string): string[] {
  const dir = path.dirname(target)
  const prefix = `${path.basename(target)}.`
  try {
    return fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && /\.\d+\.tmp(-journal|-wal|-shm)?$/.test(f)).map((f) => path.join(dir, f))
  } catch {
    return []
  }
}

/**
 * Checks a database file (inspectBackup): in the app, in the parse process (integrity_check reads the whole
 * file, seconds for a large project, which the app's main process must not spend).
 */
export type InspectBackup = (file: string, name: string) => Promise<BackupInfo>

const inspectHere: InspectBackup = async (file, name) => inspectBackup(file, name)

/**
 * Writes a consistent copy of the project to `temp` and checks it (inspectBackup, naming the file `name`). In
 * the app the parse process does both from the project file (jobs.ts, 'backup'): writing hundreds of
 * megabytes makes the writer wait for the disk, up to a third of a second at a time.
 */
export type CopyProject = (temp: string, name: string) => Promise<BackupInfo>

/** The copy in this process, through the open connection: a database in memory, the in-process parser. */
export const copyHere =
  (db: AtlasDatabase): CopyProject =>
  async (temp, name) => {
    await db.backup(temp)
    return inspectBackup(temp, name)
  }

/**
 * Writes a consistent copy of the project to `file`. The copy is made and checked under a temporary name and
 * only then renamed over `file` (atomic on one file system): a failure leaves an earlier backup as it was.
 */
export async function createBackup(file: string, copy: CopyProject): Promise<BackupInfo> {
  const target = path.resolve(file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  for (const old of leftoverTemps(target)) await fs.promises.rm(old, { force: true })
  const temp = `${target}.${process.pid}.tmp`
  try {
    const info = await copy(temp, path.basename(target))
    // Off the main thread: renaming over an earlier backup frees its blocks, which takes a while.
    await fs.promises.rename(temp, target)
    return info
  } finally {
    // Checking the copy opens it, and a database in WAL mode leaves its -wal and -shm files beside it.
    for (const end of ['', '-wal', '-shm', '-journal']) await fs.promises.rm(`${temp}${end}`, { force: true })
  }
}

/** Checks that `file` is an Innovationsatlas database this version can open, without changing it. */
export function inspectBackup(file: string, name = path.basename(file)): BackupInfo {
  let header: Buffer
  try {
    const fd = fs.openSync(file, 'r')
    header = Buffer.alloc(16)
    fs.readSync(fd, header, 0, 16, 0)
    fs.closeSync(fd)
  } catch {
    throw new UserError('backup.unreadable', { file: name })
  }
  if (!isSqliteFile(header)) throw new UserError('backup.notSqlite', { file: name })
  let probe: Database.Database
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new UserError('backup.cannotOpen', { file: name, reason: (error as Error).message })
  }
  try {
    return checkAtlasDatabase(probe, name)
  } finally {
    probe.close()
  }
}

/**
 * What a file must be before the app takes anything from it (a restore, a colleague's project to merge):
 * whole (integrity_check), an Innovationsatlas database (entities, user_version ≥ 1) no newer than this app.
 * Returns what it holds; throws a worded refusal naming `name`.
 */
export function checkAtlasDatabase(probe: Database.Database, name: string): BackupInfo {
  const integrity = probe.pragma('integrity_check', { simple: true })
  if (integrity !== 'ok') throw new UserError('backup.damaged', { file: name, detail: String(integrity) })
  const version = probe.pragma('user_version', { simple: true }) as number
  if (version > SCHEMA_VERSION) {
    throw new UserError('backup.newer', { file: name, version })
  }
  const tables = new Set((probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name))
  if (version < 1 || !tables.has('entities')) throw new UserError('backup.notAtlas', { file: name })
  const count = (table: string, where = ''): number =>
    tables.has(table) ? (probe.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n : 0
  return {
    schemaVersion: version,
    highlights: count('highlights'),
    memos: count('memos'),
    codes: count('codes'),
    ownEntities: count('entities', "WHERE origin = 'own'"),
  }
}

/**
 * Replaces the open database's content with the backup's. The current database is first copied to
 * `<name>.före-återställning-<time>.sqlite` beside it, so nothing is lost if the wrong file was chosen.
 * The open connection stays valid (the backup API writes through SQLite's locks); the caller must drop
 * what it keeps in memory (undo history, search index) or restart.
 */
export async function restoreBackup(
  db: AtlasDatabase,
  dbPath: string,
  file: string,
  inspect: InspectBackup = inspectHere,
  stage: StageRestore = stageForRestore,
): Promise<{ previous: string; info: BackupInfo }> {
  const info = await inspect(file, path.basename(file))
  if (path.resolve(file) === path.resolve(dbPath)) throw new UserError('backup.openDatabase')
  // The backup is brought up to date and checked in a copy: the chosen file is never changed, and nothing
  // of the open database is touched until the copy is known to be the app's own kind of database.
  const staging = `${dbPath}.${process.pid}.restore.tmp`
  fs.rmSync(staging, { force: true })
  try {
    await stage(file, staging, path.basename(file))
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const previous = path.join(path.dirname(dbPath), message('files.previousDatabase', { name: path.basename(dbPath, '.sqlite'), stamp }))
    await db.backup(previous)
    const checked = new Database(staging, { readonly: true, fileMustExist: true })
    try {
      await checked.backup(dbPath)
    } finally {
      checked.close()
    }
    // The copy was brought up to date already: this finds nothing left to do.
    migrate(db)
    announceReplaced(db)
    return { previous, info }
  } finally {
    for (const end of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${staging}${end}`, { force: true })
  }
}

/** Copies a backup to `staging`, refuses it if it holds what the app did not make, and migrates the copy. */
export type StageRestore = (file: string, staging: string, name: string) => Promise<void>

/**
 * The staging of a restore, where it runs: in the app, in the parse process (the `stageRestore` job), since
 * migrating the copy of an older large project takes seconds.
 */
export async function stageForRestore(file: string, staging: string, name: string): Promise<void> {
  const source = new Database(file, { readonly: true, fileMustExist: true })
  try {
    await source.backup(staging)
  } finally {
    source.close()
  }
  const copy = new Database(staging)
  try {
    const foreign = foreignSchema(copy)
    if (foreign.length > 0) throw new UserError('backup.foreignSchema', { file: name, things: foreign.slice(0, 5).join(', ') })
    migrate(copy)
    const afterMigration = foreignSchema(copy)
    if (afterMigration.length > 0) throw new UserError('backup.foreignSchema', { file: name, things: afterMigration.slice(0, 5).join(', ') })
  } finally {
    copy.close()
  }
}

/**
 * What a database holds that the app's schema does not: tables, columns, indexes, triggers and views, named.
 * Compared with a fresh database migrated to the same version, so a backup from an earlier version passes
 * as long as it is what that version made.
 */
export function foreignSchema(candidate: Database.Database): string[] {
  const version = candidate.pragma('user_version', { simple: true }) as number
  const reference = new Database(':memory:')
  try {
    migrate(reference, MIGRATIONS.slice(0, version))
    const shape = (d: Database.Database): Map<string, string> => {
      const out = new Map<string, string>()
      for (const row of d.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).all() as {
        type: string
        name: string
        sql: string | null
      }[]) {
        out.set(`${row.type} ${row.name}`, (row.sql ?? '').replace(/\s+/g, ' ').trim())
        if (row.type === 'table') {
          const columns = (d.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(row.name) as Record<string, unknown>[]).map((c) => JSON.stringify(c))
          out.set(`columns ${row.name}`, columns.join('|'))
        }
      }
      return out
    }
    const mine = shape(reference)
    const theirs = shape(candidate)
    const differs: string[] = []
    for (const [key, sql] of theirs) if (mine.get(key) !== sql) differs.push(key)
    for (const key of mine.keys()) if (!theirs.has(key)) differs.push(`${key} saknas`)
    return differs
  } finally {
    reference.close()
  }
}
