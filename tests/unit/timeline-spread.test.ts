// The spread's count says what the sources say: a case with a known end ran until it; one with an unknown end
// is only possibly running, from its start on, and never counted before it started.
import { describe, expect, it } from 'vitest'
import type { TimelineLayout, TimelineRow } from '../../src/shared/figures/timeline'
import { activityIn, clampYear, spreadCount } from '../../src/renderer/src/state/spread'

const row = (start: number, end: number | null): TimelineRow => ({
  id: `c${start}-${end}`,
  name: 'Fall',
  kind: 'initiative',
  start,
  end: end ?? 2026,
  endKnown: end !== null,
})

describe('activityIn', () => {
  it.each([
    [row(2015, 2020), 2014, 'inactive'],
    [row(2015, 2020), 2015, 'running'],
    [row(2015, 2020), 2020, 'running'],
    [row(2015, 2020), 2021, 'inactive'],
    [row(2015, null), 2014, 'inactive'],
    [row(2015, null), 2015, 'possibly'],
    [row(2015, null), 2026, 'possibly'],
  ] as const)('%o in %i is %s', (r, year, expected) => {
    expect(activityIn(r, year)).toBe(expected)
  })
})

describe('spreadCount', () => {
  it('counts known and unknown ends apart, across groups', () => {
    const layout: TimelineLayout = {
      groups: [
        { key: 'initiative', label: 'Initiativ', rows: [row(2013, 2015), row(2014, null), row(2016, 2019)] },
        { key: 'programme', label: 'Program', rows: [row(2015, null), row(2017, null)] },
      ],
      from: 2013,
      to: 2026,
      undated: [{ id: 'u', name: 'Utan år', kind: 'initiative' }],
    }
    expect(spreadCount(layout, 2016)).toEqual({ running: 1, possibly: 2 })
    expect(spreadCount(layout, 2012)).toEqual({ running: 0, possibly: 0 })
  })
})

describe('clampYear', () => {
  it('keeps a year on the axis and leaves none as none', () => {
    expect(clampYear(1990, 2011, 2026)).toBe(2011)
    expect(clampYear(2030, 2011, 2026)).toBe(2026)
    expect(clampYear(2016, 2011, 2026)).toBe(2016)
    expect(clampYear(null, 2011, 2026)).toBeNull()
    expect(clampYear(2016, null, null)).toBeNull()
  })
})
