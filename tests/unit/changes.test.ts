// The write layer announces what it changed, with ids, once the transaction has committed; the search index
// follows those announcements and re-reads only what they name. A read-only connection has no write function.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { emit, onChange, transaction, type Change } from '../../src/core/db/changes'
import { insertComparison } from '../../src/core/db/comparisons'
import type { ReadableDB } from '../../src/core/db/connection'
import { openReadOnly } from '../../src/core/db/open'
import { tempDir, writeCorpus, messageOf } from './helpers'

/** Every announcement made while `action` runs, in order. */
async function heard(atlas: Atlas, action: () => Promise<unknown>): Promise<Change[]> {
  const changes: Change[] = []
  const stop = onChange(atlas.db, (batch) => changes.push(...batch))
  try {
    await action()
  } finally {
    stop()
  }
  return changes
}

async function call<T>(promise: Promise<{ ok: true; value: T } | { ok: false }>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(messageOf(result as never))
  return result.value
}

/** Announcements compared as sets: kinds and ids in a fixed order. */
const sorted = (changes: Change[]) =>
  changes.map((c) => ({ kind: c.kind, ids: [...c.ids].sort() })).sort((a, b) => a.kind.localeCompare(b.kind))

describe('change events from the write layer', () => {
  it('a memo, a highlight with a new code, and their undo each announce exactly the rows they wrote', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await call(atlas.invoke('preferences:set', { author: 'Åsa Öberg' }))

    let memoId = ''
    expect(
      await heard(atlas, async () => {
        memoId = (await call(atlas.invoke('memos:create', { target: { type: 'project', id: null }, body: 'Tanke' }))).id
      }),
    ).toEqual([{ kind: 'memos', ids: [memoId] }])

    let highlight = { id: '', codes: [] as { id: string; name: string }[] }
    const created = await heard(atlas, async () => {
      highlight = await call(
        atlas.invoke('highlights:create', {
          target: { type: 'section', id: 'rapport-a#s2' },
          start: 0,
          end: 5,
          codeIds: ['starter-fas-pilot'],
          newCodeNames: ['Förankring'],
        }),
      )
    })
    const newCode = highlight.codes.find((c) => c.name === 'Förankring')!.id
    expect(sorted(created)).toEqual([
      { kind: 'codes', ids: [newCode] },
      { kind: 'highlights', ids: [highlight.id] },
    ])

    // Undo writes the same rows back: the same ids are announced.
    expect(sorted(await heard(atlas, () => call(atlas.invoke('history:undo', {}))))).toEqual(sorted(created))
    await atlas.close()
  })

  it('deleting a code announces the codes it removed or renumbered and the highlights that lost it', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await call(atlas.invoke('preferences:set', { author: 'Åsa Öberg' }))
    const highlight = await call(
      atlas.invoke('highlights:create', { target: { type: 'section', id: 'rapport-a#s2' }, start: 0, end: 5, codeIds: ['starter-fas-pilot'] }),
    )
    const changes = await heard(atlas, () => call(atlas.invoke('codes:delete', { id: 'starter-fas-pilot' })))
    // Pilot is second of four phases: the two after it move up one place.
    expect(sorted(changes)).toEqual([
      { kind: 'codes', ids: ['starter-fas-inforande', 'starter-fas-pilot', 'starter-fas-spridning'] },
      { kind: 'highlights', ids: [highlight.id] },
    ])
    await atlas.close()
  })

  it('own cases, documents attached to them and saved comparisons announce their ids', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    const draft = {
      kind: 'initiative' as const,
      name: 'Egen idésluss',
      summary: '',
      startYear: null,
      endYear: null,
      themes: ['tema'],
      funders: [],
      organisations: [],
      related: ['rapport-a'],
    }
    let id = ''
    const created = await heard(atlas, async () => {
      id = (await call(atlas.invoke('cases:create', { draft }))).id
    })
    // A relation changes both of its ends.
    expect(sorted(created)).toEqual([{ kind: 'entities', ids: [id, 'rapport-a'].sort() }])
    expect(await heard(atlas, () => call(atlas.invoke('cases:setAttributes', { id, attributes: [{ name: 'Län', value: 'Norrbotten', type: 'Text' }] })))).toEqual([
      { kind: 'entities', ids: [id] },
    ])
    let saved = ''
    expect(
      await heard(atlas, async () => {
        saved = (await call(atlas.invoke('comparisons:save', { name: 'Två fall', state: { caseIds: [id, 'plattform-kiruna'], expandedCodeIds: [], codeOrder: [] } }))).id
      }),
    ).toEqual([{ kind: 'comparisons', ids: [saved] }])
    await atlas.close()
  })

  it('is heard only after the commit, from another connection too, and a rollback announces nothing', async () => {
    const file = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath: file, corpusDir: writeCorpus(tempDir()) })
    const reader = openReadOnly(file)
    const seen: string[] = []
    const stop = onChange(atlas.db, (changes) => {
      for (const change of changes) {
        for (const id of change.ids) {
          // A second connection sees the row when the change is announced: the transaction has committed.
          if (reader.prepare('SELECT 1 FROM comparisons WHERE id = ?').get(id)) seen.push(id)
        }
      }
    })
    const state = { caseIds: ['plattform-kiruna', 'program-stader'], expandedCodeIds: [], codeOrder: [] }
    const kept = transaction(atlas.db, () => insertComparison(atlas.db, 'Behålls', state))
    expect(() =>
      transaction(atlas.db, () => {
        insertComparison(atlas.db, 'Rullas tillbaka', state)
        throw new Error('avbrutet')
      }),
    ).toThrow('avbrutet')
    expect(seen).toEqual([kept])
    // The next write announces only itself, not what the rollback dropped.
    const next = insertComparison(atlas.db, 'Nästa', state)
    expect(seen).toEqual([kept, next])
    stop()
    reader.close()
    await atlas.close()
  })
})

describe('read-only connections', () => {
  it('cannot reach a write function (a type error) and SQLite refuses their writes', async () => {
    const file = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath: file, corpusDir: writeCorpus(tempDir()) })
    const reader: ReadableDB = openReadOnly(file)
    const state = { caseIds: ['plattform-kiruna', 'program-stader'], expandedCodeIds: [], codeOrder: [] }
    // @ts-expect-error a ReadableDB is no WritableDB: the search worker's connection cannot call a write function
    expect(() => insertComparison(reader, 'Nej', state)).toThrow(/readonly/i)
    reader.close()
    await atlas.close()
  })
})

describe('the search index follows the announcements', () => {
  async function search(atlas: Atlas, query: string) {
    return call(atlas.invoke('search:query', { query }))
  }

  it('renaming a code renames it in the tags of the highlights coded with it and below it', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await atlas.searchReady
    await call(atlas.invoke('preferences:set', { author: 'Åsa Öberg' }))
    const highlight = await call(
      atlas.invoke('highlights:create', { target: { type: 'section', id: 'rapport-a#s2' }, start: 0, end: 5, codeIds: ['starter-fas-pilot'] }),
    )
    await call(atlas.invoke('codes:update', { id: 'starter-fas', name: 'Mognadsgrad' }))
    const found = (await search(atlas, 'mognadsgrad')).hits.map((h) => h.id)
    // The code itself, the code below it (its path) and the highlight coded with that one (its tags).
    expect(found).toEqual(expect.arrayContaining(['starter-fas', 'starter-fas-pilot', highlight.id]))
    await atlas.close()
  })

  it('renaming an own case renames the parent of the memos about it', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await atlas.searchReady
    await call(atlas.invoke('preferences:set', { author: 'Åsa Öberg' }))
    const draft = { kind: 'initiative' as const, name: 'Första namnet', summary: '', startYear: null, endYear: null, themes: [], funders: [], organisations: [], related: [] }
    const { id } = await call(atlas.invoke('cases:create', { draft }))
    await call(atlas.invoke('memos:create', { target: { type: 'case', id }, title: 'Samverkansmodell', body: 'Text' }))
    await call(atlas.invoke('cases:update', { id, draft: { ...draft, name: 'Andra namnet' } }))
    const [memo] = (await search(atlas, 'samverkansmodell')).hits
    expect(memo).toMatchObject({ type: 'memo', parentId: id, parentTitle: 'Andra namnet', parentType: 'initiative' })
    await atlas.close()
  })

  it('re-reads only the documents a change names', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await atlas.searchReady
    // Written past the write layer, so nothing announces it: the index keeps the old text …
    atlas.db.prepare(`UPDATE sections SET text = 'Tyst ändrad text om cirkulär ekonomi.' WHERE id = 'rapport-a#s1'`).run()
    expect((await search(atlas, 'cirkulär')).total).toBe(0)
    // Attaching the report to a case changes no text of either: nothing is read again …
    await call(atlas.invoke('documents:attach', { documentId: 'rapport-a', caseIds: ['program-stader'] }))
    expect((await search(atlas, 'cirkulär')).total).toBe(0)
    // … until a change names that report's content.
    emit(atlas.db, { kind: 'entities', ids: ['rapport-a'] })
    expect((await search(atlas, 'cirkulär')).hits.map((h) => h.id)).toEqual(['rapport-a#s1'])
    await atlas.close()
  })

  it('hits carry their parent’s type whenever they name a parent: facts, sections, values and memos on codes', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    await call(atlas.invoke('preferences:set', { author: 'Åsa Öberg' }))
    await call(atlas.invoke('memos:create', { target: { type: 'code', id: 'starter-fas-pilot' }, title: 'Pilotfrågor', body: 'Text' }))
    const hits = [
      ...(await search(atlas, 'stöd från Vinnova')).hits,
      ...(await search(atlas, 'idéslussar')).hits,
      ...(await search(atlas, 'systematiskt')).hits,
      ...(await search(atlas, 'pilotfrågor')).hits,
    ]
    expect(hits.filter((h) => h.parentId).length).toBeGreaterThanOrEqual(4)
    for (const hit of hits) if (hit.parentId) expect(hit.parentType, `${hit.type} ${hit.id}`).toBeDefined()
    expect(hits.find((h) => h.type === 'fact')).toMatchObject({ parentId: 'plattform-kiruna', parentType: 'initiative' })
    expect(hits.find((h) => h.type === 'memo')).toMatchObject({ parentId: 'starter-fas-pilot', parentType: 'code' })
    await atlas.close()
  })
})
