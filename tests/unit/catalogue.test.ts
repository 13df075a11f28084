import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import type { CatalogueFilter, CataloguePage } from '../../src/shared/domain'
import { tempDir, writeCorpus, REAL_CORPUS, messageOf } from './helpers'

async function page(atlas: Atlas, filter: CatalogueFilter): Promise<CataloguePage> {
  const result = await atlas.invoke('catalogue:list', { filter })
  if (!result.ok) throw new Error(messageOf(result))
  return result.value
}
const count = (p: CataloguePage, facet: keyof Omit<CataloguePage['facets'], 'startYear'>, value: string) =>
  p.facets[facet].find((f) => f.value === value)?.count

describe('catalogue filters and facets (fixture corpus)', () => {
  const open = () => openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })

  it('lists every case with facet counts when nothing is filtered', async () => {
    const atlas = open()
    const all = await page(atlas, {})
    expect(all.cases.map((c) => c.id).sort()).toEqual(['plattform-kiruna', 'program-stader'])
    expect(count(all, 'kind', 'initiative')).toBe(1)
    expect(count(all, 'county', '25')).toBe(1)
    expect(all.facets.county.find((f) => f.value === '25')?.label).toBe('Norrbottens län')
    expect(count(all, 'funder', 'Vinnova')).toBe(2)
    expect(all.facets.startYear).toEqual({ min: 2013, max: 2016 })
  })

  it('narrows across dimensions and counts each facet against the other filters', async () => {
    const atlas = open()
    const north = await page(atlas, { county: ['25'] })
    expect(north.cases.map((c) => c.id)).toEqual(['plattform-kiruna'])
    // The county facet ignores its own selection, so Stockholms län still says what ticking it would add.
    expect(count(north, 'county', '01')).toBe(1)
    expect(count(north, 'kind', 'programme')).toBe(0)
    const none = await page(atlas, { county: ['25'], kind: ['programme'] })
    expect(none.total).toBe(0)
  })

  it('filters by organisation type, theme and start-year range; unknown years drop out of a range', async () => {
    const atlas = open()
    expect((await page(atlas, { organisationType: ['myndighet'] })).total).toBe(1)
    expect((await page(atlas, { theme: ['smart stad', 'hållbar stadsutveckling'] })).total).toBe(2)
    expect((await page(atlas, { startYearFrom: 2014 })).cases.map((c) => c.id)).toEqual(['plattform-kiruna'])
    expect((await page(atlas, { startYearFrom: 2010, startYearTo: 2013 })).cases.map((c) => c.id)).toEqual(['program-stader'])
  })

  it('rejects malformed input with a stable code and a readable message', async () => {
    const atlas = open()
    const bad = await atlas.invoke('catalogue:list', { filter: { county: ['Norrbotten'] } })
    expect(bad).toMatchObject({ ok: false, code: 'invalid-input' })
    expect(messageOf(bad)).toContain('filter.county.0')
    expect(await atlas.invoke('cases:get', { id: 'finns-inte' })).toMatchObject({ ok: false, code: 'not-found' })
    expect(await atlas.invoke('links:open', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, code: 'invalid-input' })
  })
})

describe('catalogue pages (bundled corpus)', () => {
  it('a case page names organisations with roles, facts with sources, related cases and reports', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: REAL_CORPUS })
    const result = await atlas.invoke('cases:get', { id: 'vinnova-innovationsplattformar-hallbara-attraktiva-stader' })
    if (!result.ok) throw new Error(messageOf(result))
    const programme = result.value
    expect(programme.kind).toBe('programme')
    expect(programme.related.map((r) => r.id)).toContain('innovationsplattform-kiruna')
    expect(programme.reports.length).toBeGreaterThan(0)
    expect(programme.facts.length).toBeGreaterThan(0)
    // Relations read from both ends: Kiruna names the programme, and the programme lists Kiruna.
    const kiruna = await atlas.invoke('cases:get', { id: 'innovationsplattform-kiruna' })
    expect(kiruna.ok && kiruna.value.related.map((r) => r.id)).toContain('vinnova-innovationsplattformar-hallbara-attraktiva-stader')
    const region = await atlas.invoke('organisations:get', { id: 'region-25' })
    expect(region.ok && region.value.kommuner.map((k) => k.name)).toContain('Kiruna')
    atlas.close()
  })

  it('opens the system browser only through links:open, and only for http(s)', async () => {
    const opened: string[] = []
    const atlas = openAtlas({
      dbPath: ':memory:',
      corpusDir: writeCorpus(tempDir()),
      openExternal: async (url) => void opened.push(url),
    })
    expect(await atlas.invoke('links:open', { url: 'https://www.vinnova.se/' })).toEqual({ ok: true, value: { opened: true } })
    expect(await atlas.invoke('links:open', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, code: 'invalid-input' })
    expect(opened).toEqual(['https://www.vinnova.se/'])
  })
})
