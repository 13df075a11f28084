// The must-shows for exports, through the CLI as a researcher would run it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { openAtlas } from '../../src/core/atlas'
import { REAL_CORPUS, tempDir, messageOf } from './helpers'

const XSD = path.resolve('resources/standards/refi-qda/project-1.5.xsd')

async function cli(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {})
  return { code, out: out.join('\n'), err: err.join('\n') }
}

async function databaseWithHighlights(): Promise<string> {
  const db = path.join(tempDir(), 'atlas.sqlite')
  const atlas = openAtlas({ dbPath: db, corpusDir: REAL_CORPUS, indexDir: null })
  await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
  const created = await atlas.invoke('highlights:create', {
    target: { type: 'section', id: 'skr-att-starka-innovationsformagan#s4' },
    start: 0,
    end: 14,
    codeIds: ['starter-kultur-och-attityder'],
    note: 'Strukturer påverkar kulturen; "citat" och =formel',
  })
  if (!created.ok) throw new Error(messageOf(created))
  await atlas.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Syfte', body: 'Jämför idéslussarnas förmåga.' })
  await atlas.close()
  return db
}

describe('export CLI', () => {
  it('`export notes --format qdpx` writes a project whose project.qde passes xmllint --schema', async () => {
    const db = await databaseWithHighlights()
    const out = path.join(tempDir(), 'projekt.qdpx')
    expect((await cli(['--db', db, 'export', 'notes', '--format', 'qdpx', '--out', out])).code).toBe(0)
    const files = unzipSync(fs.readFileSync(out))
    expect(Object.keys(files).some((f) => f.startsWith('sources/') && f.endsWith('.txt'))).toBe(true)
    const qde = path.join(tempDir(), 'project.qde')
    fs.writeFileSync(qde, files['project.qde']!)
    const result = execFileSync('xmllint', ['--noout', '--schema', XSD, qde], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(result).toBe('')
  })

  it('`export notes --format csv` keeps å/ä/ö, with a BOM, and writes the memos beside it', async () => {
    const db = await databaseWithHighlights()
    const out = path.join(tempDir(), 'anteckningar.csv')
    const result = await cli(['--db', db, 'export', 'notes', '--format', 'csv', '--out', out])
    expect(result.code).toBe(0)
    const bytes = fs.readFileSync(out)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text).toContain('Åsa Öberg')
    expect(text).toContain('Kultur och attityder')
    expect(fs.readFileSync(out.replace(/\.csv$/, '-memon.csv'), 'utf8')).toContain('Jämför idéslussarnas förmåga.')
  })

  it('`export notes --format pdf` yields the notes as text through pdftotext', async () => {
    const db = await databaseWithHighlights()
    const out = path.join(tempDir(), 'anteckningar.pdf')
    expect((await cli(['--db', db, 'export', 'notes', '--format', 'pdf', '--out', out])).code).toBe(0)
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' })
    expect(text).toContain('Erfarenheterna')
    expect(text).toContain('Strukturer påverkar kulturen')
    expect(text).toContain('Jämför idéslussarnas förmåga.')
  })

  it('`export codebook --format qdc` and a qdpx round trip through `import`', async () => {
    const db = await databaseWithHighlights()
    const qdpx = path.join(tempDir(), 'projekt.qdpx')
    await cli(['--db', db, 'export', 'notes', '--format', 'qdpx', '--out', qdpx])
    const fresh = path.join(tempDir(), 'ny.sqlite')
    const imported = await cli(['--db', fresh, 'import', qdpx, '--json'])
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.out).refi[0]).toMatchObject({ highlights: 1 })
    const notes = JSON.parse((await cli(['--db', fresh, 'notes', '--json'])).out)
    expect(notes.find((n: { kind: string }) => n.kind === 'highlight')).toMatchObject({ quote: 'Erfarenheterna', author: 'Åsa Öberg' })
    const qdc = path.join(tempDir(), 'kodbok.qdc')
    expect((await cli(['--db', db, 'export', 'codebook', '--format', 'qdc', '--out', qdc])).code).toBe(0)
    expect(fs.readFileSync(qdc, 'utf8')).toContain('urn:QDA-XML:codebook:1.0')
  })
})

describe('reports a steering group can trust (CLI)', () => {
  /** A Markdown note on a highlight in a bundled case summary, and one in a report section coded otherwise. */
  async function database(): Promise<{ db: string; summaryQuote: string }> {
    const db = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath: db, corpusDir: REAL_CORPUS, indexDir: null })
    await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
    const page = await atlas.invoke('cases:get', { id: 'innovationsplattform-kiruna' })
    if (!page.ok) throw new Error(messageOf(page))
    const summaryQuote = [...page.value.summary].slice(0, 30).join('')
    for (const input of [
      { target: { type: 'summary', id: 'innovationsplattform-kiruna' }, start: 0, end: 30, codeIds: ['starter-fas-ide'], note: '**Kärnan** i fallet:\n\n- stadsflytten\n- samverkan' },
      { target: { type: 'section', id: 'skr-att-starka-innovationsformagan#s4' }, start: 0, end: 14, codeIds: ['starter-kultur-och-attityder'], note: 'Annan kod.' },
    ]) {
      const created = await atlas.invoke('highlights:create', input)
      if (!created.ok) throw new Error(messageOf(created))
    }
    await atlas.close()
    return { db, summaryQuote }
  }

  it('`export notes --format pdf`: no Markdown markers, and the summary text never inside quotation marks', async () => {
    const { db, summaryQuote } = await database()
    const out = path.join(tempDir(), 'rapport.pdf')
    const result = await cli(['--db', db, 'export', 'notes', '--format', 'pdf', '--out', out, '--title', 'Följeforskning Kiruna'])
    expect(result.code, result.err).toBe(0)
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' })
    const flat = text.replace(/-\n/g, '').replace(/\s+/g, ' ')
    expect(flat).toContain('Följeforskning Kiruna')
    expect(flat).toContain('Kärnan i fallet')
    expect(flat).not.toContain('**')
    expect(flat).toContain(`Ur sammanfattningen av Innovationsplattform Kiruna: ${summaryQuote.replace(/\s+/g, ' ')}`)
    expect(flat).not.toContain(`”${summaryQuote}`)
  })

  it('a filtered export holds only the filtered notes, and the CSV says which text is a summary', async () => {
    const { db } = await database()
    const out = path.join(tempDir(), 'urval.csv')
    const result = await cli(['--db', db, 'export', 'notes', '--format', 'csv', '--out', out, '--headers', 'en', '--code', 'starter-fas', '--subcodes'])
    expect(result.code, result.err).toBe(0)
    const rows = parse(fs.readFileSync(out, 'utf8'), { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ text_origin: 'summary', note: '**Kärnan** i fallet:\n\n- stadsflytten\n- samverkan' })
    expect(rows[0]!.created).toMatch(/[+-]\d{2}:\d{2}$/)
    const bad = await cli(['--db', db, 'export', 'notes', '--format', 'csv', '--out', out, '--from', '5 december'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--from ska vara ett datum som 2026-12-05')
  })
})

describe('Öppna and Visa i mappen after an export', () => {
  it('open only the files this session wrote; any other path is refused and nothing is opened', async () => {
    const out = path.join(tempDir(), 'anteckningar.csv')
    const opened: string[] = []
    const atlas = openAtlas({
      dbPath: ':memory:',
      corpusDir: REAL_CORPUS,
      indexDir: null,
      pickSavePath: async () => out,
      openPath: async (file) => void opened.push(`open ${file}`),
      showInFolder: (file) => void opened.push(`show ${file}`),
    })
    try {
      const refused = await atlas.invoke('files:open', { path: '/etc/passwd' })
      expect(refused.ok).toBe(false)
      if (!refused.ok) expect(messageOf(refused)).toContain('Bara filer som appen själv har exporterat')
      const written = await atlas.invoke('export:notes', { format: 'csv' })
      expect(written.ok).toBe(true)
      expect((await atlas.invoke('files:open', { path: out })).ok).toBe(true)
      expect((await atlas.invoke('files:reveal', { path: out.replace(/\.csv$/, '-memon.csv') })).ok).toBe(true)
      expect(opened).toEqual([`open ${out}`, `show ${out.replace(/\.csv$/, '-memon.csv')}`])
    } finally {
      await atlas.close()
    }
  })
})
