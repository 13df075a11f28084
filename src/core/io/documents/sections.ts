// Turning raw text blocks into the sections a researcher reads: normalised, headed, and never so long that
// the reader (which renders and anchors one section at a time) becomes slow.
import { message } from '../../../shared/messages'
import { normaliseText } from '../../text'
import type { ParsedSection } from './types'

/** A section longer than this is split at paragraph boundaries into parts "Rubrik (del 2 av 3)". */
export const MAX_SECTION_CHARS = 8_000

export function finishSections(raw: ParsedSection[], maxChars = MAX_SECTION_CHARS): ParsedSection[] {
  const out: ParsedSection[] = []
  for (const section of raw) {
    const text = tidy(normaliseText(section.text))
    if (text === '') continue
    const heading = oneLine(normaliseText(section.heading)) || message('imports.untitledSection')
    const parts = splitText(text, maxChars)
    parts.forEach((part, i) =>
      out.push({ heading: parts.length === 1 ? heading : message('imports.sectionPart', { heading, part: i + 1, parts: parts.length }), text: part }),
    )
  }
  return out
}

/** Trailing blanks on lines and runs of more than one empty line are layout, not content. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Greedy: whole paragraphs while they fit; a paragraph longer than the limit is cut at a line or word end. */
export function splitText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text]
  const parts: string[] = []
  let current = ''
  const flush = () => {
    if (current.trim() !== '') parts.push(current.trim())
    current = ''
  }
  for (const paragraph of text.split(/\n{2,}/)) {
    if (current !== '' && current.length + 2 + paragraph.length > maxChars) flush()
    let rest = paragraph
    while (rest.length > maxChars) {
      flush()
      const window = rest.slice(0, maxChars)
      let cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '))
      if (cut < maxChars / 2) cut = maxChars
      // Never split a surrogate pair: offsets are code points.
      if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut--
      parts.push(rest.slice(0, cut).trim())
      rest = rest.slice(cut).trimStart()
    }
    current = current === '' ? rest : `${current}\n\n${rest}`
  }
  flush()
  return parts
}

/** The first ~`max` characters of the whole text, cut at a word boundary: the document's summary. */
export function summarise(sections: ParsedSection[], max = 300): string {
  const text = oneLine(sections.map((s) => s.text).join(' '))
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`
}
