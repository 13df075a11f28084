// Files are read in a process of their own: a hostile one is refused with the limit it hit, the app's process
// carries on, the next file is read as usual, and the database is unchanged. The hostile PDFs are the ones
// the security review found (a 1 MB file whose one content stream inflates to 1 GiB, alone and shared by 20
// pages); the limits of the process itself (memory, time without progress, a crash) are tested with
// smaller limits than the app's, so that real files reach them in a moment.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import type { AtlasDatabase } from '../../src/core/db/open'
import { checkPdfStreams, MAX_PDF_STREAM_BYTES } from '../../src/core/io/documents/pdf-streams'
import { createProcessParser, forkNodeParser, type Parser } from '../../src/core/io/parsing/runner'
import { buildPdf, deflatedRepeat, textPage } from '../fixtures/pdf-builder'
import { messageOf, rejectedWords, tempDir, thrownWords, writeCorpus } from './helpers'

const GiB = 1024 * 1024 * 1024
const MiB = 1024 * 1024
const dir = tempDir('atlas-parse-process-')
const streamLimit = `${MAX_PDF_STREAM_BYTES / MiB} MB`

function counts(db: AtlasDatabase) {
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { entities: n('entities'), reports: n('reports'), sections: n('sections'), document_files: n('document_files') }
}

const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}

const honestPdf = () => buildPdf([textPage(['Idéslussen i Kiruna tog emot 40 förslag.', 'Två blev försök.'])])

describe('PDF streams are measured before pdf.js decodes them', () => {
  it('refuses a 1.5 MB PDF whose content stream inflates to 1 GiB, naming the limit, and imports nothing', async () => {
    const content = await deflatedRepeat(Buffer.from('0 0 m\n'), GiB / 6)
    const bomb = buildPdf([{ content, filter: 'FlateDecode' }])
    expect(bomb.length).toBeLessThan(2 * MiB)
    // Twenty pages, one content stream object.
    const shared = buildPdf(Array.from({ length: 20 }, () => ({ content, filter: 'FlateDecode' as const })), { shareFirst: true })
    const files = [write('bomb.pdf', bomb), write('delad.pdf', shared), write('ärlig.pdf', honestPdf())]
    const atlas = openAtlas({ dbPath: path.join(tempDir(), 'atlas.sqlite'), corpusDir: writeCorpus(tempDir()), indexDir: null, pickFiles: async () => files })
    const before = counts(atlas.db)
    const result = await atlas.invoke('documents:import', {})
    if (!result.ok) throw new Error(messageOf(result))
    const refusal = (file: string) =>
      `${file}: en ström i PDF-filen packas upp till mer än ${streamLimit} (en dekomprimeringsbomb?) och läses inte. Filen importerades inte.`
    expect(result.value.failed).toEqual([
      { file: 'bomb.pdf', message: refusal('bomb.pdf') },
      { file: 'delad.pdf', message: refusal('delad.pdf') },
    ])
    // The honest file after them is read by the same process, as usual.
    expect(result.value.imported.map((d) => d.file)).toEqual(['ärlig.pdf'])
    expect(counts(atlas.db)).toEqual({ ...before, entities: before.entities + 1, reports: before.reports + 1, sections: before.sections + 1, document_files: 1 })
    await atlas.close()
  }, 60_000)

  it('multiplies a chain of two Flate filters, and leaves images and small streams alone', async () => {
    const inner = await deflatedRepeat(Buffer.from('q Q\n'), 64 * MiB)
    const twice = await deflatedRepeat(inner, 1)
    expect(thrownWords(() => checkPdfStreams('kedja.pdf', buildPdf([{ content: twice, filter: '[/FlateDecode /FlateDecode]' }]), 32 * MiB))).toMatch(
      /^kedja\.pdf: en ström i PDF-filen packas upp till mer än 32 MB/,
    )
    expect(() => checkPdfStreams('ärlig.pdf', honestPdf())).not.toThrow()
    const image = Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /XObject /Subtype /Image /Filter /FlateDecode /Length ${twice.length} >>\nstream\n`, 'latin1')
    expect(() => checkPdfStreams('bild.pdf', Buffer.concat([image, inner, Buffer.from('\nendstream\nendobj\n')]), 32 * MiB)).not.toThrow()
  }, 60_000)
})

describe('the parse process', () => {
  const parsers: Parser[] = []
  const parser = (limits: { memoryMb: number; stepMs: number }) => {
    const p = createProcessParser(forkNodeParser(), { ...limits, idleMs: 60_000 })
    parsers.push(p)
    return p
  }
  afterAll(async () => {
    for (const p of parsers) await p.close()
  })
  // 40 MiB of text operators: under the stream limit, but pdf.js needs far more than 200 MB and many seconds.
  const heavy = async () => buildPdf([{ content: await deflatedRepeat(Buffer.from('BT /F1 12 Tf 72 700 Td (innovation) Tj ET\n'), MiB), filter: 'FlateDecode' }])

  it('ends a read that passes its memory limit, names the limit, and reads the next file afresh', async () => {
    const p = parser({ memoryMb: 400, stepMs: 120_000 })
    expect(await rejectedWords(p.parse({ kind: 'document', file: 'tung.pdf', bytes: await heavy() }))).toBe(
      'tung.pdf: att läsa filen krävde mer än 400 MB minne och avbröts. Appen fortsätter som vanligt; ingenting sparades. Dela upp filen eller spara den i ett enklare format.',
    )
    const doc = await p.parse({ kind: 'document', file: 'ärlig.pdf', bytes: honestPdf() })
    expect(doc.sections.map((s) => s.text)).toEqual(['Idéslussen i Kiruna tog emot 40 förslag. Två blev försök.'])
  }, 120_000)

  it('ends a read that shows no progress within its time budget', async () => {
    const p = parser({ memoryMb: 4096, stepMs: 4000 })
    expect(await rejectedWords(p.parse({ kind: 'document', file: 'långsam.pdf', bytes: await heavy() }))).toBe(
      'långsam.pdf: att läsa filen tog längre än 4 sekunder utan framsteg och avbröts. Appen fortsätter som vanligt; ingenting sparades.',
    )
    expect((await p.parse({ kind: 'document', file: 'ärlig.pdf', bytes: honestPdf() })).format).toBe('pdf')
  }, 120_000)

  it('reports a process that dies, and a cancel ends the read at once', async () => {
    let killNext = true
    const spawn = forkNodeParser()
    const p = createProcessParser((args, execArgv) => {
      const child = spawn(args, execArgv)
      return {
        ...child,
        post: (message) => {
          child.post(message)
          if (killNext) child.kill()
          killNext = false
        },
      }
    })
    parsers.push(p)
    expect(await rejectedWords(p.parse({ kind: 'document', file: 'krasch.md', bytes: Buffer.from('# Hej\n\nText.') }))).toBe(
      'krasch.md: processen som läste filen avslutades oväntat. Appen fortsätter som vanligt; ingenting sparades.',
    )
    const controller = new AbortController()
    const reading = p.parse({ kind: 'document', file: 'tung.pdf', bytes: await heavy() }, { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('avbruten')), 300)
    await expect(reading).rejects.toThrow('avbruten')
    expect((await p.parse({ kind: 'document', file: 'hej.md', bytes: Buffer.from('# Hej\n\nText om Umeå.') })).title).toBe('Hej')
  }, 120_000)

  it('carries a REFI-QDA project across with its maps, and its refusals with their words', async () => {
    const p = parser({ memoryMb: 1024, stepMs: 30_000 })
    expect(await rejectedWords(p.parse({ kind: 'qdpx', file: 'inte.qdpx', bytes: Buffer.from('inte en zip') }))).toMatch(/^inte\.qdpx är ingen REFI-QDA-projektfil/)
    const book = await p.parse({
      kind: 'qdc',
      file: 'kodbok.qdc',
      bytes: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="00000000-0000-4000-8000-000000000001" name="Idésluss" isCodable="true"/></Codes></CodeBook>',
      ),
    })
    expect(book.codes.map((c) => c.name)).toEqual(['Idésluss'])
  }, 60_000)
})
