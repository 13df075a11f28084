// Importing the researcher's own documents. Every fixture is made here, at run time: PDFs are printed by
// Debian's Chromium (see docs/toolchain.md), DOCX and hostile ZIPs are built with yazl, the encrypted PDF is
// written byte by byte with the PDF standard security handler (RC4, revision 2).
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { chromium, type Browser } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import yazl from 'yazl'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import type { AtlasDatabase } from '../../src/core/db/open'
import { MAX_FILE_BYTES } from '../../src/core/files'
import { importDocuments, type ImportProgress } from '../../src/core/io/documents/import'
import { createProcessParser, forkNodeParser } from '../../src/core/io/parsing/runner'
import { withAnalyses } from '../../src/core/db/library'
import { saveDocument } from '../../src/core/db/documents'
import { detectFormat } from '../../src/core/io/documents/detect'
import { MAX_SECTION_CHARS } from '../../src/core/io/documents/sections'
import { codePointLength, toCodePoints } from '../../src/shared/anchor'
import { tempDir, writeCorpus, messageOf, zipBytes } from './helpers'

// ---------- fixtures ----------

let browser: Browser
const dir = tempDir('atlas-docs-')

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}, 60_000)
afterAll(async () => {
  await browser?.close()
})

async function printPdf(name: string, html: string): Promise<string> {
  const page = await browser.newPage()
  await page.setContent(html)
  const file = path.join(dir, name)
  await page.pdf({ path: file, format: 'A4' })
  await page.close()
  return file
}

const REPORT_HTML = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Att stärka innovationsförmågan</title>
<style>body{font-family:'DejaVu Sans',sans-serif;font-size:12pt} .cols{column-count:2;column-gap:1.5em}</style></head><body>
<h1>Att stärka innovationsförmågan</h1>
<p>Idéslussar hjälper kommuner och regioner att ta tillvara medarbetarnas förslag.</p>
<div class="cols">
<p>Vänsterspalten börjar med en lång mening om hur kommunerna arbetar med innovation i vardagen, steg för steg och år efter år.</p>
<p>Högerspalten fortsätter med förändringsarbete i offentlig sektor och regionernas roll i det.</p>
</div>
<div style="break-before:page"><h2>Sida två</h2><p>Åsa Öberg skrev om ärenden på sidan två.</p></div>
<div style="break-before:page"><h2>Tredje sidan</h2><p>Slutord på tredje sidan.</p></div>
</body></html>`

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

function zip(entries: { name: string; data: string | Buffer | Readable }[]): Promise<Buffer> {
  const z = new yazl.ZipFile()
  for (const e of entries) {
    if (e.data instanceof Readable) z.addReadStream(e.data, e.name)
    else z.addBuffer(Buffer.from(e.data), e.name)
  }
  return zipBytes(z)
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const para = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`

/** A minimal DOCX as Swedish Word writes its headings: style ids "Rubrik1", built-in names "heading 1". */
function docx(body: string, extra: { name: string; data: string | Buffer | Readable }[] = []): Promise<Buffer> {
  const style = (id: string, name: string) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`
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
    ...extra,
  ])
}

/** Replaces a same-length placeholder name in a ZIP's headers: yazl itself refuses unsafe names. */
function renameEntry(zipBytes: Buffer, from: string, to: string): Buffer {
  expect(from.length).toBe(to.length)
  const out = Buffer.from(zipBytes)
  let at = out.indexOf(from)
  while (at >= 0) {
    out.write(to, at, 'latin1')
    at = out.indexOf(from, at + 1)
  }
  return out
}

/** Sets the uncompressed size that the central directory declares for `name` (a lying ZIP). */
function declareSize(zipBytes: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zipBytes)
  for (let at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = out.readUInt16LE(at + 28)
    if (out.toString('latin1', at + 46, at + 46 + nameLength) === name) out.writeUInt32LE(size, at + 24)
  }
  return out
}

function zeros(bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024)
  let left = bytes
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null)
      const n = Math.min(left, chunk.length)
      left -= n
      this.push(chunk.subarray(0, n))
    },
  })
}

// The PDF standard security handler, revision 2 (ISO 32000-1, 7.6.3): RC4 with a 40-bit key. Written out
// here so the test needs no qpdf; pdftotext with the password proves the file is a real encrypted PDF.
const PASSWORD_PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex')
const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest()
const padded = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32)

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i)
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255
    ;[s[i], s[j]] = [s[j]!, s[i]!]
  }
  const out = Buffer.alloc(data.length)
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255
    j = (j + s[i]!) & 255
    ;[s[i], s[j]] = [s[j]!, s[i]!]
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!
  }
  return out
}

function encryptedPdf(userPassword: string, ownerPassword: string): Buffer {
  const id = randomBytes(16)
  const permissions = Buffer.alloc(4)
  permissions.writeInt32LE(-44)
  const owner = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword))
  const key = md5(padded(userPassword), owner, permissions, id).subarray(0, 5)
  const user = rc4(key, PASSWORD_PAD)
  const objectKey = (n: number) => md5(key, Buffer.from([n & 255, (n >> 8) & 255, (n >> 16) & 255, 0, 0])).subarray(0, 10)
  const content = rc4(objectKey(4), Buffer.from('BT /F1 24 Tf 72 720 Td (Hemlig rapport) Tj ET'))
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.from(`<< /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P -44 >>`),
  ]
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')]
  const offsets: number[] = []
  let length = parts[0]!.length
  objects.forEach((body, i) => {
    offsets.push(length)
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')])
    parts.push(obj)
    length += obj.length
  })
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  const hex = id.toString('hex')
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${hex}> <${hex}>] >>\nstartxref\n${length}\n%%EOF\n`))
  return Buffer.concat(parts)
}

// ---------- helpers ----------

async function openWithAuthor(): Promise<Atlas> {
  const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()), indexDir: null })
  await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
  return atlas
}

function counts(db: AtlasDatabase) {
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { entities: n('entities'), reports: n('reports'), sections: n('sections'), document_files: n('document_files'), relations: n('relations') }
}

function sectionsOf(db: AtlasDatabase, entityId: string) {
  return db.prepare('SELECT id, position, heading, text, text_hash, origin FROM sections WHERE report_id = ? ORDER BY position').all(entityId) as {
    id: string
    position: number
    heading: string
    text: string
    text_hash: string
    origin: string
  }[]
}

async function importOne(atlas: Atlas, file: string, name = path.basename(file), options = {}) {
  const result = await importDocuments(atlas.db, [{ name, path: file }], options)
  if (result.failed.length > 0) throw new Error(result.failed[0]!.message)
  return { ...result.imported[0]!, sections: sectionsOf(atlas.db, result.imported[0]!.entityId) }
}

// ---------- tests ----------

describe('PDF', () => {
  it('becomes one section per page, in reading order across two columns, with Swedish letters intact and metadata title', async () => {
    const atlas = await openWithAuthor()
    const file = await printPdf('rapport.pdf', REPORT_HTML)
    const doc = await importOne(atlas, file)
    expect(doc.title).toBe('Att stärka innovationsförmågan')
    expect(doc.format).toBe('pdf')
    expect(doc.sections.map((s) => s.heading)).toEqual(['Sida 1', 'Sida 2', 'Sida 3'])
    const [one, two, three] = doc.sections.map((s) => s.text)
    // Wrapped lines are joined into paragraphs; the left column is read whole before the right one.
    expect(one).toContain('Idéslussar hjälper kommuner och regioner att ta tillvara medarbetarnas förslag.')
    expect(one).toContain('Vänsterspalten börjar med en lång mening om hur kommunerna arbetar med innovation i vardagen, steg för steg och år efter år.')
    expect(one!.indexOf('år efter år.')).toBeLessThan(one!.indexOf('Högerspalten'))
    expect(one!.indexOf('Att stärka innovationsförmågan')).toBe(0)
    expect(two).toBe('Sida två\n\nÅsa Öberg skrev om ärenden på sidan två.')
    expect(three).toBe('Tredje sidan\n\nSlutord på tredje sidan.')
    for (const s of doc.sections) {
      expect(s.text).toBe(s.text.normalize('NFC'))
      expect(s.id).toBe(`${doc.entityId}#s${s.position + 1}`)
      expect(s.origin).toBe('own')
    }
    const row = atlas.db.prepare('SELECT e.name, e.type, e.origin, e.summary, d.format, d.file_name, d.byte_size, d.sha256 FROM entities e JOIN document_files d ON d.entity_id = e.id WHERE e.id = ?').get(doc.entityId)
    expect(row).toMatchObject({
      name: 'Att stärka innovationsförmågan',
      type: 'report',
      origin: 'own',
      format: 'pdf',
      file_name: 'rapport.pdf',
      byte_size: fs.statSync(file).size,
      sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
    })
    expect((row as { summary: string }).summary.startsWith('Att stärka innovationsförmågan Idéslussar')).toBe(true)
  })

  it('gives sections a researcher can highlight and read back through the core', async () => {
    const atlas = await openWithAuthor()
    const doc = await importOne(atlas, await printPdf('markera.pdf', REPORT_HTML), 'markera.pdf')
    const page = doc.sections[1]!
    const word = 'ärenden'
    const start = toCodePoints(page.text, page.text.indexOf(word))
    const created = await atlas.invoke('highlights:create', { target: { type: 'section', id: page.id }, start, end: start + codePointLength(word), codeIds: [] })
    expect(created).toMatchObject({ ok: true, value: { quote: 'ärenden', entityId: doc.entityId } })
    const report = await atlas.invoke('reports:get', { id: doc.entityId })
    expect(report).toMatchObject({ ok: true, value: { name: 'Att stärka innovationsförmågan', sections: [{ heading: 'Sida 1' }, { heading: 'Sida 2' }, { heading: 'Sida 3' }] } })
  })

  it('fixture check: the hand-made encrypted PDF is real (poppler opens it only with the password)', () => {
    const file = write('fixture-check.pdf', encryptedPdf('hemligt', 'ägare'))
    expect(spawnSync('pdftotext', ['-upw', 'hemligt', file, '-'], { encoding: 'utf8' }).stdout).toContain('Hemlig rapport')
    expect(spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).status).not.toBe(0)
  })
})

describe('DOCX', () => {
  it('is split at its headings, with the Swedish text and the first heading as title', async () => {
    const atlas = await openWithAuthor()
    const bytes = await docx(
      para('Att stärka innovationsförmågan', 'Rubrik1') +
        para('Kommunerna i Norrbotten har byggt idéslussar.') +
        para('Andra stycket om förmåga.') +
        para('Slutsatser och vägen framåt', 'Rubrik2') +
        para('Åsa Öberg sammanfattar: öppenhet gör skillnad.'),
    )
    const doc = await importOne(atlas, write('rapport.docx', bytes))
    expect(doc).toMatchObject({ format: 'docx', title: 'Att stärka innovationsförmågan' })
    expect(doc.sections.map((s) => [s.heading, s.text])).toEqual([
      ['Att stärka innovationsförmågan', 'Kommunerna i Norrbotten har byggt idéslussar.\n\nAndra stycket om förmåga.'],
      ['Slutsatser och vägen framåt', 'Åsa Öberg sammanfattar: öppenhet gör skillnad.'],
    ])
  })

  it('is recognised by its content, whatever its name', async () => {
    const bytes = await docx(para('Rubrik', 'Rubrik1') + para('Text.'))
    expect(await detectFormat('dokument.zip', bytes)).toBe('docx')
    expect(await detectFormat('dokument', bytes)).toBe('docx')
  })
})

describe('plain text, Markdown and HTML', () => {
  it('decodes UTF-8, UTF-8 with BOM and Windows-1252 so that å, ä and ö come out right, with CRLF made LF', async () => {
    const atlas = await openWithAuthor()
    const utf8 = await importOne(atlas, write('anteckning.txt', 'Åsa Öberg om ärenden\r\n\r\nAndra stycket\r\n'))
    expect(utf8).toMatchObject({ title: 'anteckning', format: 'text', warnings: [] })
    expect(utf8.sections.map((s) => [s.heading, s.text])).toEqual([['Text', 'Åsa Öberg om ärenden\n\nAndra stycket']])

    const bom = await importOne(atlas, write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Med BOM: så här')])))
    expect(bom.sections[0]!.text).toBe('Med BOM: så här')

    // "Mål på väg: åäö" in Windows-1252
    const latin = Buffer.from([0x4d, 0xe5, 0x6c, 0x20, 0x70, 0xe5, 0x20, 0x76, 0xe4, 0x67, 0x3a, 0x20, 0xe5, 0xe4, 0xf6, 0x0d, 0x0a, 0x93, 0x63, 0x69, 0x74, 0x61, 0x74, 0x94])
    const cp1252 = await importOne(atlas, write('gammal.txt', latin))
    expect(cp1252.sections[0]!.text).toBe('Mål på väg: åäö\n“citat”')
    expect(cp1252.warnings.join(' ')).toMatch(/Windows-1252/)
  })

  it('splits a very long text at paragraph boundaries so that no section is slow to read', async () => {
    const atlas = await openWithAuthor()
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Stycke ${i + 1}: ${'innovationsförmåga i kommunen '.repeat(8).trim()}.`)
    const doc = await importOne(atlas, write('lång.txt', paragraphs.join('\n\n')))
    expect(doc.sections.length).toBeGreaterThan(2)
    expect(doc.sections[0]!.heading).toBe(`Text (del 1 av ${doc.sections.length})`)
    for (const s of doc.sections) expect(s.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS)
    expect(doc.sections.map((s) => s.text).join('\n\n')).toBe(paragraphs.join('\n\n'))
  })

  it('reads Markdown as the text a reader sees, in sections at its headings', async () => {
    const atlas = await openWithAuthor()
    const md = '# Idéslussar i praktiken\n\nIntro med **fetstil** och en [länk](https://example.org).\n\n## Erfarenheter\n\n- första punkten\n- andra punkten\n\n### Vad vi lärde oss\n\nÖppenhet.\n'
    const doc = await importOne(atlas, write('anteckningar.md', md))
    expect(doc).toMatchObject({ format: 'markdown', title: 'Idéslussar i praktiken' })
    expect(doc.sections.map((s) => [s.heading, s.text])).toEqual([
      ['Idéslussar i praktiken', 'Intro med fetstil och en länk.'],
      ['Erfarenheter', '• första punkten\n• andra punkten'],
      ['Vad vi lärde oss', 'Öppenhet.'],
    ])
    // Content, not the name: clear Markdown headings in a .txt file are Markdown, a .md that is HTML is HTML.
    expect(await detectFormat('anteckningar.txt', Buffer.from(md))).toBe('markdown')
    expect(await detectFormat('sida.md', Buffer.from('<!DOCTYPE html><html><body><p>x</p></body></html>'))).toBe('html')
    expect(await detectFormat('vanlig.txt', Buffer.from('# bara en rad som börjar med brädgård\noch text'))).toBe('text')
  })

  it('reads HTML as sanitised text: scripts, styles and frames never reach the text, nothing is loaded', async () => {
    const atlas = await openWithAuthor()
    const html = `<!DOCTYPE html><html><head><title>Kommunens &amp; regionens rapport</title><style>p{color:red}</style>
      <script>window.stolen = document.cookie</script><link rel="stylesheet" href="https://example.org/x.css"></head>
      <body><nav>Meny</nav><h1>Bakgrund</h1><p>Första <b>viktiga</b> stycket.<br>Ny rad.</p><script>alert("hej")</script>
      <img src="https://example.org/spy.png" alt="spårpixel"><iframe src="https://example.org"></iframe>
      <h2>Resultat</h2><ul><li>Ett</li><li>Två</li></ul><table><tr><th>Kommun</th><th>Antal</th></tr><tr><td>Kiruna</td><td>12</td></tr></table></body></html>`
    const doc = await importOne(atlas, write('sida.html', html))
    expect(doc).toMatchObject({ format: 'html', title: 'Kommunens & regionens rapport' })
    expect(doc.sections.map((s) => [s.heading, s.text])).toEqual([
      ['Inledning', 'Meny'],
      ['Bakgrund', 'Första viktiga stycket.\nNy rad.'],
      ['Resultat', '• Ett\n• Två\n\nKommun\tAntal\nKiruna\t12'],
    ])
    const all = doc.sections.map((s) => s.text).join('\n')
    expect(all).not.toMatch(/alert|stolen|color:red|example\.org/)
  })
})

describe('bad input', () => {
  // Each case: how to make the file, and what the message must say. Every one must leave the database as it was.
  const cases: { name: string; make: () => Promise<Buffer | string>; problem: RegExp }[] = [
    { name: 'lösen.pdf', make: async () => encryptedPdf('hemligt', 'ägare'), problem: /är lösenordsskyddad/ },
    {
      name: 'trasig.pdf',
      make: async () => {
        const bytes = fs.readFileSync(await printPdf('hel.pdf', REPORT_HTML))
        return bytes.subarray(0, Math.floor(bytes.length * 0.6))
      },
      problem: /är skadad eller ingen PDF/,
    },
    { name: 'fejk.pdf', make: async () => 'Det här är ingen PDF alls.', problem: /är skadad eller ingen PDF/ },
    {
      name: 'skannad.pdf',
      make: async () => fs.readFileSync(await printPdf('bild.pdf', '<div style="width:400px;height:400px;background:#777"></div>')),
      problem: /innehåller ingen text \(inskannad\?\)/,
    },
    { name: 'paket.docx', make: () => zip([{ name: 'bilder/karta.png', data: 'inte ett dokument' }, { name: 'läsmig.txt', data: 'hej' }]), problem: /är en ZIP-fil men inget Word-dokument/ },
    {
      name: 'traversal.docx',
      make: async () => renameEntry(await docx(para('Text.'), [{ name: 'xx/evil.txt', data: 'ondska' }]), 'xx/evil.txt', '../evil.txt'),
      problem: /"\.\.\/evil\.txt".*utanför arkivet/,
    },
    {
      name: 'absolut.docx',
      make: async () => renameEntry(await docx(para('Text.'), [{ name: 'xtmp/evil.txt', data: 'ondska' }]), 'xtmp/evil.txt', '/tmp/evil.txt'),
      problem: /utanför arkivet/,
    },
    { name: 'bomb.docx', make: () => docx(para('Text.'), [{ name: 'word/media/noll.bin', data: zeros(300 * 1024 * 1024) }]), problem: /packas upp till mer än 200 MB.*dekomprimeringsbomb/ },
    { name: 'kvot.docx', make: () => docx(para('Text.'), [{ name: 'word/media/noll.bin', data: zeros(20 * 1024 * 1024) }]), problem: /mer än 100 gånger.*dekomprimeringsbomb/ },
    {
      name: 'ljuger.docx',
      make: async () => declareSize(await docx(para('Text.'), [{ name: 'word/media/stor.bin', data: randomBytes(64 * 1024) }]), 'word/media/stor.bin', 1000),
      problem: /ZIP-filen är skadad/,
    },
    { name: 'data.txt', make: async () => randomBytes(4096), problem: /okänd teckenkodning/ },
    { name: 'utf16.txt', make: async () => Buffer.from('Åsa Öberg skrev', 'utf16le'), problem: /okänd teckenkodning.*UTF-16/ },
    // Cyrillic text in Windows-1251 is valid as no encoding we accept: it would come out as nonsense.
    { name: 'kyrillisk.txt', make: async () => Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0xec, 0xe8, 0xf0]), problem: /okänd teckenkodning/ },
    { name: 'tom.txt', make: async () => '', problem: /är tom/ },
    { name: 'gammal.doc', make: async () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), problem: /äldre Office-dokument/ },
  ]

  it.each(cases)('$name is refused with a message naming the file and the problem, and nothing is written', async ({ name, make, problem }) => {
    const atlas = await openWithAuthor()
    await importOne(atlas, write(`före-${name}.txt`, `Ett dokument som redan finns (${name}).`))
    const before = counts(atlas.db)
    const file = write(name, await make())
    const result = await importDocuments(atlas.db, [{ name, path: file }])
    expect(result.imported).toEqual([])
    expect(result.failed).toHaveLength(1)
    expect(result.failed[0]!.file).toBe(name)
    expect(result.failed[0]!.message.startsWith(`${name}: `)).toBe(true)
    expect(result.failed[0]!.message).toMatch(problem)
    expect(result.failed[0]!.message).not.toContain(dir)
    expect(counts(atlas.db)).toEqual(before)
  }, 60_000)

  it('refuses a file over the size limit before reading a byte of it', async () => {
    const atlas = await openWithAuthor()
    const file = path.join(dir, 'jätte.pdf')
    fs.writeFileSync(file, '')
    fs.truncateSync(file, MAX_FILE_BYTES + 1) // sparse: takes no disk space
    const before = counts(atlas.db)
    const read = vi.spyOn(fs, 'readFileSync')
    try {
      const result = await importDocuments(atlas.db, [{ name: 'jätte.pdf', path: file }])
      expect(result.failed[0]!.message).toBe('jätte.pdf: filen är 50 MB; gränsen är 50 MB. Dela upp den eller spara en mindre version.')
      expect(read.mock.calls.filter(([p]) => p === file)).toEqual([])
    } finally {
      read.mockRestore()
    }
    expect(counts(atlas.db)).toEqual(before)
  })

  it('refuses an identical file imported before, naming the earlier document', async () => {
    const atlas = await openWithAuthor()
    const first = await importOne(atlas, write('original.md', '# Min rapport\n\nText.'))
    const before = counts(atlas.db)
    const result = await importDocuments(atlas.db, [{ name: 'kopia.md', path: write('kopia.md', '# Min rapport\n\nText.') }])
    expect(result.failed[0]!.message).toMatch(/^kopia\.md: samma fil är redan importerad som dokumentet "Min rapport" \(från original\.md\)/)
    expect(counts(atlas.db)).toEqual(before)
    expect(first.title).toBe('Min rapport')
  })
})

describe('many files at once', () => {
  it('imports the good ones, reports the bad one, and tells progress in order', async () => {
    const atlas = await openWithAuthor()
    const events: ImportProgress[] = []
    const files = [
      { name: 'ett.txt', path: write('ett.txt', 'Första filen.') },
      { name: 'trasig.pdf', path: write('trasig2.pdf', '%PDF-1.7\nskräp') },
      { name: 'tre.md', path: write('tre.md', '# Tredje\n\nTredje filen.') },
    ]
    const result = await importDocuments(atlas.db, files, { onProgress: (p) => events.push(p) })
    expect(result.cancelled).toBe(false)
    expect(result.imported.map((d) => [d.file, d.title, d.sections])).toEqual([
      ['ett.txt', 'ett', 1],
      ['tre.md', 'Tredje', 1],
    ])
    expect(result.failed).toEqual([{ file: 'trasig.pdf', message: 'trasig.pdf: filen är skadad eller ingen PDF och kan inte läsas.' }])
    expect(events.map((e) => `${e.index}/${e.total} ${e.file} ${e.phase}`)).toEqual([
      '0/3 ett.txt reading',
      '0/3 ett.txt parsing',
      '0/3 ett.txt saving',
      '0/3 ett.txt done',
      '1/3 trasig.pdf reading',
      '1/3 trasig.pdf parsing',
      '1/3 trasig.pdf failed',
      '2/3 tre.md reading',
      '2/3 tre.md parsing',
      '2/3 tre.md saving',
      '2/3 tre.md done',
    ])
    expect(events.find((e) => e.phase === 'failed')?.message).toMatch(/^trasig\.pdf: /)
    expect(counts(atlas.db).document_files).toBe(2)
  })

  it('indexes a document for the library from the analysis the parse process made: the same rows as made here', async () => {
    const text = '# Idéslussar i kommunerna\n\nKommunernas idéslussar och innovationsfonder prövas.\n\n# Resultat\n\nMedarbetardriven innovation ökade.'
    const files = [{ name: 'slussar.md', path: write('slussar.md', text) }]
    const rows = (atlas: Atlas) =>
      atlas.db.prepare('SELECT p.section_id, i.title, i.exact, i.folded, i.parts FROM library_passages p JOIN library_index i ON i.rowid = p.rowid ORDER BY p.rowid').all()
    const here = await openWithAuthor()
    await importDocuments(here.db, files)
    const parser = createProcessParser(forkNodeParser())
    const there = await openWithAuthor()
    try {
      const result = await importDocuments(there.db, files, { parser })
      expect(result.imported).toHaveLength(1)
      // The parse process hands back each section's analysis with the section.
      const parsed = await parser.parse({ kind: 'document', file: 'slussar.md', bytes: fs.readFileSync(files[0]!.path) })
      expect(parsed.analysed).toHaveLength(parsed.sections.length)
      expect(parsed.analysed!.every((a) => a.text.exact.length > 0)).toBe(true)
    } finally {
      await parser.close()
    }
    // The contentless FTS5 table gives back no columns: the rows are compared through what they hold.
    const terms = (atlas: Atlas) => atlas.db.prepare('SELECT term, doc, cnt FROM library_terms ORDER BY term').all()
    expect(terms(there)).toEqual(terms(here))
    expect(rows(there).length).toBe(rows(here).length)
  })

  it('uses an analysis made elsewhere for the text it was made for, and analyses any other text itself', async () => {
    const atlas = await openWithAuthor()
    const made = { exact: 'förberett', folded: 'forberett', parts: '' }
    withAnalyses(atlas.db, [['Andra avsnittet.', made]], () =>
      saveDocument(atlas.db, {
        id: 'primad',
        title: 'Primad',
        summary: '',
        sections: [{ heading: 'Ett', text: 'Andra avsnittet.' }, { heading: 'Två', text: 'Tredje avsnittet.' }],
        file: { name: 'primad.txt', format: 'text', sha256: 'f'.repeat(64), bytes: 1 },
      }),
    )
    const terms = atlas.db.prepare('SELECT term FROM library_terms').pluck().all() as string[]
    expect(terms).toContain('förberett')
    expect(terms).not.toContain('andr')
    expect(terms.some((t) => t.startsWith('tredj'))).toBe(true)
  })

  it('stops at a cancel before the next file and reports what was done', async () => {
    const atlas = await openWithAuthor()
    const controller = new AbortController()
    const files = ['a', 'b', 'c'].map((n) => ({ name: `${n}.txt`, path: write(`avbryt-${n}.txt`, `Fil ${n}.`) }))
    const phases: string[] = []
    const result = await importDocuments(atlas.db, files, {
      signal: controller.signal,
      onProgress: (p) => {
        phases.push(`${p.file} ${p.phase}`)
        if (p.phase === 'done') controller.abort()
      },
    })
    expect(result).toMatchObject({ cancelled: true, failed: [] })
    expect(result.imported.map((d) => d.file)).toEqual(['a.txt'])
    expect(phases.at(-1)).toBe('a.txt done')
    expect(counts(atlas.db).document_files).toBe(1)
  })
})

describe('attaching to cases', () => {
  it('relates the document to each case, and the case lists it among its reports', async () => {
    const atlas = await openWithAuthor()
    const doc = await importOne(atlas, write('kiruna.md', '# Kirunas plattform\n\nVår egen anteckning.'), 'kiruna.md', {
      attachTo: ['plattform-kiruna', 'program-stader'],
    })
    const relations = atlas.db.prepare('SELECT to_id, origin FROM relations WHERE from_id = ? ORDER BY to_id').all(doc.entityId)
    expect(relations).toEqual([
      { to_id: 'plattform-kiruna', origin: 'own' },
      { to_id: 'program-stader', origin: 'own' },
    ])
    const detail = await atlas.invoke('cases:get', { id: 'plattform-kiruna' })
    if (!detail.ok) throw new Error(messageOf(detail))
    expect(detail.value.reports).toContainEqual({ id: doc.entityId, type: 'report', name: 'Kirunas plattform' })
  })

  it('fails the file, writing nothing, when a case does not exist', async () => {
    const atlas = await openWithAuthor()
    const before = counts(atlas.db)
    const result = await importDocuments(atlas.db, [{ name: 'x.txt', path: write('x.txt', 'Text.') }], { attachTo: ['plattform-kiruna', 'finns-inte'] })
    expect(result.failed[0]!.message).toMatch(/^x\.txt: kan inte kopplas till "finns-inte"/)
    expect(counts(atlas.db)).toEqual(before)
  })
})
