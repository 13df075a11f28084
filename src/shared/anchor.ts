// Anchoring a highlight to a text so that it survives changes to that text (see docs/anchoring.md):
// a position (code points in the normalised text), the quote with ~32 characters of context on each side,
// and the version of the text it was made on. Shared by core (storing, re-anchoring) and renderer (the DOM
// counts UTF-16 units: convert at that boundary, nowhere else).
import approxSearch from 'approx-string-match'

export const CONTEXT_LENGTH = 32

export interface Anchor {
  /** Code points from the start of the normalised text. */
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
}

/** Code points of a string (an emoji or an astral character is one, not two UTF-16 units). */
export function codePointLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** UTF-16 offset → code-point offset. */
export function toCodePoints(text: string, utf16: number): number {
  return codePointLength(text.slice(0, utf16))
}

/** Code-point offset → UTF-16 offset. */
export function toUtf16(text: string, codePoints: number): number {
  let cp = 0
  let i = 0
  while (cp < codePoints && i < text.length) {
    // A surrogate pair is one code point; a lone surrogate (high without low after it) is one on its own, as
    // the string iterator that codePointLength uses counts it.
    const code = text.charCodeAt(i)
    const next = text.charCodeAt(i + 1)
    i += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1
    cp++
  }
  return i
}

/** The substring between two code-point offsets. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return text.slice(toUtf16(text, start), toUtf16(text, end))
}

/** An anchor for the code-point range [start, end) of `text`. */
export function createAnchor(text: string, start: number, end: number): Anchor {
  const from = toUtf16(text, start)
  const to = toUtf16(text, end)
  return {
    start,
    end,
    exact: text.slice(from, to),
    prefix: [...text.slice(0, from)].slice(-CONTEXT_LENGTH).join(''),
    suffix: [...text.slice(to)].slice(0, CONTEXT_LENGTH).join(''),
  }
}

export type AnchorResult =
  | { status: 'position' | 'quote' | 'fuzzy'; start: number; end: number; exact: string }
  | { status: 'orphan' }

/** Below this similarity a fuzzy match is not trusted: the highlight becomes an orphan instead. */
export const FUZZY_THRESHOLD = 0.75

/**
 * Places an anchor in a (possibly changed) text, by the cascade of the W3C selectors: the stored position if
 * the text there is still the quote; else the quote wherever it occurs, choosing among several by agreement of
 * prefix and suffix and by nearness to the old position; else an approximate match of the quote above the
 * similarity threshold; else an orphan. Never moves a highlight silently to something else.
 */
export function reanchor(anchor: Anchor, text: string): AnchorResult {
  const from = toUtf16(text, anchor.start)
  const to = toUtf16(text, anchor.end)
  // toUtf16 stops at the end of the text: the stored position holds only if it lies inside the text as it is
  // now (a shortened text would otherwise keep an end past its last character).
  const inside = Number.isInteger(anchor.start) && Number.isInteger(anchor.end) && 0 <= anchor.start && anchor.start <= anchor.end && anchor.end <= codePointLength(text)
  if (inside && text.slice(from, to) === anchor.exact) return { status: 'position', start: anchor.start, end: anchor.end, exact: anchor.exact }
  // An empty quote is found everywhere and so identifies nothing (and indexOf('') would never move on).
  if (anchor.exact.length === 0) return { status: 'orphan' }

  const exactHits: number[] = []
  for (let at = text.indexOf(anchor.exact); at >= 0; at = text.indexOf(anchor.exact, at + 1)) {
    if (onBoundary(text, at) && onBoundary(text, at + anchor.exact.length)) exactHits.push(at)
  }
  if (exactHits.length > 0) {
    const best = bestCandidate(
      exactHits.map((at) => ({ start: at, end: at + anchor.exact.length, errors: 0 })),
      anchor,
      text,
      from,
    )
    return located('quote', text, best.start, best.end)
  }

  // Approximate matching on the quote; allowed errors grow with its length.
  const maxErrors = Math.floor(anchor.exact.length * (1 - FUZZY_THRESHOLD))
  if (maxErrors > 0 && anchor.exact.length >= 8) {
    const matches = approxSearch(text, anchor.exact, maxErrors).filter((m) => onBoundary(text, m.start) && onBoundary(text, m.end))
    if (matches.length > 0) {
      const best = bestCandidate(matches, anchor, text, from)
      const similarity = 1 - best.errors / anchor.exact.length
      if (similarity >= FUZZY_THRESHOLD) return located('fuzzy', text, best.start, best.end)
    }
  }
  return { status: 'orphan' }
}

/**
 * Whether a UTF-16 offset falls between code points: a match that begins or ends between the two halves of a
 * surrogate pair (an emoji) is half a character, not the quote.
 */
function onBoundary(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1)
  const after = text.charCodeAt(at)
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff)
}

function located(status: 'quote' | 'fuzzy', text: string, from: number, to: number): AnchorResult {
  return { status, start: toCodePoints(text, from), end: toCodePoints(text, to), exact: text.slice(from, to) }
}

interface Candidate {
  start: number
  end: number
  errors: number
}

/** Fewest errors first, then the best prefix/suffix agreement, then nearest to where the highlight was. */
function bestCandidate(candidates: Candidate[], anchor: Anchor, text: string, oldFrom: number): Candidate {
  const score = (c: Candidate): number => {
    const before = text.slice(Math.max(0, c.start - anchor.prefix.length), c.start)
    const after = text.slice(c.end, c.end + anchor.suffix.length)
    const context = commonSuffix(before, anchor.prefix) + commonPrefix(after, anchor.suffix)
    const distance = Math.abs(c.start - oldFrom) / Math.max(1, text.length)
    return -c.errors * 1000 + context * 10 - distance
  }
  return candidates.reduce((best, c) => (score(c) > score(best) ? c : best))
}

function commonPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

function commonSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}
