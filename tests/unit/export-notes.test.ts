import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { exportCaseCodeCountsCsv, exportCodebookCsv, exportMatrixCsv, exportNotesCsv, HIGHLIGHT_COLUMNS, MEMO_COLUMNS } from '../../src/core/io/export/csv'
import { collectNotes } from '../../src/core/io/export/notes-data'
import { exportNotesPdf, renderNotesHtml } from '../../src/core/io/export/pdf'
import { createChromiumPrinter } from '../../src/cli/chromium-printer'
import type { PdfPageOptions, Printer } from '../../src/core/io/printer'
import { codePointLength, toCodePoints } from '../../src/shared/anchor'
import type { Channel, Output } from '../../src/shared/api'
import type { Highlight, Memo } from '../../src/shared/domain'
import { tempDir, writeCorpus, messageOf } from './helpers'

const NOW = new Date('2026-11-27T09:00:00.000Z')
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
  it.each([';', ','] as const)('parse back (delimiter %s) to the data: quotes, newlines, ;, å/ä/ö and formula-looking values', async (delimiter) => {
    const atlas = await seeded()
    const csv = exportNotesCsv(atlas.db, { delimiter })
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
        created: h.createdAt,
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
  it('renders Swedish HTML: lang, ”quotes”, dates written out, page-number footer', async () => {
    const atlas = await seeded()
    const data = collectNotes(atlas.db, { project: 'Utvärdering av idéslussar', now: NOW })
    const html = renderNotesHtml(data)
    expect(html).toContain('<html lang="sv">')
    expect(html).toContain('hyphens: auto')
    expect(html).toContain('”idéslussar”')
    expect(html).toContain('27 november 2026')
    expect(html).toContain('Korpusversion 1')
    expect(html).not.toMatch(/<script/i)
    // Several codes on one highlight: it is listed under each, grouped under its case.
    expect(html.match(/”idéslussar”/g)).toHaveLength(2)
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
    const pdf = await exportNotesPdf(atlas.db, printer, { project: 'Utvärdering av idéslussar', now: NOW })
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
    for (const m of await memosOf(atlas)) expect(text).toContain(flat(m.body))
    expect(text).toContain('Utvärdering av idéslussar')
    expect(text).toContain('Sammanställd av Åsa Öberg')
    expect(text).toContain('27 november 2026')
    expect(text).toMatch(/Sida 1 av (\d+)/)
    expect(text).toContain('Innehåll')
  })
})
