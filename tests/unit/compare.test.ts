import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { parseKolada } from '../../src/core/compare/kolada'
import { createWorkerReads } from '../../src/core/reads/worker-client'
import type { Channel, Output } from '../../src/shared/api'
import { tempDir, writeCorpus, messageOf, thrownWords, worded } from './helpers'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

/**
 * Fixture: Kiruna's platform (a case, in Norrbotten, with a fact), the cities programme (a case, in Stockholm)
 * and Rapport A, related to Kiruna's platform. Its section s2 is "Andra avsnittet om idéslussar.".
 */
function compareCorpus(dir = tempDir(), edit: (f: Map<string, any>) => void = () => {}, version = '1'): string {
  return writeCorpus(
    dir,
    (f) => {
      ;(f.get('programmes/program-stader.yaml') as any).facts = [{ id: 'f1', text: 'Programmet stöttar fyra städer.', source: 'https://example.org/p' }]
      f.set('organisations/kommun-2580.yaml', { id: 'kommun-2580', kind: 'organisation', name: 'Luleå', type: 'kommun', code: '2580', county: '25' })
      edit(f)
    },
    version,
  )
}

function fixture(pickFiles?: string[]) {
  const corpusDir = compareCorpus()
  const options = pickFiles ? { pickFiles: async () => pickFiles } : {}
  return openAtlas({ dbPath: ':memory:', corpusDir, ...options })
}

async function seed(atlas: Atlas) {
  await call(atlas, 'preferences:set', { author: 'Åsa Öberg' })
  const make = (type: string, id: string, start: number, end: number, codeIds: string[]) =>
    call(atlas, 'highlights:create', { target: { type, id }, start, end, codeIds })
  // Hand count, by case and code (a report's highlights count for the cases related to it):
  //   Kiruna: summary "En plattform i Kiruna." → pilot; fact → pilot + idé; report section → idé
  //   Programme: fact → spridning
  const h1 = await make('summary', 'plattform-kiruna', 3, 12, ['starter-fas-pilot'])
  const h2 = await make('fact', 'plattform-kiruna#f1', 0, 11, ['starter-fas-pilot', 'starter-fas-ide'])
  const h3 = await make('section', 'rapport-a#s2', 19, 29, ['starter-fas-ide'])
  const h4 = await make('fact', 'program-stader#f1', 0, 11, ['starter-fas-spridning'])
  return { h1, h2, h3, h4 }
}

describe('comparison matrix', () => {
  it('counts highlights per case and code, parents including their children, as counted by hand', async () => {
    const atlas = fixture()
    await seed(atlas)
    const m = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    const count = (code: string) => m.codes.find((c) => c.id === code)!.counts
    expect(count('starter-fas-pilot')).toEqual({ 'plattform-kiruna': 2, 'program-stader': 0 })
    expect(count('starter-fas-ide')).toEqual({ 'plattform-kiruna': 2, 'program-stader': 0 })
    expect(count('starter-fas-spridning')).toEqual({ 'plattform-kiruna': 0, 'program-stader': 1 })
    // The group counts each highlight once, even when it carries two codes of the group.
    expect(count('starter-fas')).toEqual({ 'plattform-kiruna': 3, 'program-stader': 1 })
    expect(count('starter-perspektiv')).toEqual({ 'plattform-kiruna': 0, 'program-stader': 0 })
    expect(m.maxCount).toBe(3)
    expect(m.codes.find((c) => c.id === 'starter-fas-ide')).toMatchObject({ depth: 1, parentId: 'starter-fas', path: ['Innovationens fas', 'Idé'] })
  })

  it('lists the attributes of each case', async () => {
    const atlas = fixture()
    const m = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    expect(m.cases[0]).toMatchObject({
      name: 'Innovationsplattform Kiruna',
      kind: 'initiative',
      startYear: 2016,
      endYear: 2022,
      organisationTypes: ['kommun', 'myndighet'],
      codes: ['2584'],
      counties: [{ code: '25', name: 'Norrbottens län' }],
      funders: ['Vinnova'],
      themes: ['smart stad', 'stadsomvandling'],
      programmes: [{ id: 'program-stader' }],
      reportCount: 1,
      sourceCount: 1,
    })
  })

  it('opens a cell’s excerpts', async () => {
    const atlas = fixture()
    const { h2, h3 } = await seed(atlas)
    const excerpts = await call(atlas, 'compare:excerpts', { caseId: 'plattform-kiruna', codeId: 'starter-fas-ide' })
    expect(excerpts.map((e) => e.id).sort()).toEqual([h2.id, h3.id].sort())
    expect(excerpts.find((e) => e.id === h3.id)).toMatchObject({ quote: 'idéslussar', target: { type: 'section', id: 'rapport-a#s2' } })
  })

  it('refuses fewer than 2 or more than 12 cases, duplicates and unknown ids, with a message', async () => {
    const atlas = fixture()
    expect(worded(await atlas.invoke('compare:matrix', { caseIds: ['plattform-kiruna'] }))).toMatchObject({
      ok: false,
      message: 'Välj mellan 2 och 12 fall att jämföra (nu 1).',
    })
    expect(await atlas.invoke('compare:matrix', { caseIds: ['plattform-kiruna', 'plattform-kiruna'] })).toMatchObject({ ok: false })
    expect(worded(await atlas.invoke('compare:matrix', { caseIds: ['plattform-kiruna', 'rapport-a'] }))).toMatchObject({
      ok: false,
      message: '"rapport-a" är inget fall i atlasen.',
    })
  })

  it('exports the matrix only for cases it would compare: a refused request never asks where to save', async () => {
    const asked: string[] = []
    const dir = tempDir()
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: compareCorpus(), pickSavePath: async (r) => (asked.push(r.purpose), path.join(dir, 'matris.csv')) })
    await seed(atlas)
    expect(worded(await atlas.invoke('export:matrix', { caseIds: ['plattform-kiruna', 'rapport-a'] }))).toMatchObject({
      ok: false,
      message: '"rapport-a" är inget fall i atlasen.',
    })
    expect(asked).toEqual([])
    await call(atlas, 'export:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    expect(asked).toEqual(['export-matrix-csv'])
    // Innovationens fas: three highlights in Kiruna's texts, one in the programme's.
    expect(fs.readFileSync(path.join(dir, 'matris.csv'), 'utf8')).toMatch(/^Innovationens fas;1;3;;1;;starter-fas\r?$/m)
  })
})

describe('cell summaries', () => {
  it('stay linked to their highlights and say so when evidence is deleted or orphaned', async () => {
    const corpusDir = compareCorpus()
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath, corpusDir })
    const { h1, h3 } = await seed(atlas)
    const summary = await call(atlas, 'compare:summary', {
      caseId: 'plattform-kiruna',
      codeId: 'starter-fas-pilot',
      text: 'Piloten byggde på idéslussens arbetssätt.',
      highlightIds: [h1.id, h3.id],
    })
    expect(summary).toMatchObject({ evidenceState: 'ok', author: 'Åsa Öberg', evidence: [{ state: 'anchored' }, { state: 'anchored' }] })

    await call(atlas, 'highlights:delete', { id: h1.id })
    let m = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    const cell = () => m.summaries['plattform-kiruna|starter-fas-pilot']!
    expect(cell().evidenceState).toBe('some-missing')
    expect(cell().evidence.find((e) => e.highlightId === h1.id)).toMatchObject({ state: 'deleted', quote: 'plattform' })
    await atlas.close()

    // A corpus update removes the section the other highlight sits in: that evidence becomes an orphan.
    compareCorpus(corpusDir, (f) => ((f.get('reports/rapport-a.yaml') as any).sections[1].text = 'Helt annan text.'), '2')
    const updated = openAtlas({ dbPath, corpusDir })
    m = await call(updated, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    expect(cell().evidenceState).toBe('all-missing')
    expect(cell().evidence.map((e) => e.state).sort()).toEqual(['deleted', 'orphan'])
    expect(cell().text).toBe('Piloten byggde på idéslussens arbetssätt.')
    await updated.close()
  })

  it('move with their code when it is merged, and come back with undo', async () => {
    const atlas = fixture()
    const { h2 } = await seed(atlas)
    await call(atlas, 'compare:summary', { caseId: 'plattform-kiruna', codeId: 'starter-fas-pilot', text: 'Pilot.', highlightIds: [h2.id] })
    await call(atlas, 'compare:summary', { caseId: 'plattform-kiruna', codeId: 'starter-fas-ide', text: 'Idé.', highlightIds: [h2.id] })
    await call(atlas, 'codes:merge', { sourceId: 'starter-fas-pilot', targetId: 'starter-fas-ide' })
    let m = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    expect(m.summaries['plattform-kiruna|starter-fas-ide']?.text).toBe('Idé.\n\nPilot.')
    await call(atlas, 'history:undo', {})
    m = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    expect(m.summaries['plattform-kiruna|starter-fas-ide']?.text).toBe('Idé.')
    expect(m.summaries['plattform-kiruna|starter-fas-pilot']?.text).toBe('Pilot.')
  })
})

describe('saved comparisons', () => {
  it('are named, listed, reopened with their state, renamed and deleted', async () => {
    const atlas = fixture()
    const state = { caseIds: ['program-stader', 'plattform-kiruna'], expandedCodeIds: ['starter-fas'], codeOrder: ['starter-fas', 'starter-perspektiv'] }
    const saved = await call(atlas, 'comparisons:save', { name: 'Norr mot söder', state })
    expect((await call(atlas, 'comparisons:list', {})).map((c) => c.name)).toEqual(['Norr mot söder'])
    expect((await call(atlas, 'comparisons:get', { id: saved.id })).state).toEqual(state)
    await call(atlas, 'comparisons:rename', { id: saved.id, name: 'Kiruna och städerna' })
    expect((await call(atlas, 'comparisons:get', { id: saved.id })).name).toBe('Kiruna och städerna')
    await call(atlas, 'comparisons:delete', { id: saved.id })
    expect(await call(atlas, 'comparisons:list', {})).toEqual([])
  })
})

describe('similar cases', () => {
  it('rank by shared themes, codes, organisation type and county, with the reasons', async () => {
    const corpusDir = writeCorpus(tempDir(), (f) => {
      const base = f.get('initiatives/plattform-kiruna.yaml') as any
      f.set('initiatives/plattform-lulea.yaml', { ...base, id: 'plattform-lulea', name: 'Plattform Luleå', related: [], facts: [] })
      f.set('initiatives/fond-stockholm.yaml', {
        ...base,
        id: 'fond-stockholm',
        name: 'Fond i Stockholm',
        themes: ['smart stad'],
        organisations: [{ id: 'kommun-0180', role: 'ägare' }],
        related: [],
        facts: [],
      })
    })
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir })
    const similar = await call(atlas, 'compare:similar', { caseId: 'plattform-kiruna' })
    expect(similar.map((s) => s.case.id)).toEqual(['plattform-lulea', 'fond-stockholm', 'program-stader'])
    expect(similar[0]!.reasons).toEqual([
      '2 gemensamma teman: smart stad, stadsomvandling',
      'samma organisationstyp: kommun',
      'samma län: Norrbottens län',
    ])
  })
})

describe('Kolada import', () => {
  const known = (code: string) => (['2584', '2580'].includes(code) ? code : code === '0025' ? '25' : null)
  const entry = (over: Record<string, unknown> = {}) => ({
    kpi: 'N00001',
    municipality: '2584',
    period: 2016,
    values: [{ gender: 'T', count: 1, status: '', value: 1.5 }],
    ...over,
  })
  const parse = (values: unknown) => () => parseKolada(JSON.stringify(values), null, known, { values: 'v.json' })

  it('parses the API shape and the bare array, mapping a region "00XX" to its county code', () => {
    const { rows } = parseKolada(fs.readFileSync('tests/fixtures/kolada/values.json', 'utf8'), null, known)
    expect(rows).toHaveLength(6)
    expect(rows.find((r) => r.municipality === '0025')).toMatchObject({ organisationCode: '25', value: null })
    expect(parse([entry()])()).toMatchObject({ rows: [{ kpi: 'N00001', organisationCode: '2584', period: 2016, gender: 'T', value: 1.5 }] })
  })

  it.each([
    ['a missing field', [{ kpi: 'N00001', period: 2016, values: [] }], 'v.json, post 1: municipality saknas.'],
    ['a wrong type', [entry({ period: '2016' })], 'v.json, post 1: period'],
    ['a wrong gender', [entry({ values: [{ gender: 'X', value: 1 }] })], 'gender ska vara T, K eller M'],
    ['an unknown municipality code', [entry({ municipality: '9999' })], 'v.json, post 1: okänd kommun- eller regionkod "9999".'],
    ['a duplicate period', [entry(), entry()], 'v.json, post 2: N00001 för 2584 år 2016 (T) finns redan tidigare i filen.'],
    ['not a list', { data: [] }, 'väntade en lista med värden'],
    ['an empty file', [], 'filen innehåller inga värden'],
  ])('refuses %s with a message naming it', (_, values, message) => {
    expect(thrownWords(parse(values))).toContain(message)
  })

  it('is all-or-nothing, and the values come back as series per organisation', async () => {
    const bad = path.join(tempDir(), 'bad.json')
    fs.writeFileSync(bad, JSON.stringify([entry(), entry({ municipality: '9999' })]))
    const atlasBad = fixture([bad])
    const refused = await atlasBad.invoke('kolada:import', {})
    expect(worded(refused)).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringContaining('okänd kommun- eller regionkod "9999"') })
    expect(atlasBad.db.prepare('SELECT count(*) AS n FROM kolada_values').get()).toEqual({ n: 0 })

    const atlas = fixture([path.resolve('tests/fixtures/kolada/values.json'), path.resolve('tests/fixtures/kolada/kpis.json')])
    const imported = await call(atlas, 'kolada:import', {})
    expect(imported).toEqual({ cancelled: false, values: 6, kpis: 1, organisations: 3, periods: { from: 2015, to: 2016 } })
    const series = await call(atlas, 'kolada:series', { organisationCodes: ['2584', '25'] })
    expect(series).toEqual([
      { organisationCode: '2584', kpiId: 'N00001', kpiTitle: 'Testindikator (påhittad)', points: [{ period: 2015, value: 10.5 }, { period: 2016, value: 12 }] },
      { organisationCode: '25', kpiId: 'N00001', kpiTitle: 'Testindikator (påhittad)', points: [{ period: 2016, value: null }] },
    ])
  })

  it('refuses more than a million values, naming the limit, before anything is written', async () => {
    // 25 MB, under the file size limit: one entry with 1,000,001 values (a value needs only gender and value).
    const many = path.join(tempDir(), 'många.json')
    fs.writeFileSync(many, JSON.stringify([entry({ values: Array.from({ length: 1_000_001 }, () => ({ gender: 'T', value: 1 })) })]))
    const atlas = fixture([many])
    const refused = worded(await atlas.invoke('kolada:import', {}))
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^många\.json: filen har fler än 1\s000\s000 värden, .* Ingenting importerades\.$/) })
    expect(atlas.db.prepare('SELECT count(*) AS n FROM kolada_values').get()).toEqual({ n: 0 })
  })

  it('refuses a file over the size limit before reading it, and a cancelled dialog changes nothing', async () => {
    const big = path.join(tempDir(), 'stor.json')
    fs.writeFileSync(big, '')
    fs.truncateSync(big, 60 * 1024 * 1024)
    const atlas = fixture([big])
    expect(worded(await atlas.invoke('kolada:import', {}))).toMatchObject({ ok: false, message: expect.stringContaining('stor.json: filen är 60 MB') })
    const cancelled = fixture([])
    expect(await call(cancelled, 'kolada:import', {})).toEqual({ cancelled: true })
  })
})

describe('in the read worker, as the desktop app compares', () => {
  it('counts, opens excerpts and ranks similar cases as the main thread would, seeing every write made before', async () => {
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const corpusDir = compareCorpus()
    const worker = createWorkerReads({ url: new URL('../../src/core/reads/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] })
    const inWorker = openAtlas({ dbPath, corpusDir, indexDir: null, createReads: worker })
    const { h2, h3 } = await seed(inWorker)
    const caseIds = ['plattform-kiruna', 'program-stader']
    const asked = async (atlas: Atlas) => ({
      matrix: await call(atlas, 'compare:matrix', { caseIds }),
      excerpts: (await call(atlas, 'compare:excerpts', { caseId: 'plattform-kiruna', codeId: 'starter-fas-ide' })).map((e) => e.id).sort(),
      similar: await call(atlas, 'compare:similar', { caseId: 'plattform-kiruna' }),
    })
    const first = await asked(inWorker)
    expect(first.excerpts).toEqual([h2.id, h3.id].sort())
    const pilot = (m: Output<'compare:matrix'>) => m.codes.find((c) => c.id === 'starter-fas-pilot')!.counts['plattform-kiruna']
    expect(pilot(first.matrix)).toBe(2)
    // A highlight saved just before is counted by the worker's own connection.
    await call(inWorker, 'highlights:create', { target: { type: 'section', id: 'rapport-a#s2' }, start: 0, end: 5, codeIds: ['starter-fas-pilot'] })
    const after = await asked(inWorker)
    expect(pilot(after.matrix)).toBe(3)
    await inWorker.close()

    const here = openAtlas({ dbPath, corpusDir, indexDir: null })
    expect(await asked(here)).toEqual(after)
    await here.close()
  })
})
