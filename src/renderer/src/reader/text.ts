// Plain logic behind the reader: splitting a text into segments at every highlight boundary, sentence and word
// steps for keyboard selection, type-ahead over codes and colours. No DOM, no Svelte: unit-tested in Node.
//
// Two units meet here. Highlights store code points (REFI-QDA and the W3C model count code points); the DOM and
// String.slice count UTF-16 units. Ranges in this module are UTF-16 unless a name says `Cp`; conversion happens
// only through shared/anchor.ts, at the edge (segmenting in, selection out).
import { toCodePoints, toUtf16 } from '../../../shared/anchor'
import type { CodeNode, Highlight } from '../../../shared/domain'

/** A UTF-16 range [start, end) in a text. */
export interface Range16 {
  start: number
  end: number
}

export interface Segment {
  /** UTF-16 offsets in the block's text. */
  start: number
  end: number
  text: string
  /** Highlights covering the segment, outermost (earliest start, then longest) first. */
  highlights: Highlight[]
  /** Highlights that begin at this segment: the segment is where Tab stops for them. */
  starts: Highlight[]
  /** Inside the selection being coded (keyboard read mode, or the range the coding popup is for). */
  selected: boolean
}

/** Outer before inner: earlier start first, then the longer one. Stable, so equal ranges keep their order. */
export function byNesting(a: Highlight, b: Highlight): number {
  return a.start - b.start || b.end - a.end
}

/**
 * Splits `text` at every boundary of `highlights` (code points) and of `selection` (UTF-16). The segments'
 * texts concatenate to exactly `text`, so the rendered block's textContent stays the stored text and DOM
 * offsets map back to stored positions.
 */
export function segmentText(text: string, highlights: readonly Highlight[], selection: Range16 | null = null): Segment[] {
  const placed = highlights
    .map((h) => ({ h, start: toUtf16(text, h.start), end: toUtf16(text, h.end) }))
    .filter((p) => p.end > p.start && p.start < text.length)
    .sort((a, b) => byNesting(a.h, b.h))
  const cuts = new Set<number>([0, text.length])
  for (const p of placed) {
    cuts.add(p.start)
    cuts.add(Math.min(p.end, text.length))
  }
  if (selection && selection.end > selection.start) {
    cuts.add(Math.max(0, selection.start))
    cuts.add(Math.min(text.length, selection.end))
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!
    const end = points[i + 1]!
    if (end <= start) continue
    const covering = placed.filter((p) => p.start <= start && p.end >= end)
    segments.push({
      start,
      end,
      text: text.slice(start, end),
      highlights: covering.map((p) => p.h),
      starts: covering.filter((p) => p.start === start).map((p) => p.h),
      selected: selection !== null && selection.start <= start && selection.end >= end,
    })
  }
  return segments
}

/** A UTF-16 range → the code-point range the core stores. */
export function toCodePointRange(text: string, range: Range16): { start: number; end: number } {
  return { start: toCodePoints(text, range.start), end: toCodePoints(text, range.end) }
}

/** A code-point range → UTF-16 in `text`. */
export function toUtf16Range(text: string, start: number, end: number): Range16 {
  return { start: toUtf16(text, start), end: toUtf16(text, end) }
}

/** Narrows a range so that it neither starts nor ends with white space; null when nothing else is left. */
export function trimRange(text: string, range: Range16): Range16 | null {
  let { start, end } = range
  while (start < end && /\s/.test(text[start]!)) start++
  while (end > start && /\s/.test(text[end - 1]!)) end--
  return end > start ? { start, end } : null
}

// Abbreviations whose full stop does not end a Swedish sentence ("t.ex. Kiruna", "bl.a. SKR").
const ABBREVIATIONS = new Set([
  't.ex', 'bl.a', 'm.m', 's.k', 'dvs', 'osv', 'ca', 'kap', 'nr', 'resp', 'jfr', 'f.d', 'o.s.v', 'p.g.a', 'pga',
  'd.v.s', 'fr.o.m', 't.o.m', 'mfl', 'm.fl', 'st', 'kl', 'ev', 'inkl', 'exkl', 'tel', 'e.d', 'u.a',
])

/** Sentences of a text as trimmed UTF-16 ranges, in order. A line break always ends a sentence. */
export function sentenceRanges(text: string): Range16[] {
  const ranges: Range16[] = []
  let from = 0
  const push = (end: number): void => {
    const r = trimRange(text, { start: from, end })
    if (r) ranges.push(r)
    from = end
  }
  const boundary = /([.!?…]+["”»')\]]*)(\s+)(?=\S)|\n+/gu
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[0].startsWith('\n')) {
      push(m.index + m[0].length)
      continue
    }
    const stopEnd = m.index + m[1]!.length
    const next = text[stopEnd + m[2]!.length] ?? ''
    const word = /[\p{L}.]+$/u.exec(text.slice(from, m.index))?.[0]?.toLowerCase() ?? ''
    const startsAnew = /[\p{Lu}\p{N}"”»'(–-]/u.test(next) || m[2]!.includes('\n')
    if (!startsAnew || (m[1] === '.' && ABBREVIATIONS.has(word.replace(/\.$/, '')))) continue
    push(stopEnd + m[2]!.length)
  }
  push(text.length)
  return ranges
}

/** Words (letters and digits, with inner hyphens and apostrophes) as UTF-16 ranges, in order. */
export function wordRanges(text: string): Range16[] {
  const ranges: Range16[] = []
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-'’:][\p{L}\p{N}]+)*/gu)) {
    ranges.push({ start: m.index, end: m.index + m[0].length })
  }
  return ranges
}

export type Step = 'next' | 'previous' | 'extend' | 'shrink'

/**
 * One keyboard step of a selection over `units` (sentences or words). The selection is anchored at its start:
 * `next`/`previous` select the single unit after/before it, `extend` adds the next unit at the end, `shrink`
 * takes the last one away again (never below one unit). With no selection, any step selects the first unit.
 */
export function stepSelection(units: readonly Range16[], current: Range16 | null, step: Step): Range16 | null {
  if (units.length === 0) return null
  if (!current) return { ...(step === 'previous' ? units[units.length - 1]! : units[0]!) }
  switch (step) {
    case 'next': {
      const unit = units.find((u) => u.start >= current.end) ?? units.find((u) => u.end > current.end)
      return unit ? { ...unit } : current
    }
    case 'previous': {
      const unit = [...units].reverse().find((u) => u.end <= current.start) ?? [...units].reverse().find((u) => u.start < current.start)
      return unit ? { ...unit } : current
    }
    case 'extend': {
      const unit = units.find((u) => u.end > current.end)
      return unit ? { start: current.start, end: unit.end } : current
    }
    case 'shrink': {
      const inside = units.filter((u) => u.end < current.end && u.end > current.start)
      const last = inside[inside.length - 1]
      return last ? { start: current.start, end: last.end } : current
    }
  }
}

/** Every code of a tree, depth first, in the codebook's order. */
export function flattenCodes(nodes: readonly CodeNode[]): CodeNode[] {
  return nodes.flatMap((n) => [n, ...flattenCodes(n.children)])
}

const fold = (s: string): string => s.toLocaleLowerCase('sv').normalize('NFC')

/**
 * Codes matching a typed query on their name or their path ("fas pil" finds Innovationens fas › Pilot): every
 * word of the query must occur. Names that start with the query come first, then the codebook's order.
 */
export function matchCodes(codes: readonly CodeNode[], query: string): CodeNode[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...codes]
  const scored = codes
    .map((code, order) => {
      const name = fold(code.name)
      const path = fold(code.path.join(' › '))
      if (!words.every((w) => path.includes(w))) return null
      const q = words.join(' ')
      const rank = name === q ? 0 : name.startsWith(q) ? 1 : words.every((w) => name.includes(w)) ? 2 : 3
      return { code, rank, order }
    })
    .filter((s): s is { code: CodeNode; rank: number; order: number } => s !== null)
  return scored.sort((a, b) => a.rank - b.rank || a.order - b.order).map((s) => s.code)
}

/** A code with exactly this name (case-insensitive), so "type a new name + Enter" never makes a twin. */
export function codeNamed(codes: readonly CodeNode[], name: string): CodeNode | undefined {
  const wanted = fold(name.trim())
  return codes.find((c) => fold(c.name) === wanted)
}

/** `#rrggbb` at an opacity (a number, or a CSS `var()` that gives one), for translucent highlight backgrounds. */
export function tint(hex: string, alpha: number | string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return `rgba(128, 128, 128, ${alpha})`
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16))
  return `rgba(${r}, ${g}, ${b}, ${alpha})`
}

/** The most stripes a segment shows under its text; more codes are still listed in the tooltip and panel. */
export const MAX_STRIPES = 4
const STRIPE_PX = 3
// The theme's opacity (app.css): lower in the dark theme, where stacked fills would otherwise wash out the text.
const FILL_ALPHA = 'var(--highlight-fill-alpha, 0.26)'

/**
 * The CSS background of a highlighted segment: a translucent fill in the first code's colour of every
 * highlight covering it (so nesting stacks darker), and under the text one stripe per distinct code, so an
 * overlap shows both highlights' colours side by side rather than as one blended hue.
 */
export function segmentStyle(highlights: readonly Highlight[]): string {
  const stripes: string[] = []
  for (const h of highlights) for (const c of h.codes) if (!stripes.includes(c.color)) stripes.push(c.color)
  const shown = stripes.slice(0, MAX_STRIPES)
  const layers = shown.map(
    (color, i) => `linear-gradient(${color}, ${color}) 0 calc(100% - ${i * STRIPE_PX}px) / 100% ${STRIPE_PX}px no-repeat`,
  )
  for (const h of highlights) {
    const fill = tint(h.codes[0]?.color ?? '#868e96', FILL_ALPHA)
    layers.push(`linear-gradient(${fill}, ${fill})`)
  }
  return `background: ${layers.join(', ')}; padding-bottom: ${Math.max(0, shown.length - 1) * STRIPE_PX}px`
}

/** A short quote for labels: the first `max` characters, whole code points, with an ellipsis when cut. */
export function shortQuote(text: string, max = 60): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : chars.join('')
}
