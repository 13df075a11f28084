// What a file is, read from its content rather than its name, for `atlas import FILE…`: a REFI-QDA project
// (or a colleague's Innovationsatlas project file, merged the same way),
// Kolada values, a CSV of cases or of survey values, or else a document (PDF, DOCX, Markdown, text, HTML —
// the document import tells those apart itself).
import fs from 'node:fs'
import yauzl from 'yauzl'
import { isProjectFile } from './refi/project-file'

export type ImportKind = 'qdpx' | 'qdc' | 'project-file' | 'kolada' | 'cases-csv' | 'survey-csv' | 'document'

const HEAD_BYTES = 64 * 1024

/**
 * The names of a ZIP's entries, from its central directory (at the end of the file): where an entry stands
 * does not matter, and nothing is inflated. Null when the file is not a readable ZIP.
 */
async function zipEntryNames(file: string): Promise<string[] | null> {
  let zip: yauzl.ZipFile
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, autoClose: false })
  } catch {
    return null
  }
  try {
    const names: string[] = []
    for await (const entry of zip.eachEntry()) names.push((entry.fileName as unknown as Buffer).toString('utf8'))
    return names
  } catch {
    return null
  } finally {
    zip.close()
  }
}

export async function classifyFile(file: string): Promise<ImportKind> {
  const fd = fs.openSync(file, 'r')
  const head = Buffer.alloc(HEAD_BYTES)
  const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0)
  fs.closeSync(fd)
  const bytes = head.subarray(0, n)
  // A ZIP holding project.qde is a REFI-QDA project, whatever its name (.qdpx, or renamed .zip) and wherever
  // the tool wrote that entry (some write it last); a DOCX holds word/document.xml instead.
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    const names = await zipEntryNames(file)
    return names?.some((name) => name.toLowerCase() === 'project.qde') ? 'qdpx' : 'document'
  }
  // A colleague's Innovationsatlas project file is merged like their REFI-QDA project.
  if (isProjectFile(bytes)) return 'project-file'
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
