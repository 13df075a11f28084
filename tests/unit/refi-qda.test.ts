import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { exportQdc, exportQdpx } from '../../src/core/io/refi/export'
import { guidFor } from '../../src/core/io/refi/guid'
import { importQdc, importQdpx, inspectQdc, inspectQdpx, readQdc } from '../../src/core/io/refi/import'
import { codePointLength, sliceCodePoints, toCodePoints } from '../../src/shared/anchor'
import type { Channel, Output } from '../../src/shared/api'
import type { CodeNode, Highlight, Memo } from '../../src/shared/domain'
import { tempDir, writeCorpus, messageOf, rejectedWords, thrownWords } from './helpers'

const SCHEMA = path.resolve('resources/standards/refi-qda/project-1.5.xsd')
const NOW = new Date('2026-11-27T09:00:00.000Z')

// The report section carries an emoji before the quotes (positions are code points) and two lines (CRLF).
const SECTION = 'rapport-a#s2'
const SECTION_TEXT = 'Andra avsnittet 🚀 om idéslussar.\nMedarbetarna föreslår ”små försök” på;rad två.'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

function corpus(): string {
  return writeCorpus(tempDir(), (files) => {
    const report = files.get('reports/rapport-a.yaml')!
    report.sections = [
      { id: 's1', heading: 'Förord', text: 'Första avsnittet.' },
      { id: 's2', heading: 'Idéslussar', text: SECTION_TEXT },
    ]
  })
}

async function fresh(author = 'Åsa Öberg', corpusDir = corpus()): Promise<Atlas> {
  const atlas = openAtlas({ dbPath: ':memory:', corpusDir, indexDir: null })
  await call(atlas, 'preferences:set', { author })
  return atlas
}

async function mark(atlas: Atlas, target: { type: string; id: string }, text: string, word: string, extra: Record<string, unknown> = {}) {
  const start = toCodePoints(text, text.indexOf(word))
  return call(atlas, 'highlights:create', { target, start, end: start + codePointLength(word), codeIds: [], ...extra })
}

/** The fixture corpus with highlights (notes with ", ;, newlines, å/ä/ö, a formula), memos of every kind and own case attributes. */
async function seeded(): Promise<Atlas> {
  const atlas = await fresh()
  await mark(atlas, { type: 'section', id: SECTION }, SECTION_TEXT, 'idéslussar', {
    codeIds: ['starter-fas-pilot'],
    newCodeNames: ['Medarbetarnas idéer'],
    note: 'Säger "viktigt"; se även\nnästa rad – åäö ÅÄÖ',
  })
  await mark(atlas, { type: 'section', id: SECTION }, SECTION_TEXT, 'små försök” på;rad två', { codeIds: ['starter-fas-ide'], note: '=SUM(A1)' })
  await mark(atlas, { type: 'fact', id: 'plattform-kiruna#f1' }, 'Plattformen fick stöd från Vinnova.', 'Vinnova', {
    codeIds: ['starter-stodjande-strukturer'],
    note: '-minus, +plus; @at',
  })
  await mark(atlas, { type: 'summary', id: 'plattform-kiruna' }, 'En plattform i Kiruna.', 'plattform')
  await call(atlas, 'codes:update', { id: 'starter-fas-pilot', description: 'Prövas i liten skala; "pilot".' })
  await call(atlas, 'memos:create', { target: { type: 'project', id: null }, title: 'Övergripande', body: 'Projektets syfte;\nandra raden.' })
  await call(atlas, 'memos:create', { target: { type: 'case', id: 'plattform-kiruna' }, title: 'Kiruna', body: 'Stadsflytten styr allt.' })
  await call(atlas, 'memos:create', { target: { type: 'code', id: 'starter-fas-pilot' }, body: 'När är något en pilot?' })
  await call(atlas, 'memos:create', { target: { type: 'report', id: 'rapport-a' }, title: 'Om rapporten', body: 'SKR:s lärande.' })
  const attr = atlas.db.prepare('INSERT INTO case_attributes (entity_id, name, value, value_type, updated_at) VALUES (?, ?, ?, ?, ?)')
  attr.run('plattform-kiruna', 'Budget (kr)', '1200000', 'Integer', NOW.toISOString())
  attr.run('plattform-kiruna', 'Kontaktperson', 'Åsa Öberg', 'Text', NOW.toISOString())
  return atlas
}

const flat = (nodes: CodeNode[]): CodeNode[] => nodes.flatMap((n) => [n, ...flat(n.children)])
const codebook = async (atlas: Atlas) =>
  flat(await call(atlas, 'codes:list', {})).map((c) => ({ path: c.path.join(' / '), color: c.color, description: c.description }))
const highlightsOf = async (atlas: Atlas): Promise<Highlight[]> =>
  (await call(atlas, 'notes:list', { filter: { kind: 'highlight' } })).flatMap((e) => (e.kind === 'highlight' ? [e.highlight] : []))
const memosOf = async (atlas: Atlas): Promise<Memo[]> =>
  (await call(atlas, 'notes:list', { filter: { kind: 'memo' } })).flatMap((e) => (e.kind === 'memo' ? [e.memo] : []))

const TABLES = ['entities', 'sections', 'reports', 'codes', 'highlights', 'highlight_codes', 'memos', 'case_attributes', 'document_files', 'relations']
const rowCounts = (atlas: Atlas) =>
  Object.fromEntries(TABLES.map((t) => [t, (atlas.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]))

function unzip(data: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(data)
}
const utf8 = (b: Uint8Array): string => new TextDecoder().decode(b)

function xmllint(xml: string, schema?: string): { status: number | null; output: string } {
  const file = path.join(tempDir(), 'project.qde')
  fs.writeFileSync(file, xml)
  const r = spawnSync('xmllint', ['--noout', ...(schema ? ['--schema', schema] : []), file], { encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}

/** Cases with their variables from a project.qde, for comparing two exports. */
function casesIn(qde: string): Record<string, Record<string, string>> {
  const variables = new Map([...qde.matchAll(/<Variable guid="([^"]+)" name="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]))
  const out: Record<string, Record<string, string>> = {}
  for (const m of qde.matchAll(/<Case guid="[^"]+" name="([^"]+)">([\s\S]*?)<\/Case>/g)) {
    const values: Record<string, string> = {}
    for (const v of m[2]!.matchAll(/<VariableRef targetGUID="([^"]+)"\/>\s*<(\w+)>([^<]*)</g)) values[variables.get(v[1]!)!] = `${v[2]}:${v[3]}`
    out[m[1]!] = values
  }
  return out
}

describe('REFI-QDA project export (.qdpx)', () => {
  it('validates against the REFI-QDA 1.5 project schema and holds exactly project.qde and a flat sources/ folder', async () => {
    const atlas = await seeded()
    const { data, counts } = exportQdpx(atlas.db, { now: NOW })
    const files = unzip(data)
    const names = Object.keys(files).sort()
    expect(names[0]).toBe('project.qde')
    expect(names.slice(1).every((n) => /^sources\/[0-9a-f-]{36}\.txt$/.test(n))).toBe(true)
    expect(names).toHaveLength(1 + counts.sources)
    const qde = files['project.qde']!
    expect([...qde.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf])
    const lint = xmllint(utf8(qde), SCHEMA)
    expect(lint.output).toContain('validates')
    expect(lint.status).toBe(0)
    expect(counts).toMatchObject({ sources: 3, selections: 4, cases: 1, users: 1 })
  })

  it('writes positions in code points: the emoji before the quote counts as one', async () => {
    const atlas = await seeded()
    const files = unzip(exportQdpx(atlas.db, { now: NOW }).data)
    const qde = utf8(files['project.qde']!)
    const guid = guidFor('source', `section:${SECTION}`)
    expect(qde).toContain(`plainTextPath="internal://${guid}.txt"`)
    const text = utf8(files[`sources/${guid}.txt`]!)
    expect(text).toBe(SECTION_TEXT)
    const sel = /<PlainTextSelection [^>]*name="idéslussar" startPosition="(\d+)" endPosition="(\d+)"/.exec(qde)!
    const [start, end] = [Number(sel[1]), Number(sel[2])]
    expect(sliceCodePoints(text, start, end)).toBe('idéslussar')
    // UTF-16 would say one more: the rocket is two units but one code point.
    expect(start).toBe(text.indexOf('idéslussar') - 1)
  })

  it('with CRLF, writes CRLF source files and shifts every position after a line break', async () => {
    const atlas = await seeded()
    const lf = utf8(unzip(exportQdpx(atlas.db, { now: NOW }).data)['project.qde']!)
    const files = unzip(exportQdpx(atlas.db, { now: NOW, crlf: true }).data)
    const qde = utf8(files['project.qde']!)
    const text = utf8(files[`sources/${guidFor('source', `section:${SECTION}`)}.txt`]!)
    expect(text).toBe(SECTION_TEXT.replace('\n', '\r\n'))
    const position = (xml: string, name: string) => {
      const m = new RegExp(`name="${name}" startPosition="(\\d+)" endPosition="(\\d+)"`).exec(xml)!
      return [Number(m[1]), Number(m[2])] as const
    }
    // Before the line break: unchanged. After it: one more (the CR).
    expect(position(qde, 'idéslussar')).toEqual(position(lf, 'idéslussar'))
    const [s, e] = position(qde, 'små försök” på;rad två')
    expect([s, e]).toEqual(position(lf, 'små försök” på;rad två').map((p) => p + 1))
    expect(sliceCodePoints(text, s, e)).toBe('små försök” på;rad två')
    expect(xmllint(qde, SCHEMA).status).toBe(0)
  })

  it('gives the same GUIDs and the same project.qde on re-export', async () => {
    const atlas = await seeded()
    const a = utf8(unzip(exportQdpx(atlas.db, { now: NOW }).data)['project.qde']!)
    const b = utf8(unzip(exportQdpx(atlas.db, { now: NOW }).data)['project.qde']!)
    expect(a).toBe(b)
    expect(a).toContain(`guid="${guidFor('code', 'starter-fas-pilot')}"`)
  })

  it('says what it cannot carry: an orphaned highlight goes out as a note, with its quote and note', async () => {
    const atlas = await seeded()
    atlas.db.prepare("UPDATE highlights SET status = 'orphan' WHERE exact = 'Vinnova'").run()
    const { data, notCarried } = exportQdpx(atlas.db, { now: NOW })
    expect(notCarried.join('\n')).toMatch(/1 markering saknar plats/)
    expect(notCarried.join('\n')).toMatch(/memon om fall, rapporter/)
    const qde = utf8(unzip(data)['project.qde']!)
    expect(qde).toContain('Citat: Vinnova')
    expect(qde).toContain('Anteckning: -minus, +plus; @at')
    expect(xmllint(qde, SCHEMA).status).toBe(0)
  })
})

describe('REFI-QDA round trip', () => {
  it('export, import into a fresh database: codes, selections, notes, cases and variables are equal', async () => {
    const source = await seeded()
    const exported = exportQdpx(source.db, { now: NOW })
    const target = await fresh('Bo Ek')
    // The fresh project's starter code "Pilot" has the GUID of the exported one with another description:
    // a conflict, listed before anything is written, and settled here by taking theirs.
    const inspection = await inspectQdpx(target.db, exported.data, 'projekt.qdpx')
    expect(inspection).toMatchObject({ summary: { codes: 13, sources: 3, selections: 4, notes: 7, cases: 1 }, unsupported: [] })
    expect(inspection.conflicts).toEqual([expect.objectContaining({ kind: 'code', name: 'Pilot', mine: expect.stringContaining('Idén prövas') })])
    const result = await importQdpx(target.db, exported.data, { fileName: 'projekt.qdpx', now: NOW, choices: { all: 'theirs' } })
    // Two of the sources are the project's own documents; the third is a section of a bundled report, which
    // this project has too: it is recognised by its GUID, and its selections land on the report itself.
    expect(result).toMatchObject({ documents: 2, unchanged: { documents: 1 }, codes: { created: 1, merged: 12 }, highlights: 4, memos: 4, cases: { matched: 1, created: 0 }, attributes: 2 })
    expect(result.conflicts).toEqual({ mine: 0, theirs: 1, both: 0 })
    expect(result.remarks).toEqual([])

    expect(await codebook(target)).toEqual(await codebook(source))

    const before = await highlightsOf(source)
    const after = new Map((await highlightsOf(target)).map((h) => [h.id, h]))
    expect(after.size).toBe(before.length)
    for (const h of before) {
      const twin = after.get(h.id)!
      expect({ start: twin.start, end: twin.end, quote: twin.quote, note: twin.note, author: twin.author, createdAt: twin.createdAt, updatedAt: twin.updatedAt }).toEqual({
        start: h.start,
        end: h.end,
        quote: h.quote,
        note: h.note,
        author: 'Åsa Öberg',
        createdAt: h.createdAt,
        updatedAt: h.updatedAt,
      })
      expect(twin.codes.map((c) => c.path.join('/')).sort()).toEqual(h.codes.map((c) => c.path.join('/')).sort())
      expect(twin.entityType).toBe('report')
    }

    const memo = (m: Memo) => ({ type: m.target.type, about: m.targetName, title: m.title, body: m.body, author: m.author, createdAt: m.createdAt })
    const byTitle = (a: { title: string; body: string }, b: { title: string; body: string }) => (a.title + a.body).localeCompare(b.title + b.body)
    expect((await memosOf(target)).map(memo).sort(byTitle)).toEqual((await memosOf(source)).map(memo).sort(byTitle))

    const attributes = (atlas: Atlas) => atlas.db.prepare('SELECT entity_id, name, value, value_type FROM case_attributes ORDER BY name').all()
    expect(attributes(target)).toEqual(attributes(source))
    const again = utf8(unzip(exportQdpx(target.db, { now: NOW }).data)['project.qde']!)
    const first = utf8(unzip(exported.data)['project.qde']!)
    expect(casesIn(again)).toEqual(casesIn(first))
    expect(casesIn(first)['Innovationsplattform Kiruna']).toMatchObject({
      'Kommun- och regionkod': 'TextValue:2584',
      'Län': 'TextValue:Norrbottens län',
      'Startår': 'IntegerValue:2016',
      'Budget (kr)': 'IntegerValue:1200000',
      'Kontaktperson': 'TextValue:Åsa Öberg',
    })

    // Imported documents are the researcher's own reports, and count for the case in the comparison matrix.
    const docs = target.db.prepare("SELECT e.origin, f.format FROM entities e JOIN document_files f ON f.entity_id = e.id").all()
    expect(docs).toEqual(Array(2).fill({ origin: 'own', format: 'refi-qda' }))
    expect(target.db.prepare(`SELECT count(*) AS n FROM highlights WHERE target_id = 'rapport-a#s2'`).get()).toEqual(source.db.prepare(`SELECT count(*) AS n FROM highlights WHERE target_id = 'rapport-a#s2'`).get())
    const matrix = await call(target, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'] })
    expect(matrix.codes.find((c) => c.id === 'starter-fas-pilot')?.counts['plattform-kiruna']).toBe(1)
  })

  it('a CRLF export imports back to the same LF positions', async () => {
    const source = await seeded()
    const target = await fresh()
    await importQdpx(target.db, exportQdpx(source.db, { now: NOW, crlf: true }).data)
    const want = (await highlightsOf(source)).map((h) => `${h.id}:${h.start}-${h.end}:${h.quote}`).sort()
    expect((await highlightsOf(target)).map((h) => `${h.id}:${h.start}-${h.end}:${h.quote}`).sort()).toEqual(want)
  })

  it('reads another tool’s project: positions (BOM, CRLF, decomposed å), users, notes, a new case with variables', async () => {
    const text = '\uFEFFRad ett\r\nOch a\u030Atta 🚀 saker här.'
    const start = [...text.slice(1)].join('').indexOf('saker') - 1 // code points: the rocket is one
    const qde = projectXml(
      `<Users><User guid="${G(10)}" name="Kim Berg"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Tema" isCodable="true" color="#F00"/></Codes></CodeBook>
<Variables><Variable guid="${G(11)}" name="Region" typeOfVariable="Text"/><Variable guid="${G(12)}" name="Antal anställda" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="${G(13)}" name="Intervjuperson A"><VariableValue><VariableRef targetGUID="${G(11)}"/><TextValue>Norrbotten</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="${G(12)}"/><IntegerValue>120</IntegerValue></VariableValue><SourceRef targetGUID="${G(2)}"/></Case></Cases>
<Sources><TextSource guid="${G(2)}" name="Intervju 1" plainTextPath="internal://${G(2)}.txt">
<PlainTextSelection guid="${G(3)}" startPosition="${start}" endPosition="${start + 5}" creatingUser="${G(10)}"><Coding guid="${G(4)}"><CodeRef targetGUID="${G(1)}"/></Coding><NoteRef targetGUID="${G(20)}"/></PlainTextSelection>
</TextSource></Sources>
<Notes><Note guid="${G(20)}"><PlainTextContent>Viktigt &amp; &#34;citerat&#34;</PlainTextContent></Note>
<Note guid="${G(21)}" name="Fri anteckning" creatingUser="${G(10)}"><PlainTextContent>Om allt.</PlainTextContent></Note></Notes>`,
    )
    const atlas = await fresh()
    const result = await importQdpx(atlas.db, zip({ 'project.qde': qde, [`sources/${G(2)}.txt`]: text }))
    expect(result).toMatchObject({ documents: 1, highlights: 1, memos: 1, cases: { matched: 0, created: 1 }, attributes: 2 })
    const [h] = await highlightsOf(atlas)
    expect(h).toMatchObject({ quote: 'saker', author: 'Kim Berg', note: 'Viktigt & "citerat"', codes: [{ name: 'Tema', color: '#ff0000' }] })
    expect(h!.start).toBe(codePointLength('Rad ett\nOch åtta 🚀 '))
    expect(await memosOf(atlas)).toMatchObject([{ target: { type: 'project' }, title: 'Fri anteckning', body: 'Om allt.', author: 'Kim Berg' }])
    const own = atlas.db.prepare("SELECT id, type, origin FROM entities WHERE name = 'Intervjuperson A'").get() as { id: string }
    expect(own).toMatchObject({ type: 'initiative', origin: 'own' })
    expect(atlas.db.prepare('SELECT name, value, value_type FROM case_attributes WHERE entity_id = ? ORDER BY name').all(own.id)).toEqual([
      { name: 'Antal anställda', value: '120', value_type: 'Integer' },
      { name: 'Region', value: 'Norrbotten', value_type: 'Text' },
    ])
    // The case's SourceRef relates it to the imported document: the highlight counts for the case.
    const matrix = await call(atlas, 'compare:matrix', { caseIds: [own.id, 'plattform-kiruna'] })
    expect(matrix.codes.find((c) => c.name === 'Tema')?.counts[own.id]).toBe(1)
  })
})

describe('REFI-QDA codebook (.qdc)', () => {
  it('round trips hierarchy, colours and descriptions; importing it again merges every code', async () => {
    const source = await seeded()
    const { xml, notCarried } = exportQdc(source.db)
    expect(xml).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"')
    expect(xmllint(xml).status).toBe(0)
    expect(notCarried).toEqual([expect.stringContaining('1 memo om koder')])
    const target = await fresh()
    await call(target, 'codes:delete', { id: 'starter-fas' })
    expect(inspectQdc(target.db, Buffer.from(xml))).toEqual({ summary: { codes: 13 }, unsupported: [], conflicts: [] })
    expect(importQdc(target.db, Buffer.from(xml))).toEqual({ codes: { created: 6, merged: 7 }, remarks: [] })
    expect(await codebook(target)).toEqual(await codebook(source))
    expect(importQdc(target.db, Buffer.from(xml))).toEqual({ codes: { created: 0, merged: 13 }, remarks: [] })
  })
})

// ── Hostile and unsupported input ────────────────────────────────────────────────────────────────────────

const G = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function projectXml(body: string, before = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${before}\n<Project xmlns="urn:QDA-XML:project:1.0" name="Främmande">\n${body}\n</Project>`
}

function zip(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])))
}

const SOURCE_OK = `<Sources><TextSource guid="${G(2)}" name="Intervju" plainTextPath="internal://${G(2)}.txt">
<PlainTextSelection guid="${G(3)}" startPosition="0" endPosition="4"/></TextSource></Sources>`

describe('REFI-QDA import refuses bad files and writes nothing', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    [
      'an XML with a DOCTYPE and an external entity (XXE)',
      () =>
        zip({
          'project.qde': projectXml(`<Description>&xxe;</Description>`, '\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        }),
      /project\.qde innehåller en DOCTYPE.*XXE/,
    ],
    [
      'a ZIP entry that climbs out of the archive',
      () => zip({ 'project.qde': projectXml(SOURCE_OK), [`sources/${G(2)}.txt`]: 'Text här', '../../evil.sh': 'rm -rf' }),
      /fel\.qdpx: filnamnet "\.\.\/\.\.\/evil\.sh".*pekar ut ur arkivet/,
    ],
    [
      'an absolute ZIP entry',
      () => zip({ 'project.qde': projectXml(SOURCE_OK), '/etc/cron.d/x': 'x' }),
      /fel\.qdpx: filnamnet "\/etc\/cron\.d\/x".*absolut/,
    ],
    [
      'a decompression bomb',
      () => zip({ 'project.qde': projectXml(SOURCE_OK), [`sources/${G(2)}.txt`]: new Uint8Array(8 * 1024 * 1024).fill(65) }),
      /fel\.qdpx: sources\/.*dekomprimeringsbomb/,
    ],
    ['a ZIP without project.qde', () => zip({ 'projekt.xml': projectXml('') }), /fel\.qdpx: project\.qde saknas/],
    ['a file that is no ZIP at all', () => strToU8('<Project/>'), /fel\.qdpx är ingen REFI-QDA-projektfil/],
    [
      'a selection beyond the end of its source',
      () =>
        zip({
          'project.qde': projectXml(`<Sources><TextSource guid="${G(2)}" name="Intervju 7" plainTextPath="internal://${G(2)}.txt">
<PlainTextSelection guid="${G(3)}" startPosition="2" endPosition="400"/></TextSource></Sources>`),
          [`sources/${G(2)}.txt`]: 'Kort text.',
        }),
      /fel\.qdpx: markeringen .* i källan "Intervju 7" \(2–400\) ligger utanför källans text, som är 10 tecken lång/,
    ],
    ['a project.qde that is not XML', () => zip({ 'project.qde': '<Project><Users></Project>' }), /project\.qde är ingen giltig XML/],
  ]

  it.each(cases)('%s', async (_label, build, message) => {
    const atlas = await seeded()
    const before = rowCounts(atlas)
    const bytes = build()
    expect(await rejectedWords(inspectQdpx(atlas.db, bytes, 'fel.qdpx'))).toMatch(message)
    expect(await rejectedWords(importQdpx(atlas.db, bytes, { fileName: 'fel.qdpx' }))).toMatch(message)
    expect(rowCounts(atlas)).toEqual(before)
  })

  it('refuses a .qdc with a DOCTYPE', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY a "aaaa">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>`
    expect(thrownWords(() => readQdc(Buffer.from(xml), 'koder.qdc'))).toMatch(/koder\.qdc innehåller en DOCTYPE/)
  })

  it('lists what cannot be carried over before anything is written, then imports the rest', async () => {
    const pictures = [5, 6, 7].map((n) => `<PictureSource guid="${G(n)}" name="Bild ${n}" path="internal://${G(n)}.jpg"/>`).join('')
    const qde = projectXml(`<Sources>${SOURCE_OK.slice('<Sources>'.length, -'</Sources>'.length)}${pictures}<AudioSource guid="${G(8)}" path="internal://${G(8)}.mp3"/></Sources>
<Graphs><Graph guid="${G(9)}"/></Graphs>`)
    const bytes = zip({ 'project.qde': qde, [`sources/${G(2)}.txt`]: 'Text här', [`sources/${G(5)}.jpg`]: new Uint8Array(10) })
    const atlas = await seeded()
    const before = rowCounts(atlas)
    const inspection = await inspectQdpx(atlas.db, bytes, 'blandat.qdpx')
    expect(inspection.unsupported).toEqual([
      '3 bildkällor (PictureSource) tas inte med',
      '1 ljudkälla (AudioSource) tas inte med',
      '1 graf (Graphs) tas inte med',
    ])
    expect(inspection.summary).toMatchObject({ sources: 1, selections: 1 })
    expect(rowCounts(atlas)).toEqual(before)
    await importQdpx(atlas.db, bytes, { fileName: 'blandat.qdpx' })
    expect(rowCounts(atlas)).toMatchObject({ highlights: before.highlights! + 1, document_files: before.document_files! + 1 })
  })
})
