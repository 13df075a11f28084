// The researcher's own work is searchable: highlights (quote and note), memos and codes, updated at once
// when they change, and `kod:` narrows any search to what carries a code.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { createWorkerSearcher } from '../../src/core/search/worker-client'
import { tempDir, writeCorpus, messageOf } from './helpers'

async function search(atlas: Atlas, query: string) {
  const result = await atlas.invoke('search:query', { query })
  if (!result.ok) throw new Error(messageOf(result))
  return result.value
}

async function seed(atlas: Atlas) {
  await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
  const h = await atlas.invoke('highlights:create', {
    target: { type: 'section', id: 'rapport-a#s2' },
    start: 19,
    end: 29,
    codeIds: ['starter-fas-pilot'],
    note: 'Medarbetarnas förslagslåda blev en riktig process.',
  })
  if (!h.ok) throw new Error(messageOf(h))
  await atlas.invoke('memos:create', { target: { type: 'case', id: 'plattform-kiruna' }, title: 'Tankar om stadsflytten', body: 'Flytten drev fram samverkan.' })
  return h.value
}

describe('searching the researcher’s notes', () => {
  it('finds a highlight by its note, a memo by its body and a code by its name, each pointing to its place', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await atlas.searchReady
    const h = await seed(atlas)
    const byNote = await search(atlas, 'förslagslåda ')
    expect(byNote.hits[0]).toMatchObject({ type: 'highlight', id: h.id, parentId: 'rapport-a', parentType: 'report', textId: 'rapport-a#s2' })
    const byMemo = await search(atlas, 'stadsflytten ')
    expect(byMemo.hits[0]).toMatchObject({ type: 'memo', parentId: 'plattform-kiruna', parentType: 'initiative', title: 'Tankar om stadsflytten' })
    const byCode = await search(atlas, 'typ:kod pilot')
    expect(byCode.hits.map((x) => x.id)).toEqual(['starter-fas-pilot'])

    // Deleting the highlight takes it out of the index at once; undo brings it back.
    await atlas.invoke('highlights:delete', { id: h.id })
    expect((await search(atlas, 'förslagslåda ')).total).toBe(0)
    await atlas.invoke('history:undo', {})
    expect((await search(atlas, 'förslagslåda ')).hits[0]?.id).toBe(h.id)
  })

  it('`kod:` keeps highlights with the code (or one below it) and the texts that carry them', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    const h = await seed(atlas)
    const coded = await search(atlas, 'kod:Innovationens_fas idéslussar')
    expect(coded.hits.map((x) => x.id).sort()).toEqual([h.id, 'rapport-a#s2'].sort())
    expect((await search(atlas, 'kod:Spridning idéslussar')).total).toBe(0)
    const unknown = await search(atlas, 'kod:Finnsinte idéslussar')
    expect(unknown).toMatchObject({ total: 0, ignored: [{ part: 'kod:Finnsinte', reason: 'okänd kod' }] })
  })

  it('works the same with search in a worker thread', async () => {
    const atlas = openAtlas({
      dbPath: path.join(tempDir(), 'atlas.sqlite'),
      corpusDir: writeCorpus(tempDir()),
      createSearcher: createWorkerSearcher({ url: new URL('../../src/core/search/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] }),
    })
    await atlas.searchReady
    const h = await seed(atlas)
    expect((await search(atlas, 'förslagslåda ')).hits[0]?.id).toBe(h.id)
    await atlas.close()
  })
})
