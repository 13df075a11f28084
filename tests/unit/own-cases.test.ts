import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { exportCasesCsv } from '../../src/core/io/cases-csv'
import type { Channel, Output } from '../../src/shared/api'
import { tempDir, writeCorpus, messageOf, worded } from './helpers'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

function withFile(content: string | null, name = 'fall.csv') {
  const file = path.join(tempDir(), name)
  if (content !== null) fs.writeFileSync(file, content)
  return openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()), pickFiles: async () => (content === null ? [] : [file]) })
}

const rowCount = (atlas: Atlas) => (atlas.db.prepare("SELECT count(*) AS n FROM entities WHERE origin = 'own'").get() as { n: number }).n

const draft = {
  kind: 'initiative',
  name: 'Idésluss i Luleå',
  summary: 'Ett eget fall.',
  startYear: 2019,
  endYear: null,
  themes: ['idéslussar'],
  funders: ['Vinnova'],
  organisations: [{ id: 'kommun-2584', role: 'partner' }],
  related: ['program-stader'],
}

describe('own cases', () => {
  it('are created and edited with the same fields as bundled ones and show up in the catalogue', async () => {
    const atlas = withFile(null)
    const { id } = await call(atlas, 'cases:create', { draft })
    expect(id).toMatch(/^own-case-/)
    let shown = await call(atlas, 'cases:get', { id })
    expect(shown).toMatchObject({ name: 'Idésluss i Luleå', origin: 'own', startYear: 2019, themes: ['idéslussar'], funders: ['Vinnova'] })
    expect(shown.related.map((r) => r.id)).toEqual(['program-stader'])
    await call(atlas, 'cases:update', { id, draft: { ...draft, name: 'Idésluss i Luleå kommun', endYear: 2021 } })
    shown = await call(atlas, 'cases:get', { id })
    expect(shown).toMatchObject({ name: 'Idésluss i Luleå kommun', endYear: 2021 })
    const page = await call(atlas, 'catalogue:list', { filter: { theme: ['idéslussar'] } })
    expect(page.cases.map((c) => c.id)).toEqual([id])
    await call(atlas, 'cases:delete', { id })
    expect(await atlas.invoke('cases:get', { id })).toMatchObject({ ok: false, code: 'not-found' })
  })

  it('bundled cases stay read-only but carry the researcher’s own attributes', async () => {
    const atlas = withFile(null)
    const refused = await atlas.invoke('cases:update', { id: 'plattform-kiruna', draft })
    expect(worded(refused)).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringContaining('kan inte ändras') })
    const attributes = await call(atlas, 'cases:setAttributes', {
      id: 'plattform-kiruna',
      attributes: [
        { name: 'Bedömning', value: 'Stark förankring', type: 'Text' },
        { name: 'Antal idéer', value: '42', type: 'Integer' },
      ],
    })
    expect(attributes.map((a) => a.name)).toEqual(['Antal idéer', 'Bedömning'])
    expect(await call(atlas, 'cases:setAttributes', { id: 'plattform-kiruna', attributes: [{ name: 'Bedömning', value: '', type: 'Text' }] })).toEqual([
      { name: 'Antal idéer', value: '42', type: 'Integer' },
    ])
  })

  it.each([
    [{ ...draft, name: '  ' }, 'ett fall måste ha ett namn'],
    [{ ...draft, startYear: 2020, endYear: 2019 }, 'Slutåret 2019 ligger före startåret 2020.'],
    [{ ...draft, organisations: [{ id: 'kommun-9999', role: 'ägare' }] }, 'Organisationen "kommun-9999" finns inte i atlasen.'],
  ])('refuses a bad draft with a message and writes nothing (%#)', async (bad, message) => {
    const atlas = withFile(null)
    expect(worded(await atlas.invoke('cases:create', { draft: bad }))).toMatchObject({ ok: false, message: expect.stringContaining(message) })
    expect(rowCount(atlas)).toBe(0)
  })
})

describe('cases from CSV', () => {
  const csv = [
    'namn;typ;startår;teman;organisationer',
    'Idésluss i Luleå;initiativ;2019;idéslussar | medarbetare;Kiruna kommun:ägare',
    '"Plattform ""Norr"";med semikolon";program;2020;;2584',
  ].join('\r\n')

  it('previews with the delimiter and a guessed mapping, then imports every row', async () => {
    const atlas = withFile(`\uFEFF${csv}`)
    const preview = await call(atlas, 'import:casesPreview', {})
    if (preview.cancelled) throw new Error('cancelled')
    expect(preview).toMatchObject({ delimiter: ';', columns: ['namn', 'typ', 'startår', 'teman', 'organisationer'], rowCount: 2 })
    expect(preview.mapping).toEqual({ name: 'namn', kind: 'typ', startYear: 'startår', themes: 'teman', organisations: 'organisationer' })
    const result = await call(atlas, 'import:cases', { token: preview.token, mapping: preview.mapping })
    expect(result.created).toHaveLength(2)
    const second = await call(atlas, 'cases:get', { id: result.created[1]! })
    expect(second).toMatchObject({ name: 'Plattform "Norr";med semikolon', kind: 'programme', startYear: 2020 })
    expect(second.caseOrganisations).toMatchObject([{ id: 'kommun-2584', role: 'partner' }])
  })

  it('checks every row first: one bad row and nothing is written, with row numbers in the message', async () => {
    const atlas = withFile('namn,startår,organisationer\nEtt bra fall,2019,\n,tjugo,Atlantis:ägare\n')
    const preview = await call(atlas, 'import:casesPreview', {})
    if (preview.cancelled) throw new Error('cancelled')
    expect(preview.delimiter).toBe(',')
    const result = await atlas.invoke('import:cases', { token: preview.token, mapping: preview.mapping })
    expect(result.ok).toBe(false)
    const message = messageOf(result)
    expect(message).toContain('fall.csv:')
    expect(message).toContain('rad 3: startår "tjugo" är inget årtal')
    expect(message).toContain('rad 3: namn saknas')
    expect(message).toContain('rad 3: organisationen "Atlantis" finns inte i atlasen')
    expect(rowCount(atlas)).toBe(0)
  })

  it('refuses a mapping to a column that is not there, and a file with a broken row', async () => {
    const atlas = withFile('namn;startår\nA;2019\n')
    const preview = await call(atlas, 'import:casesPreview', {})
    if (preview.cancelled) throw new Error('cancelled')
    expect(worded(await atlas.invoke('import:cases', { token: preview.token, mapping: { name: 'titel' } }))).toMatchObject({
      ok: false,
      message: 'fall.csv: kolumnen "titel" (för name) finns inte i filen.',
    })
    const broken = withFile('namn;startår\nA;2019;extra\n')
    const result = await broken.invoke('import:casesPreview', {})
    expect(worded(result)).toMatchObject({ ok: false, message: expect.stringContaining('fall.csv: CSV-filen gick inte att läsa') })
  })

  it('the app’s own export imports again unchanged (round trip), formula-looking values included', async () => {
    const source = withFile(null)
    const { id } = await call(source, 'cases:create', { draft: { ...draft, summary: '=SUMMA(A1) och "citat"; ny\nrad' } })
    const exported = exportCasesCsv(source.db, [id, 'plattform-kiruna'])
    expect(exported.startsWith('\uFEFF')).toBe(true)
    const parsed = parse(exported, { delimiter: ';', bom: true }) as string[][]
    expect(parsed[0]).toEqual(['id', 'typ', 'namn', 'sammanfattning', 'startår', 'slutår', 'teman', 'finansiärer', 'organisationer', 'relaterade'])
    expect(parsed.find((r) => r[0] === id)?.[3]).toBe(`'=SUMMA(A1) och "citat"; ny\nrad`)

    const target = withFile(exportCasesCsv(source.db, [id]), 'export.csv')
    const preview = await call(target, 'import:casesPreview', {})
    if (preview.cancelled) throw new Error('cancelled')
    await call(target, 'import:cases', { token: preview.token, mapping: preview.mapping })
    const before = await call(source, 'cases:get', { id })
    const after = await call(target, 'cases:get', { id })
    const comparable = (c: typeof before) => ({ ...c, facts: [], links: [] })
    expect(comparable(after)).toEqual(comparable(before))
  })
})

describe('survey values from CSV', () => {
  it('become an own survey with every value, Swedish decimals, population groups and the source’s word before each figure', async () => {
    const atlas = withFile(
      'indikator;population;period;värde;enhet;källa;qualifier\n' +
        'Andel med innovationsstrategi;kommuner;2022;12,5;procent;https://example.org/a;drygt\n' +
        'Andel med innovationsstrategi;regioner;2022;48;procent;https://example.org/a;\n' +
        'Andel med innovationsstrategi;statliga myndigheter;2022;60;procent;https://example.org/a;Knappt\n',
      'strategier.csv',
    )
    const result = await call(atlas, 'import:survey', { name: 'Egen enkät 2022' })
    if (result.cancelled) throw new Error('cancelled')
    const survey = await call(atlas, 'surveys:get', { id: result.surveyId })
    expect(survey.name).toBe('Egen enkät 2022')
    expect(survey.values).toMatchObject([
      { population: 'kommuner', populationGroup: 'kommun', value: 12.5, qualifier: 'drygt', source: { url: 'https://example.org/a' } },
      { population: 'regioner', populationGroup: 'region', value: 48, qualifier: null },
      { population: 'statliga myndigheter', populationGroup: 'myndighet', value: 60, qualifier: 'knappt' },
    ])
  })

  it('an older file’s yes/no column "ungefärligt" still reads, a yes as ca', async () => {
    const atlas = withFile(
      'indikator;population;period;värde;enhet;källa;ungefärligt\n' +
        'Andel med innovationsstrategi;kommuner;2022;12,5;procent;https://example.org/a;ja\n' +
        'Andel med innovationsstrategi;regioner;2022;48;procent;https://example.org/a;nej\n',
      'strategier.csv',
    )
    const result = await call(atlas, 'import:survey', {})
    if (result.cancelled) throw new Error('cancelled')
    const survey = await call(atlas, 'surveys:get', { id: result.surveyId })
    expect(survey.values.map((v) => [v.population, v.qualifier])).toEqual([
      ['kommuner', 'ca'],
      ['regioner', null],
    ])
  })

  it.each([
    ['indikator;population;period;värde;enhet\nA;kommuner;2022;1;procent\n', 'kolumner saknas: source'],
    ['indikator;population;period;värde;enhet;källa\nA;kommuner;2022;tolv;procent;https://example.org\n', 'rad 2: värdet "tolv" är inget tal'],
    ['indikator;population;period;värde;enhet;källa\nA;kommuner;2022;1;procent;vinnova.se\n', 'rad 2: källan "vinnova.se" är ingen webbadress'],
    ['indikator;population;period;värde;enhet;källa;ordval\nA;kommuner;2022;1;procent;https://example.org;ungefär\n', 'rad 2: ordvalet "ungefär" är okänt'],
  ])('a bad file gets a message naming the problem and nothing is written (%#)', async (content, message) => {
    const atlas = withFile(content, 'enkat.csv')
    const before = rowCount(atlas)
    expect(worded(await atlas.invoke('import:survey', {}))).toMatchObject({ ok: false, message: expect.stringContaining(message) })
    expect(rowCount(atlas)).toBe(before)
  })
})
