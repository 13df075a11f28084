// Inter-coder agreement, as plain functions of a reliability table: units (passages, sections, characters),
// each with the value every coder gave it, or none (missing). Values are nominal: equal or not. A unit may
// carry a weight — a run of characters that all coders coded alike counts as that many units — so that the
// character unit never has to list every character.
//
// Krippendorff's alpha follows "Computing Krippendorff's Alpha-Reliability" (2011): a coincidence matrix
// of the values pairable within units, alpha = 1 − observed / expected disagreement. Cohen's kappa compares
// two coders' agreement with the agreement their own frequencies would give by chance. Percent agreement is
// the share of units on which every coder who gave a value gave the same one.
import type { AlphaReading } from '../../shared/domain'
import { message } from '../../shared/messages'

/** One unit: a value per coder (null: this coder gave none), and how many units it stands for. */
export interface ReliabilityUnit {
  values: (string | null)[]
  weight?: number
}

export interface Statistic {
  value: number | null
  /** Why the value is null, in words the result shows (null when there is a value). */
  reason: string | null
}

/** Units with at least two values: the only ones that can agree or disagree. */
const pairable = (units: ReliabilityUnit[]) =>
  units.flatMap((u) => {
    const values = u.values.filter((v): v is string => v !== null)
    return values.length >= 2 ? [{ values, weight: u.weight ?? 1 }] : []
  })

/** Krippendorff's alpha for nominal data, any number of coders, missing values allowed. */
export function krippendorffAlpha(units: ReliabilityUnit[]): Statistic {
  const usable = pairable(units)
  if (usable.length === 0) return { value: null, reason: message('agreementReasons.noUnits') }
  // o[c][k]: the coincidences of values c and k within units, each unit's pairs weighted 1 / (m − 1).
  const coincidences = new Map<string, Map<string, number>>()
  const add = (c: string, k: string, amount: number) => {
    const row = coincidences.get(c) ?? new Map<string, number>()
    row.set(k, (row.get(k) ?? 0) + amount)
    coincidences.set(c, row)
  }
  for (const { values, weight } of usable) {
    const m = values.length
    const counts = new Map<string, number>()
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) {
        // Ordered pairs of different coders: a value is never paired with itself.
        const pairs = c === k ? nc * (nc - 1) : nc * nk
        if (pairs > 0) add(c, k, (weight * pairs) / (m - 1))
      }
    }
  }
  const marginal = new Map<string, number>()
  let n = 0
  for (const [c, row] of coincidences) {
    const sum = [...row.values()].reduce((a, b) => a + b, 0)
    marginal.set(c, sum)
    n += sum
  }
  let observed = 0
  for (const [c, row] of coincidences) for (const [k, o] of row) if (c !== k) observed += o
  let expected = 0
  for (const [c, nc] of marginal) for (const [k, nk] of marginal) if (c !== k) expected += nc * nk
  if (expected === 0) return { value: null, reason: message('agreementReasons.noVariation') }
  return { value: 1 - ((n - 1) * observed) / expected, reason: null }
}

/** Cohen's kappa: exactly two coders, over the units both gave a value. */
export function cohenKappa(units: ReliabilityUnit[]): Statistic {
  if (units.some((u) => u.values.length !== 2)) return { value: null, reason: message('agreementReasons.kappaTwoCoders') }
  let total = 0
  let agreed = 0
  const first = new Map<string, number>()
  const second = new Map<string, number>()
  for (const u of units) {
    const [a, b] = u.values
    if (a == null || b == null) continue
    const w = u.weight ?? 1
    total += w
    if (a === b) agreed += w
    first.set(a, (first.get(a) ?? 0) + w)
    second.set(b, (second.get(b) ?? 0) + w)
  }
  if (total === 0) return { value: null, reason: message('agreementReasons.kappaNoUnits') }
  const observed = agreed / total
  let chance = 0
  for (const [c, nc] of first) chance += (nc / total) * ((second.get(c) ?? 0) / total)
  if (chance === 1) return { value: null, reason: message('agreementReasons.kappaOneValue') }
  return { value: (observed - chance) / (1 - chance), reason: null }
}

/** The share of pairable units on which all values given are equal (null without any such unit). */
export function percentAgreement(units: ReliabilityUnit[]): number | null {
  const usable = pairable(units)
  const total = usable.reduce((sum, u) => sum + u.weight, 0)
  if (total === 0) return null
  const agreed = usable.reduce((sum, u) => sum + (u.values.every((v) => v === u.values[0]) ? u.weight : 0), 0)
  return agreed / total
}

/** How many units the table counts (weights included) among those with at least two values. */
export const pairableUnits = (units: ReliabilityUnit[]): number => pairable(units).reduce((sum, u) => sum + u.weight, 0)

/** Krippendorff's reading of alpha: ≥ 0.800 reliable, 0.667–0.800 tentative conclusions only, below that not. */
export function readAlpha(alpha: number | null): AlphaReading | null {
  if (alpha === null) return null
  if (alpha >= 0.8) return 'reliable'
  if (alpha >= 0.667) return 'tentative'
  return 'unreliable'
}
