// Cases on a time axis: which rows, in which groups, from which year to which. An end the sources do not give
// stays unknown (`endKnown: false`): the bar is drawn open towards the axis end, never given an invented year.
// Cases without a start year cannot be placed and are listed apart. Shared by the timeline view, its SVG
// export and the CLI, so all three show the same rows.
import type { CaseKind, CaseSummary } from '../domain'

export const TIMELINE_GROUPS = ['kind', 'county'] as const
export type TimelineGroupBy = (typeof TIMELINE_GROUPS)[number]

export interface TimelineRow {
  id: string
  name: string
  kind: CaseKind
  start: number
  /** The last year the bar covers: the known end, or the axis end when the end is unknown. */
  end: number
  endKnown: boolean
}

export interface TimelineGroup {
  /** The kind ('initiative', 'programme') or a two-digit county code; '' for cases in no county. */
  key: string
  label: string
  rows: TimelineRow[]
}

export interface TimelineLayout {
  groups: TimelineGroup[]
  /** First and last year on the axis (null when no case has a start year). */
  from: number | null
  to: number | null
  /** Cases the sources give no start year for. */
  undated: { id: string; name: string; kind: CaseKind }[]
}

export interface TimelineLabels {
  kind: Record<CaseKind, string>
  noCounty: string
}

/**
 * `thisYear` closes the axis when a case's end is unknown or later than every known year: an open bar then
 * runs to the present, which is as far as anyone can say it ran.
 */
export function timelineLayout(cases: CaseSummary[], groupBy: TimelineGroupBy, labels: TimelineLabels, thisYear: number): TimelineLayout {
  const dated = cases.filter((c) => c.startYear !== null)
  const undated = cases.filter((c) => c.startYear === null).map((c) => ({ id: c.id, name: c.name, kind: c.kind }))
  if (dated.length === 0) return { groups: [], from: null, to: null, undated }
  const from = Math.min(...dated.map((c) => c.startYear!))
  const knownEnds = dated.map((c) => c.endYear ?? c.startYear!)
  const to = Math.max(...knownEnds, dated.some((c) => c.endYear === null) ? Math.max(thisYear, from) : from)

  const groups = new Map<string, TimelineGroup>()
  for (const c of dated) {
    // A case sits in the county of its first organisation with one (owners come first), so it is drawn once.
    const county = c.organisations.find((o) => o.county)?.county ?? null
    const key = groupBy === 'kind' ? c.kind : (county?.code ?? '')
    const label = groupBy === 'kind' ? labels.kind[c.kind] : (county?.name ?? labels.noCounty)
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { key, label, rows: [] }))
    group.rows.push({
      id: c.id,
      name: c.name,
      kind: c.kind,
      start: c.startYear!,
      end: c.endYear ?? to,
      endKnown: c.endYear !== null,
    })
  }
  const ordered = [...groups.values()].sort((a, b) =>
    groupBy === 'kind' ? a.key.localeCompare(b.key) : a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key),
  )
  for (const g of ordered) g.rows.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name, 'sv'))
  return { groups: ordered, from, to, undated }
}
