import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { openAtlas, openAtlasChecked, type Atlas } from '../../src/core/atlas'
import { inProcessParser } from '../../src/core/io/parsing/runner'
import { createWorkerReads } from '../../src/core/reads/worker-client'
import { textHash } from '../../src/core/text'
import type { Channel, Output } from '../../src/shared/api'
import type { CodeNode } from '../../src/shared/domain'
import { codePointLength, toCodePoints } from '../../src/shared/anchor'
import { tempDir, writeCorpus, messageOf, worded } from './helpers'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

function flat(nodes: CodeNode[]): CodeNode[] {
  return nodes.flatMap((n) => [n, ...flat(n.children)])
}

const SECTION = 'rapport-a#s2'
const SECTION_TEXT = 'Andra avsnittet om idéslussar.'

async function openWithAuthor(corpusDir = writeCorpus(tempDir()), dbPath = ':memory:') {
  const atlas = openAtlas({ dbPath, corpusDir })
  await call(atlas, 'preferences:set', { author: 'Åsa Öberg' })
  return atlas
}

/** A project in a file, with its own corpus, open with an author: what a test of reopening starts from. */
async function projectOnDisk() {
  const corpusDir = writeCorpus(tempDir())
  const dbPath = path.join(tempDir(), 'atlas.sqlite')
  return { corpusDir, dbPath, atlas: await openWithAuthor(corpusDir, dbPath) }
}

async function highlightWord(atlas: Atlas, word: string, codeIds: string[] = [], extra: Record<string, unknown> = {}) {
  const start = toCodePoints(SECTION_TEXT, SECTION_TEXT.indexOf(word))
  return call(atlas, 'highlights:create', {
    target: { type: 'section', id: SECTION },
    start,
    end: start + codePointLength(word),
    codeIds,
    ...extra,
  })
}

describe('starter codebook', () => {
  it('ships the idea-sluice perspectives and the stages of innovation, each with a description', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    const tree = await call(atlas, 'codes:list', {})
    expect(tree.map((g) => g.name)).toEqual(['Perspektiv på innovationsförmåga', 'Innovationens fas'])
    expect(tree[0]!.children.map((c) => c.name)).toEqual([
      'Synen på innovation',
      'Stödjande strukturer',
      'Kultur och attityder',
      'Leda och organisera',
      'Strategiskt och operativt arbete',
      'Samverkan med näringsliv och upphandling',
    ])
    expect(tree[1]!.children.map((c) => c.name)).toEqual(['Idé', 'Pilot', 'Införande', 'Spridning'])
    for (const code of flat(tree)) expect(code.description).toMatch(/\.$/)
  })
})

describe('highlights', () => {
  it('need the researcher’s name first', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })
    const result = await atlas.invoke('highlights:create', { target: { type: 'section', id: SECTION }, start: 0, end: 5, codeIds: [] })
    expect(worded(result)).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringContaining('Ange ditt namn') })
  })

  it('are stored with code-point positions, quote, context, author and times, and coded with new and existing codes', async () => {
    const atlas = await openWithAuthor()
    const h = await highlightWord(atlas, 'idéslussar', ['starter-fas-pilot'], { newCodeNames: ['Medarbetarnas idéer'], note: 'Viktigt *citat*' })
    expect(h).toMatchObject({ start: 19, end: 29, quote: 'idéslussar', author: 'Åsa Öberg', note: 'Viktigt *citat*', entityId: 'rapport-a' })
    expect(h.prefix).toBe('Andra avsnittet om ')
    expect(h.codes.map((c) => c.name).sort()).toEqual(['Medarbetarnas idéer', 'Pilot'])
    expect(h.codes.find((c) => c.name === 'Pilot')?.path).toEqual(['Innovationens fas', 'Pilot'])
    const codes = flat(await call(atlas, 'codes:list', {}))
    expect(codes.find((c) => c.name === 'Pilot')).toMatchObject({ count: 1 })
    expect(codes.find((c) => c.name === 'Innovationens fas')).toMatchObject({ count: 0, totalCount: 1 })
  })

  it('refuse a range outside the text or of blanks only, and change nothing', async () => {
    const atlas = await openWithAuthor()
    const outside = await atlas.invoke('highlights:create', { target: { type: 'section', id: SECTION }, start: 5, end: 500, codeIds: [] })
    expect(outside).toMatchObject({ ok: false, code: 'invalid-input' })
    const blank = await atlas.invoke('highlights:create', { target: { type: 'section', id: SECTION }, start: 5, end: 6, codeIds: [] })
    expect(worded(blank)).toMatchObject({ ok: false, message: expect.stringContaining('blanksteg') })
    const missing = await atlas.invoke('highlights:create', { target: { type: 'section', id: 'finns#s9' }, start: 0, end: 2, codeIds: [] })
    expect(missing).toMatchObject({ ok: false, code: 'not-found' })
    expect(await call(atlas, 'notes:list', { filter: {} })).toEqual([])
  })
})

describe('codebook', () => {
  it('merge moves every highlight of the source to the target; undo brings the source back with its codings', async () => {
    const atlas = await openWithAuthor()
    const a = await highlightWord(atlas, 'Andra', ['starter-fas-pilot'])
    const b = await highlightWord(atlas, 'avsnittet', ['starter-fas-pilot', 'starter-fas-ide'])
    await call(atlas, 'codes:merge', { sourceId: 'starter-fas-pilot', targetId: 'starter-fas-ide' })
    let codes = flat(await call(atlas, 'codes:list', {}))
    expect(codes.some((c) => c.id === 'starter-fas-pilot')).toBe(false)
    expect(codes.find((c) => c.id === 'starter-fas-ide')?.count).toBe(2)
    const notes = await call(atlas, 'notes:list', { filter: { codeIds: ['starter-fas-ide'] } })
    expect(notes).toHaveLength(2)

    const undone = await call(atlas, 'history:undo', {})
    expect(undone.done).toContain('Slå ihop')
    codes = flat(await call(atlas, 'codes:list', {}))
    expect(codes.find((c) => c.id === 'starter-fas-pilot')?.count).toBe(2)
    expect(codes.find((c) => c.id === 'starter-fas-ide')?.count).toBe(1)
    const again = await call(atlas, 'highlights:forEntity', { entityId: 'rapport-a' })
    expect(again.find((h) => h.id === a.id)?.codes.map((c) => c.id)).toEqual(['starter-fas-pilot'])
    expect(again.find((h) => h.id === b.id)?.codes.map((c) => c.id).sort()).toEqual(['starter-fas-ide', 'starter-fas-pilot'])
  })

  it('delete states the impact first, removes the code and its children, keeps the highlights; undo restores all', async () => {
    const atlas = await openWithAuthor()
    const h = await highlightWord(atlas, 'idéslussar', ['starter-fas-pilot'], { note: 'behåll mig' })
    expect(await call(atlas, 'codes:impact', { id: 'starter-fas' })).toEqual({ highlights: 1, codes: 4 })
    await call(atlas, 'codes:delete', { id: 'starter-fas' })
    expect(flat(await call(atlas, 'codes:list', {})).some((c) => c.id.startsWith('starter-fas'))).toBe(false)
    const kept = await call(atlas, 'highlights:forEntity', { entityId: 'rapport-a' })
    expect(kept).toMatchObject([{ id: h.id, note: 'behåll mig', codes: [] }])
    await call(atlas, 'history:undo', {})
    const restored = flat(await call(atlas, 'codes:list', {}))
    expect(restored.filter((c) => c.id.startsWith('starter-fas'))).toHaveLength(5)
    expect(restored.find((c) => c.id === 'starter-fas-pilot')?.count).toBe(1)
  })

  it('rename, recolour and move (also by position), refusing a move under itself', async () => {
    const atlas = await openWithAuthor()
    await call(atlas, 'codes:update', { id: 'starter-fas-pilot', name: 'Test och pilot', color: '#123ABC' })
    await call(atlas, 'codes:move', { id: 'starter-fas-pilot', parentId: null, position: 0 })
    const tree = await call(atlas, 'codes:list', {})
    expect(tree[0]).toMatchObject({ id: 'starter-fas-pilot', name: 'Test och pilot', color: '#123abc', position: 0 })
    expect(tree[2]!.children.map((c) => c.name)).toEqual(['Idé', 'Införande', 'Spridning'])
    expect(tree[2]!.children.map((c) => c.position)).toEqual([0, 1, 2])
    const loop = await atlas.invoke('codes:move', { id: 'starter-fas', parentId: 'starter-fas-ide', position: 0 })
    expect(worded(loop)).toMatchObject({ ok: false, message: 'En kod kan inte flyttas in under sig själv.' })
    const clash = await atlas.invoke('codes:create', { name: 'idé', parentId: 'starter-fas' })
    expect(worded(clash)).toMatchObject({ ok: false, message: expect.stringContaining('finns redan') })
  })
})

describe('undo and redo of every action kind', () => {
  type Step = [label: string, act: (atlas: Atlas) => Promise<unknown>, observe: (atlas: Atlas) => Promise<unknown>]
  const highlightsOf = async (atlas: Atlas) =>
    (await call(atlas, 'highlights:forEntity', { entityId: 'rapport-a' })).map((h) => ({ note: h.note, codes: h.codes.map((c) => c.id) }))
  const codes = async (atlas: Atlas) => flat(await call(atlas, 'codes:list', {})).map((c) => `${c.parentId}/${c.position}/${c.name}/${c.color}`)
  const memos = async (atlas: Atlas) =>
    (await call(atlas, 'notes:list', { filter: { kind: 'memo' } })).map((e) => (e.kind === 'memo' ? `${e.memo.title}:${e.memo.body}` : ''))

  const steps: Step[] = [
    ['create highlight', (a) => highlightWord(a, 'avsnittet', ['starter-fas-ide']), highlightsOf],
    ['create highlight with a new code', (a) => highlightWord(a, 'avsnittet', [], { newCodeNames: ['Ny kod'] }), async (a) => [await highlightsOf(a), await codes(a)]],
    ['edit note', async (a) => call(a, 'highlights:update', { id: (await highlightWord(a, 'Andra')).id, note: 'ny' }), highlightsOf],
    ['recode', async (a) => call(a, 'highlights:update', { id: (await highlightWord(a, 'Andra', ['starter-fas-ide'])).id, codeIds: ['starter-fas-pilot'] }), highlightsOf],
    ['delete highlight', async (a) => call(a, 'highlights:delete', { id: (await highlightWord(a, 'Andra', ['starter-fas-ide'], { note: 'x' })).id }), highlightsOf],
    ['create code', (a) => call(a, 'codes:create', { name: 'Tillit', parentId: 'starter-perspektiv' }), codes],
    ['rename code', (a) => call(a, 'codes:update', { id: 'starter-fas-ide', name: 'Idéfas' }), codes],
    ['recolour code', (a) => call(a, 'codes:update', { id: 'starter-fas-ide', color: '#000000' }), codes],
    ['move code', (a) => call(a, 'codes:move', { id: 'starter-fas-spridning', parentId: 'starter-perspektiv', position: 1 }), codes],
    ['merge codes', (a) => call(a, 'codes:merge', { sourceId: 'starter-fas-ide', targetId: 'starter-fas-pilot' }), codes],
    ['delete code', (a) => call(a, 'codes:delete', { id: 'starter-perspektiv' }), codes],
    ['create memo', (a) => call(a, 'memos:create', { target: { type: 'project', id: null }, title: 'Syfte', body: 'text' }), memos],
    ['edit memo', async (a) => call(a, 'memos:update', { id: (await call(a, 'memos:create', { target: { type: 'code', id: 'starter-fas-ide' }, body: 'före' })).id, body: 'efter' }), memos],
    ['delete memo', async (a) => call(a, 'memos:delete', { id: (await call(a, 'memos:create', { target: { type: 'case', id: 'plattform-kiruna' }, body: 'b' })).id }), memos],
  ]

  it.each(steps)('%s: undo restores the state before, redo the state after', async (_, act, observe) => {
    const atlas = await openWithAuthor()
    await highlightWord(atlas, 'idéslussar', ['starter-fas-spridning'])
    await act(atlas)
    const after = await observe(atlas)
    const undone = await call(atlas, 'history:undo', {})
    expect(undone.done).toBeTruthy()
    expect(await observe(atlas)).not.toEqual(after)
    await call(atlas, 'history:redo', {})
    expect(await observe(atlas)).toEqual(after)
  })

  it('a new action after an undo clears the redo stack', async () => {
    const atlas = await openWithAuthor()
    await call(atlas, 'codes:create', { name: 'A' })
    await call(atlas, 'history:undo', {})
    expect((await call(atlas, 'history:state', {})).canRedo).toBe(true)
    await call(atlas, 'codes:create', { name: 'B' })
    expect(await call(atlas, 'history:state', {})).toMatchObject({ canRedo: false, undoLabel: 'Skapa koden "B"' })
  })
})

describe('notes view', () => {
  it('filters by code including children, entity, author and date, and sorts', async () => {
    const atlas = await openWithAuthor()
    await highlightWord(atlas, 'Andra', ['starter-fas-pilot'])
    await highlightWord(atlas, 'idéslussar', ['starter-synen-pa-innovation'])
    await call(atlas, 'memos:create', { target: { type: 'report', id: 'rapport-a' }, title: 'Om rapporten', body: '**Bra**' })
    const byGroup = await call(atlas, 'notes:list', { filter: { codeIds: ['starter-fas'] } })
    expect(byGroup.map((e) => e.kind === 'highlight' && e.highlight.quote)).toEqual(['Andra'])
    const withoutChildren = await call(atlas, 'notes:list', { filter: { codeIds: ['starter-fas'], includeChildren: false } })
    expect(withoutChildren).toEqual([])
    const onReport = await call(atlas, 'notes:list', { filter: { entityId: 'rapport-a' }, sort: 'place' })
    expect(onReport.map((e) => (e.kind === 'highlight' ? e.highlight.quote : e.memo.title))).toEqual(['Andra', 'idéslussar', 'Om rapporten'])
    expect(await call(atlas, 'notes:list', { filter: { author: 'Någon annan' } })).toEqual([])
    const today = new Date().toISOString().slice(0, 10)
    expect(await call(atlas, 'notes:list', { filter: { from: today, to: today } })).toHaveLength(3)
    expect(await call(atlas, 'notes:list', { filter: { to: '2000-01-01' } })).toEqual([])
  })
  it('gives the view one page: the same first entries as the whole list in every order, the total, and every choice', async () => {
    const atlas = await openWithAuthor()
    expect(await call(atlas, 'notes:page', { filter: {}, limit: 2 })).toEqual({ entries: [], total: 0, any: false, entities: [], authors: [] })
    await highlightWord(atlas, 'Andra', ['starter-fas-pilot'])
    await call(atlas, 'preferences:set', { author: 'Örjan Ek' })
    await highlightWord(atlas, 'idéslussar', ['starter-synen-pa-innovation'])
    await call(atlas, 'highlights:create', { target: { type: 'fact', id: 'plattform-kiruna#f1' }, start: 0, end: 10, codeIds: ['starter-fas-ide'] })
    await call(atlas, 'highlights:create', { target: { type: 'summary', id: 'plattform-kiruna' }, start: 3, end: 12, codeIds: [] })
    await call(atlas, 'preferences:set', { author: 'Anna Berg' })
    await call(atlas, 'memos:create', { target: { type: 'report', id: 'rapport-a' }, title: 'Om rapporten', body: 'text' })
    await call(atlas, 'memos:create', { target: { type: 'project', id: null }, title: 'Syfte', body: 'text' })
    const key = (e: Output<'notes:list'>[number]) => (e.kind === 'highlight' ? e.highlight.id : e.memo.id)
    const time = (e: Output<'notes:list'>[number], field: 'createdAt' | 'updatedAt') => (e.kind === 'highlight' ? e.highlight[field] : e.memo[field])
    // The orders themselves: newest first, oldest first, last changed first.
    const times = async (sort: 'created-desc' | 'created-asc' | 'updated-desc', field: 'createdAt' | 'updatedAt') =>
      (await call(atlas, 'notes:page', { filter: {}, sort, limit: 6 })).entries.map((e) => time(e, field))
    expect(await times('created-desc', 'createdAt')).toEqual((await times('created-desc', 'createdAt')).toSorted().reverse())
    expect(await times('created-asc', 'createdAt')).toEqual((await times('created-asc', 'createdAt')).toSorted())
    expect(await times('updated-desc', 'updatedAt')).toEqual((await times('updated-desc', 'updatedAt')).toSorted().reverse())
    expect(new Set(await times('created-asc', 'createdAt')).size).toBeGreaterThan(1)
    for (const sort of ['created-desc', 'created-asc', 'updated-desc', 'place'] as const) {
      const all = await call(atlas, 'notes:list', { filter: {}, sort })
      expect(all).toHaveLength(6)
      for (const limit of [1, 3, 6, 100]) {
        const page = await call(atlas, 'notes:page', { filter: {}, sort, limit })
        expect(page.entries.map(key), `${sort}, ${limit}`).toEqual(all.slice(0, limit).map(key))
        expect(page.entries).toEqual(all.slice(0, limit))
        expect(page.total).toBe(6)
      }
    }
    // Place order, by the name of what a note is about: Innovationsplattform Kiruna (its summary, then its fact),
    // the project's memo (Projektet), Rapport A (two highlights in text order, then its memo).
    const place = await call(atlas, 'notes:page', { filter: {}, sort: 'place', limit: 6 })
    expect(place.entries.map((e) => (e.kind === 'highlight' ? `${e.highlight.entityName}: ${e.highlight.quote}` : e.memo.title))).toEqual([
      'Innovationsplattform Kiruna: plattform',
      'Innovationsplattform Kiruna: Plattforme',
      'Syfte',
      'Rapport A: Andra',
      'Rapport A: idéslussar',
      'Om rapporten',
    ])
    // A filter narrows the entries and the total, never the choices.
    const narrowed = await call(atlas, 'notes:page', { filter: { author: 'Örjan Ek' }, limit: 1 })
    expect(narrowed).toMatchObject({ total: 3, any: true })
    expect(narrowed.entries).toHaveLength(1)
    expect(narrowed.authors).toEqual(['Anna Berg', 'Åsa Öberg', 'Örjan Ek'])
    expect(narrowed.entities.map((e) => [e.name, e.type])).toEqual([
      ['Innovationsplattform Kiruna', 'initiative'],
      ['Rapport A', 'report'],
    ])
    expect(await call(atlas, 'notes:page', { filter: { entityId: 'plattform-kiruna' }, limit: 10 })).toMatchObject({ total: 2 })
    expect(await call(atlas, 'notes:page', { filter: { codeIds: ['starter-fas'] }, limit: 10 })).toMatchObject({ total: 2 })
    expect((await atlas.invoke('notes:page', { filter: {}, limit: 0 })).ok).toBe(false)
  })
})

describe('re-anchoring after a corpus update', () => {
  it('moves highlights whose text moved and keeps the ones whose passage is gone as orphans, with codes and note', async () => {
    const { corpusDir, dbPath, atlas } = await projectOnDisk()
    const kept = await highlightWord(atlas, 'idéslussar', ['starter-fas-pilot'], { note: 'flyttas' })
    const lost = await highlightWord(atlas, 'Andra', ['starter-fas-ide'], { note: 'försvinner' })
    await atlas.close()

    const newText = 'Ett nytt stycke först. Sedan om idéslussar.'
    writeCorpus(corpusDir, (f) => ((f.get('reports/rapport-a.yaml') as any).sections[1].text = newText), '2')
    const updated = openAtlas({ dbPath, corpusDir })
    const all = await call(updated, 'highlights:forEntity', { entityId: 'rapport-a' })
    const moved = all.find((h) => h.id === kept.id)!
    const start = toCodePoints(newText, newText.indexOf('idéslussar'))
    expect(moved).toMatchObject({ status: 'anchored', quote: 'idéslussar', note: 'flyttas', start, end: start + 10 })
    const orphan = all.find((h) => h.id === lost.id)!
    expect(orphan).toMatchObject({ status: 'orphan', quote: 'Andra', note: 'försvinner', codes: [{ id: 'starter-fas-ide' }] })
    const orphans = await call(updated, 'notes:list', { filter: { status: 'orphan' } })
    expect(orphans).toHaveLength(1)

    // Re-attach the orphan to a new selection: it is anchored again, its note and codes kept.
    const reattached = await call(updated, 'highlights:reattach', { id: lost.id, target: { type: 'section', id: SECTION }, start: 0, end: 3 })
    expect(reattached).toMatchObject({ status: 'anchored', quote: 'Ett', note: 'försvinner', codes: [{ id: 'starter-fas-ide' }] })
    await updated.close()
  })
})

describe('an orphan whose section is gone', () => {
  it('still belongs to its report: in the margin list and under the report in the notes view', async () => {
    const { corpusDir, dbPath, atlas } = await projectOnDisk()
    const lost = await highlightWord(atlas, 'idéslussar', [], { note: 'avsnittet försvinner' })
    await atlas.close()
    // The next corpus drops the section the highlight was in.
    writeCorpus(corpusDir, (f) => (f.get('reports/rapport-a.yaml') as any).sections.splice(1, 1), '2')
    const updated = openAtlas({ dbPath, corpusDir })
    const listed = await call(updated, 'highlights:forEntity', { entityId: 'rapport-a' })
    expect(listed.map((h) => [h.id, h.status, h.note])).toEqual([[lost.id, 'orphan', 'avsnittet försvinner']])
    const page = await call(updated, 'notes:page', { filter: { entityId: 'rapport-a' }, limit: 10 })
    expect(page.entries.map((e) => (e.kind === 'highlight' ? e.highlight.id : e.memo.id))).toEqual([lost.id])
    expect(await call(updated, 'highlights:forEntity', { entityId: 'plattform-kiruna' })).toEqual([])
    await updated.close()
  })
})

describe("the notes view's choices, read in the read worker as the desktop app reads them", () => {
  it('name every author and case with notes, and follow each new note', async () => {
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const createReads = createWorkerReads({ url: new URL('../../src/core/reads/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] })
    const atlas = openAtlas({ dbPath, corpusDir: writeCorpus(tempDir()), indexDir: null, createReads })
    const choices = async () => {
      const page = await call(atlas, 'notes:page', { filter: {}, limit: 10 })
      return { authors: page.authors, entities: page.entities.map((e) => e.name) }
    }
    expect(await choices()).toEqual({ authors: [], entities: [] })
    await call(atlas, 'preferences:set', { author: 'Örjan Ek' })
    await highlightWord(atlas, 'idéslussar')
    expect(await choices()).toEqual({ authors: ['Örjan Ek'], entities: ['Rapport A'] })
    // A note by someone else on another case: the choices are read again after the change.
    await call(atlas, 'preferences:set', { author: 'Anna Berg' })
    await call(atlas, 'highlights:create', { target: { type: 'summary', id: 'plattform-kiruna' }, start: 0, end: 2, codeIds: [] })
    expect(await choices()).toEqual({ authors: ['Anna Berg', 'Örjan Ek'], entities: ['Innovationsplattform Kiruna', 'Rapport A'] })
    await atlas.close()
  })
})

describe('re-anchoring at open, asked of the check at open', () => {
  it('places highlights again when a text changed without it (an update cut short), and finds nothing to do otherwise', async () => {
    const { corpusDir, dbPath, atlas } = await projectOnDisk()
    const kept = await highlightWord(atlas, 'idéslussar', [], { note: 'flyttas' })
    const summary = await call(atlas, 'highlights:create', { target: { type: 'summary', id: 'rapport-a' }, start: 0, end: 3, codeIds: [] })
    await atlas.close()
    const check = async () => (await inProcessParser.parse({ kind: 'integrity', file: 'atlas.sqlite', path: dbPath, check: 'quick_check' })).textsChanged
    expect(await check()).toBe(false)

    // The section's text changed in the file, its highlight not placed again: as a corpus update that was cut
    // short between its load and the re-anchoring would leave it.
    const newText = 'Först något nytt. Andra avsnittet om idéslussar.'
    const db = new Database(dbPath)
    db.prepare('UPDATE sections SET text = ?, text_hash = ? WHERE id = ?').run(newText, textHash(newText), SECTION)
    db.close()
    expect(await check()).toBe(true)
    const reopened = await openAtlasChecked({ dbPath, corpusDir, spawnParser: null })
    const moved = (await call(reopened, 'highlights:forEntity', { entityId: 'rapport-a' })).find((h) => h.id === kept.id)!
    const start = toCodePoints(newText, newText.indexOf('idéslussar'))
    expect(moved).toMatchObject({ status: 'anchored', start, end: start + 10, note: 'flyttas' })
    await reopened.close()
    expect(await check()).toBe(false)

    // A summary carries no stored version: a changed one is found from its text.
    const again = new Database(dbPath)
    again.prepare(`UPDATE entities SET summary = 'Ö' WHERE id = 'rapport-a'`).run()
    again.close()
    expect(await check()).toBe(true)
    const third = await openAtlasChecked({ dbPath, corpusDir, spawnParser: null })
    const placed = (await call(third, 'highlights:forEntity', { entityId: 'rapport-a' })).find((h) => h.id === summary.id)!
    expect(placed.status).toBe('orphan')
    await third.close()
  })
})

describe('preferences', () => {
  it('remember that the first-start introduction was seen, across a reopen, without touching the others', async () => {
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const corpusDir = writeCorpus(tempDir())
    const atlas = await openWithAuthor(corpusDir, dbPath)
    expect((await call(atlas, 'preferences:get', {})).orientationSeen).toBe(false)
    const saved = await call(atlas, 'preferences:set', { orientationSeen: true })
    expect(saved).toMatchObject({ orientationSeen: true, author: 'Åsa Öberg', theme: 'system' })
    await atlas.close()

    const reopened = openAtlas({ dbPath, corpusDir })
    expect((await call(reopened, 'preferences:get', {})).orientationSeen).toBe(true)
    await call(reopened, 'preferences:set', { theme: 'dark' })
    expect((await call(reopened, 'preferences:get', {})).orientationSeen).toBe(true)
    expect((await call(reopened, 'preferences:set', { orientationSeen: false })).orientationSeen).toBe(false)
    expect((await reopened.invoke('preferences:set', { orientationSeen: 'ja' })).ok).toBe(false)
    await reopened.close()
  })
})

describe('durability', () => {
  it('a process killed right after saving loses nothing', async () => {
    const dir = tempDir()
    const dbPath = path.join(dir, 'atlas.sqlite')
    const corpusDir = writeCorpus(tempDir())
    // The child saves a highlight and a memo, prints "saved" after each call returned, then is killed with
    // SIGKILL by itself at once: no close, no checkpoint, nothing flushed on the way out.
    const script = `
      import { openAtlas } from ${JSON.stringify(path.resolve('src/core/atlas.ts'))}
      const atlas = openAtlas({ dbPath: ${JSON.stringify(dbPath)}, corpusDir: ${JSON.stringify(corpusDir)}, indexDir: null })
      await atlas.invoke('preferences:set', { author: 'Åsa' })
      const h = await atlas.invoke('highlights:create', { target: { type: 'section', id: 'rapport-a#s2' }, start: 19, end: 29, codeIds: ['starter-fas-pilot'], note: 'sparad' })
      const m = await atlas.invoke('memos:create', { target: { type: 'project', id: null }, body: 'memo sparat' })
      if (!h.ok || !m.ok) throw new Error('save failed')
      process.stdout.write('saved\\n')
      process.kill(process.pid, 'SIGKILL')
    `
    const child = spawnSync('npx', ['tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(child.stdout).toContain('saved')
    expect(child.signal ?? child.status).not.toBe(0)

    const reopened = openAtlas({ dbPath, corpusDir })
    const notes = await call(reopened, 'notes:list', { filter: {} })
    expect(notes.map((e) => (e.kind === 'highlight' ? e.highlight.note : e.memo.body)).sort()).toEqual(['memo sparat', 'sparad'])
    await reopened.close()
  })
})
