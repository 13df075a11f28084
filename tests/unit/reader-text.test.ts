import { describe, expect, it } from 'vitest'
import type { CodeNode, Highlight } from '../../src/shared/domain'
import {
  matchCodes,
  segmentStyle,
  segmentText,
  sentenceRanges,
  stepSelection,
  toCodePointRange,
  trimRange,
  wordRanges,
} from '../../src/renderer/src/reader/text'

function hl(id: string, start: number, end: number, colors: string[] = ['#fd7e14']): Highlight {
  return {
    id,
    target: { type: 'section', id: 'r#s1' },
    entityId: 'r',
    entityName: 'R',
    entityType: 'report',
    start,
    end,
    quote: '',
    prefix: '',
    suffix: '',
    note: '',
    author: 'A',
    status: 'anchored',
    codes: colors.map((color, i) => ({ id: `${id}-c${i}`, name: `Kod ${i}`, color, path: [`Kod ${i}`] })),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

const slices = (text: string, range: { start: number; end: number } | null): string | null =>
  range ? text.slice(range.start, range.end) : null

describe('segmentText', () => {
  it('splits at every boundary of overlapping and nested highlights, keeping the text whole', () => {
    const text = 'abcdefghij'
    const segments = segmentText(text, [hl('outer', 1, 8), hl('inner', 3, 5), hl('late', 6, 10)])
    expect(segments.map((s) => s.text).join('')).toBe(text)
    expect(segments.map((s) => [s.text, s.highlights.map((h) => h.id).join('+')])).toEqual([
      ['a', ''],
      ['bc', 'outer'],
      ['de', 'outer+inner'],
      ['f', 'outer'],
      ['gh', 'outer+late'],
      ['ij', 'late'],
    ])
    expect(segments.find((s) => s.text === 'de')!.starts.map((h) => h.id)).toEqual(['inner'])
  })

  it('counts highlight positions in code points, so text after an emoji or astral letter is not shifted', () => {
    const text = 'Ett 😀 och 𝒜 sedan ord'
    // "ord" starts at code point 19; in UTF-16 it starts at 21.
    const cpStart = [...text].indexOf('o', 15)
    const hit = segmentText(text, [hl('h', cpStart, cpStart + 3)]).find((s) => s.highlights.length > 0)!
    expect(hit.text).toBe('ord')
    expect(toCodePointRange(text, { start: hit.start, end: hit.end })).toEqual({ start: cpStart, end: cpStart + 3 })
  })

  it('marks the selected range as its own segments', () => {
    const segments = segmentText('one two three', [], { start: 4, end: 7 })
    expect(segments.map((s) => [s.text, s.selected])).toEqual([
      ['one ', false],
      ['two', true],
      [' three', false],
    ])
  })
})

describe('sentences and words', () => {
  it('splits Swedish sentences but not at abbreviations', () => {
    const text = 'Kommunen, t.ex. Kiruna, prövar nytt. Den flyttar! Vad händer sedan?\nNy rad utan punkt'
    expect(sentenceRanges(text).map((r) => slices(text, r))).toEqual([
      'Kommunen, t.ex. Kiruna, prövar nytt.',
      'Den flyttar!',
      'Vad händer sedan?',
      'Ny rad utan punkt',
    ])
  })

  it('finds words with inner hyphens', () => {
    const text = 'SKR:s e-tjänster, år 2021.'
    expect(wordRanges(text).map((r) => slices(text, r))).toEqual(['SKR:s', 'e-tjänster', 'år', '2021'])
  })

  it('steps, extends and shrinks a selection by units', () => {
    const text = 'Ett. Två. Tre.'
    const units = sentenceRanges(text)
    let sel = stepSelection(units, null, 'next')
    expect(slices(text, sel)).toBe('Ett.')
    sel = stepSelection(units, sel, 'next')
    expect(slices(text, sel)).toBe('Två.')
    sel = stepSelection(units, sel, 'extend')
    expect(slices(text, sel)).toBe('Två. Tre.')
    sel = stepSelection(units, sel, 'extend')
    expect(slices(text, sel)).toBe('Två. Tre.')
    sel = stepSelection(units, sel, 'shrink')
    expect(slices(text, sel)).toBe('Två.')
    sel = stepSelection(units, sel, 'shrink')
    expect(slices(text, sel)).toBe('Två.')
    sel = stepSelection(units, sel, 'previous')
    expect(slices(text, sel)).toBe('Ett.')
    expect(stepSelection(units, sel, 'previous')).toEqual(sel)
  })

  it('trims white space off a selection', () => {
    expect(trimRange('  ab c  ', { start: 0, end: 8 })).toEqual({ start: 2, end: 6 })
    expect(trimRange('   ', { start: 0, end: 3 })).toBeNull()
  })
})

describe('codes', () => {
  const code = (id: string, name: string, path: string[]): CodeNode => ({
    id,
    name,
    path,
    parentId: null,
    position: 0,
    color: '#000000',
    description: '',
    count: 0,
    totalCount: 0,
    children: [],
  })
  const codes = [
    code('fas', 'Innovationens fas', ['Innovationens fas']),
    code('pilot', 'Pilot', ['Innovationens fas', 'Pilot']),
    code('ide', 'Idé', ['Innovationens fas', 'Idé']),
    code('kultur', 'Kultur och attityder', ['Perspektiv', 'Kultur och attityder']),
  ]

  it('matches on name and path, names starting with the query first', () => {
    expect(matchCodes(codes, 'pil').map((c) => c.id)).toEqual(['pilot'])
    expect(matchCodes(codes, 'fas pil').map((c) => c.id)).toEqual(['pilot'])
    expect(matchCodes(codes, 'IDÉ').map((c) => c.id)).toEqual(['ide'])
    expect(matchCodes(codes, 'fas').map((c) => c.id)).toEqual(['fas', 'pilot', 'ide'])
  })

  it('draws one stripe per distinct code and a fill per highlight', () => {
    const style = segmentStyle([hl('a', 0, 1, ['#fd7e14', '#12b886']), hl('b', 0, 1, ['#f59f00'])])
    expect(style.match(/linear-gradient\(#/g)).toHaveLength(3)
    expect(style.match(/linear-gradient\(rgba/g)).toHaveLength(2)
  })
})
