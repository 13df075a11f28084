// HTML → sections of plain text, used for HTML files and for what mammoth (DOCX) and markdown-it (Markdown)
// produce. Parsing with htmlparser2 builds no DOM and runs nothing: scripts, styles, frames and embedded
// objects are dropped with their content, nothing is fetched, and only text content is kept. Sections start
// at h1–h3; deeper headings stay in the text as their own paragraph.
import { Parser } from 'htmlparser2'
import { message } from '../../../shared/messages'
import type { ParsedSection } from './types'

/** Elements whose content is never text for the reader. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'svg', 'math', 'canvas', 'audio', 'video', 'select', 'textarea', 'button', 'head',
])
const SECTION_HEADINGS = new Set(['h1', 'h2', 'h3'])
const PARAGRAPHS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'blockquote', 'pre', 'figure',
  'figcaption', 'address', 'table', 'ul', 'ol', 'dl', 'h4', 'h5', 'h6', 'hr', 'details', 'summary', 'fieldset', 'form',
])
const LINES = new Set(['li', 'tr', 'dt', 'dd', 'caption'])

export interface HtmlText {
  /** The <title>, if any. */
  title: string
  /** Text before the first heading has the heading `preambleHeading`. */
  sections: ParsedSection[]
  /** The first h1 heading, else the first h2 or h3 heading, else ''. */
  mainHeading: string
}

export function htmlToSections(html: string, preambleHeading = message('imports.preambleHeading')): HtmlText {
  const sections: ParsedSection[] = []
  let heading = preambleHeading
  let text = ''
  let headingText: string | null = null
  let headingLevel = 0
  const found: { level: number; text: string }[] = []
  let title: string | null = null
  let titleText = ''
  let dropDepth = 0
  let preDepth = 0
  let pendingBreak = 0
  const lists: { ordered: boolean; n: number }[] = []
  let cellsInRow = 0

  const requestBreak = (level: number) => {
    pendingBreak = Math.max(pendingBreak, level)
  }
  const append = (chunk: string, verbatim = false) => {
    if (headingText !== null) {
      headingText += chunk
      return
    }
    let piece = preDepth > 0 || verbatim ? chunk : chunk.replace(/[ \t\n\r\f]+/g, ' ')
    if (pendingBreak > 0) {
      if (preDepth === 0) piece = piece.replace(/^ /, '')
      if (piece === '') return
      if (text !== '') text = text.replace(/[ \t]+$/, '') + (pendingBreak >= 2 ? '\n\n' : '\n')
      pendingBreak = 0
    }
    if (preDepth === 0 && (text === '' || /[ \n]$/.test(text))) piece = piece.replace(/^ /, '')
    text += piece
  }
  const lineBreak = () => {
    if (headingText !== null) {
      headingText += ' '
      return
    }
    // A <br> is content: it ends the line even where the line is empty.
    if (pendingBreak > 0 && text !== '') text = text.replace(/[ \t]+$/, '') + (pendingBreak >= 2 ? '\n\n' : '\n')
    pendingBreak = 0
    text = text.replace(/[ \t]+$/, '') + '\n'
  }
  const closeSection = () => {
    sections.push({ heading, text })
    text = ''
    pendingBreak = 0
  }

  let inTitle = false
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') {
          inTitle = true
          return
        }
        if (dropDepth > 0 || DROPPED.has(name)) {
          if (!VOID.has(name)) dropDepth++
          return
        }
        if (SECTION_HEADINGS.has(name)) {
          closeSection()
          headingText = ''
          headingLevel = Number(name.slice(1))
          return
        }
        if (name === 'pre') preDepth++
        if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', n: 0 })
        if (PARAGRAPHS.has(name)) requestBreak(2)
        else if (LINES.has(name)) requestBreak(1)
        if (name === 'br') lineBreak()
        if (name === 'li') {
          const list = lists.at(-1)
          if (list) list.n++
          append(list?.ordered ? `${list.n}. ` : '• ')
        }
        if (name === 'tr') cellsInRow = 0
        if ((name === 'td' || name === 'th') && cellsInRow++ > 0) append('\t', true)
      },
      ontext(chunk) {
        if (inTitle) titleText += chunk
        else if (dropDepth === 0) append(chunk)
      },
      onclosetag(name) {
        if (name === 'title') {
          inTitle = false
          title ??= titleText
          titleText = ''
          return
        }
        if (dropDepth > 0) {
          if (!VOID.has(name)) dropDepth--
          return
        }
        if (SECTION_HEADINGS.has(name) && headingText !== null) {
          heading = headingText.replace(/\s+/g, ' ').trim() || heading
          found.push({ level: headingLevel, text: heading })
          headingText = null
          return
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1)
        if (name === 'ul' || name === 'ol') lists.pop()
        if (PARAGRAPHS.has(name)) requestBreak(2)
        else if (LINES.has(name)) requestBreak(1)
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: false },
  )
  parser.write(html)
  parser.end()
  sections.push({ heading, text })
  const main = found.find((h) => h.level === 1) ?? found[0]
  return {
    title: (title ?? '').replace(/\s+/g, ' ').trim(),
    sections: sections.filter((s) => s.text.trim() !== ''),
    mainHeading: main?.text ?? '',
  }
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param'])
