// Positions between the app's stored texts and the texts in a REFI-QDA file. Both count Unicode code points
// from 0, never UTF-16 units or bytes; what differs is the text itself: CRLF line endings on export for
// MAXQDA, and whatever another tool wrote (BOM, CRLF, control characters, decomposed letters) on import,
// where the text is normalised like every text entering the database.
import { codePointLength } from '../../../shared/anchor'
import { normaliseText } from '../../text'

/** The text with CRLF line endings, and the position in it of a code point offset of the LF text. */
export function toCrlf(text: string): { text: string; position: (cp: number) => number } {
  // LFs before each code point: the CRLF text has one more code point for each of them.
  const before: number[] = [0]
  let lf = 0
  for (const ch of text) {
    if (ch === '\n') lf++
    before.push(lf)
  }
  return {
    text: text.replace(/\n/g, '\r\n'),
    position: (cp) => cp + (before[Math.min(cp, before.length - 1)] ?? 0),
  }
}

// eslint-disable-next-line no-control-regex -- the same characters normaliseText removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/**
 * A text from another tool, normalised as the database stores texts, with a map from code point positions
 * in the original to positions in the normalised text.
 */
export function normaliseWithPositions(original: string): { text: string; length: number; originalLength: number; position: (cp: number) => number } {
  const text = normaliseText(original)
  const points = [...original]
  // kept[i]: code points of the cleaned (pre-NFC) text before original position i.
  const kept = new Array<number>(points.length + 1)
  let cleaned = ''
  let n = 0
  for (let i = 0; i < points.length; i++) {
    kept[i] = n
    const ch = points[i]!
    const dropped =
      (i === 0 && ch === '\uFEFF') || (ch === '\r' && points[i + 1] === '\n') || (ch !== '\r' && CONTROL.test(ch))
    if (dropped) continue
    cleaned += ch === '\r' ? '\n' : ch
    n++
  }
  kept[points.length] = n
  const composed = cleaned.normalize('NFC')
  const identity = composed === cleaned
  const cleanedPoints = identity ? [] : [...cleaned]
  return {
    text,
    length: codePointLength(text),
    originalLength: points.length,
    position: (cp) => {
      const k = kept[Math.max(0, Math.min(cp, points.length))]!
      // NFC may join a letter and its accent into one code point: count what the prefix becomes.
      return identity ? k : codePointLength(cleanedPoints.slice(0, k).join('').normalize('NFC'))
    },
  }
}
