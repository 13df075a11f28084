// The map's pure parts: which area an arrow key means, and what the map asks the core for when the address
// leaves a choice open or names something the project no longer has.
import { describe, expect, it } from 'vitest'
import type { MapChoices } from '../../src/shared/domain'
import { layerAsk, nearestArea } from '../../src/renderer/src/lib/map-layer'
import { DEFAULT_MAP_STATE } from '../../src/renderer/src/lib/routes'

//     n
//  w  c     e     (screen y grows downwards)
//       se
//      s
const AREAS = [
  { code: 'c', centre: [10, 10] as [number, number] },
  { code: 'n', centre: [10, 2] as [number, number] },
  { code: 's', centre: [11, 18] as [number, number] },
  { code: 'e', centre: [20, 9] as [number, number] },
  { code: 'w', centre: [1, 10] as [number, number] },
  { code: 'se', centre: [13, 16] as [number, number] },
]

describe('nearestArea', () => {
  it.each([
    ['up', 'n'],
    ['down', 'se'],
    ['left', 'w'],
    ['right', 'e'],
  ] as const)('%s from the centre goes to %s', (direction, expected) => {
    // "down": se (3 across, 6 down) is nearer than s and within 45° of straight down.
    expect(nearestArea(AREAS, 'c', direction)).toBe(expected)
  })

  it('prefers an area within 45° over a nearer one off to the side', () => {
    // Going right from the centre, se is nearer than e but more down than right.
    expect(Math.hypot(3, 6)).toBeLessThan(Math.hypot(10, 1))
    expect(nearestArea(AREAS, 'c', 'right')).toBe('e')
    // With nothing inside the cone, the straightest area ahead.
    expect(nearestArea(AREAS.filter((a) => a.code !== 'e'), 'c', 'right')).toBe('se')
  })

  it('stops at the edge of the country', () => {
    expect(nearestArea(AREAS, 'n', 'up')).toBeNull()
    expect(nearestArea(AREAS, 'unknown', 'up')).toBeNull()
  })
})

const CHOICES: MapChoices = {
  kpis: [{ id: 'N00001', title: 'Testindikator', years: [2015, 2016] }],
  programmes: [],
  surveys: [],
  years: { min: 2011, max: 2021 },
}

describe('layerAsk', () => {
  it('asks for cases at once, with the spread year', () => {
    expect(layerAsk({ county: ['25'] }, DEFAULT_MAP_STATE, null, null, 2016)).toEqual({
      kind: 'request',
      request: { level: 'kommun', measure: 'cases', filter: { county: ['25'] }, untilYear: 2016 },
    })
  })

  it('falls back to the first indicator and its latest year, and keeps a year the indicator has', () => {
    const state = { ...DEFAULT_MAP_STATE, measure: 'kolada' as const }
    expect(layerAsk({}, state, CHOICES, [])).toMatchObject({ kind: 'request', request: { kpi: 'N00001', year: 2016 } })
    expect(layerAsk({}, { ...state, kpiYear: 2015 }, CHOICES, [])).toMatchObject({ request: { year: 2015 } })
    expect(layerAsk({}, { ...state, kpi: 'gone', kpiYear: 1999 }, CHOICES, [])).toMatchObject({ request: { kpi: 'N00001', year: 2016 } })
  })

  it('says what is missing rather than drawing an empty map, and waits for the choices first', () => {
    expect(layerAsk({}, { ...DEFAULT_MAP_STATE, measure: 'kolada' }, null, [])).toEqual({ kind: 'waiting' })
    expect(layerAsk({}, { ...DEFAULT_MAP_STATE, measure: 'kolada' }, { ...CHOICES, kpis: [] }, [])).toEqual({ kind: 'gap', gap: 'kolada' })
    expect(layerAsk({}, { ...DEFAULT_MAP_STATE, measure: 'survey' }, CHOICES, [])).toEqual({ kind: 'gap', gap: 'survey' })
    expect(layerAsk({}, { ...DEFAULT_MAP_STATE, measure: 'evidence' }, CHOICES, [])).toEqual({ kind: 'gap', gap: 'evidence' })
  })
})
