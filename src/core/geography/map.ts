// What the map shows on Sweden's kommuner and län: the catalogue's cases (filtered as the catalogue filters
// them), the researcher's coded evidence, an imported Kolada indicator or a survey value. Every area of the
// level gets a value or null, and the legend says where the figures come from and what is left out, so a
// blank kommun is never mistaken for a zero.
import type {
  CatalogueFilter,
  CaseSummary,
  EntityRef,
  MapAreaValue,
  MapChoices,
  MapLayer,
  MapLayerRequest,
  MapLegend,
  MapOutlines,
} from '../../shared/domain'
import { timelineLayout, type TimelineGroupBy, type TimelineLayout } from '../../shared/figures/timeline'
import { message } from '../../shared/messages'
import type { Catalogue } from '../catalogue/catalogue'
import type { Compare } from '../compare/compare'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { normaliseText } from '../text'

/** A place name as the lookup compares it: NFC, one space between words, lower case. */
const placeKey = (name: string): string => normaliseText(name).trim().replace(/\s+/g, ' ').toLowerCase()

export type Geography = ReturnType<typeof createGeography>

type CaseRef = MapAreaValue['cases'][number]

export function createGeography(db: AtlasDatabase, catalogue: Catalogue, compare: Compare) {
  const q = {
    kommuner: db.prepare(`SELECT o.code, e.name, o.county_code AS county FROM organisations o JOIN entities e ON e.id = o.entity_id
      WHERE o.org_type = 'kommun' AND o.code IS NOT NULL ORDER BY o.code`),
    counties: db.prepare('SELECT code, name FROM counties ORDER BY code'),
    regions: db.prepare(`SELECT o.county_code AS county, e.name FROM organisations o JOIN entities e ON e.id = o.entity_id
      WHERE o.org_type = 'region' AND o.county_code IS NOT NULL`),
    programmes: db.prepare(`SELECT id, type, name FROM entities WHERE type = 'programme' AND withdrawn = 0 ORDER BY name`),
    inProgramme: db.prepare(`SELECT CASE WHEN from_id = @id THEN to_id ELSE from_id END AS id FROM relations
      WHERE from_id = @id OR to_id = @id`).pluck(),
    kpis: db.prepare(`SELECT v.kpi_id AS id, coalesce(k.title, v.kpi_id) AS title, group_concat(DISTINCT v.period) AS years
      FROM kolada_values v LEFT JOIN kolada_kpis k ON k.id = v.kpi_id WHERE v.gender = 'T' GROUP BY v.kpi_id ORDER BY title`),
    kolada: db.prepare(`SELECT municipality_code AS code, value FROM kolada_values WHERE kpi_id = ? AND period = ? AND gender = 'T'`),
    surveys: db.prepare(`SELECT s.entity_id AS id, e.name, v.indicator, v.population, v.period, v.value, v.unit
      FROM survey_values v JOIN surveys s ON s.entity_id = v.survey_id JOIN entities e ON e.id = s.entity_id
      ORDER BY e.name, v.position`),
  }

  /** "Kiruna", "Kiruna kommun", "Göteborgs stad", "Region Norrbotten", "Norrbottens län" → the area's code. */
  function areaNames(level: MapLayerRequest['level']): Map<string, string> {
    const names = new Map<string, string>()
    const add = (name: string, code: string): void => void names.set(placeKey(name), code)
    if (level === 'kommun') {
      for (const k of q.kommuner.all() as { code: string; name: string }[]) {
        add(k.name, k.code)
        for (const suffix of [' kommun', 's kommun', ' stad', 's stad']) add(k.name + suffix, k.code)
      }
    } else {
      for (const c of q.counties.all() as { code: string; name: string }[]) add(c.name, c.code)
      for (const r of q.regions.all() as { county: string; name: string }[]) add(r.name, r.county)
    }
    return names
  }

  function choices(cases: CaseSummary[]): MapChoices {
    const kpis = (q.kpis.all() as { id: string; title: string; years: string }[]).map((k) => ({
      id: k.id,
      title: k.title,
      years: k.years.split(',').map(Number).sort((a, b) => a - b),
    }))
    const surveys: MapChoices['surveys'] = []
    const kommunNames = areaNames('kommun')
    const lanNames = areaNames('lan')
    for (const row of q.surveys.all() as { id: string; name: string; indicator: string; population: string; period: string }[]) {
      // Only values about one area can colour a map; a national figure ("kommuner", "regioner") cannot.
      const key = placeKey(row.population)
      if (!kommunNames.has(key) && !lanNames.has(key)) continue
      let survey = surveys.find((s) => s.id === row.id)
      if (!survey) surveys.push((survey = { id: row.id, name: row.name, indicators: [] }))
      let indicator = survey.indicators.find((i) => i.indicator === row.indicator)
      if (!indicator) survey.indicators.push((indicator = { indicator: row.indicator, periods: [] }))
      if (!indicator.periods.includes(row.period)) indicator.periods.push(row.period)
    }
    const years = cases.map((c) => c.startYear).filter((y): y is number => y !== null)
    return {
      kpis,
      programmes: q.programmes.all() as EntityRef[],
      surveys,
      years: { min: years.length ? Math.min(...years) : null, max: years.length ? Math.max(...years) : null },
    }
  }

  /** The areas a case counts for: kommuner taking part, or every county where one of its organisations sits. */
  function areasOf(c: CaseSummary, level: MapLayerRequest['level']): Set<string> {
    const codes = new Set<string>()
    for (const o of c.organisations) {
      if (level === 'kommun' && o.type === 'kommun' && o.code) codes.add(o.code)
      if (level === 'lan' && o.county) codes.add(o.county.code)
    }
    return codes
  }

  async function layer(request: MapLayerRequest): Promise<MapLayer> {
    const { level, measure } = request
    const all = catalogue.listCatalogue({}).cases
    const areas =
      level === 'kommun'
        ? (q.kommuner.all() as { code: string; name: string }[])
        : (q.counties.all() as { code: string; name: string }[])
    const notes: string[] = []

    // Which cases count: the catalogue's filters, then the programme, then the spread's year.
    let cases = catalogue.listCatalogue(request.filter).cases
    if (request.programme) {
      const programme = (q.programmes.all() as EntityRef[]).find((p) => p.id === request.programme)
      if (!programme) throw new UserError('map.programmeNotFound', { id: request.programme })
      const members = new Set([programme.id, ...(q.inProgramme.all({ id: programme.id }) as string[])])
      cases = cases.filter((c) => members.has(c.id))
      notes.push(message('map.notes.programme', { name: programme.name }))
    }
    if (request.untilYear !== undefined) {
      const unknown = cases.filter((c) => c.startYear === null).length
      cases = cases.filter((c) => c.startYear !== null && c.startYear <= request.untilYear!)
      notes.push(message('map.notes.until', { year: request.untilYear }))
      if (unknown > 0) notes.push(message('map.notes.unknownStart', { count: unknown }))
    }

    const casesByArea = new Map<string, CaseRef[]>(areas.map((a) => [a.code, []]))
    let withoutArea = 0
    for (const c of cases) {
      const codes = areasOf(c, level)
      if (codes.size === 0) withoutArea++
      for (const code of codes) casesByArea.get(code)?.push({ id: c.id, name: c.name, kind: c.kind })
    }
    if (measure === 'cases' || measure === 'evidence') {
      notes.unshift(message(level === 'kommun' ? 'map.notes.kommunCounts' : 'map.notes.lanCounts'))
      if (level === 'kommun' && withoutArea > 0) notes.push(message('map.notes.withoutKommun', { count: withoutArea }))
    }

    let values: MapAreaValue[]
    let legend: Omit<MapLegend, 'missing' | 'notes'>
    if (measure === 'cases') {
      values = areas.map((a) => ({ code: a.code, value: casesByArea.get(a.code)!.length, cases: casesByArea.get(a.code)! }))
      legend = { title: message(`map.title.cases_${level}`), source: null, year: request.untilYear ?? null, period: null, unit: null }
    } else if (measure === 'evidence') {
      if (!request.codeId) throw new UserError('map.codeMissing')
      const code = await compare.codedHighlightsByCase(request.codeId)
      const codeName = (db.prepare('SELECT name FROM codes WHERE id = ?').pluck().get(request.codeId) as string | undefined) ?? ''
      values = areas.map((a) => {
        const counted = casesByArea.get(a.code)!
        const highlights = new Set<string>()
        for (const c of counted) for (const id of code.get(c.id) ?? []) highlights.add(id)
        return { code: a.code, value: highlights.size, cases: counted.filter((c) => code.has(c.id)) }
      })
      notes.push(message('map.notes.evidence'))
      legend = { title: message(`map.title.evidence_${level}`, { code: codeName }), source: null, year: null, period: null, unit: null }
    } else if (measure === 'kolada') {
      if (!request.kpi || request.year === undefined) throw new UserError('map.kpiMissing')
      const kpi = choices(all).kpis.find((k) => k.id === request.kpi)
      if (!kpi) throw new UserError('map.kpiNotFound', { kpi: request.kpi })
      const byCode = new Map(
        (q.kolada.all(request.kpi, request.year) as { code: string; value: number | null }[]).map((r) => [r.code, r.value]),
      )
      values = areas.map((a) => ({ code: a.code, value: byCode.get(a.code) ?? null, cases: casesByArea.get(a.code)! }))
      legend = {
        title: message('map.title.kolada', { title: kpi.title, kpi: kpi.id }),
        source: message('map.source.kolada', { kpi: kpi.id }),
        year: request.year,
        period: null,
        unit: null,
      }
    } else {
      if (!request.surveyId || !request.indicator) throw new UserError('map.surveyMissing')
      const names = areaNames(level)
      const rows = (q.surveys.all() as { id: string; name: string; indicator: string; population: string; period: string; value: number; unit: string }[])
        .filter((r) => r.id === request.surveyId && r.indicator === request.indicator)
      if (rows.length === 0) throw new UserError('map.surveyMissing')
      const periods = [...new Set(rows.map((r) => r.period))].sort()
      const period = request.period && periods.includes(request.period) ? request.period : periods[periods.length - 1]!
      const byCode = new Map<string, number>()
      for (const r of rows) {
        const code = names.get(placeKey(r.population))
        if (code && r.period === period) byCode.set(code, r.value)
      }
      values = areas.map((a) => ({ code: a.code, value: byCode.get(a.code) ?? null, cases: casesByArea.get(a.code)! }))
      notes.push(message('map.notes.surveyPopulations', { level: message(`map.level.${level}`) }))
      legend = {
        title: message('map.title.survey', { indicator: request.indicator }),
        source: message('map.source.survey', { survey: rows[0]!.name }),
        year: null,
        period,
        unit: rows[0]!.unit,
      }
    }
    return {
      level,
      measure,
      values,
      legend: { ...legend, missing: values.filter((v) => v.value === null).length, notes },
      choices: choices(all),
    }
  }

  /** The catalogue's cases (as filtered) on a time axis, grouped by kind or by county. */
  function timeline(filter: CatalogueFilter, groupBy: TimelineGroupBy, thisYear = new Date().getFullYear()): TimelineLayout {
    const labels = {
      kind: { initiative: message('map.figure.initiative'), programme: message('map.figure.programme') },
      noCounty: message('map.figure.noCounty'),
    }
    return timelineLayout(catalogue.listCatalogue(filter).cases, groupBy, labels, thisYear)
  }

  /** The outlines with the corpus's names ("Norrbottens län", not the outline file's "Norrbotten"). */
  function named(outlines: MapOutlines): MapOutlines {
    const kommuner = new Map((q.kommuner.all() as { code: string; name: string }[]).map((k) => [k.code, k.name]))
    const counties = new Map((q.counties.all() as { code: string; name: string }[]).map((c) => [c.code, c.name]))
    return {
      ...outlines,
      kommuner: outlines.kommuner.map((k) => ({ ...k, name: kommuner.get(k.code) ?? k.name })),
      counties: outlines.counties.map((c) => ({ ...c, name: counties.get(c.code) ?? c.name })),
    }
  }

  return { layer, timeline, named }
}
