// The saved search index only spares the next start a rebuild: when it cannot be written (a full disk, a
// read-only folder) search goes on from memory for the session, and no temporary file is left behind.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { saveIndex, trySaveIndex } from '../../src/core/search/service'
import { messageOf, tempDir, writeCorpus } from './helpers'

describe('a search index that cannot be saved', () => {
  it('keeps search working in memory, after changes too, when the index folder cannot be written', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const blocker = path.join(tempDir(), 'en-fil')
    fs.writeFileSync(blocker, 'inte en mapp')
    const atlas = openAtlas({ dbPath: path.join(tempDir(), 'atlas.sqlite'), corpusDir: writeCorpus(tempDir()), indexDir: path.join(blocker, 'index') })
    await atlas.searchReady
    const first = await atlas.invoke('search:query', { query: 'Kiruna' })
    expect(first.ok && first.value.hits.map((h) => h.id)).toContain('kommun-2584')
    const draft = { kind: 'initiative', name: 'Testbädd för välfärdsteknik i Luleå', summary: 'Ett eget fall.', startYear: 2021, endYear: null, themes: [], funders: [], organisations: [], related: [] }
    const created = await atlas.invoke('cases:create', { draft })
    if (!created.ok) throw new Error(messageOf(created))
    const later = await atlas.invoke('search:query', { query: 'välfärdsteknik' })
    expect(later.ok && later.value.hits.map((h) => h.parentTitle ?? h.title)).toContain('Testbädd för välfärdsteknik i Luleå')
    await atlas.close()
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not be saved/), expect.anything())
    warn.mockRestore()
  })

  it('removes its temporary file when a save fails, and a stale one from a killed save at the next start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const dir = tempDir()
    // A value JSON cannot write fails the save half-way, as a full disk would.
    const broken = { mini: { index: [] }, vocabulary: [1n], dictionary: [] } as never
    await expect(saveIndex(dir, 'stamp', broken)).rejects.toThrow()
    expect(fs.readdirSync(dir)).toEqual([])
    expect(await trySaveIndex(dir, 'stamp', broken)).toBe(false)
    expect(fs.readdirSync(dir)).toEqual([])

    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const indexDir = path.join(tempDir(), 'index')
    fs.mkdirSync(indexDir)
    const stale = path.join(indexDir, 'index.ndjson.4242.tmp')
    fs.writeFileSync(stale, '{"kind":"header"')
    const hourAgo = new Date(Date.now() - 3600_000)
    fs.utimesSync(stale, hourAgo, hourAgo)
    const atlas = openAtlas({ dbPath, corpusDir: writeCorpus(tempDir()), indexDir })
    await atlas.searchReady
    expect(fs.existsSync(stale)).toBe(false)
    await atlas.close()
    warn.mockRestore()
  })
})
