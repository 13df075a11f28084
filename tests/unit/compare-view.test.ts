// The comparison view's pure parts: code rows in the researcher's order under folded parents, moving a row,
// lost evidence, and how survey values become charts (src/renderer/src/state/compare-rows.ts,
// src/renderer/src/components/charts/chart-math.ts).
import { describe, expect, it } from 'vitest'
import type { CellSummary, MatrixCodeRow, SurveyValue } from '../../src/shared/domain'
import { missingEvidence, moveCodeRow, orderCodeRows, visibleCodeRows } from '../../src/renderer/src/state/compare-rows'
import { baseIndicator, groupSurveyValues, scaleMax, wrapLabel } from '../../src/renderer/src/components/charts/chart-math'

const row = (id: string, parentId: string | null = null): MatrixCodeRow => ({
  id,
  name: id,
  color: '#000000',
  path: [id],
  depth: parentId ? 1 : 0,
  parentId,
  hasChildren: false,
  counts: {},
})
// The codebook's order: perspektiv (synen, kultur), fas (ide, pilot).
const ROWS = [row('perspektiv'), row('synen', 'perspektiv'), row('kultur', 'perspektiv'), row('fas'), row('ide', 'fas'), row('pilot', 'fas')]
const ids = (rows: MatrixCodeRow[]) => rows.map((r) => r.id)

describe('code rows', () => {
  it('keep the codebook order until the researcher orders them, children under their parent', () => {
    expect(ids(orderCodeRows(ROWS, []))).toEqual(['perspektiv', 'synen', 'kultur', 'fas', 'ide', 'pilot'])
    expect(ids(orderCodeRows(ROWS, ['fas', 'pilot', 'perspektiv']))).toEqual(['fas', 'pilot', 'ide', 'perspektiv', 'synen', 'kultur'])
  })

  it('hide the children of a folded parent', () => {
    expect(ids(visibleCodeRows(orderCodeRows(ROWS, []), ['fas']))).toEqual(['perspektiv', 'fas', 'ide', 'pilot'])
    expect(ids(visibleCodeRows(orderCodeRows(ROWS, []), []))).toEqual(['perspektiv', 'fas'])
  })

  it('move one place among their siblings, and not past the first or last', () => {
    const ordered = orderCodeRows(ROWS, [])
    const up = moveCodeRow(ordered, 'fas', -1)!
    expect(ids(orderCodeRows(ROWS, up))).toEqual(['fas', 'ide', 'pilot', 'perspektiv', 'synen', 'kultur'])
    expect(ids(orderCodeRows(ROWS, moveCodeRow(ordered, 'ide', 1)!))).toEqual(['perspektiv', 'synen', 'kultur', 'fas', 'pilot', 'ide'])
    expect(moveCodeRow(ordered, 'perspektiv', -1)).toBeNull()
    expect(moveCodeRow(ordered, 'pilot', 1)).toBeNull()
  })
})

it('counts deleted and orphaned evidence of a summary apart', () => {
  const summary = {
    evidence: [
      { highlightId: 'a', quote: 'a', state: 'deleted' },
      { highlightId: 'b', quote: 'b', state: 'orphan' },
      { highlightId: 'c', quote: 'c', state: 'anchored' },
    ],
  } as CellSummary
  expect(missingEvidence(summary)).toEqual({ deleted: 1, orphan: 1, total: 3 })
})

describe('survey charts', () => {
  const value = (id: string, indicator: string, group: SurveyValue['populationGroup'], v: number, unit = 'procent'): SurveyValue => ({
    id,
    indicator,
    population: group,
    populationGroup: group,
    period: '2019–2020',
    value: v,
    unit,
    qualifier: 'ca',
    source: { url: 'https://example.org', title: null },
  })

  it('put the populations of one indicator in one chart, kommuner first, whatever the wording in parentheses', () => {
    const groups = groupSurveyValues([
      value('v1', 'Andel som arbetar systematiskt med innovation (8 av 10)', 'region', 80),
      value('v2', 'Andel som arbetar systematiskt med innovation (drygt 3 av 10)', 'kommun', 30),
      value('v3', 'Andel som arbetar systematiskt med innovation (6 av 10)', 'myndighet', 60),
      value('v4', 'Rapporterade besparingar', 'blandad', 278, 'miljoner kronor'),
    ])
    expect(groups.map((g) => [g.indicator, g.values.map((v) => v.id)])).toEqual([
      ['Andel som arbetar systematiskt med innovation', ['v2', 'v1', 'v3']],
      ['Rapporterade besparingar', ['v4']],
    ])
    expect(baseIndicator('Andel (8 av 10)')).toBe('Andel')
  })

  it('scale percent to 100 and other units to a round number above their largest value', () => {
    expect(scaleMax('procent', [30, 80])).toBe(100)
    expect(scaleMax('miljoner kronor', [278])).toBe(300)
    expect(scaleMax('antal', [0])).toBe(1)
  })

  it('wrap long population names between words', () => {
    expect(wrapLabel('statliga myndigheter, central nivå', 28)).toEqual(['statliga myndigheter,', 'central nivå'])
  })
})
