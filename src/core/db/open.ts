import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { migrate, NewerDatabaseError, schemaVersionOf, MIGRATIONS } from './migrate'

export const DB_FILE_NAME = 'atlas.sqlite'

export type AtlasDatabase = Database.Database

/** The data folder: ATLAS_DATA_DIR wins over the caller's default (Electron's userData, or ./.data for the CLI). */
export function resolveDataDir(defaultDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ATLAS_DATA_DIR?.trim()
  return path.resolve(override ? override : defaultDir)
}

export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseOpenError'
  }
}

/**
 * Opens (creating if needed) the database file and brings its schema up to date. A database from a newer
 * build is refused read-only, before any pragma that writes (WAL) touches it.
 */
export function openDatabase(file: string): AtlasDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  if (file !== ':memory:' && fs.existsSync(file)) refuseNewer(file)
  let db: AtlasDatabase
  try {
    db = new Database(file)
  } catch (error) {
    throw new DatabaseOpenError(`Kunde inte öppna databasen ${path.basename(file)}: ${(error as Error).message}`)
  }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

function refuseNewer(file: string): void {
  let probe: AtlasDatabase
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new DatabaseOpenError(`Kunde inte öppna databasen ${path.basename(file)}: ${(error as Error).message}`)
  }
  try {
    const found = schemaVersionOf(probe)
    if (found > MIGRATIONS.length) throw new NewerDatabaseError(found, MIGRATIONS.length)
  } catch (error) {
    if (error instanceof NewerDatabaseError) throw error
    throw new DatabaseOpenError(
      `Filen ${path.basename(file)} är ingen databas som Innovationsatlas kan läsa (${(error as Error).message}). Filen har inte ändrats.`,
    )
  } finally {
    probe.close()
  }
}
