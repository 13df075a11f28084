// Property-based tests for highlight anchoring (src/shared/anchor.ts): whatever the text, the edit and the
// stored anchor, placing a highlight never throws and never yields an offset outside the text
// (0 ≤ start ≤ end ≤ length, in code points); where it claims to have found the quote, the quote is there.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codePointLength, createAnchor, reanchor, sliceCodePoints, type Anchor, type AnchorResult } from '../../src/shared/anchor'

// A small alphabet makes quotes recur (several exact hits to choose among); emoji, lone surrogates and
// combining marks test the code-point arithmetic.
const unit = fc.constantFrom('a', 'b', 'c', ' ', '\n', 'å', 'é', '\u0301', '😀', '𝔸', '\uD83D', '\uDE00', '.', 'idé')
const text = fc.string({ unit, maxLength: 200 })
const wideText = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 120 }))

/** An edit to a text: insert, delete or replace a run at some place, as a writer revises a report. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 20 }),
  insert: fc.string({ unit, maxLength: 20 }),
})
type Edit = { at: number; remove: number; insert: string }
function apply(value: string, edits: Edit[]): string {
  let out = value
  for (const e of edits) {
    const points = [...out]
    const at = e.at % (points.length + 1)
    points.splice(at, e.remove, ...e.insert)
    out = points.join('')
  }
  return out
}

function expectInside(result: AnchorResult, value: string): void {
  if (result.status === 'orphan') return
  const length = codePointLength(value)
  expect(Number.isInteger(result.start) && Number.isInteger(result.end)).toBe(true)
  expect(0 <= result.start && result.start <= result.end && result.end <= length, `${result.start}–${result.end} in 0–${length}`).toBe(true)
  expect(sliceCodePoints(value, result.start, result.end)).toBe(result.exact)
}

const RUNS = { numRuns: 400 }

describe('anchoring, for any text and any edit', () => {
  it('an anchor made on a text and placed in an edited version stays inside it, and a found quote is the quote', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.array(edit, { maxLength: 4 }), (original, a, b, edits) => {
        const length = codePointLength(original)
        const start = Math.min(a, b) % (length + 1)
        const end = start + ((Math.max(a, b) - Math.min(a, b)) % (length - start + 1))
        const anchor = createAnchor(original, start, end)
        expect(anchor.exact).toBe(sliceCodePoints(original, start, end))
        // Unchanged, the position holds.
        expect(reanchor(anchor, original)).toEqual({ status: 'position', start, end, exact: anchor.exact })
        const changed = apply(original, edits)
        const result = reanchor(anchor, changed)
        expectInside(result, changed)
        if (result.status === 'position' || result.status === 'quote') expect(result.exact).toBe(anchor.exact)
      }),
      RUNS,
    )
  })

  it('any stored anchor at all (positions past the end, reversed, negative; any quote) is placed inside the text or orphaned', () => {
    const anchor: fc.Arbitrary<Anchor> = fc.record({
      start: fc.integer({ min: -5, max: 300 }),
      end: fc.integer({ min: -5, max: 300 }),
      exact: fc.oneof(fc.constant(''), fc.string({ unit, maxLength: 30 })),
      prefix: fc.string({ unit, maxLength: 40 }),
      suffix: fc.string({ unit, maxLength: 40 }),
    })
    fc.assert(
      fc.property(anchor, wideText, (a, value) => {
        expectInside(reanchor(a, value), value)
      }),
      RUNS,
    )
  })

  it('a text shortened below the stored end never keeps the old position', () => {
    fc.assert(
      fc.property(text, fc.nat({ max: 50 }), (value, cut) => {
        const length = codePointLength(value)
        const anchor = createAnchor(value, 0, length)
        const shorter = [...value].slice(0, Math.max(0, length - 1 - cut)).join('')
        const result = reanchor(anchor, shorter)
        expectInside(result, shorter)
        if (length > 0 && result.status !== 'orphan') expect(result.end).toBeLessThanOrEqual(codePointLength(shorter))
      }),
      RUNS,
    )
  })

  it('createAnchor never throws, whatever the range', () => {
    fc.assert(
      fc.property(wideText, fc.integer({ min: -10, max: 300 }), fc.integer({ min: -10, max: 300 }), (value, start, end) => {
        const anchor = createAnchor(value, start, end)
        expect(typeof anchor.exact).toBe('string')
      }),
      RUNS,
    )
  })
})
