import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { saveDocument } from '../../src/core/db/documents'
import { exportCaseCodeCountsCsv, exportCodebookCsv, exportMatrixCsv, exportNotesCsv, HIGHLIGHT_COLUMNS, localIso, MEMO_COLUMNS } from '../../src/core/io/export/csv'
import { collectNotes } from '../../src/core/io/export/notes-data'
import { exportNotesPdf } from '../../src/core/io/export/pdf'
import { renderNotesHtml } from '../../src/core/io/export/notes-html'
import { createChromiumPrinter } from '../../src/cli/chromium-printer'
import type { PdfPageOptions, Printer } from '../../src/core/io/printer'
import { codePointLength, toCodePoints } from '../../src/shared/anchor'
import type { Channel, Output } from '../../src/shared/api'
import type { Highlight, Memo } from '../../src/shared/domain'
import { tempDir, writeCorpus, messageOf } from './helpers'

// The app shows local time, and so does the CSV: the tests run in the researchers' time zone.
process.env.TZ = 'Europe/Stockholm'

const NOW = new Date('2026-11-27T09:00:00.000Z')
const OWN_TEXT = 'Vi gjorde egna försök med 30 procent av personalen.'
const SECTION = 'rapport-a#s2'
const SECTION_TEXT = 'Andra avsnittet 🚀 om idéslussar.\nMedarbetarna föreslår ”små försök” på;rad två.'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

async function mark(atlas: Atlas, target: { type: string; id: string }, text: string, word: string, extra: Record<string, unknown> = {}) {
  const start = toCodePoints(text, text.indexOf(word))
  return call(atlas, 'highlights:create', { target, start, end: start + codePointLength(word), codeIds: [], ...extra })
}

const NOTES = [
  'Säger "viktigt"; se även\nnästa rad – åäö ÅÄÖ',
  '=SUM(A1)',
  '-minus, +plus; @at',
  '+46 70 123 45 67 ringde',
]

async function seeded(): Promise<Atlas> {
  const corpusDir = writeCorpus(tempDir(), (files) => {
    files.get('reports/rapport-a.yaml')!.sections = [
      { id: 's1', heading: 'Förord', text: 'Första avsnittet.' },
      { id: 's2', heading: 'Idéslussar', text: SECTION_TEXT },
    ]
  })
  const atlas = openAtlas({ dbPath: ':memory:', corpusDir, indexDir: null })
  await call(atlas, 'preferences:set', { author: 'Åsa Öberg' })
  await mark(atlas, { type: 'section', id: SECTION }, SECTION_TEXT, 'idéslussar', {
    codeIds: ['starter-fas-pilot'],
    newCodeNames: ['Medarbetarnas idéer'],
    note: NOTES[0],
  })
  await mark(atlas, { type: 'section', id: SECTION }, SECTION_TEXT, 'små försök” på;rad två', { codeIds: ['starter-fas-ide'], note: NOTES[1] })
  await mark(atlas, { type: 'fact', id: 'plattform-kiruna#f1' }, 'Plattformen fick stöd från Vinnova.', 'Vinnova', {
    codeIds: ['starter-stodjande-strukturer'],
    note: NOTES[2],
  })
  await mark(atlas, { type: 'summary', id: 'plattform-kiruna' }, 'En plattform i Kiruna.', 'plattform', { note: NOTES[3] })
  await call(atlas, 'memos:create', { target: { type: 'project', id: null }, title: 'Övergripande', body: 'Projektets syfte;\n"andra" raden.' })
  await call(atlas, 'memos:create', { target: { type: 'case', id: 'plattform-kiruna' }, title: '@Kiruna', body: '\tStadsflytten styr allt.' })
  await call(atlas, 'memos:create', { target: { type: 'code', id: 'starter-fas-pilot' }, body: '+När är något en pilot?' })
  await call(atlas, 'memos:create', { target: { type: 'report', id: 'rapport-a' }, title: 'Om rapporten', body: 'SKR:s lärande, år 2021.' })
  return atlas
}

const highlightsOf = async (atlas: Atlas): Promise<Highlight[]> =>
  (await call(atlas, 'notes:list', { filter: { kind: 'highlight' }, sort: 'place' })).flatMap((e) => (e.kind === 'highlight' ? [e.highlight] : []))
const memosOf = async (atlas: Atlas): Promise<Memo[]> =>
  (await call(atlas, 'notes:list', { filter: { kind: 'memo' }, sort: 'place' })).flatMap((e) => (e.kind === 'memo' ? [e.memo] : []))

/** What a spreadsheet shows for a text cell: the apostrophe that defuses a formula is part of the cell. */
const shown = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

function readCsv(text: string, delimiter: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, delimiter, relax_quotes: false, skip_empty_lines: false })
}

describe('notes as CSV', () => {
  it('headers in Swedish by default; times in local time with their offset; text_origin for a summary and an imported document', async () => {
    const atlas = await seeded()
    const own = saveDocument(atlas.db, {
      id: 'own-doc-intervju',
      title: 'Intervju med kommunchefen',
      summary: '',
      sections: [{ heading: 'Intervju', text: OWN_TEXT }],
      file: { name: 'intervju.docx', format: 'docx', sha256: 'x', bytes: 1 },
    })
    await mark(atlas, { type: 'section', id: own.sections[0]!.id }, OWN_TEXT, 'egna försök')
    const csv = exportNotesCsv(atlas.db)
    const header = csv.highlights.split('\r\n')[0]!.replace('\uFEFF', '').split(';')
    expect(header).toEqual(expect.arrayContaining(['fall', 'dokument', 'citat', 'textursprung', 'författare', 'skapad']))
    const rows = readCsv(csv.highlights, ';')
    expect(rows.find((r) => r.citat === 'idéslussar')).toMatchObject({ textursprung: 'sammanfattning' })
    expect(rows.find((r) => r.citat === 'egna försök')).toMatchObject({ textursprung: 'original', dokument: 'Intervju med kommunchefen' })
    // Europe/Stockholm in November: one hour ahead of UTC, said in the value.
    for (const r of rows) expect(r.skapad).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+01:00$/)
    const en = readCsv(exportNotesCsv(atlas.db, { headers: 'en' }).highlights, ';')
    expect(en.find((r) => r.quote === 'egna försök')).toMatchObject({ text_origin: 'original' })
    expect(en.find((r) => r.quote === 'idéslussar')).toMatchObject({ text_origin: 'summary' })
  })


  it.each([';', ','] as const)('parse back (delimiter %s) to the data: quotes, newlines, ;, å/ä/ö and formula-looking values', async (delimiter) => {
    const atlas = await seeded()
    const csv = exportNotesCsv(atlas.db, { delimiter, headers: 'en' })
    expect(csv.highlights.startsWith('\uFEFF')).toBe(true)
    expect(Buffer.from(csv.highlights, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(csv.highlights).toContain('\r\n')
    expect(csv.highlights.split('\r\n')[0]).toBe(`\uFEFF${HIGHLIGHT_COLUMNS.join(delimiter)}`)

    const rows = readCsv(csv.highlights, delimiter)
    const highlights = await highlightsOf(atlas)
    expect(rows).toHaveLength(highlights.length)
    for (const h of highlights) {
      const row = rows.find((r) => r.highlight_id === h.id)!
      expect(row).toMatchObject({
        quote: shown(h.quote),
        note: shown(h.note),
        author: 'Åsa Öberg',
        created: localIso(h.createdAt),
        start: String(h.start),
        end: String(h.end),
        codes: h.codes.map((c) => c.path.join(' / ')).join(' | '),
      })
    }
    const pilot = rows.find((r) => r.quote === 'idéslussar')!
    expect(pilot).toMatchObject({
      case: 'Innovationsplattform Kiruna',
      document: 'Rapport A',
      section: 'Idéslussar',
      source_url: 'https://example.org/rapport-a',
      start: '21',
      end: '31',
      note: NOTES[0],
      text_origin: 'summary',
    })
    expect(pilot.codes!.split(' | ').sort()).toEqual(['Innovationens fas / Pilot', 'Medarbetarnas idéer'])
    expect(rows.map((r) => r.note)).toEqual(expect.arrayContaining(["'=SUM(A1)", "'-minus, +plus; @at", "'+46 70 123 45 67 ringde"]))
    expect(rows.find((r) => r.quote === 'Vinnova')).toMatchObject({ section: 'Faktauppgift', source_url: 'https://example.org/kiruna' })

    expect(csv.memos.split('\r\n')[0]).toBe(`\uFEFF${MEMO_COLUMNS.join(delimiter)}`)
    const memos = readCsv(csv.memos, delimiter)
    const all = await memosOf(atlas)
    expect(memos.map((m) => [m.memo_id, m.about_type, m.about, m.title, m.body, m.author])).toEqual(
      all.map((m) => [m.id, m.target.type, m.targetName, shown(m.title), shown(m.body), m.author]),
    )
    expect(memos.find((m) => m.about_type === 'project')?.body).toBe('Projektets syfte;\n"andra" raden.')
    expect(memos.find((m) => m.about_type === 'case')).toMatchObject({ title: "'@Kiruna", body: "'\tStadsflytten styr allt." })
  })

  it('the codebook, a comparison matrix and the case × code counts parse back with their numbers', async () => {
    const atlas = await seeded()
    const codes = readCsv(exportCodebookCsv(atlas.db), ';')
    expect(codes.find((c) => c.code_path === 'Innovationens fas / Pilot')).toMatchObject({ name: 'Pilot', level: '2', color: '#fd7e14', highlights: '1' })
    expect(codes.find((c) => c.code_path === 'Innovationens fas')).toMatchObject({ level: '1', highlights: '0', highlights_incl_subcodes: '2' })

    const matrix = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    await call(atlas, 'compare:summary', { caseId: 'plattform-kiruna', codeId: 'starter-fas', text: '=Pilot; sedan "idé".', highlightIds: [] })
    const withSummary = await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    const m = readCsv(exportMatrixCsv(withSummary, { delimiter: ',' }), ',')
    expect(m).toHaveLength(matrix.codes.length)
    expect(m.find((r) => r.code_path === 'Innovationens fas')).toMatchObject({
      'Innovationsplattform Kiruna – antal': '2',
      'Innovationsplattform Kiruna – sammanfattning': `'=Pilot; sedan "idé".`,
      'Innovationsplattformar för hållbara städer – antal': '0',
    })

    const counts = readCsv(exportCaseCodeCountsCsv(atlas.db), ';')
    expect(counts.map((c) => c.case_id)).toEqual(['plattform-kiruna', 'program-stader'])
    expect(counts[0]).toMatchObject({
      'Innovationens fas': '2',
      'Innovationens fas / Pilot': '1',
      'Perspektiv på innovationsförmåga / Stödjande strukturer': '1',
      'Medarbetarnas idéer': '1',
    })
  })
})

describe('notes as PDF', () => {
  it('renders Swedish HTML: lang, dates written out; a paraphrase never in quotation marks; each highlight once with all its codes', async () => {
    const atlas = await seeded()
    const data = collectNotes(atlas.db, { project: 'Utvärdering av idéslussar', now: NOW })
    const html = renderNotesHtml(data)
    expect(html).toContain('<html lang="sv">')
    expect(html).toContain('hyphens: auto')
    expect(html).toContain('27 november 2026')
    expect(html).toContain('Korpusversion 1')
    expect(html).not.toMatch(/<script/i)
    // Rapport A is the atlas's paraphrase of its source: said so, and never in quotation marks.
    expect(html).not.toContain('”idéslussar”')
    expect(html).toContain('Ur sammanfattningen av Rapport A:</span> idéslussar')
    // One highlight, two codes: printed once (under its report), its codes listed on it.
    expect(html.match(/<\/span> idéslussar</g)).toHaveLength(1)
    expect(html).toMatch(/Koder: (Innovationens fas \/ Pilot; Medarbetarnas idéer|Medarbetarnas idéer; Innovationens fas \/ Pilot)/)
    // Grouped by code, by the researcher's explicit choice: once under each of its codes.
    expect(renderNotesHtml(data, { groupBy: 'code' }).match(/<\/span> idéslussar</g)).toHaveLength(2)
  })

  it('names the filter on the title page and counts what is there', async () => {
    const atlas = await seeded()
    const data = collectNotes(atlas.db, { filter: { codeIds: ['starter-fas'], includeChildren: true, author: 'Åsa Öberg', from: '2026-01-01' }, now: NOW })
    const html = renderNotesHtml(data)
    expect(html).toContain('Urval: koden Innovationens fas med underkoder, kodare Åsa Öberg, från 1 januari 2026')
    expect(html).toContain('2 markeringar i 1 fall eller dokument')
  })

  it('the printed PDF (pdftotext) holds every quote, note and memo, the title page and page numbers', async () => {
    const atlas = await seeded()
    let options: PdfPageOptions | undefined
    const chromium = createChromiumPrinter()
    const printer: Printer = {
      printPdf: (html, o) => {
        options = o
        return chromium.printPdf(html, o)
      },
    }
    await call(atlas, 'memos:create', { target: { type: 'project', id: null }, title: 'Markdown', body: '**Kärnan** är\n\n- en lista\n- med 6,65 Mkr' })
    const pdf = await exportNotesPdf(atlas.db, printer, { project: 'Utvärdering av idéslussar', now: NOW })
    await chromium.close()
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(options?.footerTemplate).toContain('pageNumber')
    const file = path.join(tempDir(), 'anteckningar.pdf')
    fs.writeFileSync(file, pdf)
    const run = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    // Line breaks and hyphenation are the layout's, not the text's.
    const flat = (s: string) => s.replace(/-\n/g, '').replace(/\s+/g, ' ').trim()
    const text = flat(run.stdout)
    for (const h of await highlightsOf(atlas)) {
      expect(text).toContain(flat(h.quote))
      if (h.note) expect(text).toContain(flat(h.note))
    }
    for (const m of await memosOf(atlas)) if (m.title !== 'Markdown') expect(text).toContain(flat(m.body))
    expect(text).toContain('Kärnan är en lista med 6,65')
    expect(text).toContain('Utvärdering av idéslussar')
    expect(text).toContain('Sammanställd av Åsa Öberg')
    expect(text).toContain('27 november 2026')
    expect(text).toMatch(/Sida 1 av (\d+)/)
    expect(text).toContain('Innehåll')
    // Markdown is rendered, not printed as markup; a unit stays with its number.
    expect(text).not.toContain('**')
    expect(text).not.toMatch(/^- /m)
    expect(run.stdout).toMatch(/6,65[\u00A0 ]Mkr/)
    // Each highlight once (grouped by the document it is in), and no paraphrase in quotation marks.
    for (const quote of ['små försök', 'Vinnova']) expect(text.split(quote).length - 1, quote).toBe(1)
    expect(text.split('Ur sammanfattningen av Rapport A').length - 1).toBe(2)
    expect(text).not.toMatch(/[”"]idéslussar[”"]/)
    // The contents give the page each part starts on: the first part follows the contents page.
    const contents = run.stdout.split('\f')[1]!
    expect(contents).toMatch(/1\. Innovationsplattform Kiruna \(initiativ\)\s+(\d+)/)
    const page = Number(/1\. Innovationsplattform Kiruna \(initiativ\)\s+(\d+)/.exec(contents)![1])
    expect(run.stdout.split('\f')[page - 1]).toContain('1. Innovationsplattform Kiruna (initiativ)')
  })
})
