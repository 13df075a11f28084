// Hostile ZIP archives, written byte by byte: headers that lie about sizes, data descriptors, too many
// entries, and Word documents whose XML would take the process down in mammoth. Every limit must hold for the
// bytes actually inflated, stop there (memory stays near the limit, not near what the bomb would grow to),
// and name the file and the limit.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import yazl from 'yazl'
import { openAtlas } from '../../src/core/atlas'
import type { AtlasDatabase } from '../../src/core/db/open'
import { importDocuments } from '../../src/core/io/documents/import'
import { parseProject } from '../../src/core/io/refi/parse'
import { MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_WORD_XML_BYTES, readZip, ZIP_LIMITS, writeZip } from '../../src/core/io/refi/zip'
import { rejectedWords, tempDir, thrownWords, writeCorpus, zipBytes } from './helpers'

const MiB = 1024 * 1024

// ---------- building archives by hand ----------

/**
 * A raw deflate stream (one fixed-Huffman block) that inflates to `size` zero bytes: a literal 0, then copies
 * of 258 bytes at distance 1, 13 bits each. About 1/159 of the size, so under the ratio limit of 200: it is
 * the size limit that has to stop it.
 */
function zerosStream(size: number): Buffer {
  const out = Buffer.alloc(Math.ceil(((size / 258) * 13 + 300 * 8) / 8) + 16)
  let byte = 0
  let bit = 0
  let at = 0
  const put = (value: number) => {
    if (value) out[at]! |= 1 << bit
    if (++bit === 8) {
      bit = 0
      at++
    }
    byte = at
  }
  /** A Huffman code goes in most significant bit first. */
  const code = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) put((value >> i) & 1)
  }
  put(1) // BFINAL
  put(1) // BTYPE = 01 (fixed Huffman), least significant bit first
  put(0)
  code(0b00110000, 8) // literal 0
  let left = size - 1
  for (; left >= 258; left -= 258) {
    code(0b11000101, 8) // length 258 (code 285)
    code(0, 5) // distance 1
  }
  for (; left > 0; left--) code(0b00110000, 8)
  code(0, 7) // end of block
  return out.subarray(0, byte + (bit > 0 ? 1 : 0))
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

interface RawEntry {
  name: string
  /** The bytes as stored (already deflated when method is 8). */
  stored: Buffer
  method?: 0 | 8
  crc?: number
  /** The uncompressed size the headers declare (they lie when told to). */
  declared: number
  /** General-purpose bit 3: sizes and CRC are 0 in the local header and follow the data in a descriptor. */
  descriptor?: boolean
}

function buildZip(entries: RawEntry[], endCount = entries.length): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const flags = 0x800 | (e.descriptor ? 0x8 : 0)
    const method = e.method ?? 8
    const crc = e.crc ?? 0
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(0x21, 12) // 1980-01-01
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14)
    local.writeUInt32LE(e.descriptor ? 0 : e.stored.length, 18)
    local.writeUInt32LE(e.descriptor ? 0 : e.declared, 22)
    local.writeUInt16LE(name.length, 26)
    const parts = [local, name, e.stored]
    if (e.descriptor) {
      const d = Buffer.alloc(16)
      d.writeUInt32LE(0x08074b50, 0)
      d.writeUInt32LE(crc, 4)
      d.writeUInt32LE(e.stored.length, 8)
      d.writeUInt32LE(e.declared, 12)
      parts.push(d)
    }
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(e.stored.length, 20)
    central.writeUInt32LE(e.declared, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    for (const p of parts) offset += p.length
    locals.push(...parts)
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(endCount, 0xffff), 8)
  end.writeUInt16LE(Math.min(endCount, 0xffff), 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const honest = (name: string, text: string | Buffer): RawEntry => {
  const data = Buffer.from(text)
  return { name, stored: deflateRawSync(data), crc: crc32(data), declared: data.length }
}

const memory = () => {
  const m = process.memoryUsage()
  return m.rss + m.arrayBuffers
}

/** The words of what `run` throws, and how much memory (rss + array buffers) grew meanwhile. */
function refusal(run: () => unknown): { words: string; grew: number } {
  const before = memory()
  const words = thrownWords(run)
  return { words, grew: memory() - before }
}

const everything = () => true

// ---------- tests ----------

describe('the deflate stream the tests build', () => {
  it('inflates to exactly the zeros it claims, and stays under the ratio limit', () => {
    for (const size of [1, 258, 259, 10_000, 3 * MiB + 7]) {
      const stream = zerosStream(size)
      expect(inflateRawSync(stream).equals(Buffer.alloc(size))).toBe(true)
    }
    expect((16 * MiB) / zerosStream(16 * MiB).length).toBeLessThan(ZIP_LIMITS.ratio)
  })
})

describe('ZIP limits hold for the bytes inflated, whatever the headers say', () => {
  it('refuses an entry whose headers declare 1,000 bytes but which holds 1.5 GiB, stopping at the limit', () => {
    const bytes = buildZip([honest('project.qde', '<Project/>'), { name: 'sources/ljuger.txt', stored: zerosStream(1536 * MiB), declared: 1000 }])
    expect(bytes.length).toBeLessThan(12 * MiB)
    const { words, grew } = refusal(() => readZip(bytes, 'ljuger.qdpx', everything))
    expect(words).toBe(`ljuger.qdpx: sources/ljuger.txt växer över ${MAX_ENTRY_BYTES / MiB} MB när den packas upp (en dekomprimeringsbomb?). Filen importeras inte.`)
    // Inflated whole, it would take 1.5 GiB at least (3 GiB as rss + array buffers).
    expect(grew).toBeLessThan(3 * MAX_ENTRY_BYTES)
  })

  it('refuses a highly compressed entry at the ratio limit, whatever it declares', () => {
    const stored = deflateRawSync(Buffer.alloc(64 * MiB))
    const bytes = buildZip([{ name: 'sources/noll.txt', stored, declared: 1000 }])
    const { words, grew } = refusal(() => readZip(bytes, 'kvot.qdpx', everything))
    expect(words).toMatch(/^kvot\.qdpx: sources\/noll\.txt packas upp till mer än 200 gånger sin storlek/)
    expect(grew).toBeLessThan(3 * MAX_ENTRY_BYTES)
  })

  it('refuses an entry with a data descriptor (sizes 0 in the local header) that streams past the limit', () => {
    const bytes = buildZip([{ name: 'sources/ström.txt', stored: zerosStream(512 * MiB), declared: 1000, descriptor: true }])
    const { words, grew } = refusal(() => readZip(bytes, 'ström.qdpx', everything))
    expect(words).toMatch(new RegExp(`^ström\\.qdpx: sources/ström\\.txt växer över ${MAX_ENTRY_BYTES / MiB} MB`))
    expect(grew).toBeLessThan(3 * MAX_ENTRY_BYTES)
  })

  it('holds the total limit over all entries', () => {
    const limits = { ...ZIP_LIMITS, entryBytes: 8 * MiB, totalBytes: 12 * MiB }
    const bytes = buildZip([
      { name: 'sources/a.txt', stored: zerosStream(7 * MiB), declared: 10 },
      { name: 'sources/b.txt', stored: zerosStream(7 * MiB), declared: 10 },
    ])
    expect(thrownWords(() => readZip(bytes, 'två.qdpx', everything, limits))).toMatch(/^två\.qdpx: filerna i arkivet växer tillsammans över 12 MB/)
    const a = readZip(bytes, 'två.qdpx', (name) => name === 'sources/a.txt', limits).get('sources/a.txt')!
    expect([a.length, a.every((b) => b === 0)]).toEqual([7 * MiB, true])
  })

  it('only inflates the wanted entries: a bomb nobody asked for is not opened', () => {
    const bytes = buildZip([honest('project.qde', '<Project/>'), { name: 'sources/bomb.bin', stored: zerosStream(1024 * MiB), declared: 1 }])
    expect(Buffer.from(readZip(bytes, 'x.qdpx', (name) => name === 'project.qde').get('project.qde')!).toString()).toBe('<Project/>')
  })

  it('refuses more entries than the cap, naming the cap, even when the end record under-counts them', () => {
    const many = Array.from({ length: MAX_ENTRIES + 1 }, (_, i): RawEntry => ({ name: `sources/${i}.txt`, stored: Buffer.alloc(0), method: 0, crc: 0, declared: 0 }))
    const expected = `många.qdpx innehåller fler än ${MAX_ENTRIES} filer och importeras inte.`
    expect(thrownWords(() => readZip(buildZip(many), 'många.qdpx', everything))).toBe(expected)
    expect(thrownWords(() => readZip(buildZip(many, 1), 'många.qdpx', everything))).toBe(expected)
    expect(readZip(buildZip(many.slice(0, MAX_ENTRIES)), 'lagom.qdpx', (name) => name === 'sources/7.txt').get('sources/7.txt')).toEqual(new Uint8Array(0))
  })

  it('refuses more entries than the limit with the limit, not a generic error, when importing a project', async () => {
    expect(MAX_ENTRIES).toBe(250_000)
    const many = Array.from({ length: MAX_ENTRIES + 1 }, (_, i): RawEntry => ({ name: `sources/${i}.txt`, stored: Buffer.alloc(0), method: 0, crc: 0, declared: 0 }))
    expect(await rejectedWords(parseProject(buildZip(many), 'för-många.qdpx'))).toBe('för-många.qdpx innehåller fler än 250000 filer och importeras inte.')
  })

  it('refuses truncated data, unknown methods and encryption with the file named', () => {
    const text = honest('project.qde', 'x'.repeat(5000))
    const whole = buildZip([text])
    const cut = buildZip([{ ...text, stored: text.stored.subarray(0, 3) }])
    expect(thrownWords(() => readZip(cut, 'kort.qdpx', everything))).toMatch(/^kort\.qdpx: project\.qde gick inte att packa upp/)
    expect(thrownWords(() => readZip(whole.subarray(0, whole.length - 30), 'avkapad.qdpx', everything))).toMatch(/^avkapad\.qdpx är skadad/)
    expect(thrownWords(() => readZip(buildZip([{ ...text, method: 12 as 8 }]), 'bz.qdpx', everything))).toMatch(/^bz\.qdpx: project\.qde gick inte att packa upp \(okänd komprimeringsmetod 12\)/)
    const encrypted = buildZip([text])
    encrypted.writeUInt16LE(0x801, 6)
    encrypted.writeUInt16LE(0x801, encrypted.length - 22 - 46 - 'project.qde'.length + 8)
    expect(thrownWords(() => readZip(encrypted, 'låst.qdpx', everything))).toMatch(/^låst\.qdpx: project\.qde gick inte att packa upp \(filen är krypterad\)/)
  })

  it('reads a normal archive exactly as before, stored, deflated or with a descriptor', () => {
    const files: [string, Uint8Array][] = [
      ['project.qde', strToU8('<Project name="Åsa"/>')],
      ['sources/a.txt', strToU8('Hej hej. '.repeat(10_000))],
      ['sources/slump.bin', new Uint8Array(randomBytes(300_000))],
      ['sources/tom.txt', new Uint8Array(0)],
    ]
    const written = writeZip(files, new Date(2024, 0, 1))
    expect(Object.fromEntries(readZip(written, 'ok.qdpx', everything))).toEqual(unzipSync(written))
    expect(Object.fromEntries(readZip(zipSync({ 'b/c.txt': [strToU8('lagrad'), { level: 0 }] }), 'ok.qdpx', everything))).toEqual({ 'b/c.txt': strToU8('lagrad') })
    const data = Buffer.from('ström '.repeat(1000))
    const streamed = buildZip([{ name: 'sources/d.txt', stored: deflateRawSync(data), crc: crc32(data), declared: data.length, descriptor: true }])
    expect(readZip(streamed, 'ok.qdpx', everything).get('sources/d.txt')).toEqual(new Uint8Array(data))
  })
})

// ---------- Word documents ----------

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

/**
 * A DOCX whose document.xml is `size` bytes of paragraphs with random words in them: it compresses about 1:7,
 * so it passes every ZIP limit (ratio, total, entries) and only the limit on Word XML stops it.
 */
function bigDocx(size: number): Promise<Buffer> {
  const hex = randomBytes(size / 4).toString('hex')
  const paragraphs: string[] = []
  let length = 0
  for (let i = 0; length < size; i += 16) {
    const p = `<w:p><w:r><w:t>ord ${hex.slice(i % (hex.length - 16), (i % (hex.length - 16)) + 16)}</w:t></w:r></w:p>`
    paragraphs.push(p)
    length += p.length
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${paragraphs.join('')}</w:body></w:document>`
  return docxOf(xml)
}

function docxOf(documentXml: string): Promise<Buffer> {
  const z = new yazl.ZipFile()
  z.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml')
  z.addBuffer(Buffer.from(RELS), '_rels/.rels')
  z.addBuffer(Buffer.from(documentXml), 'word/document.xml', { compressionLevel: 1 } as yazl.Options)
  return zipBytes(z)
}

function counts(db: AtlasDatabase) {
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { entities: n('entities'), reports: n('reports'), sections: n('sections'), document_files: n('document_files') }
}

describe('Word documents with too much XML are refused before mammoth reads them', () => {
  const dir = tempDir('atlas-zip-limits-')
  const wordLimit = `${MAX_WORD_XML_BYTES / MiB} MB`

  it('refuses a DOCX whose document.xml inflates past the limit, and writes nothing', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()), indexDir: null })
    await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
    const bytes = await bigDocx(MAX_WORD_XML_BYTES + 4 * MiB)
    const file = path.join(dir, 'enorm.docx')
    fs.writeFileSync(file, bytes)
    const before = counts(atlas.db)
    const result = await importDocuments(atlas.db, [{ name: 'enorm.docx', path: file }])
    expect(result.imported).toEqual([])
    expect(result.failed).toHaveLength(1)
    expect(result.failed[0]!.message).toBe(
      `enorm.docx: Word-dokumentets text och formatering (word/document.xml med flera) packas upp till mer än ${wordLimit} och kan inte läsas utan att minnet tar slut. Dela upp det eller spara det som PDF.`,
    )
    expect(counts(atlas.db)).toEqual(before)

    // A small one still imports.
    const small = path.join(dir, 'liten.docx')
    fs.writeFileSync(small, await docxOf(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>Hej Åsa.</w:t></w:r></w:p></w:body></w:document>`))
    const ok = await importDocuments(atlas.db, [{ name: 'liten.docx', path: small }])
    expect(ok.failed).toEqual([])
    expect(ok.imported).toHaveLength(1)
  }, 60_000)

  it('refuses such a DOCX inside a .qdpx as the rich text of a source', async () => {
    const guid = '00000000-0000-4000-8000-000000000002'
    const qde = `<?xml version="1.0" encoding="UTF-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="P"><Sources><TextSource guid="${guid}" name="Intervju" richTextPath="internal://${guid}.docx"/></Sources></Project>`
    const bytes = zipSync({ 'project.qde': strToU8(qde), [`sources/${guid}.docx`]: [new Uint8Array(await bigDocx(MAX_WORD_XML_BYTES + 4 * MiB)), { level: 0 }] })
    expect(await rejectedWords(parseProject(bytes, 'ord.qdpx'))).toMatch(
      new RegExp(`^ord\\.qdpx: Word-dokumentet internal://${guid}\\.docx i arkivet packas upp till mer än ${wordLimit}`),
    )
  }, 60_000)
})
