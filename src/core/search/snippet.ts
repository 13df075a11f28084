// A snippet is a short window of a hit's text around its first matched word, with every matched word in the
// window marked. Ranges are UTF-16 offsets into the snippet string: they only ever serve the DOM.
import { tokenize } from '../../shared/search-options'

export interface Snippet {
  text: string
  highlights: [start: number, end: number][]
}

const BEFORE = 60
const LENGTH = 220

/**
 * `termsOf(word)` gives a word's index terms (the engine's cached analysis); a word is marked when any of its
 * terms is among the `matched` terms of the hit.
 */
export function makeSnippet(text: string, matched: string[], termsOf: (word: string) => string[]): Snippet {
  const wanted = new Set(matched)
  const isHit = (word: string): boolean => {
    const [lower] = tokenize(word)
    return lower !== undefined && termsOf(lower).some((t) => wanted.has(t))
  }
  // Words are analysed only up to the first match and then within the window: a long section costs as much
  // as its opening, not its whole length (20 snippets per query).
  const words: { start: number; end: number; hit: boolean }[] = []
  let first: { start: number } | undefined
  let windowEnd = Infinity
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (m.index > windowEnd) break
    const word = m[0]
    const hit = isHit(word)
    words.push({ start: m.index, end: m.index + word.length, hit })
    if (hit && !first) {
      first = { start: m.index }
      windowEnd = Math.max(0, m.index - BEFORE) + LENGTH
    }
  }
  let from = first ? Math.max(0, first.start - BEFORE) : 0
  if (from > 0) {
    const boundary = text.indexOf(' ', from)
    from = boundary >= 0 && boundary < (first?.start ?? text.length) ? boundary + 1 : from
  }
  let to = Math.min(text.length, from + LENGTH)
  if (to < text.length) {
    const boundary = text.lastIndexOf(' ', to)
    if (boundary > from + LENGTH / 2) to = boundary
  }
  const prefix = from > 0 ? '… ' : ''
  const suffix = to < text.length ? ' …' : ''
  const highlights: [number, number][] = words
    .filter((w) => w.hit && w.start >= from && w.end <= to)
    .map((w) => [w.start - from + prefix.length, w.end - from + prefix.length])
  return { text: `${prefix}${text.slice(from, to).replace(/\s/g, ' ')}${suffix}`, highlights }
}
