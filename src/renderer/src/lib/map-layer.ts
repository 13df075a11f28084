// What the map asks the core for, and how the keyboard moves across it. Pure functions, no DOM and no runes,
// so unit tests can run them in Node.
import type { CatalogueFilter, CodeNode, MapArea, MapChoices, MapLayerRequest } from '../../../shared/domain'
import type { MapState } from './routes'

/** Why a measure cannot be drawn: there is nothing in the project to draw it from. */
export type MapGap = 'kolada' | 'survey' | 'evidence'

export type LayerAsk =
  | { kind: 'request'; request: MapLayerRequest }
  /** The measure has nothing to show yet; the view says how to get it instead of drawing an empty map. */
  | { kind: 'gap'; gap: MapGap }
  /** The choices (or the codebook) are still on their way. */
  | { kind: 'waiting' }

/** Every code of the codebook in tree order, with its path ("Innovationens fas › Pilot"). */
export function codeOptions(tree: readonly CodeNode[]): CodeNode[] {
  const out: CodeNode[] = []
  const walk = (nodes: readonly CodeNode[]): void => {
    for (const node of nodes) {
      out.push(node)
      walk(node.children)
    }
  }
  walk(tree)
  return out
}

/**
 * The request for what the address asks. An indicator, year, survey or code the address leaves open (or names
 * but the project no longer has) falls back to the first one, and the latest year or period: the researcher
 * sees a map at once and the address only records what they chose themselves.
 */
export function layerAsk(
  filter: CatalogueFilter,
  state: MapState,
  choices: MapChoices | null,
  codes: readonly CodeNode[] | null,
  untilYear: number | null = state.untilYear,
): LayerAsk {
  const request: MapLayerRequest = { level: state.level, measure: state.measure, filter }
  if (state.programme && (choices === null || choices.programmes.some((p) => p.id === state.programme))) {
    request.programme = state.programme
  }
  if (untilYear !== null) request.untilYear = untilYear
  switch (state.measure) {
    case 'cases':
      return { kind: 'request', request }
    case 'evidence': {
      if (codes === null) return { kind: 'waiting' }
      const all = codeOptions(codes)
      const code = all.find((c) => c.id === state.codeId) ?? all.find((c) => c.totalCount > 0) ?? all[0]
      if (!code) return { kind: 'gap', gap: 'evidence' }
      return { kind: 'request', request: { ...request, codeId: code.id } }
    }
    case 'kolada': {
      if (choices === null) return { kind: 'waiting' }
      const kpi = choices.kpis.find((k) => k.id === state.kpi) ?? choices.kpis[0]
      if (!kpi || kpi.years.length === 0) return { kind: 'gap', gap: 'kolada' }
      const year = state.kpiYear !== null && kpi.years.includes(state.kpiYear) ? state.kpiYear : kpi.years[kpi.years.length - 1]!
      return { kind: 'request', request: { ...request, kpi: kpi.id, year } }
    }
    case 'survey': {
      if (choices === null) return { kind: 'waiting' }
      const survey = choices.surveys.find((s) => s.id === state.surveyId) ?? choices.surveys[0]
      const indicator = survey?.indicators.find((i) => i.indicator === state.indicator) ?? survey?.indicators[0]
      if (!survey || !indicator) return { kind: 'gap', gap: 'survey' }
      const periods = [...indicator.periods].sort()
      const period = state.period && periods.includes(state.period) ? state.period : periods[periods.length - 1]
      return {
        kind: 'request',
        request: { ...request, surveyId: survey.id, indicator: indicator.indicator, ...(period ? { period } : {}) },
      }
    }
  }
}

export type Direction = 'up' | 'down' | 'left' | 'right'

/**
 * The area a person means by an arrow key: the nearest centre in that direction, preferring those within 45°
 * of it (so "right" from Kiruna goes east, not far south-east). Null at the edge of the country.
 */
export function nearestArea(areas: readonly Pick<MapArea, 'code' | 'centre'>[], fromCode: string, direction: Direction): string | null {
  const from = areas.find((a) => a.code === fromCode)
  if (!from) return null
  const [x0, y0] = from.centre
  let bestInCone: { code: string; distance: number } | null = null
  let bestAhead: { code: string; distance: number } | null = null
  for (const area of areas) {
    if (area.code === fromCode) continue
    const dx = area.centre[0] - x0
    const dy = area.centre[1] - y0
    // Along the arrow's axis (screen y grows downwards) and across it.
    const along = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy
    const across = direction === 'right' || direction === 'left' ? Math.abs(dy) : Math.abs(dx)
    if (along <= 0) continue
    const distance = Math.hypot(dx, dy)
    if (across <= along && (bestInCone === null || distance < bestInCone.distance)) bestInCone = { code: area.code, distance }
    // Outside the cone an area counts only as a last resort, and then the straighter the better.
    const skewed = distance + across
    if (bestAhead === null || skewed < bestAhead.distance) bestAhead = { code: area.code, distance: skewed }
  }
  return (bestInCone ?? bestAhead)?.code ?? null
}
