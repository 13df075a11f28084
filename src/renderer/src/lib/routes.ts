// Hash routes: what the researcher can bookmark or paste. Parsing and building live together so a link the
// UI writes is always one the router reads back. Pure functions, no DOM.
import {
  CASE_KINDS,
  ORGANISATION_TYPES,
  type CaseKind,
  type CatalogueFilter,
  type EntityRef,
  MAP_LEVELS,
  MAP_MEASURES,
  type MapLevel,
  type MapMeasure,
  type NotesFilter,
  type NotesSort,
  type OrganisationType,
} from '../../../shared/domain'
import {
  addSortToQuery,
  CATALOGUE_SORTS,
  ORGANISATION_SORTS,
  REPORT_SORTS,
  sortFromQuery,
  SURVEY_SORTS,
} from './sorting'
import { TIMELINE_GROUPS, type TimelineGroupBy } from '../../../shared/figures/timeline'

export type CatalogueSort = (typeof CATALOGUE_SORTS)[number]
export type ReportSort = (typeof REPORT_SORTS)[number]
export type SurveySort = (typeof SURVEY_SORTS)[number]
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number]

export type Route =
  // `sort` is the list's order (`sortera=` in the address, lib/sorting.ts); each list has its own default.
  | { name: 'catalogue'; filter: CatalogueFilter; sort: CatalogueSort }
  // `fact`, `section` and `value` name a passage to bring into view and highlight (e.g. a search hit).
  | { name: 'case'; id: string; fact: string | null }
  | { name: 'reports'; sort: ReportSort }
  | { name: 'report'; id: string; section: string | null; fact: string | null }
  | { name: 'surveys'; sort: SurveySort }
  | { name: 'survey'; id: string; fact: string | null; value: string | null }
  | { name: 'organisations'; type: OrganisationType | null; county: string | null; sort: OrganisationSort }
  | { name: 'organisation'; id: string; fact: string | null }
  // `code` is the code whose details are open ("#/koder?kod=<id>").
  | { name: 'codebook'; code: string | null }
  | { name: 'notes'; filter: NotesFilter; sort: NotesSort }
  // Cases side by side ("#/jamfor?fall=a,b,c"), optionally a saved comparison's state ("&sparad=<id>").
  | { name: 'compare'; caseIds: string[]; saved: string | null }
  | { name: 'comparisons' }
  // Importing documents, cases and projects; exports and backup ("#/importera-exportera").
  | { name: 'importExport' }
  // Team evaluation: coders and how far they agree ("#/team").
  | { name: 'team' }
  // A short guide and the keyboard shortcuts ("#/hjalp").
  | { name: 'help' }
  // Sweden on a map ("#/karta"): the catalogue's filters plus what the map shows (MapState).
  | { name: 'map'; filter: CatalogueFilter; state: MapState }
  // Cases on a time axis ("#/tidslinje"), with the catalogue's filters; `year` marks the spread's year.
  | { name: 'timeline'; filter: CatalogueFilter; groupBy: TimelineGroupBy; year: number | null }
  | { name: 'notFound'; path: string }

export type RouteName = Route['name']
export type Section =
  | 'catalogue'
  | 'reports'
  | 'surveys'
  | 'organisations'
  | 'codebook'
  | 'notes'
  | 'compare'
  | 'team'
  | 'importExport'
  | 'help'
  | 'map'
  | 'timeline'

const SECTION_OF: Record<RouteName, Section | null> = {
  catalogue: 'catalogue',
  case: 'catalogue',
  reports: 'reports',
  report: 'reports',
  surveys: 'surveys',
  survey: 'surveys',
  organisations: 'organisations',
  organisation: 'organisations',
  codebook: 'codebook',
  notes: 'notes',
  compare: 'compare',
  comparisons: 'compare',
  importExport: 'importExport',
  team: 'team',
  help: 'help',
  map: 'map',
  timeline: 'timeline',
  notFound: null,
}

export function sectionOf(route: Route): Section | null {
  return SECTION_OF[route.name]
}

/** Identifies the page apart from its filters: focus moves to the heading only when this changes. */
export function pageKey(route: Route): string {
  return 'id' in route ? `${route.name}/${route.id}` : route.name
}

const MIN_YEAR = 1800
const MAX_YEAR = 2200

export function parseYear(text: string | null | undefined): number | undefined {
  if (text == null || !/^\s*\d{1,4}\s*$/.test(text)) return undefined
  const year = Number(text)
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : undefined
}

const isKind = (v: string): v is CaseKind => (CASE_KINDS as readonly string[]).includes(v)
const isOrganisationType = (v: string): v is OrganisationType => (ORGANISATION_TYPES as readonly string[]).includes(v)
const isCountyCode = (v: string): boolean => /^\d{2}$/.test(v)
const unique = <T>(values: T[]): T[] => [...new Set(values)]

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined
}

export function filterFromQuery(query: URLSearchParams): CatalogueFilter {
  const filter: CatalogueFilter = {}
  const kind = nonEmpty(unique(query.getAll('kind').filter(isKind)))
  const organisationType = nonEmpty(unique(query.getAll('orgtyp').filter(isOrganisationType)))
  const county = nonEmpty(unique(query.getAll('county').filter(isCountyCode)))
  const theme = nonEmpty(unique(query.getAll('theme').filter((v) => v.length > 0 && v.length <= 200)))
  const funder = nonEmpty(unique(query.getAll('funder').filter((v) => v.length > 0 && v.length <= 200)))
  const from = parseYear(query.get('from'))
  const to = parseYear(query.get('to'))
  if (kind) filter.kind = kind
  if (organisationType) filter.organisationType = organisationType
  if (county) filter.county = county
  if (theme) filter.theme = theme
  if (funder) filter.funder = funder
  if (from !== undefined) filter.startYearFrom = from
  if (to !== undefined) filter.startYearTo = to
  return filter
}

export function queryFromFilter(filter: CatalogueFilter): URLSearchParams {
  const query = new URLSearchParams()
  for (const v of filter.kind ?? []) query.append('kind', v)
  for (const v of filter.organisationType ?? []) query.append('orgtyp', v)
  for (const v of filter.county ?? []) query.append('county', v)
  for (const v of filter.theme ?? []) query.append('theme', v)
  for (const v of filter.funder ?? []) query.append('funder', v)
  if (filter.startYearFrom !== undefined) query.set('from', String(filter.startYearFrom))
  if (filter.startYearTo !== undefined) query.set('to', String(filter.startYearTo))
  return query
}

/**
 * What the map shows, beside the catalogue's filters, as its address keeps it: `niva` (kommun|lan), `matt`
 * (cases|evidence|kolada|survey), `program`, `ar` (the spread's year), `kod` (evidence), `kpi` and `kpiar`
 * (Kolada), `enkat`, `indikator`, `period` (a survey value), `omrade` (the selected kommun or län).
 */
export interface MapState {
  level: MapLevel
  measure: MapMeasure
  programme: string | null
  untilYear: number | null
  codeId: string | null
  kpi: string | null
  kpiYear: number | null
  surveyId: string | null
  indicator: string | null
  period: string | null
  area: string | null
}

export const DEFAULT_MAP_STATE: MapState = {
  level: 'kommun',
  measure: 'cases',
  programme: null,
  untilYear: null,
  codeId: null,
  kpi: null,
  kpiYear: null,
  surveyId: null,
  indicator: null,
  period: null,
  area: null,
}

const isMapLevel = (v: string): v is MapLevel => (MAP_LEVELS as readonly string[]).includes(v)
const isMapMeasure = (v: string): v is MapMeasure => (MAP_MEASURES as readonly string[]).includes(v)
const isTimelineGroup = (v: string): v is TimelineGroupBy => (TIMELINE_GROUPS as readonly string[]).includes(v)
const text = (v: string | null, max = 1000): string | null => (v !== null && v.length > 0 && v.length <= max ? v : null)

export function mapStateFromQuery(query: URLSearchParams): MapState {
  const level = query.get('niva')
  const measure = query.get('matt')
  const area = query.get('omrade')
  return {
    level: level !== null && isMapLevel(level) ? level : 'kommun',
    measure: measure !== null && isMapMeasure(measure) ? measure : 'cases',
    programme: text(query.get('program'), 200),
    untilYear: parseYear(query.get('ar')) ?? null,
    codeId: text(query.get('kod'), 200),
    kpi: text(query.get('kpi'), 50),
    kpiYear: parseYear(query.get('kpiar')) ?? null,
    surveyId: text(query.get('enkat'), 200),
    indicator: text(query.get('indikator')),
    period: text(query.get('period'), 100),
    area: area !== null && /^\d{2}(\d{2})?$/.test(area) ? area : null,
  }
}

export function queryFromMapState(filter: CatalogueFilter, state: MapState): URLSearchParams {
  const query = queryFromFilter(filter)
  if (state.level !== 'kommun') query.set('niva', state.level)
  if (state.measure !== 'cases') query.set('matt', state.measure)
  if (state.programme) query.set('program', state.programme)
  if (state.untilYear !== null) query.set('ar', String(state.untilYear))
  if (state.codeId) query.set('kod', state.codeId)
  if (state.kpi) query.set('kpi', state.kpi)
  if (state.kpiYear !== null) query.set('kpiar', String(state.kpiYear))
  if (state.surveyId) query.set('enkat', state.surveyId)
  if (state.indicator) query.set('indikator', state.indicator)
  if (state.period) query.set('period', state.period)
  if (state.area) query.set('omrade', state.area)
  return query
}

export const NOTES_SORTS: readonly NotesSort[] = ['created-desc', 'created-asc', 'updated-desc', 'place']
export const DEFAULT_NOTES_SORT: NotesSort = 'created-desc'
const isNotesSort = (v: string): v is NotesSort => (NOTES_SORTS as readonly string[]).includes(v)
const isIsoDate = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
const isId = (v: string): boolean => v.length > 0 && v.length <= 200

/**
 * The notes view's filters in its address: `kod` (repeatable), `barn=1` (with child codes), `fall`, `forfattare`,
 * `fran`, `till`, `typ=highlight|memo`, `status=anchored|orphan`. Unknown or malformed values are dropped.
 */
export function notesFilterFromQuery(query: URLSearchParams): NotesFilter {
  const filter: NotesFilter = {}
  const codeIds = nonEmpty(unique(query.getAll('kod').filter(isId)).slice(0, 500))
  if (codeIds) {
    filter.codeIds = codeIds
    filter.includeChildren = query.get('barn') === '1'
  }
  const entity = query.get('fall')
  if (entity && isId(entity)) filter.entityId = entity
  const author = query.get('forfattare')?.trim()
  if (author && author.length <= 200) filter.author = author
  const from = query.get('fran')
  if (from && isIsoDate(from)) filter.from = from
  const to = query.get('till')
  if (to && isIsoDate(to)) filter.to = to
  const kind = query.get('typ')
  if (kind === 'highlight' || kind === 'memo') filter.kind = kind
  const status = query.get('status')
  if (status === 'anchored' || status === 'orphan') filter.status = status
  return filter
}

export function notesSortFromQuery(query: URLSearchParams): NotesSort {
  const sort = query.get('sort')
  return sort !== null && isNotesSort(sort) ? sort : DEFAULT_NOTES_SORT
}

export function queryFromNotesFilter(filter: NotesFilter, sort: NotesSort = DEFAULT_NOTES_SORT): URLSearchParams {
  const query = new URLSearchParams()
  for (const id of filter.codeIds ?? []) query.append('kod', id)
  if (filter.codeIds?.length && filter.includeChildren) query.set('barn', '1')
  if (filter.entityId) query.set('fall', filter.entityId)
  if (filter.author) query.set('forfattare', filter.author)
  if (filter.from) query.set('fran', filter.from)
  if (filter.to) query.set('till', filter.to)
  if (filter.kind) query.set('typ', filter.kind)
  if (filter.status) query.set('status', filter.status)
  if (sort !== DEFAULT_NOTES_SORT) query.set('sort', sort)
  return query
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString()
  return text ? `#${path}?${text}` : `#${path}`
}

const seg = encodeURIComponent

export const href = {
  catalogue: (filter: CatalogueFilter = {}, sort: CatalogueSort = CATALOGUE_SORTS[0]): string =>
    withQuery('/katalog', addSortToQuery(queryFromFilter(filter), sort, CATALOGUE_SORTS)),
  case: (id: string): string => `#/fall/${seg(id)}`,
  reports: (sort: ReportSort = REPORT_SORTS[0]): string =>
    withQuery('/rapporter', addSortToQuery(new URLSearchParams(), sort, REPORT_SORTS)),
  report: (id: string): string => `#/rapporter/${seg(id)}`,
  section: (reportId: string, sectionId: string): string =>
    `#/rapporter/${seg(reportId)}?avsnitt=${seg(sectionId)}`,
  surveys: (sort: SurveySort = SURVEY_SORTS[0]): string =>
    withQuery('/enkater', addSortToQuery(new URLSearchParams(), sort, SURVEY_SORTS)),
  survey: (id: string): string => `#/enkater/${seg(id)}`,
  organisations: (
    type: OrganisationType | null = null,
    county: string | null = null,
    sort: OrganisationSort = ORGANISATION_SORTS[0],
  ): string => {
    const query = new URLSearchParams()
    if (type) query.set('typ', type)
    if (county) query.set('lan', county)
    return withQuery('/organisationer', addSortToQuery(query, sort, ORGANISATION_SORTS))
  },
  organisation: (id: string): string => `#/organisationer/${seg(id)}`,
  /** A fact on its case, report, survey or organisation page. */
  fact: (parent: Pick<EntityRef, 'id' | 'type'>, factId: string): string => `${entityHref(parent)}?fakta=${seg(factId)}`,
  /** A row in a survey's table of values. */
  value: (surveyId: string, valueId: string): string => `#/enkater/${seg(surveyId)}?varde=${seg(valueId)}`,
  /** The codebook, with one code's details open. */
  codebook: (codeId: string | null = null): string => (codeId ? `#/koder?kod=${seg(codeId)}` : '#/koder'),
  notes: (filter: NotesFilter = {}, sort: NotesSort = DEFAULT_NOTES_SORT): string =>
    withQuery('/anteckningar', queryFromNotesFilter(filter, sort)),
  /** Commas between the ids, not %2C: the address stays readable and pasteable. */
  compare: (caseIds: readonly string[] = [], saved: string | null = null): string => {
    const parts: string[] = []
    if (caseIds.length > 0) parts.push(`fall=${caseIds.map(seg).join(',')}`)
    if (saved) parts.push(`sparad=${seg(saved)}`)
    return parts.length > 0 ? `#/jamfor?${parts.join('&')}` : '#/jamfor'
  },
  comparisons: (): string => '#/jamforelser',
  importExport: (): string => '#/importera-exportera',
  team: (): string => '#/team',
  help: (): string => '#/hjalp',
  map: (filter: CatalogueFilter = {}, state: MapState = DEFAULT_MAP_STATE): string => withQuery('/karta', queryFromMapState(filter, state)),
  timeline: (filter: CatalogueFilter = {}, groupBy: TimelineGroupBy = 'kind', year: number | null = null): string => {
    const query = queryFromFilter(filter)
    if (groupBy !== 'kind') query.set('grupp', groupBy)
    if (year !== null) query.set('ar', String(year))
    return withQuery('/tidslinje', query)
  },
}

export function entityHref(ref: Pick<EntityRef, 'id' | 'type'>): string {
  switch (ref.type) {
    case 'initiative':
    case 'programme':
      return href.case(ref.id)
    case 'report':
      return href.report(ref.id)
    case 'survey':
      return href.survey(ref.id)
    case 'organisation':
      return href.organisation(ref.id)
  }
}

export function sectionHref(section: Section): string {
  return section === 'catalogue' ? href.catalogue() : section === 'map' ? href.map() : section === 'timeline' ? href.timeline() : href[section]()
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** `hash` as in location.hash, e.g. "#/fall/innovationsplattform-kiruna". */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '')
  const [pathPart = '', queryPart = ''] = raw.split('?', 2) as [string?, string?]
  const query = new URLSearchParams(queryPart)
  const parts = pathPart.split('/').filter((p) => p.length > 0)
  const decoded = parts.map(decode)
  if (decoded.some((p) => p === null)) return { name: 'notFound', path: raw }
  const [head, id, ...rest] = decoded as string[]
  if (rest.length > 0) return { name: 'notFound', path: raw }

  switch (head) {
    case undefined:
    case 'katalog':
      if (id !== undefined) break
      return { name: 'catalogue', filter: filterFromQuery(query), sort: sortFromQuery(query, CATALOGUE_SORTS) }
    case 'fall':
      if (id === undefined) return { name: 'catalogue', filter: {}, sort: CATALOGUE_SORTS[0] }
      return { name: 'case', id, fact: query.get('fakta') }
    case 'rapporter':
      return id === undefined
        ? { name: 'reports', sort: sortFromQuery(query, REPORT_SORTS) }
        : { name: 'report', id, section: query.get('avsnitt'), fact: query.get('fakta') }
    case 'enkater':
      return id === undefined
        ? { name: 'surveys', sort: sortFromQuery(query, SURVEY_SORTS) }
        : { name: 'survey', id, fact: query.get('fakta'), value: query.get('varde') }
    case 'organisationer': {
      if (id !== undefined) return { name: 'organisation', id, fact: query.get('fakta') }
      const type = query.get('typ')
      const county = query.get('lan')
      return {
        name: 'organisations',
        type: type !== null && isOrganisationType(type) ? type : null,
        county: county !== null && isCountyCode(county) ? county : null,
        sort: sortFromQuery(query, ORGANISATION_SORTS),
      }
    }
    case 'koder':
      if (id !== undefined) break
      return { name: 'codebook', code: query.get('kod') }
    case 'anteckningar':
      if (id !== undefined) break
      return { name: 'notes', filter: notesFilterFromQuery(query), sort: notesSortFromQuery(query) }
    case 'jamfor': {
      if (id !== undefined) break
      const caseIds = unique((query.get('fall') ?? '').split(',').map((v) => v.trim()).filter(isId)).slice(0, 50)
      const saved = query.get('sparad')
      return { name: 'compare', caseIds, saved: saved && isId(saved) ? saved : null }
    }
    case 'jamforelser':
      if (id !== undefined) break
      return { name: 'comparisons' }
    case 'importera-exportera':
      if (id !== undefined) break
      return { name: 'importExport' }
    case 'team':
      if (id !== undefined) break
      return { name: 'team' }
    case 'hjalp':
      if (id !== undefined) break
      return { name: 'help' }
    case 'karta':
      if (id !== undefined) break
      return { name: 'map', filter: filterFromQuery(query), state: mapStateFromQuery(query) }
    case 'tidslinje': {
      if (id !== undefined) break
      const group = query.get('grupp')
      return {
        name: 'timeline',
        filter: filterFromQuery(query),
        groupBy: group !== null && isTimelineGroup(group) ? group : 'kind',
        year: parseYear(query.get('ar')) ?? null,
      }
    }
  }
  return { name: 'notFound', path: raw }
}
