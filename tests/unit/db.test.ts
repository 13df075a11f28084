import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, MIGRATIONS, NewerDatabaseError, SCHEMA_VERSION } from '../../src/core/db/migrate'
import { openDatabase, resolveDataDir } from '../../src/core/db/open'
import { tempDir, thrownWords } from './helpers'

const schemaOf = (db: Database.Database): string[] =>
  (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { sql: string }[]).map(
    (r) => r.sql,
  )

describe('migrations', () => {
  it('bring an empty database to the latest version with WAL and foreign keys on', () => {
    const file = path.join(tempDir(), 'atlas.sqlite')
    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaOf(db).some((sql) => sql.includes('CREATE TABLE entities'))).toBe(true)
    db.close()
  })

  it.each(Array.from({ length: SCHEMA_VERSION }, (_, v) => v))('upgrade from version %i gives the same schema as a fresh database', (from) => {
    const fresh = new Database(':memory:')
    migrate(fresh)
    const old = new Database(':memory:')
    migrate(old, MIGRATIONS.slice(0, from))
    expect(old.pragma('user_version', { simple: true })).toBe(from)
    migrate(old)
    expect(schemaOf(old)).toEqual(schemaOf(fresh))
  })

  it('run all pending steps in one transaction: a failing step leaves the old version and no new tables', () => {
    const db = new Database(':memory:')
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' }]
    expect(() => migrate(db, broken)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(schemaOf(db)).toEqual([])
  })

  it('refuse a database written by a newer version and leave the file byte for byte untouched', () => {
    const file = path.join(tempDir(), 'atlas.sqlite')
    const newer = new Database(file)
    newer.exec('CREATE TABLE future (x)')
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    newer.close()
    const before = fs.readFileSync(file)
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError)
    expect(thrownWords(() => openDatabase(file))).toMatch(/nyare version/)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
  })

  it('refuse a file that is not a database without changing it', () => {
    const file = path.join(tempDir(), 'atlas.sqlite')
    fs.writeFileSync(file, 'inte en databas, bara text')
    expect(thrownWords(() => openDatabase(file))).toMatch(/ingen databas som Innovationsatlas kan läsa/)
    expect(fs.readFileSync(file, 'utf8')).toBe('inte en databas, bara text')
  })
})

describe('data folder', () => {
  it('ATLAS_DATA_DIR overrides the default folder', () => {
    expect(resolveDataDir('/default', { ATLAS_DATA_DIR: '/tmp/x' })).toBe('/tmp/x')
    expect(resolveDataDir('/default', {})).toBe('/default')
    expect(resolveDataDir('/default', { ATLAS_DATA_DIR: '  ' })).toBe('/default')
  })
})
