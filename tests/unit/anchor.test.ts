import { describe, expect, it } from 'vitest'
import { codePointLength, createAnchor, reanchor, sliceCodePoints, toCodePoints, toUtf16 } from '../../src/shared/anchor'
import { normaliseText } from '../../src/core/text'

describe('offsets are code points', () => {
  it.each([
    ['emoji', 'Idé 😀 om plattform', 'plattform', 9],
    ['combining characters, normalised to NFC first', normaliseText('Ha\u030Allbar stad'), 'stad', 8],
    ['å/ä/ö', 'Förnyelsepriset på Gotland', 'Gotland', 19],
    ['CRLF input, normalised to LF', normaliseText('rad ett\r\nrad två'), 'två', 12],
    ['astral characters', '𝔸𝔹 innovation', 'innovation', 3],
  ])('%s', (_, text, word, expectedStart) => {
    const start = toCodePoints(text, text.indexOf(word))
    expect(start).toBe(expectedStart)
    expect(sliceCodePoints(text, start, start + codePointLength(word))).toBe(word)
    expect(toUtf16(text, start)).toBe(text.indexOf(word))
  })

  it('an emoji counts as one code point but two UTF-16 units', () => {
    expect(codePointLength('😀')).toBe(1)
    expect('😀'.length).toBe(2)
  })
})

describe('re-anchoring a highlight when its text changes', () => {
  const original =
    'Idéslussen i Sundsvall tog emot idéer från medarbetare. Varje idé prövades av en coach innan den gick vidare till ledningen för beslut.'
  const quote = 'prövades av en coach'
  const start = toCodePoints(original, original.indexOf(quote))
  const anchor = createAnchor(original, start, start + codePointLength(quote))

  it('keeps the anchor with ~32 characters of context', () => {
    expect(anchor.exact).toBe(quote)
    expect(codePointLength(anchor.prefix)).toBe(32)
    expect(anchor.suffix.startsWith(' innan den gick')).toBe(true)
  })

  it('unchanged text: the position holds', () => {
    expect(reanchor(anchor, original)).toEqual({ status: 'position', start: anchor.start, end: anchor.end, exact: quote })
  })

  it('moved: text inserted before the quote; found by the quote', () => {
    const moved = `Inledning om 😀 projektet. ${original}`
    const result = reanchor(anchor, moved)
    expect(result.status).toBe('quote')
    if (result.status === 'orphan') throw new Error()
    expect(sliceCodePoints(moved, result.start, result.end)).toBe(quote)
  })

  it('edited around the quote: still found', () => {
    const edited = original.replace('Idéslussen i Sundsvall', 'Sundsvalls idésluss').replace('för beslut', 'som fattade beslut')
    const result = reanchor(anchor, edited)
    expect(result.status).toBe('quote')
    if (result.status === 'orphan') throw new Error()
    expect(result.exact).toBe(quote)
  })

  it('edited inside the quote: an approximate match above the threshold', () => {
    const edited = original.replace('prövades av en coach', 'prövades av någon coach')
    const result = reanchor(anchor, edited)
    expect(result.status).toBe('fuzzy')
    if (result.status === 'orphan') throw new Error()
    expect(result.exact).toContain('coach')
  })

  it('duplicated: the copy whose context agrees wins, not the first one', () => {
    const duplicated = `I en annan kommun prövades av en coach ingenting alls. ${original}`
    const result = reanchor(anchor, duplicated)
    if (result.status === 'orphan') throw new Error('orphaned')
    expect(result.start).toBe(toCodePoints(duplicated, duplicated.lastIndexOf(quote)))
  })

  it('deleted: the highlight becomes an orphan, never moved to something else', () => {
    const deleted = 'Idéslussen i Sundsvall tog emot idéer från medarbetare. Ledningen fattade besluten själv.'
    expect(reanchor(anchor, deleted)).toEqual({ status: 'orphan' })
  })

  it('rewritten beyond recognition inside the quote: orphan', () => {
    const rewritten = original.replace('prövades av en coach', 'granskades grundligt')
    expect(reanchor(anchor, rewritten)).toEqual({ status: 'orphan' })
  })
})
