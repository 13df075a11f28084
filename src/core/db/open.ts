import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { UserError } from '../errors'
import { asReadable, asWritable, type ReadableDB, type WritableDB } from './connection'
import { migrate, NewerDatabaseError, schemaVersionOf, MIGRATIONS } from './migrate'
import { safetyCopy } from './safety-copies'
import { beforeCommit } from './changes'
import { indexChangedDocuments } from './library'
import { loadedCorpusVersion } from './meta'

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

/** What quick_check found in a database opened read-only because it is damaged (see openDatabase). */
const damages = new WeakMap<object, string>()

/** Why the database was opened read-only (SQLite's words about the damage), or null when it is sound. */
export function damageOf(db: ReadableDB): string | null {
  return damages.get(db) ?? null
}

/**
 * What SQLite's integrity checks find wrong, or null when nothing is. `quick_check` (at every open) reads every
 * page and checks the b-trees but not that indexes match their tables; `integrity_check` (on demand) does both.
 * A page too damaged to read makes the check itself fail: that is damage too.
 */
export function integrityProblems(db: Database.Database | ReadableDB, check: 'quick_check' | 'integrity_check' = 'quick_check'): string | null {
  try {
    const rows = (db as Database.Database).pragma(`${check}(20)`, { simple: false }) as Record<string, string>[]
    const lines = rows.map((row) => String(Object.values(row)[0]))
    return lines.length === 1 && lines[0] === 'ok' ? null : lines.slice(0, 3).join('; ')
  } catch (error) {
    return (error as Error).message
  }
}

export interface OpenOptions {
  /**
   * What quick_check found in this file just before, elsewhere (openAtlasChecked runs it in the parse process:
   * it reads the whole file, seconds for a large project). Without it the check runs here.
   */
  checked?: { problems: string | null }
  /** The automatic copy before a migration was made already, elsewhere (copyReasonAtOpen, openAtlasChecked). */
  copied?: boolean
}

/**
 * Opens (creating if needed) the database file and brings its schema up to date. A database from a newer
 * build is refused read-only, before any pragma that writes (WAL) touches it. A damaged one (quick_check)
 * is opened read-only and never written to: damageOf says why, and the app offers the newest good backup.
 */
export function openDatabase(file: string, options: OpenOptions = {}): AtlasDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  if (file !== ':memory:' && fs.existsSync(file)) refuseNewer(file)
  const exists = file !== ':memory:' && fs.existsSync(file)
  const damage = !exists ? null : options.checked !== undefined ? options.checked.problems : checkAtOpen(file)
  if (damage) {
    const readOnly = new Database(file, { readonly: true, fileMustExist: true })
    damages.set(readOnly, damage)
    return asWritable(readOnly)
  }
  if (file !== ':memory:' && fs.existsSync(file) && !options.copied) copyBeforeMigration(file)
  let db: Database.Database
  try {
    db = new Database(file)
  } catch (error) {
    throw openFailed(file, error)
  }
  return projectWriter(db, () => {
    db.pragma('journal_mode = WAL')
    migrate(db)
  })
}

/**
 * A read-write connection as every one to a project is set up — references checked, a busy moment waited
 * for, the library index written with every change — after `prepare`; closed again if any of it fails.
 */
function projectWriter(db: Database.Database, prepare: () => void = () => {}): AtlasDatabase {
  try {
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    prepare()
    const atlas = asWritable(db)
    beforeCommit(atlas, (changes) => indexChangedDocuments(atlas, changes))
    return atlas
  } catch (error) {
    db.close()
    throw error
  }
}

function checkAtOpen(file: string): string | null {
  const probe = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return integrityProblems(probe)
  } finally {
    probe.close()
  }
}

/**
 * What a project file says of itself, read without opening it for writing: its schema version and the bundled
 * corpus version it holds (null before any was loaded). Null for a new file or one that cannot say (opening it
 * then says why).
 */
export function projectVersions(file: string): { schema: number; corpus: string | null } | null {
  if (file === ':memory:' || !fs.existsSync(file)) return null
  try {
    const probe = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const schema = schemaVersionOf(probe)
      return { schema, corpus: schema > 0 ? corpusVersionOf(probe) : null }
    } finally {
      probe.close()
    }
  } catch {
    return null
  }
}

/** The corpus version an older schema may not have a place for yet: then none. */
function corpusVersionOf(probe: Database.Database): string | null {
  try {
    return loadedCorpusVersion(asReadable(probe))
  } catch {
    return null
  }
}

/**
 * Why opening this project will copy it aside first, or null: the schema of an older build to migrate (it
 * comes first: the copy is of the project before either change) or another bundled corpus to load. The reason
 * names the copy (`säkerhetskopior/atlas-före-<reason>-<time>.sqlite`).
 */
export function copyReasonAtOpen(file: string, bundledCorpus: string | null): string | null {
  const found = projectVersions(file)
  if (!found) return null
  if (found.schema > 0 && found.schema < MIGRATIONS.length) return `migrering-v${found.schema}`
  return found.corpus !== null && bundledCorpus !== null && found.corpus !== bundledCorpus ? `korpus-${found.corpus}` : null
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

/**
 * A second read-write connection to a project the app has opened (and migrated) already: the write worker's
 * (writes/worker.ts). The same pragmas and the same library index written with every change as the app's own.
 */
export function openSecondWriter(file: string): AtlasDatabase {
  return projectWriter(new Database(file, { fileMustExist: true }))
}
