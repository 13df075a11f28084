// Relevance over the bundled corpus: realistic queries a researcher types, each with the hit that must be in
// the top three. Names, themes, misspellings, folded spellings (no å/ä/ö), compounds, prefixes, phrases,
// field filters.
import { afterAll, describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { saveDocument } from '../../src/core/db/documents'
import { REAL_CORPUS, messageOf } from './helpers'

const atlas = openAtlas({ dbPath: ':memory:', corpusDir: REAL_CORPUS })
afterAll(() => atlas.close())

// A small library of the researcher's own documents (written for this test), searched together with the corpus.
const LIBRARY = [
  {
    id: 'intervjuer-socialtjanst',
    title: 'Intervjuer med socialtjänsten',
    sections: [
      { heading: 'Tillitsbaserad styrning', text: 'Enhetscheferna beskrev hur tillitsbaserad styrning gav medarbetarna mandat att pröva nya arbetssätt.' },
      { heading: 'Digitala hjälpmedel', text: 'Välfärdsteknik som trygghetskameror och digital tillsyn infördes stegvis i hemtjänsten.' },
    ],
  },
  {
    id: 'protokoll-innovationsrad',
    title: 'Protokoll från innovationsrådet',
    sections: [
      { heading: 'Beslut om finansiering', text: 'Rådet beslutade att innovationsfonden ska finansiera tre förstudier om cirkulär upphandling.' },
      { heading: 'Uppföljning', text: 'Följeforskarna redovisade en lägesrapport om kompetensutveckling och förändringsledning.' },
    ],
  },
]
for (const doc of LIBRARY) {
  saveDocument(atlas.db, { ...doc, summary: '', file: { name: `${doc.id}.txt`, format: 'text', sha256: doc.id, bytes: 1 } })
}

const PLATFORMS = [
  'innovationsplattform-boras-norrby',
  'innovationsplattform-kiruna',
  'innovationsplattform-hallbara-stockholm',
  'vinnova-innovationsplattformar-hallbara-attraktiva-stader',
  'muf-2015-16-slutrapport-foljeforskningen',
  'muf-2015-15-internationell-utblick',
  'rise-natsam-slutrapport-2019',
]

/** Each row: what kind of query, the query as typed, and the id (or one of the ids) that must be in the top 3. */
const RELEVANCE: [kind: string, query: string, expected: string | string[]][] = [
  ['name', 'Kiruna', 'innovationsplattform-kiruna'],
  ['name, kommun', 'Kiruna kommun', 'kommun-2584'],
  ['name', 'Malmö Sydost', 'innovationsplattform-malmo-sydost'],
  ['name', 'Future by Lund', 'future-by-lund'],
  ['name', 'Medtech4Health', 'medtech4health-innovationsmotorer'],
  ['name', 'Innovationsveckan', 'innovationsveckan'],
  ['name, region', 'Region Skåne', 'region-12'],
  ['name, organisation', 'SCB', 'scb'],
  ['name, kommun', 'Umeå', 'kommun-2480'],
  ['theme', 'idésluss', 'idesluss-sundsvallsregionen'],
  ['theme', 'hållbara städer', 'vinnova-innovationsplattformar-hallbara-attraktiva-stader'],
  ['theme', 'innovationsfond', 'region-stockholm-innovationsfonden'],
  ['theme', 'living lab', 'fran-living-labs-till-transition-labs'],
  ['theme', 'innovationsstrategi', 'stockholms-stad-innovationsstrategi-ideslussen'],
  ['survey value', 'systematiskt innovation regioner', 'scb-innovation-i-offentlig-sektor-2019-2020#v1'],
  ['report section', 'struktur och kultur', 'skr-att-starka-innovationsformagan#s4'],
  ['misspelled', 'innovatoinsplattform', PLATFORMS],
  ['misspelled', 'Helsingbrog', 'helsingborg-innovation-h22'],
  ['misspelled', 'Vinova', 'vinnova'],
  ['misspelled', 'Medtech4Helth', 'medtech4health-innovationsmotorer'],
  ['misspelled, swapped letters', 'kirnua', ['innovationsplattform-kiruna', 'kommun-2584']],
  ['misspelled, swapped letters', 'kiurna', ['innovationsplattform-kiruna', 'kommun-2584']],
  ['misspelled, swapped letters', 'Helsingbrog', 'helsingborg-innovation-h22'],
  ['misspelled, swapped letters', 'idéslsusar', ['vinnova-ideslussar-i-kommuner', 'idesluss-sundsvallsregionen', 'idesluss-orebro-kommun']],
  ['folded', 'hallbara stader', 'vinnova-innovationsplattformar-hallbara-attraktiva-stader'],
  ['folded', 'fornyelsepriset', 'region-gotland-fornyelsepriset'],
  ['folded', 'malmo sydost', 'innovationsplattform-malmo-sydost'],
  ['folded', 'ideslussar', 'vinnova-ideslussar-i-kommuner'],
  ['compound', 'plattform', PLATFORMS],
  ['compound', 'sluss', 'innovationssluss-skaraborg'],
  ['compound', 'klinik', 'region-vasterbotten-innovationskliniker'],
  ['compound', 'barometer', 'skr-rapport-innovationsbarometern-2019'],
  ['compound', 'förnyelsepris', 'region-gotland-fornyelsepriset'],
  ['prefix', 'idésl', 'idesluss-orebro-kommun'],
  ['prefix', 'plattf', PLATFORMS],
  ['prefix', 'Skarab', 'innovationssluss-skaraborg'],
  ['prefix', 'innovationsvec', 'innovationsveckan'],
  ['phrase', '"hållbara attraktiva städer"', 'vinnova-innovationsplattformar-hallbara-attraktiva-stader'],
  ['filter', 'typ:rapport idéslussar', 'skr-att-starka-innovationsformagan'],
  ['filter', 'typ:organisation län:25 region', 'region-25'],
  ['filter', 'innovationsplattform kommun:Borås', 'innovationsplattform-boras-norrby'],
  ['filter', 'innovationsplattform år:2016..2016', 'innovationsplattform-kiruna'],
]

/** The library's rows: a query and the passage that must be among the top 3 of the Dokument group. */
const LIBRARY_RELEVANCE: [kind: string, query: string, expected: string][] = [
  ['word', 'välfärdsteknik', 'intervjuer-socialtjanst#s2'],
  ['inflected', 'trygghetskamera', 'intervjuer-socialtjanst#s2'],
  ['folded', 'valfardsteknik', 'intervjuer-socialtjanst#s2'],
  ['heading', 'tillitsbaserad', 'intervjuer-socialtjanst#s1'],
  ['compound part', 'upphandling', 'protokoll-innovationsrad#s1'],
  ['compound part', 'fond', 'protokoll-innovationsrad#s1'],
  ['prefix', 'förändringsled', 'protokoll-innovationsrad#s2'],
  ['prefix', 'välfär', 'intervjuer-socialtjanst#s2'],
  ['phrase', '"mandat att pröva"', 'intervjuer-socialtjanst#s1'],
  ['misspelled', 'kompetensutveckilng', 'protokoll-innovationsrad#s2'],
  ['misspelled, swapped letters', 'välfärdstenkik', 'intervjuer-socialtjanst#s2'],
  ['misspelled, swapped letters', 'hemtjänstne', 'intervjuer-socialtjanst#s2'],
  ['misspelled, swapped letters', 'följeofrskarna', 'protokoll-innovationsrad#s2'],
  ['misspelled, two edits', 'förstudeir', 'protokoll-innovationsrad#s1'],
  ['two words', 'cirkulär upphandling', 'protokoll-innovationsrad#s1'],
  ['filter', 'typ:dokument styrning', 'intervjuer-socialtjanst#s1'],
]

describe('relevance in the library: the expected passage is in the top 3 documents', () => {
  it.each(LIBRARY_RELEVANCE)('%s: %s → %s', async (_kind, query, expected) => {
    const result = await atlas.invoke('search:query', { query, limit: 20 })
    if (!result.ok) throw new Error(messageOf(result))
    const top = result.value.hits.filter((h) => h.type === 'document').slice(0, 3).map((h) => h.id)
    expect(top, `top 3 documents were ${top.join(', ')}`).toContain(expected)
  })
})

describe('relevance: the expected hit is in the top 3', () => {
  it.each(RELEVANCE)('%s: %s → %s', async (_kind, query, expected) => {
    const result = await atlas.invoke('search:query', { query, limit: 3 })
    if (!result.ok) throw new Error(messageOf(result))
    const top = result.value.hits.map((h) => h.id)
    const wanted = Array.isArray(expected) ? expected : [expected]
    expect(top.filter((id) => wanted.includes(id)), `top 3 was ${top.join(', ')}`).not.toEqual([])
  })

  it('has at least 25 queries', () => {
    expect(RELEVANCE.length).toBeGreaterThanOrEqual(25)
  })

  it('puts Kiruna (the kommun or its innovation platform) first', async () => {
    const result = await atlas.invoke('search:query', { query: 'Kiruna' })
    expect(result.ok && ['innovationsplattform-kiruna', 'kommun-2584']).toContain(result.ok && result.value.hits[0]?.id)
  })

  it('ranks an exact å/ä/ö spelling above a folded one', async () => {
    const exact = await atlas.invoke('search:query', { query: 'hållbara städer ' })
    const folded = await atlas.invoke('search:query', { query: 'hallbara stader ' })
    if (!exact.ok || !folded.ok) throw new Error('search failed')
    // Same hits, but the correctly spelled query scores higher: it matches the exact and the folded term.
    expect(exact.value.hits[0]?.id).toBe(folded.value.hits[0]?.id)
    expect(exact.value.hits[0]!.score).toBeGreaterThan(folded.value.hits[0]!.score)
  })
})
