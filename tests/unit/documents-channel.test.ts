// The document import as the app reaches it: files from the open dialog, many at once, progress to poll, and
// what lands is searchable at once and attached to the case.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { tempDir, writeCorpus, messageOf } from './helpers'

describe('documents:import', () => {
  it('imports the chosen files, reports each, makes them searchable and attaches them', async () => {
    const dir = tempDir()
    const good = path.join(dir, 'minnesanteckningar.md')
    fs.writeFileSync(good, '# Möte om idéslussen\n\nVi diskuterade kommunens förnyelsearbete och en ny testbädd.\n')
    const bad = path.join(dir, 'trasig.pdf')
    fs.writeFileSync(bad, '%PDF-1.7 trasig')
    const atlas = openAtlas({
      dbPath: path.join(tempDir(), 'atlas.sqlite'),
      corpusDir: writeCorpus(tempDir()),
      pickFiles: async () => [good, bad],
    })
    // Build the index first, so the test sees the incremental update rather than a fresh build.
    await atlas.searchReady
    expect((await atlas.invoke('search:query', { query: 'testbädd' })).ok && true).toBe(true)

    const result = await atlas.invoke('documents:import', { attachTo: ['plattform-kiruna'] })
    if (!result.ok) throw new Error(messageOf(result))
    expect(result.value.imported.map((d) => d.title)).toEqual(['Möte om idéslussen'])
    expect(result.value.failed).toEqual([{ file: 'trasig.pdf', message: expect.stringMatching(/^trasig\.pdf: /) }])
    const status = await atlas.invoke('documents:status', {})
    expect(status).toMatchObject({ ok: true, value: { running: false, progress: { file: 'trasig.pdf', phase: 'failed' } } })

    const hits = await atlas.invoke('search:query', { query: 'testbädd' })
    expect(hits.ok && hits.value.hits.map((h) => h.parentTitle)).toContain('Möte om idéslussen')
    const kiruna = await atlas.invoke('cases:get', { id: 'plattform-kiruna' })
    expect(kiruna.ok && kiruna.value.reports.map((r) => r.name)).toContain('Möte om idéslussen')
    await atlas.close()
  })

  it('answers progress polls and a cancel while it works, and stops before the next file', async () => {
    const dir = tempDir()
    const files = Array.from({ length: 6 }, (_, i) => {
      const file = path.join(dir, `del-${i + 1}.md`)
      fs.writeFileSync(file, `# Del ${i + 1}\n\n${'Kommunens idésluss tog emot förslag. '.repeat(400)}\n`)
      return file
    })
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()), pickFiles: async () => files })
    const running = atlas.invoke('documents:import', {})
    let seen: { running: boolean; file?: string } | null = null
    for (let i = 0; i < 200 && !seen; i++) {
      await new Promise((resolve) => setImmediate(resolve))
      const status = await atlas.invoke('documents:status', {})
      if (status.ok && status.value.running && status.value.progress) seen = { running: true, file: status.value.progress.file }
    }
    expect(seen).toMatchObject({ running: true, file: expect.stringMatching(/^del-\d\.md$/) })
    expect(await atlas.invoke('documents:cancel', {})).toEqual({ ok: true, value: { cancelled: true } })
    const result = await running
    if (!result.ok) throw new Error(messageOf(result))
    expect(result.value.cancelled).toBe(true)
    expect(result.value.imported.length).toBeLessThan(6)
    const stored = atlas.db.prepare("SELECT count(*) AS n FROM document_files").get() as { n: number }
    expect(stored.n).toBe(result.value.imported.length)
    await atlas.close()
  })
})
