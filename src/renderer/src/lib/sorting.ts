// Sorting the lists (catalogue, reports, surveys, organisations) in the renderer: each list arrives whole from
// the core, so a new order needs no round trip. Pure functions, no DOM, no runes.
//
// Names are compared with the UI language's collator (in Swedish å, ä and ö come after z), years newest first,
// and an item without the value sorted on (no start year, no county) comes last. Ties fall back to the name, then
// to the order the list came in (Array.prototype.sort is stable).

export const LIST_SORTS = ['name', 'year', 'county', 'kind'] as const
export type ListSort = (typeof LIST_SORTS)[number]

/** The sorts each list offers; the first is its default, which the address leaves out. */
export const CATALOGUE_SORTS = ['name', 'year', 'county', 'kind'] as const satisfies readonly ListSort[]
export const REPORT_SORTS = ['year', 'name'] as const satisfies readonly ListSort[]
export const SURVEY_SORTS = ['name', 'year'] as const satisfies readonly ListSort[]
export const ORGANISATION_SORTS = ['county', 'name', 'kind'] as const satisfies readonly ListSort[]

/** The words in the address (`sortera=ar`), in the language of its paths. */
const QUERY_WORDS: Record<ListSort, string> = { name: 'namn', year: 'ar', county: 'lan', kind: 'typ' }
export const SORT_PARAM = 'sortera'

/** The sort named in `query` if this list offers it, else the list's default. */
export function sortFromQuery<S extends ListSort>(query: URLSearchParams, offered: readonly S[]): S {
  const word = query.get(SORT_PARAM)
  return offered.find((sort) => QUERY_WORDS[sort] === word) ?? offered[0]!
}

/** Adds `sortera=` to `query` unless `sort` is the list's default. */
export function addSortToQuery<S extends ListSort>(query: URLSearchParams, sort: S, offered: readonly S[]): URLSearchParams {
  if (sort !== offered[0]) query.set(SORT_PARAM, QUERY_WORDS[sort])
  return query
}

/** How to read the values a list sorts on; a list gives only the ones it offers. Null means unknown. */
export interface SortFields<T> {
  name: (item: T) => string
  year?: (item: T) => number | null
  county?: (item: T) => string | null
  /** A rank (the kinds' fixed order) or a label to collate. */
  kind?: (item: T) => number | string | null
}

const collators = new Map<string, Intl.Collator>()
function collatorFor(intl: string): Intl.Collator {
  let collator = collators.get(intl)
  if (!collator) collators.set(intl, (collator = new Intl.Collator(intl, { numeric: true })))
  return collator
}

function missingLast<V>(a: V | null | undefined, b: V | null | undefined, compare: (a: V, b: V) => number): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1
  return compare(a, b)
}

/** A new array of `items` in the order `sort` asks for, in the collation of `intl` (e.g. 'sv-SE'). */
export function sortList<T>(items: readonly T[], sort: ListSort, fields: SortFields<T>, intl: string): T[] {
  const collator = collatorFor(intl)
  const text = (a: string, b: string): number => collator.compare(a, b)
  const rankOrText = (a: number | string, b: number | string): number =>
    typeof a === 'number' && typeof b === 'number' ? a - b : text(String(a), String(b))
  const byName = (a: T, b: T): number => text(fields.name(a), fields.name(b))
  const primary: (a: T, b: T) => number = (() => {
    const { year, county, kind } = fields
    switch (sort) {
      case 'year':
        return year ? (a, b) => missingLast(year(a), year(b), (x, y) => y - x) : () => 0
      case 'county':
        return county ? (a, b) => missingLast(county(a), county(b), text) : () => 0
      case 'kind':
        return kind ? (a, b) => missingLast(kind(a), kind(b), rankOrText) : () => 0
      case 'name':
        return () => 0
    }
  })()
  return [...items].sort((a, b) => primary(a, b) || byName(a, b))
}

/** The latest year a period names ("2021–2022" → 2022, "ca 2017–2018" → 2018); null if it names none. */
export function latestYear(period: string | null): number | null {
  const years = [...(period ?? '').matchAll(/(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)/g)].map((m) => Number(m[1]))
  return years.length > 0 ? Math.max(...years) : null
}
