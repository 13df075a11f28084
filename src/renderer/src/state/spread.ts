// Which cases count as active in a year of the timeline's spread. An unknown end is never turned into a year: a
// case whose sources give no end counts as possibly still running from its start on, and is counted apart so the
// words can say so. Plain functions (no runes), so unit tests run them in Node.
import type { TimelineLayout, TimelineRow } from '../../../shared/figures/timeline'

export type Activity = 'running' | 'possibly' | 'inactive'

/** Running: within its known years. Possibly: started, end unknown. `row.end` of an open row is the axis end. */
export function activityIn(row: TimelineRow, year: number): Activity {
  if (row.start > year) return 'inactive'
  if (!row.endKnown) return 'possibly'
  return row.end >= year ? 'running' : 'inactive'
}

export interface SpreadCount {
  running: number
  possibly: number
}

export function spreadCount(layout: TimelineLayout, year: number): SpreadCount {
  const count: SpreadCount = { running: 0, possibly: 0 }
  for (const group of layout.groups) {
    for (const row of group.rows) {
      const activity = activityIn(row, year)
      if (activity !== 'inactive') count[activity]++
    }
  }
  return count
}

/** A marked year outside the axis (an old bookmark, a narrower filter) is shown at the axis' nearest end. */
export function clampYear(year: number | null, from: number | null, to: number | null): number | null {
  if (year === null || from === null || to === null) return null
  return Math.min(to, Math.max(from, year))
}
