// Files for the import and export specs and for scripts/screenshots.ts, made at run time: Markdown and text
// with å/ä/ö, a broken PDF, DOCX files built with yazl, CSV files and a REFI-QDA project.
//
// A "slow" DOCX carries many small media entries. Main checks every entry of a ZIP (streamed through yauzl)
// before mammoth reads it, so such a file takes a few hundred milliseconds and yields to the event loop
// while it does: long enough to see the import's progress and to cancel it, as with a real report full of
// pictures. (The other formats are parsed without yielding, so their progress is never seen mid-file.)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import yazl from 'yazl'
import { readZip, writeZip } from '../../src/core/io/refi/zip'

export function tempDir(prefix = 'atlas-io-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

function zip(entries: { name: string; data: string | Buffer }[]): Promise<Buffer> {
  const z = new yazl.ZipFile()
  for (const e of entries) z.addBuffer(Buffer.from(e.data), e.name, { compress: e.name.endsWith('.xml') || e.name.endsWith('.rels') })
  z.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    z.outputStream.on('data', (c: Buffer) => chunks.push(c))
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    z.outputStream.on('error', reject)
  })
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const para = (text: string, style?: string): string =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`

/** A DOCX as Swedish Word writes it (heading styles "Rubrik1", "Rubrik2"), with `media` small picture entries. */
export function docx(title: string, sections: { heading: string; text: string }[], media = 0): Promise<Buffer> {
  const style = (id: string, name: string): string => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`
  const body = para(title, 'Rubrik1') + sections.map((s) => para(s.heading, 'Rubrik2') + para(s.text)).join('')
  return zip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/_rels/document.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: 'word/styles.xml', data: `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>${style('Rubrik1', 'heading 1')}${style('Rubrik2', 'heading 2')}</w:styles>` },
    { name: 'word/document.xml', data: `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>` },
    ...Array.from({ length: media }, (_, i) => ({ name: `word/media/bild${i + 1}.bin`, data: `${title} ${i}` })),
  ])
}

/** A DOCX that takes a few hundred milliseconds to check (see the note at the top). */
export function slowDocx(title: string, sections: { heading: string; text: string }[]): Promise<Buffer> {
  return docx(title, sections, 1990)
}

export const MEETING_MD = `# Möte om idéslussen i Kiruna

## Bakgrund

Kommunens förnyelsearbete har pågått sedan 2019. Medarbetare i äldreomsorgen lämnar idéer till slussen.

## Beslut

Vi går vidare med en testbädd för välfärdsteknik och följer upp efter ett år.
`

export const BROKEN_PDF = '%PDF-1.7\ntrasig fil utan innehåll'

/**
 * A REFI-QDA project as another program might write it: the app's own export with a set of sources and a
 * PDF source added, neither of which Innovationsatlas can carry.
 */
export function withUnsupported(qdpx: Uint8Array): Buffer {
  const entries = readZip(qdpx, 'projekt.qdpx', () => true)
  const project = Buffer.from(entries.get('project.qde')!).toString('utf8')
  const pdfSource = '<PDFSource guid="0b7b7a3e-5c1d-4c55-9b55-2f1c3b0d9a11" name="Intervju 3.pdf" path="relative://Intervju 3.pdf"/>'
  const sets = '<Sets><Set guid="2c9f4d0e-1a4b-4f7a-8a55-6e2d9b1c7f22" name="Intervjuer i norr"/></Sets>'
  let edited = project.includes('</Sources>')
    ? project.replace('</Sources>', `${pdfSource}</Sources>`)
    : project.replace('</Project>', `<Sources>${pdfSource}</Sources></Project>`)
  edited = edited.replace('</Project>', `${sets}</Project>`)
  return writeZip(
    [...entries].map(([name, data]) => [name, name === 'project.qde' ? Buffer.from(edited, 'utf8') : data]),
    new Date('2024-05-01T10:00:00Z'),
  )
}
