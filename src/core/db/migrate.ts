import type { Database } from 'better-sqlite3'
import { UserError } from '../errors'
import { migration as m0001 } from './migrations/0001-initial'
import { migration as m0002 } from './migrations/0002-annotations'
import { migration as m0003 } from './migrations/0003-comparisons'
import { migration as m0004 } from './migrations/0004-own-documents'
import { migration as m0005 } from './migrations/0005-exchange-ids'
import { migration as m0006 } from './migrations/0006-survey-qualifier'
import { migration as m0007 } from './migrations/0007-agreement-runs'
import { migration as m0008 } from './migrations/0008-deletions'
import { migration as m0009 } from './migrations/0009-library-index'
import { migration as m0010 } from './migrations/0010-drafts'
import { migration as m0011 } from './migrations/0011-notes-order'
import { migration as m0012 } from './migrations/0012-memo-deletions'
import { migration as m0013 } from './migrations/0013-text-versions'

export interface Migration {
  /** The user_version the database has after this step. */
  version: number
  name: string
  sql: string
}

/** Appended, never edited: a database at version N has run exactly the first N steps. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013]
export const SCHEMA_VERSION = MIGRATIONS.length

export class NewerDatabaseError extends UserError<'database.newer'> {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super('database.newer', { found, supported }, 'database')
    this.name = 'NewerDatabaseError'
  }
}

export function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Runs every pending step and the user_version bump in one transaction, so a crash leaves the database
 * at the old version, never half-migrated. A newer database is refused before anything is written.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersionOf(db)
  const latest = migrations.length
  if (current > latest) throw new NewerDatabaseError(current, latest)
  if (current === latest) return current
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
  db.transaction(() => {
    for (const m of migrations.slice(current)) db.exec(m.sql)
    // PRAGMA takes no bound parameters; latest is an integer we computed, never input.
    db.pragma(`user_version = ${latest}`)
  }).immediate()
  return latest
}
