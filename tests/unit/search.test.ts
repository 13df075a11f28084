import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { makeSnippet } from '../../src/core/search/snippet'
import { loadIndex, SearchService, indexStamp } from '../../src/core/search/service'
import { compoundParts, fold, stem, Vocabulary } from '../../src/shared/search-options'
import { parseQuery } from '../../src/shared/search-query'
import { tempDir, writeCorpus, REAL_CORPUS, messageOf } from './helpers'

describe('query language', () => {
  it.each([
    ['hållbara städer', { words: ['hållbara', 'städer'], lastWordIsPrefix: true }],
    ['hållbara städer ', { words: ['hållbara', 'städer'], lastWordIsPrefix: false }],
    ['"hållbara städer" Kiruna', { phrases: ['hållbara städer'], words: ['kiruna'] }],
    ['idésluss -Stockholm', { words: ['idésluss'], excluded: ['stockholm'] }],
    ['typ:rapport idésluss', { types: ['report', 'section', 'document'], words: ['idésluss'] }],
    ['typ:dokument kommun', { types: ['document'], words: ['kommun'] }],
    ['län:25 kommun:Kiruna', { counties: ['25'], kommuner: ['Kiruna'], words: [] }],
    ['län:Västra_Götalands', { counties: ['Västra Götalands'] }],
    ['år:2016..2020 plattform', { years: { from: 2016, to: 2020 }, words: ['plattform'] }],
    ['år:2019', { years: { from: 2019, to: 2019 } }],
  ])('%s', (input, expected) => {
    expect(parseQuery(input)).toMatchObject(expected)
  })

  it.each([
    ['typ:bok idésluss', ['typ:bok'], ['idésluss']],
    ['år:2020..2016 fond', ['år:2020..2016'], ['fond']],
    ['år:tjugo fond', ['år:tjugo'], ['fond']],
    ['- "" län: fond', ['-', '""', 'län:'], ['fond']],
  ])('a malformed part is ignored and named, the rest is searched: %s', (input, ignored, words) => {
    const q = parseQuery(input)
    expect(q.ignored).toEqual(ignored)
    expect(q.words).toEqual(words)
  })
})

describe('Swedish analysis', () => {
  it('stems inflections to one term', () => {
    expect(stem('hållbara')).toBe(stem('hållbar'))
    expect(stem('innovationsplattformar')).toBe(stem('innovationsplattform'))
    expect(stem('regioner')).toBe(stem('region'))
  })

  it('splits compounds against the vocabulary, dropping the linking s', () => {
    const vocabulary = new Vocabulary()
    expect(compoundParts('innovationsplattformar', vocabulary)).toEqual([stem('plattformar'), stem('innovation')])
    expect(compoundParts('idéslussar', vocabulary)).toContain(stem('sluss'))
    expect(compoundParts('kommun', vocabulary)).toEqual([])
  })

  it('folds å/ä/ö', () => {
    expect(fold('hållbara städer öppna')).toBe('hallbara stader oppna')
  })
})

describe('snippets', () => {
  const termsOf = (w: string) => [stem(w)]
  it('marks every matched word in a window around the first match', () => {
    const text = `${'Inledande mening utan träffar. '.repeat(6)}Idéslussar i kommuner tar hand om idéer; idéslussen i Sundsvall är en av dem.`
    const s = makeSnippet(text, [stem('idéslussar')], termsOf)
    expect(s.text.startsWith('… ')).toBe(true)
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['Idéslussar', 'idéslussen'])
  })

  it('keeps offsets right across å/ä/ö, emoji and line breaks', () => {
    const text = 'Första raden 😀\nHållbara städer växer.'
    const s = makeSnippet(text, [stem('städer')], termsOf)
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['städer'])
  })
})

describe('search service', () => {
  it('saves the index and loads it again instead of rebuilding while nothing changed', async () => {
    const dir = tempDir()
    const atlas = openAtlas({ dbPath: path.join(dir, 'atlas.sqlite'), corpusDir: writeCorpus(tempDir()) })
    await atlas.searchReady
    const indexFile = path.join(dir, 'atlas.search-index', 'index.ndjson')
    expect(fs.existsSync(indexFile)).toBe(true)
    const saved = await loadIndex(path.dirname(indexFile), indexStamp(atlas.db))
    expect(saved?.mini.documentCount).toBeGreaterThan(0)
    const phases: string[] = []
    const reopened = await SearchService.open(atlas.db, path.dirname(indexFile), (p) => phases.push(p.phase))
    expect(phases).toEqual(['loading', 'ready'])
    expect((await reopened.search('idéslussar')).hits[0]?.id).toBe('rapport-a#s2')
    await atlas.close()
  })

  it('rebuilds when the corpus version changes, and when the saved index is damaged', async () => {
    const dir = tempDir()
    const corpusDir = writeCorpus(tempDir())
    const dbPath = path.join(dir, 'atlas.sqlite')
    const first = openAtlas({ dbPath, corpusDir })
    await first.searchReady
    await first.close()
    writeCorpus(corpusDir, (f) => ((f.get('reports/rapport-a.yaml') as any).sections[1].text = 'Nu om innovationsfonder.'), '2')
    const second = openAtlas({ dbPath, corpusDir })
    const result = await second.invoke('search:query', { query: 'innovationsfond' })
    expect(result.ok && result.value.hits.map((h) => h.id)).toContain('rapport-a#s2')
    await second.close()

    fs.writeFileSync(path.join(dir, 'atlas.search-index', 'index.ndjson'), '{"kind":"header", trasig')
    const phases: string[] = []
    const third = openAtlas({ dbPath, corpusDir })
    const service = await SearchService.open(third.db, path.join(dir, 'atlas.search-index'), (p) => phases.push(p.phase))
    expect(phases).toContain('building')
    expect((await service.search('innovationsfond')).total).toBeGreaterThan(0)
    await third.close()
  })

  it('a hit points to the exact place: a section names its report, a fact its case', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: REAL_CORPUS })
    const result = await atlas.invoke('search:query', { query: 'typ:avsnitt kultur' })
    if (!result.ok) throw new Error(messageOf(result))
    const section = result.value.hits[0]
    expect(section).toMatchObject({ type: 'section', parentId: 'skr-att-starka-innovationsformagan' })
    expect(section?.parentTitle).toContain('Att stärka innovationsförmågan')
    expect(result.value.groups).toEqual([{ type: 'section', count: result.value.total }])
    const unknown = await atlas.invoke('search:query', { query: 'län:Atlantis fond' })
    expect(unknown.ok && unknown.value).toMatchObject({ total: 0, ignored: [{ part: 'län:Atlantis', reason: 'okänt län' }] })
    await atlas.close()
  })
})

describe('atlas search CLI', () => {
  const db = path.join(tempDir(), 'cli.sqlite')
  const search = (query: string) =>
    JSON.parse(execFileSync('npm', ['run', '-s', 'atlas', '--', '--db', db, 'search', query, '--json'], { encoding: 'utf8' }))

  it('`search "Kiruna" --json` puts Kiruna first, in the documented shape', () => {
    const result = search('Kiruna')
    expect(result).toMatchObject({ query: 'Kiruna', total: expect.any(Number) })
    expect(['innovationsplattform-kiruna', 'kommun-2584']).toContain(result.hits[0].id)
    for (const hit of result.hits) {
      expect(Object.keys(hit).sort()).toEqual(
        ['id', 'score', 'snippet', 'title', 'type', ...(hit.parentId ? ['parentId', 'parentTitle'] : [])].sort(),
      )
    }
    const scores = result.hits.map((h: { score: number }) => h.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('`search "innovatoinsplattform"` (misspelled) still finds innovation platforms', () => {
    const result = search('innovatoinsplattform')
    expect(result.total).toBeGreaterThan(0)
    expect(result.hits.slice(0, 3).every((h: { title: string }) => /innovationsplattform/i.test(h.title))).toBe(true)
  })
})
