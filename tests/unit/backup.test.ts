import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { SCHEMA_VERSION } from '../../src/core/db/migrate'
import { tempDir, writeCorpus, worded } from './helpers'

async function projectWithWork(dir: string, pick: { open?: string; save?: string } = {}) {
  const atlas = openAtlas({
    dbPath: path.join(dir, 'atlas.sqlite'),
    corpusDir: writeCorpus(tempDir()),
    indexDir: null,
    pickFiles: async () => (pick.open ? [pick.open] : []),
    pickSavePath: async () => pick.save ?? null,
  })
  await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
  await atlas.invoke('highlights:create', { target: { type: 'section', id: 'rapport-a#s2' }, start: 19, end: 29, codeIds: ['starter-fas-pilot'], note: 'före' })
  return atlas
}

const notes = (db: Database.Database) => (db.prepare('SELECT note FROM highlights ORDER BY note').all() as { note: string }[]).map((r) => r.note)

describe('backup and restore', () => {
  it('backs up the whole project to one file, and restores it keeping the previous database beside it', async () => {
    const dir = tempDir()
    const backupFile = path.join(tempDir(), 'säkerhetskopia.sqlite')
    const atlas = await projectWithWork(dir, { save: backupFile, open: backupFile })
    const made = await atlas.invoke('backup:create', {})
    expect(made).toMatchObject({ ok: true, value: { cancelled: false, file: backupFile, highlights: 1, codes: 10 + 2 } })

    // Work continues after the backup …
    await atlas.invoke('highlights:create', { target: { type: 'section', id: 'rapport-a#s1' }, start: 0, end: 6, codeIds: [], note: 'efter' })
    expect(notes(atlas.db)).toEqual(['efter', 'före'])
    // … and the restore brings back the state of the backup; the newer database is kept beside it.
    const restored = await atlas.invoke('backup:restore', {})
    if (!restored.ok || restored.value.cancelled) throw new Error(JSON.stringify(restored))
    expect(notes(atlas.db)).toEqual(['före'])
    expect(fs.existsSync(restored.value.previous)).toBe(true)
    expect(path.dirname(restored.value.previous)).toBe(dir)
    const previous = new Database(restored.value.previous, { readonly: true })
    expect(notes(previous)).toEqual(['efter', 'före'])
    previous.close()
    // The undo history described the replaced database: it is cleared.
    expect(await atlas.invoke('history:state', {})).toMatchObject({ ok: true, value: { canUndo: false } })
    await atlas.close()
  })

  it.each([
    ['a file that is not a database', (f: string) => fs.writeFileSync(f, 'hej'), 'inte en SQLite-databas'],
    [
      'a database from a newer version',
      (f: string) => {
        const db = new Database(f)
        db.exec('CREATE TABLE entities (id)')
        db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
        db.close()
      },
      'från en nyare version',
    ],
    [
      'an SQLite file from another program',
      (f: string) => {
        const db = new Database(f)
        db.exec('CREATE TABLE recept (namn)')
        db.pragma('user_version = 1')
        db.close()
      },
      'ingen säkerhetskopia från Innovationsatlas',
    ],
  ])('restore refuses %s with a message and changes nothing', async (_, make, message) => {
    const bad = path.join(tempDir(), 'fel.sqlite')
    make(bad)
    const dir = tempDir()
    const atlas = await projectWithWork(dir, { open: bad })
    const result = await atlas.invoke('backup:restore', {})
    expect(worded(result)).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringContaining(message) })
    expect(notes(atlas.db)).toEqual(['före'])
    expect(fs.readdirSync(dir).filter((f) => f.includes('före-återställning'))).toEqual([])
    await atlas.close()
  })

  it('a cancelled dialog does nothing', async () => {
    const atlas = await projectWithWork(tempDir())
    expect(await atlas.invoke('backup:create', {})).toEqual({ ok: true, value: { cancelled: true } })
    expect(await atlas.invoke('backup:restore', {})).toEqual({ ok: true, value: { cancelled: true } })
    await atlas.close()
  })
})
