// PDF → one section per page, with pdf.js (the legacy build runs in plain Node without a DOM or a worker
// thread: it falls back to a "fake worker" in this thread). Nothing is evaluated or fetched: pdf.js 6 no
// longer compiles fonts with eval, and no font faces, system fonts, XFA, WebAssembly decoders or CMap and
// font-data URLs are used; none is needed to read text.
//
// Text comes as positioned runs in content-stream order, which is not always reading order. Runs are put in
// order by a recursive XY-cut: a block is split at a vertical gutter (a band of x that no run crosses) into
// columns read left to right; else at its widest horizontal gap into parts read top to bottom; a block that
// splits neither way is read line by line (runs grouped by baseline, sorted by x). Splitting columns first
// and cutting only the widest gap keeps a full-width title or footer from chopping a two-column body into
// interleaved rows.
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'
import type { ParsedDocument, ParsedSection } from './types'
import { checkPdfStreams } from './pdf-streams'
import { finishSections, oneLine } from './sections'

interface Run {
  str: string
  x: number
  /** Baseline, PDF user space (y grows upwards). */
  y: number
  width: number
  /** Font size along the baseline's normal. */
  size: number
}

interface Line {
  runs: Run[]
  x: number
  right: number
  y: number
  size: number
  /** Set on the first line of a column or block that a gutter separated from the previous one. */
  blockStart: boolean
}

export async function parsePdf(
  file: string,
  bytes: Buffer,
  fallbackTitle: string,
  signal?: AbortSignal,
  onPage?: (page: number) => void,
): Promise<ParsedDocument> {
  // pdf.js decodes streams whole and without a limit: bombs are refused before it sees them.
  checkPdfStreams(file, bytes)
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    enableXfa: false,
    useWasm: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  })
  let doc: PDFDocumentProxy
  try {
    doc = await task.promise
  } catch (error) {
    await task.destroy().catch(() => undefined)
    if ((error as Error)?.name === 'PasswordException') throw new UserError('documents.pdfPassword', { file })
    throw new UserError('documents.notPdf', { file })
  }
  try {
    const raw: ParsedSection[] = []
    const empty: number[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted')
      // A page at a time, then a turn for the event loop: progress polls and cancel are answered meanwhile.
      await new Promise((resolve) => setImmediate(resolve))
      let text: string
      try {
        const page = await doc.getPage(n)
        const content = await page.getTextContent({ disableNormalization: false })
        text = pageText(content.items.flatMap((item) => ('str' in item ? [item] : [])))
        page.cleanup()
      } catch {
        throw new UserError('documents.pdfPageDamaged', { file, page: n })
      }
      onPage?.(n)
      if (text.trim() === '') empty.push(n)
      raw.push({ heading: message('imports.pageHeading', { page: n }), text })
    }
    const sections = finishSections(raw)
    if (sections.length === 0) throw new UserError('documents.pdfNoText', { file })
    const warnings = empty.length > 0 ? [message('imports.pdfPagesWithoutText', { count: empty.length, pages: empty.join(', ') })] : []
    const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined
    const title = typeof info?.Title === 'string' ? oneLine(info.Title) : ''
    return { title: title || fallbackTitle, format: 'pdf', sections, warnings }
  } finally {
    await task.destroy().catch(() => undefined)
  }
}

/** The text of one page in reading order; exported for tests of the ordering itself. */
export function pageText(items: { str: string; transform: number[]; width: number; height: number }[]): string {
  const runs: Run[] = []
  for (const item of items) {
    if (item.str.trim() === '') continue
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10
    runs.push({ str: item.str, x, y, width: Math.max(0, item.width), size })
  }
  if (runs.length === 0) return ''
  const lines: Line[] = []
  cut(runs, lines, false)
  return joinLines(lines)
}

const bottom = (r: Run) => r.y - 0.25 * r.size
const top = (r: Run) => r.y + 0.85 * r.size

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

function cut(runs: Run[], out: Line[], blockStart: boolean): void {
  const size = median(runs.map((r) => r.size))
  const columns = splitAtGaps(runs, (r) => r.x, (r) => r.x + r.width, 0.9 * size)
  if (columns.length > 1) {
    columns.forEach((column) => cut(column, out, true))
    return
  }
  const rows = splitAtWidestGap(runs)
  if (rows) {
    rows.forEach((row, i) => cut(row, out, i === 0 && blockStart))
    return
  }
  linesOf(runs).forEach((line, i) => out.push({ ...line, blockStart: i === 0 && blockStart }))
}

/** Groups of runs separated along one axis by empty bands at least `minGap` wide, in ascending order. */
function splitAtGaps(runs: Run[], start: (r: Run) => number, end: (r: Run) => number, minGap: number): Run[][] {
  const sorted = [...runs].sort((p, q) => start(p) - start(q))
  const groups: Run[][] = []
  let reach = -Infinity
  for (const run of sorted) {
    if (groups.length === 0 || start(run) - reach >= minGap) groups.push([run])
    else groups.at(-1)!.push(run)
    reach = Math.max(reach, end(run))
  }
  return groups
}

/** Top and bottom part at the widest horizontal band no run crosses, or null when there is none. */
function splitAtWidestGap(runs: Run[]): [Run[], Run[]] | null {
  const sorted = [...runs].sort((p, q) => top(q) - top(p))
  let low = Infinity
  let best = 0
  let at = -1
  for (let i = 0; i < sorted.length; i++) {
    const run = sorted[i]!
    if (i > 0 && low - top(run) > best) {
      best = low - top(run)
      at = i
    }
    low = Math.min(low, bottom(run))
  }
  if (at < 0) return null
  return [sorted.slice(0, at), sorted.slice(at)]
}

function linesOf(runs: Run[]): Omit<Line, 'blockStart'>[] {
  const sorted = [...runs].sort((p, q) => q.y - p.y || p.x - q.x)
  const lines: Omit<Line, 'blockStart'>[] = []
  for (const run of sorted) {
    const line = lines.at(-1)
    if (line && Math.abs(line.y - run.y) < 0.5 * Math.min(line.size, run.size)) {
      line.runs.push(run)
      line.x = Math.min(line.x, run.x)
      line.right = Math.max(line.right, run.x + run.width)
      line.size = Math.max(line.size, run.size)
    } else {
      lines.push({ runs: [run], x: run.x, right: run.x + run.width, y: run.y, size: run.size })
    }
  }
  for (const line of lines) line.runs.sort((p, q) => p.x - q.x)
  return lines
}

function lineString(line: Omit<Line, 'blockStart'>): string {
  let text = ''
  let end = -Infinity
  for (const run of line.runs) {
    // A gap wider than a sliver of the font size is a word space the PDF did not spell out.
    if (text !== '' && run.x - end > 0.15 * run.size && !/\s$/.test(text) && !/^\s/.test(run.str)) text += ' '
    text += run.str
    end = Math.max(end, run.x + run.width)
  }
  return text.trim()
}

const BULLET = /^([•◦▪‣∙·–—-]\s|\d{1,3}[.)]\s|[a-z][.)]\s)/

// Wrapped lines of a paragraph are joined with a space so the reader can reflow them; a new paragraph starts
// at a column or block change, a gap clearly taller than the line spacing, a change of font size (a
// heading), or a list item. Only soft hyphens (U+00AD) at a line end are removed: a hard hyphen there is as
// often a Swedish joining hyphen ("forsknings- och innovationsarbete") as a split word, and joining those
// would corrupt the text, while a kept hyphen merely looks odd.
function joinLines(lines: Line[]): string {
  const pitches: number[] = []
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.y - lines[i]!.y
    if (!lines[i]!.blockStart && gap > 0) pitches.push(gap / lines[i]!.size)
  }
  const pitch = median(pitches) || 1.2
  let text = ''
  lines.forEach((line, i) => {
    const str = lineString(line)
    if (str === '') return
    if (i === 0 || text === '') {
      text = str
      return
    }
    const prev = lines[i - 1]!
    const gap = (prev.y - line.y) / line.size
    const sizeChange = Math.abs(prev.size - line.size) / Math.max(prev.size, line.size) > 0.15
    if (line.blockStart || gap < 0 || gap > pitch * 1.4 || sizeChange) text += '\n\n'
    else if (BULLET.test(str)) text += '\n'
    else if (text.endsWith('\u00AD')) text = text.slice(0, -1)
    else text += ' '
    text += str
  })
  return text.replace(/\u00AD(?=\s|$)/g, '')
}
