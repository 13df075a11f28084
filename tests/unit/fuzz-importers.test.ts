// Property-based tests for every importer: whatever a file holds, an import either succeeds or throws a
// UserError (a message the researcher can act on) — never a TypeError, a stack overflow or a parser's own
// error, which would reach the researcher as "Något gick fel" — and a refused import leaves every table of
// the database as it was. Inputs are built from the pieces that break parsers (quotes, delimiters, markup,
// reserved names, deep nesting, positions outside the text) and bounded so the file runs in seconds.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { UserError } from '../../src/core/errors'
import { importCasesCsv, previewCasesCsv } from '../../src/core/io/cases-csv'
import { detectFormat } from '../../src/core/io/documents/detect'
import { importDocuments } from '../../src/core/io/documents/import'
import { parseDocument } from '../../src/core/io/documents/parse'
import { importQdc, importQdpx } from '../../src/core/io/refi/import'
import { escapeAttr, escapeText } from '../../src/core/io/refi/xml'
import { importSurveyCsv } from '../../src/core/io/survey-csv'
import { createOwnCases } from '../../src/core/own/cases'
import { MAX_CODE_DEPTH } from '../../src/shared/domain'
import { tableCounts, tempDir, writeCorpus } from './helpers'

const CORPUS = writeCorpus(tempDir())
let atlas: Atlas
beforeAll(() => {
  atlas = openAtlas({ dbPath: ':memory:', corpusDir: CORPUS, indexDir: null })
})
afterAll(() => atlas?.close?.())

/**
 * Runs one import: it may succeed, or throw a UserError after which every table holds as many rows as before.
 * Anything else thrown fails the property (fast-check then shrinks the input to a small counterexample).
 */
async function refusedCleanly(run: () => unknown): Promise<void> {
  const before = tableCounts(atlas.db)
  try {
    await run()
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    expect(tableCounts(atlas.db)).toEqual(before)
  }
}

/** Pieces that break naive parsers, mixed with arbitrary text. */
const piece = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  ';',
  ',',
  '"',
  '""',
  "'",
  '\n',
  '\r\n',
  '\t',
  '|',
  ':',
  'å',
  '😀',
  '\uD83D',
  '\u0000',
  '\uFEFF',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '<',
  '>',
  '<b>',
  ']]>',
  '=SUM(A1)',
  "'=1",
  '-1',
  '2020',
  '12,5',
  '1 800',
  'NaN',
  'Infinity',
  'https://example.org/a',
  'javascript:alert(1)',
  'initiativ',
  'program',
  'own-fall-1',
  'plattform-kiruna',
  'kommun-2584',
  'kommun-2584:ägare',
  'vinnova:finansiär',
  'drygt',
  'ca',
  'ja',
)
const cell = fc.oneof({ weight: 3, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) })
const cells = (min: number, max: number) => fc.array(cell, { minLength: min, maxLength: max })

/** A CSV text: a header and rows, sometimes quoted, joined with ; or , — or arbitrary text now and then. */
function csvText(header: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  const table = fc.record({
    delimiter: fc.constantFrom(';', ','),
    quote: fc.boolean(),
    header,
    rows: fc.array(cells(0, 8), { maxLength: 6 }),
    lineEnd: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
  })
  const render = table.map(({ delimiter, quote, header: head, rows, lineEnd, bom }) => {
    const line = (values: string[]) => values.map((v) => (quote ? `"${v.replace(/"/g, '""')}"` : v)).join(delimiter)
    return (bom ? '\uFEFF' : '') + [line(head), ...rows.map(line)].join(lineEnd) + lineEnd
  })
  return fc.oneof({ weight: 5, arbitrary: render }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) })
}

const RUNS = { numRuns: 120 }

describe('cases CSV: any file is imported or refused cleanly', () => {
  const columns = fc.constantFrom('id', 'typ', 'namn', 'sammanfattning', 'startår', 'slutår', 'teman', 'finansiärer', 'organisationer', 'relaterade')
  const header = fc.array(fc.oneof({ weight: 3, arbitrary: columns }, { weight: 1, arbitrary: cell }), { minLength: 1, maxLength: 8 })
  const mapping = fc.record(
    {
      id: fc.constantFrom('id', '__proto__', 'saknas'),
      kind: fc.constantFrom('typ', 'constructor'),
      name: fc.constantFrom('namn', 'namn', '__proto__', 'saknas'),
      summary: fc.constantFrom('sammanfattning', 'prototype'),
      startYear: fc.constantFrom('startår'),
      endYear: fc.constantFrom('slutår'),
      themes: fc.constantFrom('teman'),
      funders: fc.constantFrom('finansiärer'),
      organisations: fc.constantFrom('organisationer'),
      related: fc.constantFrom('relaterade'),
    },
    { requiredKeys: [] },
  )

  it('preview and import', async () => {
    const own = createOwnCases(atlas.db)
    await fc.assert(
      fc.asyncProperty(csvText(header), mapping, async (text, map) => {
        await refusedCleanly(() => previewCasesCsv(text, 'fall.csv'))
        await refusedCleanly(() => importCasesCsv(atlas.db, own, text, map, 'fall.csv'))
      }),
      RUNS,
    )
  })
})

describe('survey CSV: any file is imported or refused cleanly', () => {
  const columns = fc.constantFrom('indikator', 'population', 'period', 'värde', 'enhet', 'källa', 'ordval', 'ungefärligt')
  const header = fc.oneof(
    fc.constant<string[]>(['indikator', 'population', 'period', 'värde', 'enhet', 'källa', 'ordval']),
    fc.array(fc.oneof({ weight: 3, arbitrary: columns }, { weight: 1, arbitrary: cell }), { minLength: 1, maxLength: 8 }),
  )

  it('import', async () => {
    await fc.assert(
      fc.asyncProperty(csvText(header), fc.option(cell), async (text, name) => {
        await refusedCleanly(() => importSurveyCsv(atlas.db, text, 'enkät.csv', name ?? undefined))
      }),
      RUNS,
    )
  })
})

// ── REFI-QDA ──────────────────────────────────────────────────────────────────────────────────────────────

/** A few GUIDs shared by the whole input, so codes, codings and case references can meet (or clash). */
const GUIDS = Array.from({ length: 6 }, () => randomUUID())
const guid = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GUIDS) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: cell })
/** An attribute value: usually escaped as a tool would write it, sometimes raw (and so often not XML). */
const attrValue = fc.oneof({ weight: 6, arbitrary: cell.map(escapeAttr) }, { weight: 1, arbitrary: cell })
const textValue = fc.oneof({ weight: 6, arbitrary: cells(0, 4).map((c) => escapeText(c.join(' '))) }, { weight: 1, arbitrary: cell })
const position = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom('x', '', '1.5', '99999999999'))
/** An element or attribute name no REFI-QDA file has: ignored, unless it is one the parser refuses as a key. */
const strayName = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'Unknown', 'x:Code')

interface CodeTree {
  guid: string
  name: string
  children: CodeTree[]
}
/** A code with up to `depth` levels below it. */
const codeTree = (depth: number): fc.Arbitrary<CodeTree> =>
  fc.record({ guid, name: attrValue, children: depth === 0 ? fc.constant([]) : fc.array(codeTree(depth - 1), { maxLength: 2 }) })
/** Codes: a small arbitrary tree, or a chain of codes near the depth limit (just within, just past, far past). */
const codes = fc.oneof(
  { weight: 4, arbitrary: fc.array(codeTree(3), { maxLength: 3 }).map((list) => list.map(codeXml).join('')) },
  { weight: 1, arbitrary: fc.constantFrom(MAX_CODE_DEPTH, MAX_CODE_DEPTH + 1, MAX_CODE_DEPTH + 12, 2_000).map(chain) },
)
function codeXml(c: CodeTree): string {
  return `<Code guid="${c.guid}" name="${c.name}" isCodable="true"><Description>${c.name}</Description>${c.children.map(codeXml).join('')}</Code>`
}
function chain(depth: number): string {
  return Array.from({ length: depth }, (_, i) => `<Code guid="${randomUUID()}" name="Nivå ${i + 1}" isCodable="true">`).join('') + '</Code>'.repeat(depth)
}

/** Damage to a file as it might arrive: cut short, or with a stray fragment in the middle. */
const damage = fc.oneof(
  { weight: 4, arbitrary: fc.constant((s: string) => s) },
  { weight: 1, arbitrary: fc.nat().map((n) => (s: string) => s.slice(0, n % (s.length + 1))) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), cell).map(([n, bit]) => (s: string) => s.slice(0, n % (s.length + 1)) + bit + s.slice(n % (s.length + 1))) },
)

describe('REFI-QDA codebook (.qdc): any file is imported or refused cleanly', () => {
  const qdc = fc
    .record({ codes, stray: fc.option(strayName), sets: fc.boolean(), damage })
    .map(({ codes: inner, stray, sets, damage: hurt }) =>
      hurt(
        `<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"${stray ? ` ${stray}="1"` : ''}><Codes>${inner}</Codes>` +
          `${stray ? `<${stray}/>` : ''}${sets ? '<Sets><Set guid="x" name="s"/></Sets>' : ''}</CodeBook>`,
      ),
    )

  it('import', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 8, arbitrary: qdc.map((s) => Buffer.from(s)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) }), async (bytes) => {
        await refusedCleanly(() => importQdc(atlas.db, bytes, { fileName: 'kodbok.qdc' }))
      }),
      RUNS,
    )
  })
})

describe('REFI-QDA project (.qdpx): any file is imported or refused cleanly', () => {
  const selection = fc.record({ guid, start: position, end: position, code: guid, note: fc.option(guid) })
  const source = fc.record({
    guid,
    name: attrValue,
    text: textValue,
    inline: fc.boolean(),
    selections: fc.array(selection, { maxLength: 3 }),
  })
  const caseXml = fc.record({ guid, name: attrValue, variable: guid, value: textValue, source: guid })
  const project = fc.record({
    codes,
    users: fc.array(fc.record({ guid, name: attrValue }), { maxLength: 2 }),
    variables: fc.array(fc.record({ guid, name: attrValue, type: fc.constantFrom('Text', 'Integer', 'Boolean', '__proto__') }), { maxLength: 2 }),
    cases: fc.array(caseXml, { maxLength: 2 }),
    sources: fc.array(source, { maxLength: 2 }),
    notes: fc.array(fc.record({ guid, name: attrValue, text: textValue }), { maxLength: 2 }),
    stray: fc.option(strayName),
    damage,
    zipDamage: fc.option(fc.nat()),
  })
  type ProjectParts = typeof project extends fc.Arbitrary<infer T> ? T : never

  function qdpx(p: ProjectParts): Uint8Array {
    const files: Record<string, Uint8Array> = {}
    const sources = p.sources
      .map((s, i) => {
        const content = s.inline ? `<PlainTextContent>${s.text}</PlainTextContent>` : ''
        if (!s.inline) files[`sources/text${i}.txt`] = strToU8(s.text)
        const selections = s.selections
          .map(
            (sel) =>
              `<PlainTextSelection guid="${sel.guid}" startPosition="${sel.start}" endPosition="${sel.end}"><Coding guid="${randomUUID()}"><CodeRef targetGUID="${sel.code}"/></Coding>${sel.note ? `<NoteRef targetGUID="${sel.note}"/>` : ''}</PlainTextSelection>`,
          )
          .join('')
        return `<TextSource guid="${s.guid}" name="${s.name}"${s.inline ? '' : ` plainTextPath="internal://text${i}.txt"`}>${content}${selections}</TextSource>`
      })
      .join('')
    const qde =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Fuzz"${p.stray ? ` ${p.stray}="1"` : ''}>` +
      `<Users>${p.users.map((u) => `<User guid="${u.guid}" name="${u.name}"/>`).join('')}</Users>` +
      `<CodeBook><Codes>${p.codes}</Codes></CodeBook>` +
      `<Variables>${p.variables.map((v) => `<Variable guid="${v.guid}" name="${v.name}" typeOfVariable="${v.type}"/>`).join('')}</Variables>` +
      `<Cases>${p.cases.map((c) => `<Case guid="${c.guid}" name="${c.name}"><VariableValue><VariableRef targetGUID="${c.variable}"/><TextValue>${c.value}</TextValue></VariableValue><SourceRef targetGUID="${c.source}"/></Case>`).join('')}</Cases>` +
      `<Sources>${sources}</Sources>` +
      `<Notes>${p.notes.map((n) => `<Note guid="${n.guid}" name="${n.name}"><PlainTextContent>${n.text}</PlainTextContent></Note>`).join('')}</Notes>` +
      `${p.stray ? `<${p.stray}/>` : ''}</Project>`
    files['project.qde'] = strToU8(p.damage(qde))
    const zip = zipSync(files)
    return p.zipDamage === null ? zip : zip.slice(0, p.zipDamage % (zip.length + 1))
  }

  it('import', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 8, arbitrary: project.map(qdpx) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) }), async (bytes) => {
        await refusedCleanly(() => importQdpx(atlas.db, bytes, { fileName: 'projekt.qdpx' }))
      }),
      RUNS,
    )
  })
})

// ── Documents ─────────────────────────────────────────────────────────────────────────────────────────────

const markup = fc.constantFrom(
  '<h1>',
  '</h1>',
  '<h2>Rubrik</h2>',
  '<p>',
  '</p>',
  '<script>x</script>',
  '<style>p{}</style>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<br/>',
  '&nbsp;',
  '&#xD800;',
  '# ',
  '## Rubrik\n',
  '---\ntitle: "__proto__"\n---\n',
  '---\n',
  '* ',
  '1. ',
  '> ',
  '```',
  '[länk](javascript:x)',
  '![bild](x.png)',
  '| a | b |\n|---|---|\n',
  '\n\n',
  '<!doctype html>',
  '<html>',
)
const documentText = fc.array(fc.oneof(markup, cell), { maxLength: 40 }).map((parts) => parts.join(''))
const documentBytes = fc.oneof(
  { weight: 4, arbitrary: documentText.map((t) => Buffer.from(t, 'utf8')) },
  { weight: 1, arbitrary: documentText.map((t) => Buffer.from(t, 'utf16le')) },
  { weight: 1, arbitrary: documentText.map((t) => Buffer.from(t, 'latin1')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
)

describe('documents (text, Markdown, HTML): any file is parsed or refused with a UserError', () => {
  it('parseDocument, for each text format, and the format detection before it', async () => {
    await fc.assert(
      fc.asyncProperty(documentBytes, fc.constantFrom('text', 'markdown', 'html') as fc.Arbitrary<'text' | 'markdown' | 'html'>, fc.constantFrom('a.txt', 'a.md', 'a.html', 'a'), async (bytes, format, name) => {
        const expectUserError = async (run: () => Promise<unknown>) => {
          try {
            await run()
          } catch (error) {
            if (!(error instanceof UserError)) throw error
          }
        }
        await expectUserError(() => detectFormat(name, bytes))
        await expectUserError(async () => {
          const doc = await parseDocument(name, format, bytes)
          expect(doc.sections.length).toBeGreaterThan(0)
        })
      }),
      { numRuns: 200 },
    )
  })

  it('importDocuments: a refused file leaves the database as it was, and no file fails unexpectedly', async () => {
    const dir = tempDir('atlas-fuzz-docs-')
    const unexpected = 'filen kunde inte importeras på grund av ett oväntat fel'
    await fc.assert(
      fc.asyncProperty(documentBytes, fc.constantFrom('a.txt', 'a.md', 'a.html'), async (bytes, name) => {
        const file = path.join(dir, `${randomUUID()}-${name}`)
        fs.writeFileSync(file, bytes)
        const before = tableCounts(atlas.db)
        const result = await importDocuments(atlas.db, [{ name, path: file }])
        for (const failed of result.failed) expect(failed.message).not.toContain(unexpected)
        if (result.imported.length === 0) expect(tableCounts(atlas.db)).toEqual(before)
      }),
      { numRuns: 40 },
    )
  })
})
