// The format is read from the content; the file name's extension only breaks ties (Markdown or plain text,
// HTML without a doctype) and sharpens a refusal (a ".pdf" that is no PDF is reported as a broken PDF).
import path from 'node:path'
import { UserError } from '../../errors'
import { inspectZip } from './zip'
import type { DocumentFormat } from './types'

export interface Detected {
  format: DocumentFormat
}

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b)
const PDF = [...Buffer.from('%PDF-')]

export async function detectFormat(file: string, bytes: Buffer): Promise<DocumentFormat> {
  const ext = path.extname(file).toLowerCase()
  // The PDF header may sit anywhere in the first kilobyte (ISO 32000-1, 7.5.2, as readers tolerate it).
  if (bytes.subarray(0, 1024).indexOf(Buffer.from(PDF)) >= 0) return 'pdf'
  if (ext === '.pdf') throw new UserError('documents.notPdf', { file })

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const listing = await inspectZip(file, bytes)
    if (listing.names.includes('word/document.xml')) return 'docx'
    throw new UserError('documents.zipNotWord', { file })
  }
  if (ext === '.docx') throw new UserError('documents.notDocx', { file })
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw new UserError('documents.oldOffice', { file })
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    throw new UserError('documents.image', { file })
  }

  // Text formats: look at the start as Latin-1, which never fails and keeps every ASCII character.
  const head = bytes.subarray(0, 4096).toString('latin1').replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '').replace(/\0/g, '')
  const start = head.replace(/^(\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/, '').slice(0, 1024).toLowerCase()
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'html'
  if ((ext === '.html' || ext === '.htm' || ext === '.xhtml') && /<(body|p|div|h[1-6]|head|title)\b/i.test(head)) return 'html'
  if (ext === '.md' || ext === '.markdown') return 'markdown'
  if (looksLikeMarkdown(head)) return 'markdown'
  return 'text'
}

/** "Clearly Markdown": the first line is an ATX heading and at least one more heading follows. */
function looksLikeMarkdown(head: string): boolean {
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== '')
  const heading = /^#{1,6}[ \t]+\S/
  return heading.test(lines[0] ?? '') && lines.filter((l) => heading.test(l)).length >= 2
}
