// The statistics against published examples and against an independent implementation written here.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cohenKappa, krippendorffAlpha, percentAgreement, type ReliabilityUnit } from '../../src/core/team/statistics'

/** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example: 4 observers, 12 units. */
const KRIPPENDORFF_2011 = [
  ['1', '2', '3', '3', '2', '1', '4', '1', '2', null, null, null],
  ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', null, '3'],
  [null, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', null],
  ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', null],
]
const byUnit = (observers: (string | null)[][]): ReliabilityUnit[] => observers[0]!.map((_, u) => ({ values: observers.map((o) => o[u]!) }))

describe('Krippendorff’s alpha (nominal)', () => {
  it('gives 0.743 for the 2011 example with missing values', () => {
    expect(krippendorffAlpha(byUnit(KRIPPENDORFF_2011)).value).toBeCloseTo(0.743, 3)
  })
  it('is 1 for perfect agreement and undefined when there is no variation at all', () => {
    expect(krippendorffAlpha([{ values: ['a', 'a'] }, { values: ['b', 'b'] }]).value).toBe(1)
    expect(krippendorffAlpha([{ values: ['a', 'a'] }, { values: ['a', 'a'] }])).toMatchObject({ value: null, reason: expect.stringContaining('ingen variation') })
    expect(krippendorffAlpha([{ values: ['a', null] }])).toMatchObject({ value: null, reason: expect.stringContaining('minst två') })
  })
  it('counts a weighted unit as that many units', () => {
    const weighted = [{ values: ['a', 'a'], weight: 3 }, { values: ['a', 'b'] }, { values: ['b', 'b'], weight: 2 }]
    const listed = [{ values: ['a', 'a'] }, { values: ['a', 'a'] }, { values: ['a', 'a'] }, { values: ['a', 'b'] }, { values: ['b', 'b'] }, { values: ['b', 'b'] }]
    expect(krippendorffAlpha(weighted).value).toBeCloseTo(krippendorffAlpha(listed).value!, 12)
  })
})

describe('Cohen’s kappa', () => {
  it('matches the textbook 2×2 example (50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ = 0.4)', () => {
    const units = [
      ...Array.from({ length: 20 }, () => ({ values: ['ja', 'ja'] })),
      ...Array.from({ length: 5 }, () => ({ values: ['ja', 'nej'] })),
      ...Array.from({ length: 10 }, () => ({ values: ['nej', 'ja'] })),
      ...Array.from({ length: 15 }, () => ({ values: ['nej', 'nej'] })),
    ]
    expect(cohenKappa(units).value).toBeCloseTo(0.4, 10)
    expect(percentAgreement(units)).toBeCloseTo(0.7, 10)
  })
  it('is null for three coders and when both coders gave one and the same value everywhere', () => {
    expect(cohenKappa([{ values: ['a', 'a', 'b'] }]).value).toBeNull()
    expect(cohenKappa([{ values: ['a', 'a'] }, { values: ['a', 'a'] }])).toMatchObject({ value: null, reason: expect.any(String) })
  })
})

// Written from the textbook formulas, independently of the module: alpha from the pairwise disagreement form
// (Krippendorff 2011, eq. for nominal data via pairable values), kappa from the confusion matrix.
function referenceAlpha(units: (string | null)[][]): number | null {
  const rows = units.map((u) => u.filter((v): v is string => v !== null)).filter((u) => u.length >= 2)
  const all = rows.flat()
  const n = all.length
  if (n === 0) return null
  let within = 0
  for (const row of rows) {
    let pairsDiffer = 0
    for (let i = 0; i < row.length; i++) for (let j = 0; j < row.length; j++) if (i !== j && row[i] !== row[j]) pairsDiffer++
    within += pairsDiffer / (row.length - 1)
  }
  let between = 0
  const freq = new Map<string, number>()
  for (const v of all) freq.set(v, (freq.get(v) ?? 0) + 1)
  for (const [a, na] of freq) for (const [b, nb] of freq) if (a !== b) between += na * nb
  if (between === 0) return null
  return 1 - ((n - 1) * within) / between
}

function referenceKappa(pairs: [string, string][]): number | null {
  const n = pairs.length
  if (n === 0) return null
  const po = pairs.filter(([a, b]) => a === b).length / n
  const categories = new Set(pairs.flat())
  let pe = 0
  for (const c of categories) pe += (pairs.filter(([a]) => a === c).length / n) * (pairs.filter(([, b]) => b === c).length / n)
  return pe === 1 ? null : (po - pe) / (1 - pe)
}

describe('cross-checked on random coder data', () => {
  const value = fc.constantFrom('a', 'b', 'c', null)
  it('alpha equals the independent implementation for 2–5 coders with missing values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((coders) => fc.array(fc.array(value, { minLength: coders, maxLength: coders }), { minLength: 1, maxLength: 40 })), (table) => {
        const ours = krippendorffAlpha(table.map((values) => ({ values }))).value
        const theirs = referenceAlpha(table)
        if (theirs === null) expect(ours).toBeNull()
        else expect(ours).toBeCloseTo(theirs, 9)
      }),
      { numRuns: 300, seed: 13 },
    )
  })
  it('kappa equals the independent implementation for two coders', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 60 }), (pairs) => {
        const ours = cohenKappa(pairs.map((values) => ({ values }))).value
        const theirs = referenceKappa(pairs)
        if (theirs === null) expect(ours).toBeNull()
        else expect(ours).toBeCloseTo(theirs, 9)
      }),
      { numRuns: 300, seed: 13 },
    )
  })
})
