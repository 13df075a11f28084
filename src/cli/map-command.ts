// `map` and `timeline`: the atlas's map layer and timeline from the command line, as JSON, as a table, or
// written as the same SVG and CSV figures the app exports. The arguments are checked before anything opens.
import type { CatalogueFilter, MapLayer, MapLayerRequest } from '../shared/domain'
import { CASE_KINDS, MAP_LEVELS, MAP_MEASURES, type CaseKind, type MapLevel, type MapMeasure } from '../shared/domain'
import { TIMELINE_GROUPS, type TimelineGroupBy, type TimelineLayout } from '../shared/figures/timeline'
import type { Atlas } from '../core/atlas'
import { call, type CliIo } from './call'

export class MapUsageError extends Error {}

export interface MapFlags {
  level?: string | undefined
  measure?: string | undefined
  kind?: string | undefined
  county?: string | undefined
  programme?: string | undefined
  until?: string | undefined
  code?: string | undefined
  kpi?: string | undefined
  year?: string | undefined
  survey?: string | undefined
  indicator?: string | undefined
  period?: string | undefined
  group?: string | undefined
  format?: string | undefined
  out?: string | undefined
}

type Run = (atlas: Atlas, json: boolean, io: CliIo) => Promise<number>

function yearOf(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{4}$/.test(value)) throw new MapUsageError(`--${flag} ska vara ett år som 2016, inte "${value}".`)
  return Number(value)
}

/** The catalogue's filters that the map and timeline take: --kind and --county (comma-separated). */
function filterFrom(flags: MapFlags): CatalogueFilter {
  const filter: CatalogueFilter = {}
  const list = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean)
  const kinds = list(flags.kind)
  for (const k of kinds) if (!(CASE_KINDS as readonly string[]).includes(k)) throw new MapUsageError(`--kind ska vara ${CASE_KINDS.join(' eller ')}.`)
  if (kinds.length) filter.kind = kinds as CaseKind[]
  const counties = list(flags.county)
  for (const c of counties) if (!/^\d{2}$/.test(c)) throw new MapUsageError('Länskoden ska ha två siffror, t.ex. 25.')
  if (counties.length) filter.county = counties
  return filter
}

function exportFormat(flags: MapFlags): 'svg' | 'csv' | null {
  if (flags.format === undefined && flags.out === undefined) return null
  if (!flags.out) throw new MapUsageError('--format behöver --out FIL.')
  const format = flags.format ?? (flags.out.toLowerCase().endsWith('.csv') ? 'csv' : 'svg')
  if (format !== 'svg' && format !== 'csv') throw new MapUsageError('--format ska vara svg eller csv (PNG ritas i appen).')
  return format
}

export function planMap(args: string[], flags: MapFlags): Run {
  if (args.length > 0) throw new MapUsageError(`map tar inga argument, fick ${args.length}.`)
  const level = flags.level ?? 'kommun'
  if (!(MAP_LEVELS as readonly string[]).includes(level)) throw new MapUsageError(`--level ska vara ${MAP_LEVELS.join(' eller ')}.`)
  const measure = flags.measure ?? (flags.kpi ? 'kolada' : flags.survey ? 'survey' : flags.code ? 'evidence' : 'cases')
  if (!(MAP_MEASURES as readonly string[]).includes(measure)) throw new MapUsageError(`--measure ska vara en av: ${MAP_MEASURES.join(', ')}.`)
  const request: MapLayerRequest = { level: level as MapLevel, measure: measure as MapMeasure, filter: filterFrom(flags) }
  if (flags.programme) request.programme = flags.programme
  const until = yearOf('until', flags.until)
  if (until !== undefined) request.untilYear = until
  if (flags.code) request.codeId = flags.code
  if (flags.kpi) request.kpi = flags.kpi
  const year = yearOf('year', flags.year)
  if (year !== undefined) request.year = year
  if (flags.survey) request.surveyId = flags.survey
  if (flags.indicator) request.indicator = flags.indicator
  if (flags.period) request.period = flags.period
  const format = exportFormat(flags)
  return async (atlas, json, io) => {
    if (format) {
      const result = await call(atlas, 'export:map', { request, format })
      if (result.cancelled) return 1
      io.out(json ? JSON.stringify({ files: result.files }) : `Kartan sparades i ${result.files.join(', ')}.`)
      return 0
    }
    const layer = await call(atlas, 'map:layer', request)
    const outlines = await call(atlas, 'map:outlines', {})
    const names = new Map([...outlines.kommuner, ...outlines.counties].map((a) => [`${a.code.length}:${a.code}`, a]))
    io.out(json ? JSON.stringify(mapJson(layer, names)) : formatMap(layer, names))
    return 0
  }
}

type Names = Map<string, { name: string; county: string }>
const areaOf = (names: Names, code: string) => names.get(`${code.length}:${code}`)

/** The documented --json shape of `map` (README, "The CLI"). */
function mapJson(layer: MapLayer, names: Names) {
  return {
    level: layer.level,
    measure: layer.measure,
    legend: layer.legend,
    areas: layer.values.map((v) => ({
      code: v.code,
      name: areaOf(names, v.code)?.name ?? v.code,
      county: areaOf(names, v.code)?.county ?? null,
      value: v.value,
      cases: v.cases.map((c) => c.id),
    })),
  }
}

function formatMap(layer: MapLayer, names: Names): string {
  const lines = [layer.legend.title]
  const when = layer.legend.year ?? layer.legend.period
  if (when !== null) lines.push(String(when))
  if (layer.legend.source) lines.push(`Källa: ${layer.legend.source}`)
  lines.push(...layer.legend.notes, '')
  // Areas with something to show; the missing ones are counted, not listed.
  for (const v of layer.values) {
    if (v.value === null || (v.value === 0 && (layer.measure === 'cases' || layer.measure === 'evidence'))) continue
    lines.push(`${v.code}\t${areaOf(names, v.code)?.name ?? v.code}\t${v.value}${v.cases.length ? `\t${v.cases.map((c) => c.name).join(', ')}` : ''}`)
  }
  if (layer.legend.missing > 0) lines.push('', `Saknar värde: ${layer.legend.missing}`)
  return lines.join('\n')
}

export function planTimeline(args: string[], flags: MapFlags): Run {
  if (args.length > 0) throw new MapUsageError(`timeline tar inga argument, fick ${args.length}.`)
  const groupBy = flags.group ?? 'kind'
  if (!(TIMELINE_GROUPS as readonly string[]).includes(groupBy)) throw new MapUsageError(`--group ska vara ${TIMELINE_GROUPS.join(' eller ')}.`)
  const filter = filterFrom(flags)
  const format = exportFormat(flags)
  return async (atlas, json, io) => {
    const input = { filter, groupBy: groupBy as TimelineGroupBy }
    if (format) {
      const result = await call(atlas, 'export:timeline', { ...input, format })
      if (result.cancelled) return 1
      io.out(json ? JSON.stringify({ files: result.files }) : `Tidslinjen sparades i ${result.files.join(', ')}.`)
      return 0
    }
    const layout = await call(atlas, 'timeline:layout', input)
    io.out(json ? JSON.stringify(timelineJson(layout)) : formatTimeline(layout))
    return 0
  }
}

/** The documented --json shape of `timeline`: an unknown end is null, never the axis end it is drawn to. */
function timelineJson(layout: TimelineLayout) {
  return {
    from: layout.from,
    to: layout.to,
    groups: layout.groups.map((g) => ({
      key: g.key,
      label: g.label,
      cases: g.rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, start: r.start, end: r.endKnown ? r.end : null })),
    })),
    undated: layout.undated,
  }
}

function formatTimeline(layout: TimelineLayout): string {
  const lines: string[] = []
  for (const g of layout.groups) {
    lines.push(g.label)
    for (const r of g.rows) lines.push(`  ${r.start}–${r.endKnown ? r.end : '?   '}\t${r.name}`)
  }
  if (layout.undated.length) lines.push('Utan känt startår', ...layout.undated.map((u) => `  ${u.name}`))
  return lines.join('\n')
}
