// The atlas's map and timeline, through the contract: outlines for every kommun and län of the corpus, what
// each layer counts, and the exported figures and tables.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import type { Channel, Output } from '../../src/shared/api'
import type { MapLayer, MapLayerRequest } from '../../src/shared/domain'
import { mapClasses } from '../../src/shared/figures/map-classes'
import { REAL_CORPUS, messageOf, tempDir, worded } from './helpers'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

const opened: Atlas[] = []
function open(options: Partial<Parameters<typeof openAtlas>[0]> = {}): Atlas {
  const atlas = openAtlas({ dbPath: ':memory:', corpusDir: REAL_CORPUS, spawnParser: null, ...options })
  opened.push(atlas)
  return atlas
}
afterEach(async () => {
  for (const atlas of opened.splice(0)) await atlas.close()
})

const layer = (atlas: Atlas, request: Partial<MapLayerRequest>): Promise<MapLayer> =>
  call(atlas, 'map:layer', { level: 'kommun', measure: 'cases', filter: {}, ...request })
const valueOf = (l: MapLayer, code: string): number | null | undefined => l.values.find((v) => v.code === code)?.value

describe('outlines', () => {
  it('every kommun and län of the corpus has an outline, and every outline a kommun or län of the corpus', async () => {
    const atlas = open()
    const outlines = await call(atlas, 'map:outlines', {})
    const kommuner = atlas.db.prepare(`SELECT code FROM organisations WHERE org_type = 'kommun' ORDER BY code`).pluck().all() as string[]
    const counties = atlas.db.prepare('SELECT code FROM counties ORDER BY code').pluck().all() as string[]
    expect(kommuner).toHaveLength(290)
    expect(counties).toHaveLength(21)
    expect(outlines.kommuner.map((k) => k.code)).toEqual(kommuner)
    expect(outlines.counties.map((c) => c.code)).toEqual(counties)
    // Each outline is drawn (non-empty path inside the picture) and sits in the county its code says.
    for (const area of [...outlines.kommuner, ...outlines.counties]) {
      expect(area.path).toMatch(/^M[\d.]+,[\d.]+L/)
      expect(area.centre[0]).toBeGreaterThanOrEqual(0)
      expect(area.centre[0]).toBeLessThanOrEqual(outlines.width)
      expect(area.centre[1]).toBeGreaterThanOrEqual(0)
      expect(area.centre[1]).toBeLessThanOrEqual(outlines.height)
    }
    for (const k of outlines.kommuner) expect(k.county).toBe(k.code.slice(0, 2))
    // Sweden stands upright: Kiruna (far north) above Malmö (far south), Gotland east of Göteborg.
    const at = (code: string) => outlines.kommuner.find((k) => k.code === code)!.centre
    expect(at('2584')[1]).toBeLessThan(at('1280')[1])
    expect(at('0980')[0]).toBeGreaterThan(at('1480')[0])
    expect(outlines.credit.url).toBe('https://github.com/okfse/sweden-geojson')
    // Names are the corpus's own, as everywhere else in the app.
    expect(outlines.counties.find((c) => c.code === '25')!.name).toBe('Norrbottens län')
    expect(outlines.kommuner.find((k) => k.code === '1480')!.name).toBe('Göteborg')
  })

  it('a missing outline file is a clear message, not a crash', async () => {
    const atlas = open({ geoDir: tempDir() })
    const result = worded(await atlas.invoke('map:outlines', {}))
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('kommuner.geojson') })
  })
})

describe('map layers', () => {
  it('cases per kommun count the kommuner taking part; per län every county of an organisation, as the catalogue filters', async () => {
    const atlas = open()
    const kommun = await layer(atlas, {})
    expect(kommun.values).toHaveLength(290)
    expect(kommun.legend).toMatchObject({ title: 'Fall per kommun', missing: 0 })
    const kiruna = kommun.values.find((v) => v.code === '2584')!
    expect(kiruna.value).toBe(kiruna.cases.length)
    expect(kiruna.cases.map((c) => c.id)).toContain('innovationsplattform-kiruna')
    expect(valueOf(kommun, '0114')).toBe(0)
    // Cases with no kommun among their organisations are said to be left out, with their number.
    expect(kommun.legend.notes.join(' ')).toMatch(/\d+ fall har ingen kommun/)

    const lan = await layer(atlas, { level: 'lan' })
    expect(lan.values).toHaveLength(21)
    for (const county of lan.values) {
      const catalogue = await call(atlas, 'catalogue:list', { filter: { county: [county.code] } })
      expect(county.value, county.code).toBe(catalogue.total)
    }
  })

  it('the catalogue’s filters, a programme and the spread’s year narrow the cases counted', async () => {
    const atlas = open()
    const all = await layer(atlas, {})
    const programmes = await layer(atlas, { filter: { kind: ['programme'] } })
    const sum = (l: MapLayer) => l.values.reduce((n, v) => n + (v.value ?? 0), 0)
    expect(sum(programmes)).toBeLessThan(sum(all))
    for (const v of programmes.values) for (const c of v.cases) expect(c.kind).toBe('programme')

    const sluices = await layer(atlas, { programme: 'vinnova-ideslussar-i-kommuner' })
    // Örebro takes part in the programme itself and in its own sluice, funded by it.
    expect(sluices.values.find((v) => v.code === '1880')!.cases.map((c) => c.id).sort()).toEqual(['idesluss-orebro-kommun', 'vinnova-ideslussar-i-kommuner'])
    expect(sluices.legend.notes.join(' ')).toContain('Idéslussar i kommuner')
    expect(worded(await atlas.invoke('map:layer', { level: 'kommun', measure: 'cases', filter: {}, programme: 'finns-inte' }))).toMatchObject({
      ok: false,
      message: '"finns-inte" är inget program i atlasen.',
    })

    // Örebro's sluice started in 2015: not yet there in 2014, there in 2015.
    const ids = async (untilYear: number) =>
      (await layer(atlas, { programme: 'vinnova-ideslussar-i-kommuner', untilYear })).values.find((v) => v.code === '1880')!.cases.map((c) => c.id)
    expect(await ids(2014)).not.toContain('idesluss-orebro-kommun')
    expect(await ids(2015)).toContain('idesluss-orebro-kommun')
    const spread = await layer(atlas, { untilYear: 2015 })
    expect(valueOf(spread, '1880')).toBeGreaterThanOrEqual(1)
    expect(spread.legend.notes.join(' ')).toMatch(/fall utan känt startår ingår inte/)
    expect(spread.choices.years.min).toBeLessThanOrEqual(2015)
  })

  it('evidence counts the researcher’s highlights with a code (and its subcodes) for the kommun’s cases', async () => {
    const atlas = open()
    await call(atlas, 'preferences:set', { author: 'Åsa Öberg' })
    const parent = await call(atlas, 'codes:create', { name: 'Ledning' })
    const child = await call(atlas, 'codes:create', { name: 'Stöd från ledningen', parentId: parent.id })
    const other = await call(atlas, 'codes:create', { name: 'Finansiering' })
    const summary = (await call(atlas, 'cases:get', { id: 'innovationsplattform-kiruna' })).summary
    await call(atlas, 'highlights:create', { target: { type: 'summary', id: 'innovationsplattform-kiruna' }, start: 0, end: 10, codeIds: [child.id] })
    await call(atlas, 'highlights:create', { target: { type: 'summary', id: 'innovationsplattform-kiruna' }, start: 11, end: Math.min(30, [...summary].length), codeIds: [other.id] })

    const evidence = await layer(atlas, { measure: 'evidence', codeId: parent.id })
    expect(valueOf(evidence, '2584')).toBe(1)
    expect(evidence.values.find((v) => v.code === '2584')!.cases.map((c) => c.id)).toEqual(['innovationsplattform-kiruna'])
    expect(evidence.values.filter((v) => v.value! > 0).map((v) => v.code)).toEqual(['2584'])
    expect(evidence.legend.title).toBe('Markeringar med koden Ledning per kommun')
    expect(valueOf(await layer(atlas, { measure: 'evidence', codeId: other.id }), '2584')).toBe(1)
    expect(worded(await atlas.invoke('map:layer', { level: 'kommun', measure: 'evidence', filter: {} }))).toMatchObject({ ok: false })
  })

  it('a Kolada indicator colours the kommuner it has values for; the rest are missing, not zero', async () => {
    const atlas = open({ pickFiles: async () => [path.resolve('tests/fixtures/kolada/values.json'), path.resolve('tests/fixtures/kolada/kpis.json')] })
    const before = await layer(atlas, {})
    expect(before.choices.kpis).toEqual([])
    expect(worded(await atlas.invoke('map:layer', { level: 'kommun', measure: 'kolada', filter: {}, kpi: 'N00001', year: 2016 }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('N00001'),
    })
    await call(atlas, 'kolada:import', {})
    const kolada = await layer(atlas, { measure: 'kolada', kpi: 'N00001', year: 2016 })
    expect(kolada.choices.kpis).toEqual([{ id: 'N00001', title: 'Testindikator (påhittad)', years: [2015, 2016] }])
    expect(valueOf(kolada, '2584')).toBe(12)
    expect(valueOf(kolada, '2580')).toBe(8.25)
    expect(valueOf(kolada, '0114')).toBeNull()
    expect(kolada.legend).toMatchObject({ title: 'Testindikator (påhittad) (N00001)', year: 2016, missing: 288 })
    expect(kolada.legend.source).toContain('Kolada')
    const scale = mapClasses(kolada)
    expect(scale.colourOf(null)).toBeNull()
    expect(scale.colourOf(12)).not.toBe(scale.colourOf(8.25))
  })

  it('a survey value colours the areas its populations name', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'enkat.csv')
    fs.writeFileSync(
      file,
      'indikator;population;period;värde;enhet;källa\n' +
        'Andel med innovationsstrategi;Kiruna kommun;2023;40;procent;https://example.org/a\n' +
        'Andel med innovationsstrategi;Göteborgs stad;2023;70;procent;https://example.org/a\n' +
        'Andel med innovationsstrategi;kommuner;2023;30;procent;https://example.org/a\n' +
        'Andel med innovationsstrategi;Region Norrbotten;2023;55;procent;https://example.org/a\n',
    )
    const atlas = open({ pickFiles: async () => [file] })
    const imported = await call(atlas, 'import:survey', { name: 'Egen enkät' })
    if (imported.cancelled) throw new Error('cancelled')
    const choices = (await layer(atlas, {})).choices.surveys
    expect(choices).toEqual([{ id: imported.surveyId, name: 'Egen enkät', indicators: [{ indicator: 'Andel med innovationsstrategi', periods: ['2023'] }] }])
    const request = { measure: 'survey' as const, surveyId: imported.surveyId, indicator: 'Andel med innovationsstrategi' }
    const kommun = await layer(atlas, request)
    expect(valueOf(kommun, '2584')).toBe(40)
    expect(valueOf(kommun, '1480')).toBe(70)
    expect(kommun.legend).toMatchObject({ missing: 288, unit: 'procent', period: '2023', source: 'Egen enkät' })
    const lan = await layer(atlas, { ...request, level: 'lan' })
    expect(valueOf(lan, '25')).toBe(55)
    expect(lan.legend.missing).toBe(20)
  })
})

describe('figures and tables', () => {
  it('the map as SVG carries its legend and the outlines’ credit; as CSV one row per kommun, missing values empty', async () => {
    const saved = tempDir()
    let next = ''
    const atlas = open({ pickSavePath: async () => next })
    const request = { level: 'kommun', measure: 'cases', filter: {} }
    next = path.join(saved, 'karta.svg')
    expect(await call(atlas, 'export:map', { request, format: 'svg' })).toMatchObject({ cancelled: false, files: [next] })
    const svg = fs.readFileSync(next, 'utf8')
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"')
    expect(svg.match(/<path d=/g)!.length).toBe(290 + 21)
    expect(svg).toContain('Fall per kommun')
    expect(svg).toContain('okfse/sweden-geojson')
    expect(svg).toContain('<title>Kiruna: ')

    next = path.join(saved, 'karta.csv')
    await call(atlas, 'export:map', { request, format: 'csv' })
    const rows = parse(fs.readFileSync(next, 'utf8'), { delimiter: ';', bom: true }) as string[][]
    expect(rows[0]).toEqual(['kod', 'namn', 'län', 'värde', 'fall'])
    expect(rows).toHaveLength(291)
    const kiruna = rows.find((r) => r[0] === '2584')!
    expect(kiruna.slice(1, 3)).toEqual(['Kiruna', 'Norrbottens län'])
    expect(kiruna[4]).toContain('Innovationsplattform Kiruna')

    // A PNG that is not one is refused and nothing is written.
    next = path.join(saved, 'karta.png')
    expect(worded(await atlas.invoke('export:map', { request, format: 'png', png: Buffer.from('not a png').toString('base64') }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('ingen PNG sparades'),
    })
    expect(fs.existsSync(next)).toBe(false)
  })

  it('the timeline keeps unknown ends unknown and lists cases without a start year apart', async () => {
    const atlas = open()
    const layout = await call(atlas, 'timeline:layout', { filter: {}, groupBy: 'kind' })
    expect(layout.groups.map((g) => g.label)).toEqual(['Initiativ', 'Program'])
    const rows = layout.groups.flatMap((g) => g.rows)
    const orebro = rows.find((r) => r.id === 'idesluss-orebro-kommun')!
    expect(orebro).toMatchObject({ start: 2015, endKnown: false, end: layout.to })
    const sluices = rows.find((r) => r.id === 'vinnova-ideslussar-i-kommuner')!
    expect(sluices.endKnown).toBe(true)
    const catalogue = await call(atlas, 'catalogue:list', { filter: {} })
    expect(rows.length + layout.undated.length).toBe(catalogue.total)
    expect(layout.undated.map((u) => u.id).sort()).toEqual(catalogue.cases.filter((c) => c.startYear === null).map((c) => c.id).sort())

    const byCounty = await call(atlas, 'timeline:layout', { filter: {}, groupBy: 'county' })
    expect(byCounty.groups.map((g) => g.label)).toContain('Norrbottens län')

    const saved = tempDir()
    const target = path.join(saved, 'tidslinje.csv')
    const exporter = open({ pickSavePath: async () => target })
    await call(exporter, 'export:timeline', { filter: {}, groupBy: 'kind', format: 'csv' })
    const csv = parse(fs.readFileSync(target, 'utf8'), { delimiter: ';', bom: true }) as string[][]
    expect(csv[0]).toEqual(['id', 'namn', 'typ', 'grupp', 'startår', 'slutår', 'slutår känt'])
    expect(csv.find((r) => r[0] === 'idesluss-orebro-kommun')!.slice(4)).toEqual(['2015', '', 'nej'])
    expect(csv).toHaveLength(1 + catalogue.total)
    const svg = (await call(atlas, 'timeline:svg', { filter: {}, groupBy: 'kind' })).svg
    expect(svg).toContain('slut okänt')
  })
})
