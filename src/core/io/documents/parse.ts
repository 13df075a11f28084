// Bytes of a detected format → a ParsedDocument. Every format ends in finishSections (normalised text,
// non-empty headings, long sections split); HTML, DOCX and Markdown all pass through htmlToSections so
// they are sectioned alike (at h1–h3).
import path from 'node:path'
import mammoth from 'mammoth'
import MarkdownIt from 'markdown-it'
import { decodeText, encodingWarning } from './decode'
import { htmlToSections } from './html'
import { parsePdf } from './pdf'
import { finishSections, oneLine } from './sections'
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'
import { MAX_WORD_XML_BYTES, megabytes, wordXmlWithin } from '../refi/zip'
import type { DocumentFormat, ParsedDocument, ParsedSection } from './types'

export async function parseDocument(
  file: string,
  format: DocumentFormat,
  bytes: Buffer,
  signal?: AbortSignal,
  onPage?: (page: number) => void,
): Promise<ParsedDocument> {
  const fallbackTitle = path.basename(file, path.extname(file)) || file
  switch (format) {
    case 'pdf':
      return parsePdf(file, bytes, fallbackTitle, signal, onPage)
    case 'docx':
      return parseDocx(file, bytes, fallbackTitle)
    case 'html': {
      const decoded = decodeText(file, bytes)
      const html = htmlToSections(decoded.text)
      return finish(file, 'html', html.title || html.mainHeading || fallbackTitle, html.sections, encodingWarning(decoded))
    }
    case 'markdown':
      return parseMarkdown(file, bytes, fallbackTitle)
    case 'text': {
      const decoded = decodeText(file, bytes)
      return finish(file, 'text', fallbackTitle, [{ heading: 'Text', text: decoded.text }], encodingWarning(decoded))
    }
  }
}

async function parseDocx(file: string, bytes: Buffer, fallbackTitle: string): Promise<ParsedDocument> {
  let html: string
  let messages: { type: string; message: string }[]
  // mammoth holds the document's XML in memory many times over: too much of it ends the process, not the import.
  let fits: boolean
  try {
    fits = wordXmlWithin(bytes, file)
  } catch {
    throw new UserError('documents.wordDamaged', { file })
  }
  if (!fits) throw new UserError('documents.wordTooLarge', { file, limit: megabytes(MAX_WORD_XML_BYTES) })
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        // Swedish Word names its own styles "Rubrik 1" and the title style "Rubrik" when they are custom.
        styleMap: ["p[style-name='Rubrik 1'] => h1:fresh", "p[style-name='Rubrik 2'] => h2:fresh", "p[style-name='Rubrik 3'] => h3:fresh", "p[style-name='Title'] => h1:fresh", "p[style-name='Rubrik'] => h1:fresh"],
        // Images carry no text; not turning them into base64 data URIs saves time and memory.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    )
    html = result.value
    messages = result.messages
  } catch {
    throw new UserError('documents.wordDamaged', { file })
  }
  const parsed = htmlToSections(html)
  const warnings = messages.some((m) => m.type === 'error') ? [message('imports.wordPartlyUnread')] : []
  return finish(file, 'docx', parsed.mainHeading || fallbackTitle, parsed.sections, warnings)
}

// Markdown is rendered (raw HTML in it stays inert text: html: false) and kept as the text a reader sees:
// "**viktigt**" becomes "viktigt", a link its text, a list item "• …". The stored text is what highlights
// quote, search matches and exports carry, and markup characters in it would only be noise there.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false })

function parseMarkdown(file: string, bytes: Buffer, fallbackTitle: string): ParsedDocument {
  const decoded = decodeText(file, bytes)
  // YAML front matter is metadata, not text; its title (if any) is the document's title.
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(decoded.text)
  const body = front ? decoded.text.slice(front[0].length) : decoded.text
  const frontTitle = front ? /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1]!)?.[1] : undefined
  const parsed = htmlToSections(markdown.render(body))
  return finish(file, 'markdown', frontTitle || parsed.mainHeading || fallbackTitle, parsed.sections, encodingWarning(decoded))
}

function finish(file: string, format: DocumentFormat, title: string, raw: ParsedSection[], warnings: string[]): ParsedDocument {
  const sections = finishSections(raw)
  if (sections.length === 0) throw new UserError('documents.noText', { file })
  return { title: oneLine(title).slice(0, 300), format, sections, warnings }
}
