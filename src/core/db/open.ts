import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { UserError } from '../errors'
import { asReadable, asWritable, type ReadableDB, type WritableDB } from './connection'
import { migrate, NewerDatabaseError, schemaVersionOf, MIGRATIONS } from './migrate'
import { safetyCopy } from './safety-copies'

export const DB_FILE_NAME = 'atlas.sqlite'

/** The app's one read-write connection (see connection.ts for the readable/writable split). */
export type AtlasDatabase = WritableDB

/** The data folder: ATLAS_DATA_DIR wins over the caller's default (Electron's userData, or ./.data for the CLI). */
export function resolveDataDir(defaultDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ATLAS_DATA_DIR?.trim()
  return path.resolve(override ? override : defaultDir)
}

/** The project file could not be opened at all; `reason` is SQLite's own words (a path never is). */
const openFailed = (file: string, error: unknown): UserError =>
  new UserError('database.openFailed', { file: path.basename(file), reason: (error as Error).message }, 'database')

/**
 * Opens (creating if needed) the database file and brings its schema up to date. A database from a newer
 * build is refused read-only, before any pragma that writes (WAL) touches it.
 */
export function openDatabase(file: string): AtlasDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  if (file !== ':memory:' && fs.existsSync(file)) refuseNewer(file)
  if (file !== ':memory:' && fs.existsSync(file)) copyBeforeMigration(file)
  let db: Database.Database
  try {
    db = new Database(file)
  } catch (error) {
    throw openFailed(file, error)
  }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return asWritable(db)
  } catch (error) {
    db.close()
    throw error
  }
}

/** A database an older build wrote is copied aside before its schema is brought up to date. */
function copyBeforeMigration(file: string): void {
  const probe = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const found = schemaVersionOf(probe)
    if (found > 0 && found < MIGRATIONS.length) safetyCopy(probe, file, `migrering-v${found}`)
  } finally {
    probe.close()
  }
}

function refuseNewer(file: string): void {
  let probe: Database.Database
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw openFailed(file, error)
  }
  try {
    const found = schemaVersionOf(probe)
    if (found > MIGRATIONS.length) throw new NewerDatabaseError(found, MIGRATIONS.length)
  } catch (error) {
    if (error instanceof NewerDatabaseError) throw error
    throw new UserError('database.notADatabase', { file: path.basename(file), reason: (error as Error).message }, 'database')
  } finally {
    probe.close()
  }
}

/**
 * A second connection that can only read (the search worker's): SQLite refuses its writes, and its type has
 * no write function of db/ to reach. WAL lets it read while the app's connection writes.
 */
export function openReadOnly(file: string): ReadableDB {
  return asReadable(new Database(file, { readonly: true, fileMustExist: true }))
}
