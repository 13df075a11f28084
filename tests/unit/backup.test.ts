import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/core/db/migrate'
import { safetyCopy } from '../../src/core/db/safety-copies'
import { copyHere, createBackup } from '../../src/core/io/backup'
import { olderProject, tempDir, worded, writeCorpus } from './helpers'
import { damageTable } from '../fixtures/damage'

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

describe('backups that never replace a good one, restores that trust nothing foreign', () => {
  it('a backup of a damaged database is refused, the good backup stays, and no temporary file is left', async () => {
    const dir = tempDir()
    const backupFile = path.join(tempDir(), 'säkerhetskopia.sqlite')
    const atlas = await projectWithWork(dir, { save: backupFile })
    expect((await atlas.invoke('backup:create', {})).ok).toBe(true)
    const good = fs.readFileSync(backupFile)
    await atlas.close()

    // Damage the project file's pages (not its header), as a failing disk would.
    const dbFile = path.join(dir, 'atlas.sqlite')
    const bytes = fs.readFileSync(dbFile)
    for (let page = 4; page * 4096 < bytes.length; page += 3) bytes.fill(0x5a, page * 4096 + 100, page * 4096 + 900)
    fs.writeFileSync(dbFile, bytes)
    const damaged = new Database(dbFile)
    // A stale temporary file from a backup that was killed earlier.
    fs.writeFileSync(`${backupFile}.999999.tmp`, 'halv kopia')

    await expect(createBackup(backupFile, copyHere(damaged as never))).rejects.toThrow()
    damaged.close()
    expect(fs.readFileSync(backupFile).equals(good)).toBe(true)
    expect(fs.readdirSync(path.dirname(backupFile))).toEqual(['säkerhetskopia.sqlite'])
  })

  it('restore refuses a database with a trigger the app did not create, and nothing changes', async () => {
    const dir = tempDir()
    const hostile = path.join(tempDir(), 'kopia.sqlite')
    const atlas = await projectWithWork(dir, { save: hostile, open: hostile })
    expect((await atlas.invoke('backup:create', {})).ok).toBe(true)
    const edit = new Database(hostile)
    edit.exec('CREATE TRIGGER wipe AFTER INSERT ON memos BEGIN DELETE FROM memos; DELETE FROM highlights; END')
    edit.close()
    const before = fs.readFileSync(hostile)
    const result = await atlas.invoke('backup:restore', {})
    expect(worded(result)).toMatchObject({ ok: false, message: expect.stringContaining('innehåller sådant som Innovationsatlas inte har skapat (trigger wipe)') })
    expect(notes(atlas.db)).toEqual(['före'])
    expect(fs.readFileSync(hostile).equals(before)).toBe(true)
    expect(fs.readdirSync(dir).filter((f) => f.includes('före-återställning') || f.endsWith('.tmp'))).toEqual([])
    // The project still works, and no trigger fires on the next memo.
    expect((await atlas.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Nästa', body: 'Efter försöket.' })).ok).toBe(true)
    expect(notes(atlas.db)).toEqual(['före'])
    await atlas.close()
  })

  it('restore refuses a database with an extra column or a missing index', async () => {
    for (const change of ['ALTER TABLE memos ADD COLUMN smuggled TEXT', 'DROP INDEX IF EXISTS document_files_sha']) {
      const dir = tempDir()
      const copy = path.join(tempDir(), 'kopia.sqlite')
      const atlas = await projectWithWork(dir, { save: copy, open: copy })
      expect((await atlas.invoke('backup:create', {})).ok).toBe(true)
      const edit = new Database(copy)
      edit.exec(change)
      edit.close()
      const result = await atlas.invoke('backup:restore', {})
      expect(worded(result), change).toMatchObject({ ok: false, message: expect.stringContaining('innehåller sådant som Innovationsatlas inte har skapat') })
      await atlas.close()
    }
  })
})

describe('a copy before the app changes the project on its own', () => {
  const copiesIn = (dir: string): string[] => {
    const folder = path.join(dir, 'säkerhetskopior')
    return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []
  }

  it('before a newer bundled corpus replaces the old one, with the researcher’s work in it', async () => {
    const dir = tempDir()
    const atlas = await projectWithWork(dir)
    await atlas.close()
    expect(copiesIn(dir)).toEqual([])
    const newer = openAtlas({ dbPath: path.join(dir, 'atlas.sqlite'), corpusDir: writeCorpus(tempDir(), () => {}, '2'), indexDir: null })
    await newer.close()
    const [copy, ...more] = copiesIn(dir)
    expect(more).toEqual([])
    expect(copy).toMatch(/^atlas-före-korpus-1-.*\.sqlite$/)
    const saved = new Database(path.join(dir, 'säkerhetskopior', copy!), { readonly: true })
    expect(notes(saved)).toEqual(['före'])
    expect(saved.prepare(`SELECT value FROM atlas_meta WHERE key = 'corpus_version'`).get()).toMatchObject({ value: '1' })
    saved.close()
  })

  it('before a migration to a newer schema, and only the newest five are kept', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'atlas.sqlite')
    olderProject(file)
    for (let i = 0; i < 6; i++) {
      const probe = new Database(file, { readonly: true })
      safetyCopy(probe, file, `prov-${i}`)
      probe.close()
    }
    expect(copiesIn(dir)).toHaveLength(5)
    const atlas = openAtlas({ dbPath: file, corpusDir: writeCorpus(tempDir()), indexDir: null })
    await atlas.close()
    const copies = copiesIn(dir)
    expect(copies).toHaveLength(5)
    const migration = copies.find((c) => c.includes(`före-migrering-v${MIGRATIONS.length - 1}`))
    expect(migration).toBeDefined()
    const saved = new Database(path.join(dir, 'säkerhetskopior', migration!), { readonly: true })
    expect(saved.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length - 1)
    saved.close()
  })
})

describe('a damaged project file at open', () => {
  it('opens read-only with the damage named, writes nothing, and restores from a good backup', async () => {
    const dir = tempDir()
    const backupFile = path.join(tempDir(), 'säkerhetskopia.sqlite')
    const first = await projectWithWork(dir, { save: backupFile })
    expect((await first.invoke('backup:create', {})).ok).toBe(true)
    await first.close()

    const dbFile = path.join(dir, 'atlas.sqlite')
    // Pages of the sections' text damaged; the schema still reads.
    const bytes = damageTable(dbFile)

    const atlas = openAtlas({ dbPath: dbFile, corpusDir: writeCorpus(tempDir()), indexDir: null, pickFiles: async () => [backupFile] })
    expect(atlas.damage?.key).toBe('database.damaged')
    expect(atlas.damage?.params.folder).toBe(path.join(dir, 'säkerhetskopior'))
    // A write is refused with the reason and the way out, and the file is left exactly as it was.
    const write = worded(await atlas.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Ny', body: 'text' }))
    expect(write).toMatchObject({ ok: false, message: expect.stringMatching(/^Projektfilen är skadad \(.+\) och har öppnats skrivskyddad: .*Återställ den senaste säkerhetskopian/) })
    expect(fs.readFileSync(dbFile).equals(bytes)).toBe(true)
    // Inställningar shows the state found at open, and the full check on demand names the damage.
    const status = await atlas.invoke('backup:check', {})
    expect(status).toMatchObject({ ok: true, value: { damagedAtOpen: expect.any(String), checked: false, problems: null } })
    const full = await atlas.invoke('backup:check', { full: true })
    expect(full.ok && full.value.problems).toEqual(expect.any(String))

    const restored = await atlas.invoke('backup:restore', {})
    expect(restored).toMatchObject({ ok: true, value: { cancelled: false } })
    await atlas.close()
    const again = openAtlas({ dbPath: dbFile, corpusDir: writeCorpus(tempDir()), indexDir: null })
    expect(again.damage).toBeNull()
    expect(await again.invoke('backup:check', { full: true })).toEqual({ ok: true, value: { damagedAtOpen: null, checked: true, problems: null, safetyCopy: null } })
    expect(notes(again.db)).toEqual(['före'])
    await again.close()
  })

  it('offers the newest automatic copy that is whole, passing over a damaged one, and restores it', async () => {
    const dir = tempDir()
    const dbFile = path.join(dir, 'atlas.sqlite')
    // A project with one memo, then a corpus update (the automatic copy holds that memo), then more work.
    const first = await projectWithWork(dir)
    await first.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Före uppdateringen', body: 'text' })
    await first.close()
    const updated = openAtlas({ dbPath: dbFile, corpusDir: writeCorpus(tempDir(), () => {}, '2'), indexDir: null })
    await updated.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Efter uppdateringen', body: 'text' })
    await updated.close()
    // A newer copy that is damaged: it must be passed over, not offered.
    const folder = path.join(dir, 'säkerhetskopior')
    const [good] = fs.readdirSync(folder)
    const broken = path.join(folder, 'atlas-före-korpus-2-2099-01-01T00-00-00-000Z.sqlite')
    const bytes = fs.readFileSync(path.join(folder, good!))
    bytes.fill(0x5a, bytes.length - 2 * 4096, bytes.length - 2 * 4096 + 64)
    fs.writeFileSync(broken, bytes)
    fs.utimesSync(broken, new Date(), new Date(Date.now() + 60_000))

    damageTable(dbFile, 'sections', 1)

    const atlas = openAtlas({ dbPath: dbFile, corpusDir: writeCorpus(tempDir(), () => {}, '2'), indexDir: null })
    expect(atlas.damage).not.toBeNull()
    const check = await atlas.invoke('backup:check', {})
    expect(check).toMatchObject({ ok: true, value: { safetyCopy: { name: good, highlights: 1, memos: 1 } } })
    const restored = await atlas.invoke('backup:restoreSafetyCopy', {})
    expect(restored).toMatchObject({ ok: true, value: { cancelled: false, memos: 1, restartRequired: true } })
    await atlas.close()
    const again = openAtlas({ dbPath: dbFile, corpusDir: writeCorpus(tempDir(), () => {}, '2'), indexDir: null })
    expect(again.damage).toBeNull()
    expect((again.db.prepare('SELECT title FROM memos').all() as { title: string }[]).map((m) => m.title)).toEqual(['Före uppdateringen'])
    await again.close()
  })

  it('with no automatic copy to restore, says so and changes nothing', async () => {
    const dir = tempDir()
    const atlas = await projectWithWork(dir)
    expect(await atlas.invoke('backup:check', { full: true })).toMatchObject({ ok: true, value: { problems: null, safetyCopy: null } })
    expect(worded(await atlas.invoke('backup:restoreSafetyCopy', {}))).toMatchObject({ ok: false, message: expect.stringMatching(/^Det finns ingen automatisk säkerhetskopia/) })
    expect(notes(atlas.db)).toEqual(['före'])
    await atlas.close()
  })
})
