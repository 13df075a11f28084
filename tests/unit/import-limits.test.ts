// Limits on what an imported file may ask of the app (issue 12, resilience): a codebook nested thousands of
// levels deep, names that are JavaScript's own (__proto__, constructor, prototype) and CSV files with a million
// rows. Each is refused with a message that names the file and the limit — or, for the names, imported as the
// ordinary names they are — and a refused import leaves every table as it was.
import { randomUUID } from 'node:crypto'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { importCasesCsv, MAX_CASE_ROWS, previewCasesCsv } from '../../src/core/io/cases-csv'
import { exportQdc, exportQdpx } from '../../src/core/io/refi/export'
import { importQdc, importQdpx, inspectQdc } from '../../src/core/io/refi/import'
import { MAX_XML_DEPTH } from '../../src/core/io/refi/xml'
import { importSurveyCsv, MAX_SURVEY_ROWS } from '../../src/core/io/survey-csv'
import { createOwnCases } from '../../src/core/own/cases'
import type { Channel, Output } from '../../src/shared/api'
import { MAX_CODE_DEPTH, type CodeNode } from '../../src/shared/domain'
import { preorder } from '../../src/shared/tree'
import { messageOf, rejectedWords, tableCounts, tempDir, thrownWords, worded, writeCorpus } from './helpers'

const CORPUS = writeCorpus(tempDir())
const fresh = (): Atlas => openAtlas({ dbPath: ':memory:', corpusDir: CORPUS, indexDir: null })

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

/** `depth` codes, each inside the one before: "Nivå 1" › "Nivå 2" › … */
function nestedCodes(depth: number): string {
  let open = ''
  for (let i = 1; i <= depth; i++) open += `<Code guid="${randomUUID()}" name="Nivå ${i}" isCodable="true">`
  return open + '</Code>'.repeat(depth)
}

const qdc = (codes: string): Buffer =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>${codes}</Codes></CodeBook>`)

const qdpx = (inner: string): Uint8Array =>
  zipSync({ 'project.qde': strToU8(`<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Test" origin="test">${inner}</Project>`) })

const SOURCE = `<Sources><TextSource guid="${randomUUID()}" name="Intervju"><PlainTextContent>En kort intervju.</PlainTextContent></TextSource></Sources>`

const depthOf = (nodes: CodeNode[]): number => Math.max(0, ...preorder(nodes).map((n) => n.path.length))

describe('a codebook nested deeper than any real one', () => {
  it('a .qdc with 5,000 codes inside each other is refused, naming the file and the limits; nothing is written', () => {
    const atlas = fresh()
    const before = tableCounts(atlas.db)
    const bytes = qdc(nestedCodes(5_000))
    // Before this limit the parser's own "Maximum nested tags exceeded" reached the researcher as "Något gick fel".
    const words = thrownWords(() => importQdc(atlas.db, bytes, { fileName: 'djup.qdc' }))
    expect(words).toContain('djup.qdc')
    expect(words).toContain(`${MAX_XML_DEPTH} nivåer`)
    expect(words).toContain(`${MAX_CODE_DEPTH} nivåer`)
    expect(thrownWords(() => inspectQdc(atlas.db, bytes, 'djup.qdc'))).toBe(words)
    expect(tableCounts(atlas.db)).toEqual(before)
  })

  it('a .qdpx with 5,000 nested codes beside a source is refused whole', async () => {
    const atlas = fresh()
    const before = tableCounts(atlas.db)
    const words = await rejectedWords(importQdpx(atlas.db, qdpx(`<CodeBook><Codes>${nestedCodes(5_000)}</Codes></CodeBook>${SOURCE}`), { fileName: 'djup.qdpx' }))
    expect(words).toContain('djup.qdpx')
    expect(words).toContain(`${MAX_CODE_DEPTH} nivåer`)
    expect(tableCounts(atlas.db)).toEqual(before)
  })

  it('one level past the limit, the codes themselves are named as too deep', async () => {
    const atlas = fresh()
    const before = tableCounts(atlas.db)
    const words = thrownWords(() => importQdc(atlas.db, qdc(nestedCodes(MAX_CODE_DEPTH + 1)), { fileName: 'en-för-djup.qdc' }))
    expect(words).toBe(
      `en-för-djup.qdc: kodträdet är djupare än ${MAX_CODE_DEPTH} nivåer (kod inuti kod inuti kod …). Så djupa kodböcker förekommer inte i verkligheten, så filen är troligen skadad. Filen importeras inte och ingenting ändrades.`,
    )
    const project = await rejectedWords(importQdpx(atlas.db, qdpx(`<CodeBook><Codes>${nestedCodes(MAX_CODE_DEPTH + 1)}</Codes></CodeBook>${SOURCE}`), { fileName: 'p.qdpx' }))
    expect(project).toContain(`kodträdet är djupare än ${MAX_CODE_DEPTH} nivåer`)
    expect(tableCounts(atlas.db)).toEqual(before)
  })

  it('a codebook exactly at the limit imports, exports and imports again unchanged', async () => {
    const atlas = fresh()
    importQdc(atlas.db, qdc(nestedCodes(MAX_CODE_DEPTH)), { fileName: 'djup.qdc' })
    const tree = await call(atlas, 'codes:list', {})
    expect(depthOf(tree)).toBe(MAX_CODE_DEPTH)
    const again = fresh()
    importQdc(again.db, Buffer.from(exportQdc(atlas.db).xml), { fileName: 'export.qdc' })
    await importQdpx(again.db, exportQdpx(atlas.db).data, { fileName: 'export.qdpx' })
    const paths = (nodes: CodeNode[]) => preorder(nodes).map((n) => n.path.join(' / '))
    expect(paths(await call(again, 'codes:list', {}))).toEqual(paths(tree))
  })

  it('codes that would land under a deep code of the project are counted where they land', async () => {
    const atlas = fresh()
    let parentId: string | null = null
    for (let i = 1; i <= MAX_CODE_DEPTH - 5; i++) parentId = (await call(atlas, 'codes:create', { name: `Egen ${i}`, parentId })).id
    const before = tableCounts(atlas.db)
    // The file's top code is the project's deepest code (same GUID); ten levels below it go past the limit.
    const deepest = `<Code guid="${parentId}" name="Egen ${MAX_CODE_DEPTH - 5}" isCodable="true">${nestedCodes(10)}</Code>`
    const words = thrownWords(() => importQdc(atlas.db, qdc(deepest), { fileName: 'under.qdc' }))
    expect(words).toContain(`under.qdc: kodträdet är djupare än ${MAX_CODE_DEPTH} nivåer`)
    expect(tableCounts(atlas.db)).toEqual(before)
  })

  it('the app itself never makes the tree deeper than the limit: create, move and merge are refused', async () => {
    const atlas = fresh()
    const chain: string[] = []
    for (let i = 1; i <= MAX_CODE_DEPTH; i++) chain.push((await call(atlas, 'codes:create', { name: `Nivå ${i}`, parentId: chain.at(-1) ?? null })).id)
    const tooDeep = (name: string) =>
      `Kodträdet får vara högst ${MAX_CODE_DEPTH} nivåer djupt, och "${name}" (med koderna under den) skulle hamna djupare.`
    expect(worded(await atlas.invoke('codes:create', { name: 'Nivå 51', parentId: chain.at(-1) }))).toMatchObject({ ok: false, message: tooDeep('Nivå 51') })

    const top = await call(atlas, 'codes:create', { name: 'Ny gren' })
    await call(atlas, 'codes:create', { name: 'Gren under', parentId: top.id })
    expect(worded(await atlas.invoke('codes:move', { id: top.id, parentId: chain[MAX_CODE_DEPTH - 2], position: 0 }))).toMatchObject({
      ok: false,
      message: tooDeep('Ny gren'),
    })
    // One level higher fits: the branch's lower code ends exactly at the limit.
    await call(atlas, 'codes:move', { id: top.id, parentId: chain[MAX_CODE_DEPTH - 3], position: 0 })
    await call(atlas, 'codes:move', { id: top.id, parentId: null, position: 0 })

    const other = await call(atlas, 'codes:create', { name: 'Annan gren' })
    const mid = await call(atlas, 'codes:create', { name: 'Mitt', parentId: other.id })
    await call(atlas, 'codes:create', { name: 'Botten', parentId: mid.id })
    // Merging "Annan gren" into the deepest code puts its two levels of children below level 50.
    expect(worded(await atlas.invoke('codes:merge', { sourceId: other.id, targetId: chain.at(-1) }))).toMatchObject({
      ok: false,
      message: tooDeep('Annan gren'),
    })
    expect(depthOf(await call(atlas, 'codes:list', {}))).toBe(MAX_CODE_DEPTH)
  })
})

// Names JavaScript gives its objects: as object keys they could change what every object inherits.
const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']

describe('names that are JavaScript’s own are ordinary names', () => {
  it('a .qdpx with codes, variables, cases, users, sources and notes called __proto__ & co. imports them by name', async () => {
    const atlas = fresh()
    await call(atlas, 'preferences:set', { author: 'Åsa' })
    const sourceGuid = randomUUID()
    const variable = (name: string) => ({ guid: randomUUID(), name })
    const variables = RESERVED.map(variable)
    const codes = RESERVED.map((name) => ({ guid: randomUUID(), name }))
    const inner = [
      `<Users>${RESERVED.map((n) => `<User guid="${randomUUID()}" name="${n}"/>`).join('')}</Users>`,
      // Element and attribute names no REFI-QDA file has, and that the parser refuses as keys: ignored as unknown.
      `<__proto__ constructor="x"><prototype/></__proto__>`,
      `<CodeBook><Codes>${codes.map((c) => `<Code guid="${c.guid}" name="${c.name}" isCodable="true" __proto__="y"><Code guid="${randomUUID()}" name="${c.name}" isCodable="true"/></Code>`).join('')}</Codes></CodeBook>`,
      `<Variables>${variables.map((v) => `<Variable guid="${v.guid}" name="${v.name}" typeOfVariable="Text"/>`).join('')}</Variables>`,
      `<Cases>${RESERVED.map(
        (n) =>
          `<Case guid="${randomUUID()}" name="${n}">${variables.map((v) => `<VariableValue><VariableRef targetGUID="${v.guid}"/><TextValue>${n}</TextValue></VariableValue>`).join('')}<SourceRef targetGUID="${sourceGuid}"/></Case>`,
      ).join('')}</Cases>`,
      `<Sources><TextSource guid="${sourceGuid}" name="__proto__"><PlainTextContent>constructor prototype __proto__</PlainTextContent>`,
      `<PlainTextSelection guid="${randomUUID()}" startPosition="0" endPosition="11"><Coding guid="${randomUUID()}"><CodeRef targetGUID="${codes[0]!.guid}"/></Coding></PlainTextSelection>`,
      `</TextSource></Sources>`,
      `<Notes><Note guid="${randomUUID()}" name="constructor"><PlainTextContent>prototype</PlainTextContent></Note></Notes>`,
    ].join('')
    const result = await importQdpx(atlas.db, qdpx(inner), { fileName: '__proto__.qdpx' })
    expect(result).toMatchObject({ documents: 1, highlights: 1, memos: 1, cases: { created: RESERVED.length } })
    const tree = await call(atlas, 'codes:list', {})
    for (const name of RESERVED) expect(tree.find((c) => c.name === name)?.children.map((c) => c.name)).toEqual([name])
    const cases = atlas.db.prepare(`SELECT id, name FROM entities WHERE origin = 'own' AND type = 'initiative'`).all() as { id: string; name: string }[]
    expect(cases.map((c) => c.name).sort()).toEqual([...RESERVED].sort())
    const attributes = await call(atlas, 'cases:attributes', { id: cases.find((c) => c.name === '__proto__')!.id })
    expect(attributes.map((a) => [a.name, a.value]).sort()).toEqual(RESERVED.map((n) => [n, '__proto__']).sort())
    // And out again: every name goes back into the export as it came.
    const qde = exportQdpx(atlas.db).data
    const again = fresh()
    await importQdpx(again.db, qde, { fileName: 'export.qdpx' })
    expect(preorder(await call(again, 'codes:list', {})).map((c) => c.name)).toEqual(expect.arrayContaining(RESERVED))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('a .qdc with such names imports them as codes', () => {
    const atlas = fresh()
    const result = importQdc(atlas.db, qdc(RESERVED.map((n) => `<Code guid="${randomUUID()}" name="${n}" isCodable="true"/>`).join('')), { fileName: 'k.qdc' })
    expect(result.codes.created).toBe(RESERVED.length)
  })

  it('a cases CSV with such column names and values imports them as cases', () => {
    const atlas = fresh()
    const csv = `__proto__;constructor;namn;prototype\n${RESERVED.map((n) => `${n};${n};${n};${n}`).join('\n')}\n`
    const preview = previewCasesCsv(csv, '__proto__.csv')
    expect(preview.columns).toEqual(['__proto__', 'constructor', 'namn', 'prototype'])
    expect(preview.mapping).toEqual({ name: 'namn' })
    const mapping = JSON.parse('{"name":"namn","summary":"__proto__","__proto__":"constructor"}') as Record<string, string>
    const { created } = importCasesCsv(atlas.db, createOwnCases(atlas.db), csv, mapping, '__proto__.csv')
    expect(created).toHaveLength(RESERVED.length)
    const rows = atlas.db.prepare(`SELECT name, summary FROM entities WHERE origin = 'own' ORDER BY name`).all()
    expect(rows).toEqual(RESERVED.map((n) => ({ name: n, summary: n })).sort((a, b) => (a.name < b.name ? -1 : 1)))
  })

  it('a survey CSV with such names imports them as values', () => {
    const atlas = fresh()
    const csv = `indikator;population;period;värde;enhet;källa;__proto__\n${RESERVED.map((n) => `${n};${n};2020;1;${n};https://example.org/${n};${n}`).join('\n')}\n`
    const { surveyId, values } = importSurveyCsv(atlas.db, csv, '__proto__.csv')
    expect(values).toBe(RESERVED.length)
    const stored = atlas.db.prepare('SELECT indicator, population, unit FROM survey_values WHERE survey_id = ? ORDER BY position').all(surveyId)
    expect(stored).toEqual(RESERVED.map((n) => ({ indicator: n, population: n, unit: n })))
  })
})

describe('row caps on CSV imports', () => {
  it(`a cases file with more than ${MAX_CASE_ROWS.toLocaleString('sv-SE')} rows is refused at the preview and at the import`, () => {
    const atlas = fresh()
    const before = tableCounts(atlas.db)
    const csv = `namn;startår\n${'Fall;2020\n'.repeat(MAX_CASE_ROWS + 1)}`
    const expected = `stora.csv: filen har fler än ${MAX_CASE_ROWS.toLocaleString('sv-SE')} rader, fler än en import tar emot. Dela upp den i flera filer och importera dem var för sig. Ingenting importerades.`
    expect(thrownWords(() => previewCasesCsv(csv, 'stora.csv'))).toBe(expected)
    expect(thrownWords(() => importCasesCsv(atlas.db, createOwnCases(atlas.db), csv, { name: 'namn' }, 'stora.csv'))).toBe(expected)
    expect(tableCounts(atlas.db)).toEqual(before)
  })

  it('the cap holds while reading: what lies past it is never parsed', () => {
    // An unclosed quote after the cap would make the whole file unreadable, had the parser gone that far.
    const csv = `namn\n${'Fall\n'.repeat(MAX_CASE_ROWS + 1)}"aldrig stängd\n`
    expect(thrownWords(() => previewCasesCsv(csv, 'stora.csv'))).toContain(`fler än ${MAX_CASE_ROWS.toLocaleString('sv-SE')} rader`)
    // At the cap, the same quote is reached and named.
    expect(thrownWords(() => previewCasesCsv(`namn\nFall\n"aldrig stängd\n`, 'liten.csv'))).toContain('CSV-filen gick inte att läsa')
  })

  it(`a survey file with more than ${MAX_SURVEY_ROWS.toLocaleString('sv-SE')} values is refused; nothing is written`, () => {
    const atlas = fresh()
    const before = tableCounts(atlas.db)
    const csv = `indikator;population;period;värde;enhet;källa\n${'Andel;kommuner;2020;1;procent;https://example.org\n'.repeat(MAX_SURVEY_ROWS + 1)}`
    expect(thrownWords(() => importSurveyCsv(atlas.db, csv, 'enkät.csv'))).toBe(
      `enkät.csv: filen har fler än ${MAX_SURVEY_ROWS.toLocaleString('sv-SE')} rader, fler än en import tar emot. Dela upp den i flera filer och importera dem var för sig. Ingenting importerades.`,
    )
    expect(tableCounts(atlas.db)).toEqual(before)
  })
})
