import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { createWorkerSearcher } from '../../src/core/search/worker-client'
import { tempDir, writeCorpus } from './helpers'

// The desktop app runs search in a worker thread (the built out/main/search-worker.js); here the same
// worker runs from TypeScript through tsx.
const inWorker = createWorkerSearcher({
  url: new URL('../../src/core/search/worker.ts', import.meta.url),
  execArgv: ['--import', 'tsx'],
})

describe('search in a worker thread', () => {
  it('builds the index off the calling thread, reports progress, answers queries and closes', async () => {
    const phases: string[] = []
    const atlas = openAtlas({
      dbPath: path.join(tempDir(), 'atlas.sqlite'),
      corpusDir: writeCorpus(tempDir()),
      createSearcher: (context) => inWorker({ ...context, onProgress: (p) => phases.push(p.phase) }),
    })
    await atlas.searchReady
    expect(phases).toContain('building')
    expect(phases.at(-1)).toBe('ready')
    expect(await atlas.invoke('search:status', {})).toEqual({ ok: true, value: expect.objectContaining({ phase: 'ready' }) })
    const [a, b] = await Promise.all([
      atlas.invoke('search:query', { query: 'idéslussar' }),
      atlas.invoke('search:query', { query: 'Kiruna' }),
    ])
    // Replies are matched to requests by sequence number, whatever order they come back in.
    expect(a.ok && a.value.query).toBe('idéslussar')
    expect(a.ok && a.value.hits[0]?.id).toBe('rapport-a#s2')
    expect(b.ok && b.value.query).toBe('Kiruna')
    expect(b.ok && b.value.hits.map((h) => h.id)).toContain('kommun-2584')
    await atlas.close()
  })

  it('loads the saved index on the next start instead of rebuilding', async () => {
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const corpusDir = writeCorpus(tempDir())
    const first = openAtlas({ dbPath, corpusDir, createSearcher: inWorker })
    await first.searchReady
    await first.close()
    const phases: string[] = []
    const second = openAtlas({
      dbPath,
      corpusDir,
      createSearcher: (context) => inWorker({ ...context, onProgress: (p) => phases.push(p.phase) }),
    })
    await second.searchReady
    expect(phases).not.toContain('building')
    await second.close()
  })
})
