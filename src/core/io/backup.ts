// The whole project as one file, through SQLite's online backup API (a consistent copy while the database is
// in use), and back again. Restore checks the file first and keeps the previous database beside it.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { announceReplaced } from '../db/changes'
import { migrate, SCHEMA_VERSION } from '../db/migrate'
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

/** Writes a consistent copy of the open database to `file` (replacing it atomically). */
export async function createBackup(db: AtlasDatabase, file: string): Promise<BackupInfo> {
  const target = path.resolve(file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const temp = `${target}.${process.pid}.tmp`
  await db.backup(temp)
  fs.renameSync(temp, target)
  return inspectBackup(target)
}

/** Checks that `file` is an Innovationsatlas database this version can open, without changing it. */
export function inspectBackup(file: string): BackupInfo {
  const name = path.basename(file)
  let header: Buffer
  try {
    const fd = fs.openSync(file, 'r')
    header = Buffer.alloc(16)
    fs.readSync(fd, header, 0, 16, 0)
    fs.closeSync(fd)
  } catch {
    throw new UserError('backup.unreadable', { file: name })
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw new UserError('backup.notSqlite', { file: name })
  let probe: Database.Database
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new UserError('backup.cannotOpen', { file: name, reason: (error as Error).message })
  }
  try {
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
  } finally {
    probe.close()
  }
}

/**
 * Replaces the open database's content with the backup's. The current database is first copied to
 * `<name>.före-återställning-<time>.sqlite` beside it, so nothing is lost if the wrong file was chosen.
 * The open connection stays valid (the backup API writes through SQLite's locks); the caller must drop
 * what it keeps in memory (undo history, search index) or restart.
 */
export async function restoreBackup(db: AtlasDatabase, dbPath: string, file: string): Promise<{ previous: string; info: BackupInfo }> {
  const info = inspectBackup(file)
  if (path.resolve(file) === path.resolve(dbPath)) throw new UserError('backup.openDatabase')
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const previous = path.join(path.dirname(dbPath), message('files.previousDatabase', { name: path.basename(dbPath, '.sqlite'), stamp }))
  await db.backup(previous)
  const source = new Database(file, { readonly: true, fileMustExist: true })
  try {
    await source.backup(dbPath)
  } finally {
    source.close()
  }
  // A backup from an earlier version is brought up to date like any database.
  migrate(db)
  announceReplaced(db)
  return { previous, info }
}
