// What a file is, read from its first bytes rather than its name, for `atlas import FILE…`: a REFI-QDA project,
// Kolada values, a CSV of cases or of survey values, or else a document (PDF, DOCX, Markdown, text, HTML —
// the document import tells those apart itself).
import fs from 'node:fs'

export type ImportKind = 'qdpx' | 'qdc' | 'kolada' | 'cases-csv' | 'survey-csv' | 'document'

const HEAD_BYTES = 64 * 1024

export function classifyFile(file: string): ImportKind {
  const fd = fs.openSync(file, 'r')
  const head = Buffer.alloc(HEAD_BYTES)
  const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0)
  fs.closeSync(fd)
  const bytes = head.subarray(0, n)
  // A ZIP whose local file headers name project.qde is a REFI-QDA project (a DOCX names word/document.xml).
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    return bytes.includes(Buffer.from('project.qde')) ? 'qdpx' : 'document'
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart()
  if (/^<\?xml[^>]*\?>\s*<CodeBook\b/.test(text) || /^<CodeBook\b/.test(text)) return 'qdc'
  if ((text.startsWith('{') || text.startsWith('[')) && /"kpi"\s*:/.test(text) && /"municipality"\s*:/.test(text)) return 'kolada'
  const header = text.split(/\r?\n/, 1)[0]?.toLowerCase() ?? ''
  const cells = header.split(/[;,]/).map((c) => c.trim().replace(/^"|"$/g, ''))
  if (cells.length >= 3) {
    if (cells.includes('indikator') || cells.includes('indicator')) return 'survey-csv'
    if (cells.includes('namn') || cells.includes('name')) return 'cases-csv'
  }
  return 'document'
}
