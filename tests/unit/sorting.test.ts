// The lists' sort orders (src/renderer/src/lib/sorting.ts) and their place in the address (lib/routes.ts).
import { describe, expect, it } from 'vitest'
import { href, parseHash } from '../../src/renderer/src/lib/routes'
import { latestYear, sortList, type SortFields } from '../../src/renderer/src/lib/sorting'

interface Row {
  name: string
  year: number | null
  county: string | null
  kind: number
}

const rows: Row[] = [
  { name: 'Östersund', year: 2018, county: 'Jämtlands län', kind: 1 },
  { name: 'Arvika', year: null, county: 'Värmlands län', kind: 1 },
  { name: 'Zinkgruvan', year: 2020, county: null, kind: 0 },
  { name: 'Ale', year: 2018, county: 'Västra Götalands län', kind: 0 },
  { name: 'Älvsbyn', year: 2021, county: 'Norrbottens län', kind: 1 },
]
const fields: SortFields<Row> = { name: (r) => r.name, year: (r) => r.year, county: (r) => r.county, kind: (r) => r.kind }
const names = (sorted: Row[]): string[] => sorted.map((r) => r.name)

describe('sortList', () => {
  it('sorts names in the language of the UI: å, ä, ö after z in Swedish, among the a and o in English', () => {
    expect(names(sortList(rows, 'name', fields, 'sv-SE'))).toEqual(['Ale', 'Arvika', 'Zinkgruvan', 'Älvsbyn', 'Östersund'])
    expect(names(sortList(rows, 'name', fields, 'en-GB'))).toEqual(['Ale', 'Älvsbyn', 'Arvika', 'Östersund', 'Zinkgruvan'])
  })

  it('puts the newest year first, an unknown year last, and breaks ties by name', () => {
    expect(names(sortList(rows, 'year', fields, 'sv-SE'))).toEqual(['Älvsbyn', 'Zinkgruvan', 'Ale', 'Östersund', 'Arvika'])
  })

  it('sorts by county name with no county last, and by kind in its fixed order', () => {
    expect(names(sortList(rows, 'county', fields, 'sv-SE'))).toEqual(['Östersund', 'Älvsbyn', 'Arvika', 'Ale', 'Zinkgruvan'])
    expect(names(sortList(rows, 'kind', fields, 'sv-SE'))).toEqual(['Ale', 'Zinkgruvan', 'Arvika', 'Älvsbyn', 'Östersund'])
  })

  it('keeps equal items in the order they came (a stable sort) and leaves its input alone', () => {
    const same = [
      { name: 'Lund', year: 2019, county: null, kind: 0 },
      { name: 'Lund', year: 2019, county: null, kind: 1 },
    ]
    expect(sortList(same, 'year', fields, 'sv-SE').map((r) => r.kind)).toEqual([0, 1])
    const before = names(rows)
    sortList(rows, 'name', fields, 'sv-SE')
    expect(names(rows)).toEqual(before)
  })
})

describe('latestYear', () => {
  it('reads the latest year a reference period names', () => {
    expect(latestYear('2021–2022')).toBe(2022)
    expect(latestYear('de senaste två åren före mätningen (ca 2017–2018, egen slutsats)')).toBe(2018)
    expect(latestYear('hösten 12345')).toBeNull()
    expect(latestYear(null)).toBeNull()
  })
})

describe('the sort in the address', () => {
  it('is left out for a list’s default and read back for the others', () => {
    expect(href.catalogue()).toBe('#/katalog')
    expect(href.catalogue({}, 'name')).toBe('#/katalog')
    expect(href.catalogue({ kind: ['programme'] }, 'year')).toBe('#/katalog?kind=programme&sortera=ar')
    expect(parseHash('#/katalog?kind=programme&sortera=ar')).toEqual({ name: 'catalogue', filter: { kind: ['programme'] }, sort: 'year' })
    expect(parseHash(href.reports('name'))).toEqual({ name: 'reports', sort: 'name' })
    expect(href.reports()).toBe('#/rapporter')
    expect(parseHash(href.surveys('year'))).toEqual({ name: 'surveys', sort: 'year' })
    expect(href.organisations('kommun', '25', 'name')).toBe('#/organisationer?typ=kommun&lan=25&sortera=namn')
    expect(parseHash('#/organisationer?typ=kommun&lan=25&sortera=namn')).toEqual({
      name: 'organisations',
      type: 'kommun',
      county: '25',
      sort: 'name',
    })
  })

  it('falls back to the default for a sort the list does not offer or a word it does not know', () => {
    expect(parseHash('#/rapporter?sortera=lan')).toEqual({ name: 'reports', sort: 'year' })
    expect(parseHash('#/katalog?sortera=slump')).toEqual({ name: 'catalogue', filter: {}, sort: 'name' })
    expect(parseHash('#/organisationer?sortera=ar')).toEqual({ name: 'organisations', type: null, county: null, sort: 'county' })
  })
})
