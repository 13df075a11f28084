// Team evaluation end to end: coders code in their own projects, the lead merges their REFI-QDA files, and
// `atlas agreement` reports how far they agree — checked against figures worked out by hand and against
// Krippendorff's published example, built as a project with that many coders.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import type { Channel, Input, Output } from '../../src/shared/api'
import { tableCounts, tableRows, tempDir, worded, writeCorpus } from './helpers'
import { createWorkerReads } from '../../src/core/reads/worker-client'

const SECTION = 'rapport-a#s2'
/** Twelve sentences of 41–42 code points: room for twelve passages, one a sentence. */
const TEXT = Array.from({ length: 12 }, (_, i) => `Mening nummer ${i + 1} om idéslussar i kommunen.`).join(' ')
const SENTENCES = TEXT.split(/(?<=\.) /)
const sentence = (i: number): [number, number] => {
  const start = SENTENCES.slice(0, i).reduce((n, s) => n + [...s].length + 1, 0)
  return [start, start + [...SENTENCES[i]!].length]
}

function corpus(): string {
  return writeCorpus(tempDir(), (files) => {
    const report = files.get('reports/rapport-a.yaml') as unknown as { sections: { text: string }[] }
    report.sections[1]!.text = TEXT
  })
}

async function call<C extends Channel>(atlas: Atlas, channel: C, input: Input<C>): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(worded(result))}`)
  return result.value
}

async function cli(dbPath: string, args: string[], corpusDir: string) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(['--db', dbPath, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) }, { ATLAS_CORPUS_DIR: corpusDir })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/**
 * Projects side by side in one folder (the lead's, each coder's), whose open and save dialogs answer what
 * the test last put in `dialogs`.
 */
function workspace(corpusDir: string) {
  const dir = tempDir()
  const dialogs = { pick: [] as string[], save: null as string | null }
  const open = (name: string) =>
    openAtlas({ dbPath: path.join(dir, `${name}.sqlite`), corpusDir, indexDir: null, pickFiles: async () => dialogs.pick, pickSavePath: async () => dialogs.save })
  return { dir, dialogs, open }
}

/** One coder's work: a passage (by sentence, or exact code points) and the code names on it. */
type Coding = { at: number | [number, number]; codes: string[] }

async function code(atlas: Atlas, who: string, codings: Coding[]): Promise<void> {
  await call(atlas, 'preferences:set', { author: who })
  const tree = await call(atlas, 'codes:list', {})
  const byName = new Map<string, string>()
  const walk = (nodes: typeof tree) => nodes.forEach((n) => (byName.set(n.name, n.id), walk(n.children)))
  walk(tree)
  for (const c of codings) {
    const [start, end] = typeof c.at === 'number' ? sentence(c.at) : c.at
    await call(atlas, 'highlights:create', { target: { type: 'section', id: SECTION }, start, end, codeIds: c.codes.map((n) => byName.get(n)!) })
  }
}

describe('agreement', () => {
  it('gives α = 0.743 for Krippendorff’s 2011 example (4 coders, 12 units, missing values) through the CLI', async () => {
    const corpusDir = corpus()
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath, corpusDir, indexDir: null })
    for (const name of ['1', '2', '3', '4', '5']) await call(atlas, 'codes:create', { name: `Kategori ${name}` })
    const table = {
      A: ['1', '2', '3', '3', '2', '1', '4', '1', '2', null, null, null],
      B: ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', null, '3'],
      C: [null, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', null],
      D: ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', null],
    }
    for (const [coder, values] of Object.entries(table)) {
      await code(atlas, coder, values.flatMap((v, unit) => (v ? [{ at: unit, codes: [`Kategori ${v}`] }] : [])))
    }
    await atlas.close()

    const run = await cli(dbPath, ['agreement', '--coders', 'A,B,C,D', '--json'], corpusDir)
    expect(run.code).toBe(0)
    const result = JSON.parse(run.out)
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['unit', 'coders', 'overall', 'codes']))
    expect(result.unit).toBe('segment')
    expect(result.coders.map((c: { name: string }) => c.name)).toEqual(['A', 'B', 'C', 'D'])
    // Unit 12 has one value only and cannot be paired: 11 units.
    expect(result.overall).toMatchObject({ kappa: null, units: 11, reading: 'tentative' })
    expect(result.overall.alpha).toBeCloseTo(0.743, 3)
    expect(result.codes.map((c: { name: string }) => c.name)).toEqual(['Kategori 1', 'Kategori 2', 'Kategori 3', 'Kategori 4', 'Kategori 5'])

    // The table for people: the figure, its reading and the settings it was computed with.
    const text = await cli(dbPath, ['agreement', '--coders', 'a,b,c,d'], corpusDir)
    expect(text.out).toContain('Kodare: A, B, C, D; enhet: segment (överlapp 90 %, okodat: saknat värde)')
    expect(text.out).toMatch(/^Totalt\t0\.743\tendast preliminära slutsatser\t–\t/m)
  })

  it('on a project merged from two coders’ .qdpx files: exact figures per unit, and merging again changes nothing', async () => {
    const corpusDir = corpus()
    const { dir, dialogs, open } = workspace(corpusDir)
    const previews: unknown[] = []
    const merge = async (atlas: Atlas, file: string) => {
      dialogs.pick = [file]
      const inspection = await call(atlas, 'refi:inspect', {})
      if (inspection.cancelled) throw new Error('cancelled')
      previews.push(inspection.preview)
      return call(atlas, 'refi:import', { token: inspection.token })
    }

    // The lead sets up the codebook and hands it out as a project file.
    const lead = open('lead')
    await call(lead, 'preferences:set', { author: 'Lena' })
    await call(lead, 'codes:create', { name: 'Ledning' })
    await call(lead, 'codes:create', { name: 'Resurser' })
    // The lead's own first coding stays home: the hand-out carries the codebook and texts, not the codings.
    await code(lead, 'Lena', [{ at: 11, codes: ['Ledning'] }])
    dialogs.save = path.join(dir, 'utdelning.qdpx')
    await call(lead, 'export:notes', { format: 'qdpx', codings: false })

    // Two evaluators code independently: the same first passage (one character apart), different codes on the second.
    const work: Record<string, Coding[]> = {
      Anna: [
        { at: [0, 40], codes: ['Ledning'] },
        { at: [50, 90], codes: ['Ledning', 'Resurser'] },
      ],
      Björn: [
        { at: [0, 41], codes: ['Ledning'] },
        { at: [50, 90], codes: ['Ledning'] },
      ],
    }
    for (const [who, codings] of Object.entries(work)) {
      const coder = open(who)
      await merge(coder, path.join(dir, 'utdelning.qdpx'))
      // A fresh project gets the lead's two codes (the starter codebook it already has), and no codings.
      expect(previews.at(-1)).toMatchObject({ newCodes: ['Ledning', 'Resurser'], coders: [] })
      expect(coder.db.prepare('SELECT count(*) AS n FROM highlights').get()).toEqual({ n: 0 })
      await code(coder, who, codings)
      dialogs.save = path.join(dir, `${who}.qdpx`)
      await call(coder, 'export:notes', { format: 'qdpx' })
      await coder.close()
    }

    // The lead merges both: the coders' highlights land on the report they coded, each with its coder.
    expect(await merge(lead, path.join(dir, 'Anna.qdpx'))).toMatchObject({ highlights: 2, documents: 0, codes: { created: 0 } })
    expect(await merge(lead, path.join(dir, 'Björn.qdpx'))).toMatchObject({ highlights: 2, documents: 0, codes: { created: 0 } })
    const coders = await call(lead, 'team:coders', {})
    expect(coders.map((c) => [c.name, c.highlights])).toEqual([
      ['Anna', 2],
      ['Björn', 2],
      ['Lena', 1],
    ])
    expect(lead.db.prepare(`SELECT count(*) AS n FROM highlights WHERE target_id = ?`).get(SECTION)).toEqual({ n: 5 })
    // The previews said so before anything was written: nothing new but each coder's two highlights.
    expect(previews.slice(-2)).toEqual([
      { newCodes: [], newDocuments: [], matchedByText: [], coders: [{ name: 'Anna', highlights: 2, unchanged: 0 }] },
      { newCodes: [], newDocuments: [], matchedByText: [], coders: [{ name: 'Björn', highlights: 2, unchanged: 0 }] },
    ])
    // Merging the same file again changes nothing, and the preview says that too.
    const before = tableCounts(lead.db)
    expect(await merge(lead, path.join(dir, 'Anna.qdpx'))).toMatchObject({ highlights: 0, unchanged: { highlights: 2 } })
    expect(previews.at(-1)).toEqual({ newCodes: [], newDocuments: [], matchedByText: [], coders: [{ name: 'Anna', highlights: 0, unchanged: 2 }] })
    expect(tableCounts(lead.db)).toEqual(before)
    await lead.close()

    const agreement = async (...args: string[]) => {
      const run = await cli(path.join(dir, 'lead.sqlite'), ['agreement', '--coders', 'Anna,Björn', ...args, '--json'], corpusDir)
      expect(run.code, run.err).toBe(0)
      return JSON.parse(run.out)
    }
    // Segment: two units (0–40 and 0–41 overlap by 40/41 ≥ 90 %). Overall the values are the code combinations:
    // agree on the first, differ on the second — α = 1 − 3·2/6 = 0, κ = 0, 50 %.
    const segment = await agreement()
    // A coder may be named by the GUID their REFI-QDA file carried: the same result.
    const anna = coders.find((c) => c.name === 'Anna')!
    const byId = await cli(path.join(dir, 'lead.sqlite'), ['agreement', '--coders', `${anna.id},Björn`, '--json'], corpusDir)
    expect({ ...JSON.parse(byId.out).overall }).toEqual(segment.overall)
    expect(JSON.parse(byId.out).coders[0]).toEqual({ id: anna.id, name: 'Anna' })
    expect(segment.overall).toEqual({ alpha: 0, alphaReason: null, reading: 'unreliable', kappa: 0, percent: 0.5, units: 2 })
    // Per code: both coded Ledning on both units (no variation: α undefined, with the reason); Resurser on one by Anna only.
    const ledning = segment.codes.find((c: { name: string }) => c.name === 'Ledning')
    expect(ledning).toMatchObject({ alpha: null, alphaReason: expect.stringContaining('ingen variation'), percent: 1, units: 2 })
    expect(segment.codes.find((c: { name: string }) => c.name === 'Resurser')).toMatchObject({ percent: 0, units: 1 })
    // A stricter overlap splits the first pair: 40/41 < 0.99, so each passage is a unit of its own, one coder each.
    expect((await agreement('--overlap', '0.99')).overall.units).toBe(1)

    // Section: the report's two sections are the units. Resurser: (0,0) and (1,0) — α = 0; overall the
    // combinations ("", "") and ("Ledning+Resurser", "Ledning") — α = 1 − 3·2/10 = 0.4.
    const section = await agreement('--unit', 'section')
    expect(section.overall).toMatchObject({ units: 2, percent: 0.5 })
    expect(section.overall.alpha).toBeCloseTo(0.4, 10)
    expect(section.codes.find((c: { name: string }) => c.name === 'Resurser').alpha).toBeCloseTo(0, 10)
    expect(section.codes.find((c: { name: string }) => c.name === 'Ledning')).toMatchObject({ alpha: 1, percent: 1 })

    // Character: every code point of both sections is a unit; for Ledning the coders differ on one character.
    const length = [...TEXT].length + [...'Första avsnittet.'].length
    const char = await agreement('--unit', 'char')
    const charLedning = char.codes.find((c: { name: string }) => c.name === 'Ledning')
    expect(charLedning.units).toBe(length)
    expect(charLedning.percent).toBeCloseTo((length - 1) / length, 12)
    expect(char.overall.units).toBe(length)
  })

  it('refuses an unknown coder or fewer than two, naming who is there', async () => {
    const corpusDir = corpus()
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath, corpusDir, indexDir: null })
    await code(atlas, 'Anna', [{ at: 0, codes: ['Pilot'] }])
    expect(worded(await atlas.invoke('agreement:compute', { coders: ['Anna', 'Okänd'] }))).toMatchObject({
      ok: false,
      message: 'Kodaren "Okänd" finns inte i projektet. Kodare med markeringar: Anna.',
    })
    expect(worded(await atlas.invoke('agreement:compute', { coders: ['Anna', 'anna'] }))).toMatchObject({ ok: false, message: 'Överensstämmelse kräver minst två olika kodare.' })
    await atlas.close()
    const usage = await cli(dbPath, ['agreement', '--coders', 'Anna'], corpusDir)
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('agreement behöver --coders A,B')
  })

  it('is computed in the read worker as the desktop app computes it: the same figures, the same refusals in words', async () => {
    const corpusDir = corpus()
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const createReads = createWorkerReads({ url: new URL('../../src/core/reads/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] })
    const inWorker = openAtlas({ dbPath, corpusDir, indexDir: null, createReads })
    await code(inWorker, 'Anna', [{ at: 0, codes: ['Pilot'] }, { at: 3, codes: ['Pilot'] }])
    await code(inWorker, 'Björn', [{ at: 0, codes: ['Pilot'] }])
    const request = { coders: ['Anna', 'Björn'] }
    const there = await call(inWorker, 'agreement:compute', request)
    expect(worded(await inWorker.invoke('agreement:compute', { coders: ['Anna', 'Okänd'] }))).toMatchObject({
      ok: false,
      code: 'invalid-input',
      message: 'Kodaren "Okänd" finns inte i projektet. Kodare med markeringar: Anna, Björn.',
    })
    // The worker writes its words in the researcher's language.
    await call(inWorker, 'preferences:set', { language: 'en' })
    expect((await call(inWorker, 'agreement:compute', request)).overall.alphaReason).toBe('all values are the same: no variation to measure agreement against')
    await call(inWorker, 'preferences:set', { language: 'sv' })
    await inWorker.close()
    const here = openAtlas({ dbPath, corpusDir, indexDir: null })
    // The moment of computing aside; the words (why α is missing) in the researcher's language there too.
    const computed = await call(here, 'agreement:compute', request)
    expect({ ...computed, settings: { ...computed.settings, computedAt: there.settings.computedAt } }).toEqual(there)
    expect(there.overall.alphaReason).toMatch(/^alla värden är lika/)
    await here.close()
  })

  it('lists disagreements in reading order; consensus copies the accepted coding, leaves the coders’ own untouched, and undoes in one step', async () => {
    const corpusDir = corpus()
    const atlas = openAtlas({ dbPath: path.join(tempDir(), 'atlas.sqlite'), corpusDir, indexDir: null })
    await call(atlas, 'codes:create', { name: 'Ledning' })
    await call(atlas, 'codes:create', { name: 'Resurser' })
    await code(atlas, 'Anna', [
      { at: 0, codes: ['Ledning'] },
      { at: 3, codes: ['Ledning', 'Resurser'] },
      { at: 6, codes: ['Resurser'] },
    ])
    await code(atlas, 'Björn', [
      { at: 0, codes: ['Ledning'] },
      { at: 3, codes: ['Ledning'] },
    ])
    const list = () => call(atlas, 'consensus:disagreements', { documentId: 'rapport-a', coders: ['Anna', 'Björn'] })
    // Sentence 0 agrees; sentence 3 differs in codes; sentence 6 only Anna coded.
    const open = await list()
    expect(open.map((d) => [d.quote, d.settled])).toEqual([
      [SENTENCES[3], false],
      [SENTENCES[6], false],
    ])
    expect(open[0]!.coders.map((c) => [c.name, c.passages.flatMap((p) => p.codes.map((x) => x.name))])).toEqual([
      ['Anna', ['Ledning', 'Resurser']],
      ['Björn', ['Ledning']],
    ])
    expect(open[1]!.coders[1]).toEqual({ name: 'Björn', passages: [] })

    // Undoing a creation is a deletion, and deletions are recorded (so a merge cannot revive it unasked): the
    // record aside, the project is as before.
    const counts = () => {
      const all = tableCounts(atlas.db)
      delete all.deletions
      return all
    }
    const before = counts()
    await call(atlas, 'consensus:accept', { highlightIds: [open[0]!.coders[1]!.passages[0]!.highlightId] })
    const settled = await list()
    expect(settled[0]).toMatchObject({ settled: true, consensus: [{ name: 'Ledning' }] })
    // The coders' highlights are as they were: agreement between them is unchanged.
    expect((await call(atlas, 'agreement:compute', { coders: ['Anna', 'Björn'] })).overall.units).toBe(2)
    // The consensus is a coder like the others: Björn agrees with it on the unit it settled.
    expect((await call(atlas, 'agreement:compute', { coders: ['Björn', 'Konsensus'] })).overall).toMatchObject({ percent: 1, units: 1 })

    // Undo removes the whole decision.
    expect((await atlas.invoke('history:undo', {})).ok).toBe(true)
    expect(counts()).toEqual(before)

    // None of the codings: settled without codes, and the reason is written on the highlight.
    const only = open[1]!
    await call(atlas, 'consensus:accept', { highlightIds: [], none: { sectionId: only.sectionId, start: only.start, end: only.end } })
    expect((await list())[1]).toMatchObject({ settled: true, consensus: [] })
    expect(atlas.db.prepare(`SELECT note FROM highlights WHERE author = 'Konsensus'`).all()).toEqual([{ note: 'Konsensus: ingen av kodarnas kodningar gäller här.' }])
    expect(worded(await atlas.invoke('consensus:accept', { highlightIds: [] }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Välj vilken/) })
    await atlas.close()
  })

  it('keeps a result with its settings and time, lists and deletes it, and exports it as CSV (app and CLI)', async () => {
    const corpusDir = corpus()
    const dir = tempDir()
    const dbPath = path.join(dir, 'atlas.sqlite')
    const saved = path.join(dir, 'sparad.csv')
    const atlas = openAtlas({ dbPath, corpusDir, indexDir: null, pickSavePath: async () => saved })
    await code(atlas, 'Anna', [{ at: 0, codes: ['Pilot'] }, { at: 2, codes: ['Pilot'] }])
    await code(atlas, 'Björn', [{ at: 0, codes: ['Pilot'] }, { at: 2, codes: ['Spridning'] }])
    const run = await call(atlas, 'agreement:save', { coders: ['Anna', 'Björn'], unit: 'section' })
    expect(run).toMatchObject({ id: expect.any(String), unit: 'section', coders: [{ name: 'Anna' }, { name: 'Björn' }] })
    // Later work does not change what was kept.
    await code(atlas, 'Björn', [{ at: 4, codes: ['Pilot'] }])
    expect(await call(atlas, 'agreement:saved', {})).toEqual([run])

    expect(await call(atlas, 'export:agreement', { runId: run.id })).toMatchObject({ cancelled: false, files: [saved] })
    const lines = fs.readFileSync(saved, 'utf8').replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('code_id;code;alpha;reading;alpha_undefined_because;kappa;percent;units;unit;coders;overlap;uncoded;documents;computed')
    expect(lines[1]).toMatch(/^;Totalt;[-\d.]+;\w+;;[-\d.]+;0\.5;2;section;Anna \| Björn;;;Rapport A;\d{4}-\d\d-\d\dT/)
    expect(lines.filter((l) => l.startsWith('starter-fas-pilot;Pilot;'))).toHaveLength(1)

    expect(await call(atlas, 'agreement:deleteSaved', { id: run.id })).toEqual({ deleted: true })
    expect(await call(atlas, 'agreement:saved', {})).toEqual([])
    expect(worded(await atlas.invoke('export:agreement', { runId: run.id }))).toMatchObject({ ok: false, message: expect.stringContaining('finns inte') })
    await atlas.close()

    // The CLI computes and writes it in one step.
    const out = path.join(dir, 'cli.csv')
    const cliRun = await cli(dbPath, ['export', 'agreement', '--coders', 'Anna,Björn', '--unit', 'char', '--out', out, '--delimiter', ','], corpusDir)
    expect(cliRun.code, cliRun.err).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toMatch(/\r\n,Totalt,[-\d.]+,/)
  })

  it('the comparison counts one coder’s highlights when asked (or the consensus’s)', async () => {
    const corpusDir = corpus()
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath, corpusDir, indexDir: null })
    await code(atlas, 'Anna', [{ at: 0, codes: ['Pilot'] }, { at: 2, codes: ['Pilot'] }])
    await code(atlas, 'Björn', [{ at: 0, codes: ['Pilot'] }])
    const pilot = async (coders?: string[]) =>
      (await call(atlas, 'compare:matrix', { caseIds: ['plattform-kiruna', 'program-stader'], ...(coders ? { coders } : {}) })).codes.find((c) => c.id === 'starter-fas-pilot')!
        .counts['plattform-kiruna']
    expect([await pilot(), await pilot(['Anna']), await pilot(['Björn']), await pilot(['Konsensus'])]).toEqual([3, 2, 1, 0])
    const excerpts = await call(atlas, 'compare:excerpts', { caseId: 'plattform-kiruna', codeId: 'starter-fas-pilot', coders: ['Björn'] })
    expect(excerpts.map((h) => h.author)).toEqual(['Björn'])
    await atlas.close()
    const run = await cli(dbPath, ['compare', 'plattform-kiruna', 'program-stader', '--coders', 'Anna', '--json'], corpusDir)
    expect(JSON.parse(run.out).codes.find((c: { id: string }) => c.id === 'starter-fas-pilot').counts['plattform-kiruna']).toBe(2)
  })

  it('merges a colleague’s own project file like their REFI-QDA project, and refuses one with a foreign trigger', async () => {
    const corpusDir = corpus()
    const { dir, open } = workspace(corpusDir)
    const colleague = open('cecilia')
    await code(colleague, 'Cecilia', [{ at: 1, codes: ['Pilot'] }, { at: 5, codes: ['Spridning'] }])
    await colleague.close()
    const lead = open('lead')
    await code(lead, 'Lena', [{ at: 1, codes: ['Pilot'] }])
    await lead.close()

    const leadDb = path.join(dir, 'lead.sqlite')
    const first = await cli(leadDb, ['import', path.join(dir, 'cecilia.sqlite'), '--json'], corpusDir)
    expect(first.code, first.err).toBe(0)
    expect(JSON.parse(first.out).refi[0]).toMatchObject({ highlights: 2, documents: 0 })
    const again = await cli(leadDb, ['import', path.join(dir, 'cecilia.sqlite'), '--json'], corpusDir)
    expect(JSON.parse(again.out).refi[0]).toMatchObject({ highlights: 0, unchanged: { highlights: 2 } })
    const agreement = await cli(leadDb, ['agreement', '--coders', 'Lena,Cecilia', '--json'], corpusDir)
    expect(JSON.parse(agreement.out).overall).toMatchObject({ units: 1, percent: 1 })

    // A file with a trigger the app did not create is refused before anything is read into the project.
    const hostile = path.join(dir, 'fientlig.sqlite')
    fs.copyFileSync(path.join(dir, 'cecilia.sqlite'), hostile)
    const db = new (await import('better-sqlite3')).default(hostile)
    db.exec('CREATE TRIGGER wipe AFTER INSERT ON memos BEGIN DELETE FROM highlights; END')
    db.close()
    const before = await cli(leadDb, ['notes', '--json'], corpusDir)
    const refused = await cli(leadDb, ['import', hostile], corpusDir)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('fientlig.sqlite: databasen innehåller sådant som Innovationsatlas inte har skapat (trigger wipe)')
    expect((await cli(leadDb, ['notes', '--json'], corpusDir)).out).toBe(before.out)
  })

  it('a highlight or memo the colleague deleted in their project file is a conflict here: kept, or deleted as theirs, and undone', async () => {
    const corpusDir = corpus()
    const { dir, dialogs, open } = workspace(corpusDir)
    const lead = open('lead')
    await code(lead, 'Lena', [{ at: 1, codes: ['Pilot'] }, { at: 3, codes: ['Idé'] }])
    const [gone, kept] = lead.db.prepare('SELECT id FROM highlights ORDER BY start_cp').pluck().all() as string[]
    const memo = await call(lead, 'memos:create', { target: { type: 'project', id: null }, title: 'Frågor', body: 'Till kollegan.' })
    await lead.close()
    // Handed out as a project file: the colleague works in a copy, deletes one of the lead's codings, adds one.
    fs.copyFileSync(path.join(dir, 'lead.sqlite'), path.join(dir, 'kollega.sqlite'))
    const colleague = open('kollega')
    await call(colleague, 'highlights:delete', { id: gone! })
    await call(colleague, 'memos:delete', { id: memo.id })
    await code(colleague, 'Kim', [{ at: 6, codes: ['Pilot'] }])
    await colleague.close()

    const again = open('lead')
    const merge = async (onConflict: 'mine' | 'theirs') => {
      dialogs.pick = [path.join(dir, 'kollega.sqlite')]
      const inspection = await call(again, 'refi:inspect', {})
      if (inspection.cancelled) throw new Error('cancelled')
      return { conflicts: inspection.conflicts, result: await call(again, 'refi:import', { token: inspection.token, onConflict }) }
    }
    const ids = () => again.db.prepare('SELECT id FROM highlights ORDER BY start_cp').pluck().all()
    const first = await merge('mine')
    expect(first.conflicts).toEqual([
      { kind: 'highlight', guid: gone, name: SENTENCES[1], mine: expect.stringContaining('1 kod'), theirs: expect.stringMatching(/^borttagen där \d{4}-\d\d-\d\d$/) },
      { kind: 'memo', guid: memo.id, name: 'Frågor', mine: 'Till kollegan.', theirs: expect.stringMatching(/^borttagen där \d{4}-\d\d-\d\d$/) },
    ])
    expect(first.result).toMatchObject({ highlights: 1, conflicts: { mine: 2 } })
    expect(ids()).toEqual([gone, kept, expect.any(String)])
    const memos = () => again.db.prepare('SELECT id FROM memos').pluck().all()
    expect(memos()).toEqual([memo.id])
    const second = await merge('theirs')
    expect(second.result).toMatchObject({ highlights: 0, conflicts: { theirs: 2 } })
    expect(ids()).toEqual([kept, expect.any(String)])
    expect(memos()).toEqual([])
    // Deleted by the merge, they come back with the merge's undo, codes and all.
    await call(again, 'history:undo', {})
    expect(ids()).toEqual([gone, kept, expect.any(String)])
    expect(memos()).toEqual([memo.id])
    expect(again.db.prepare('SELECT count(*) AS n FROM highlight_codes WHERE highlight_id = ?').get(gone)).toEqual({ n: 1 })
    await again.close()
  })

  it('a document another tool gave a new GUID is found by its text (the preview says so), or added anew if asked', async () => {
    const corpusDir = corpus()
    const { dir, dialogs, open } = workspace(corpusDir)
    // The lead has an own document; a colleague coded it in a tool that wrote it out under a new GUID.
    const lead = open('lead')
    const doc = path.join(dir, 'intervju.md')
    fs.writeFileSync(doc, 'Intervju med projektledaren om idéslussen och dess styrning.\n')
    dialogs.pick = [doc]
    const imported = await call(lead, 'documents:import', {})
    const documentId = imported.imported[0]!.entityId
    dialogs.save = path.join(dir, 'lead.qdpx')
    await call(lead, 'export:notes', { format: 'qdpx' })
    const oldGuid = documentId.replace(/^own-doc-/, '')
    const colleague = open('kollega')
    dialogs.pick = [dialogs.save!]
    const first = await call(colleague, 'refi:inspect', {})
    if (first.cancelled) throw new Error('cancelled')
    await call(colleague, 'refi:import', { token: first.token })
    await code(colleague, 'Kim', [])
    const section = (colleague.db.prepare('SELECT id FROM sections WHERE report_id = ?').get(documentId) as { id: string }).id
    await call(colleague, 'highlights:create', { target: { type: 'section', id: section }, start: 0, end: 9, codeIds: ['starter-fas-pilot'] })
    dialogs.save = path.join(dir, 'kollega.qdpx')
    await call(colleague, 'export:notes', { format: 'qdpx' })
    await colleague.close()
    // What another tool would do: the same project with a new GUID for the source.
    const { unzipSync, zipSync } = await import('fflate')
    const entries = unzipSync(fs.readFileSync(dialogs.save!))
    const newGuid = '0badc0de-0000-4000-8000-000000000001'
    const renamed: Record<string, Uint8Array> = {}
    for (const [name, bytes] of Object.entries(entries)) {
      renamed[name.replace(oldGuid, newGuid)] = name === 'project.qde' ? Buffer.from(Buffer.from(bytes).toString('utf8').replaceAll(oldGuid, newGuid)) : bytes
    }
    const other = path.join(dir, 'annat-verktyg.qdpx')
    fs.writeFileSync(other, zipSync(renamed))

    dialogs.pick = [other]
    const inspection = await call(lead, 'refi:inspect', {})
    if (inspection.cancelled) throw new Error('cancelled')
    expect(inspection.preview).toMatchObject({ newDocuments: [], matchedByText: [{ source: 'intervju', document: 'intervju' }] })
    const result = await call(lead, 'refi:import', { token: inspection.token })
    expect(result).toMatchObject({ documents: 0, highlights: 1, remarks: [expect.stringContaining('samma text som "intervju"')] })
    expect(lead.db.prepare('SELECT count(*) AS n FROM highlights WHERE target_id = ?').get(section)).toEqual({ n: 1 })

    // Asked not to: the file's document is added beside the lead's.
    const fresh = open('lead2')
    dialogs.pick = [doc]
    await call(fresh, 'documents:import', {})
    dialogs.pick = [other]
    const again = await call(fresh, 'refi:inspect', {})
    if (again.cancelled) throw new Error('cancelled')
    expect(await call(fresh, 'refi:import', { token: again.token, matchByText: false })).toMatchObject({ documents: 1, highlights: 1 })
    await lead.close()
    await fresh.close()
  })

  it('a highlight or memo deleted here but still in a colleague’s file is a conflict: kept deleted, or brought back, as chosen', async () => {
    const corpusDir = corpus()
    const dir = tempDir()
    const file = path.join(dir, 'kollega.qdpx')
    let pick: string[] = []
    const lead = openAtlas({ dbPath: path.join(dir, 'lead.sqlite'), corpusDir, indexDir: null, pickFiles: async () => pick, pickSavePath: async () => file })
    await code(lead, 'Lena', [{ at: 0, codes: ['Pilot'] }, { at: 2, codes: ['Pilot'] }])
    const memo = await call(lead, 'memos:create', { target: { type: 'project', id: null }, title: 'Utkast', body: 'Strykes sedan.' })
    await call(lead, 'export:notes', { format: 'qdpx' })
    const [gone] = lead.db.prepare('SELECT id FROM highlights ORDER BY start_cp').pluck().all() as string[]
    await call(lead, 'highlights:delete', { id: gone! })
    await call(lead, 'memos:delete', { id: memo.id })
    const merge = async (onConflict?: 'mine' | 'theirs') => {
      pick = [file]
      const inspection = await call(lead, 'refi:inspect', {})
      if (inspection.cancelled) throw new Error('cancelled')
      return { inspection, result: onConflict ? await call(lead, 'refi:import', { token: inspection.token, onConflict }) : null }
    }
    const first = await merge('mine')
    // The memo deleted here too: both are conflicts, and nothing comes back unasked.
    expect(first.inspection.conflicts).toEqual([
      { kind: 'highlight', guid: gone, name: SENTENCES[0], mine: expect.stringMatching(/^borttagen här \d{4}-\d\d-\d\d$/), theirs: expect.stringContaining('1 kod') },
      { kind: 'memo', guid: memo.id, name: 'Utkast', mine: expect.stringMatching(/^borttagen här \d{4}-\d\d-\d\d$/), theirs: 'Strykes sedan.' },
    ])
    expect(first.result).toMatchObject({ highlights: 0, memos: 0, conflicts: { mine: 2 } })
    expect(lead.db.prepare('SELECT count(*) AS n FROM highlights').get()).toEqual({ n: 1 })
    expect(lead.db.prepare('SELECT count(*) AS n FROM memos').get()).toEqual({ n: 0 })
    const back = await merge('theirs')
    expect(back.result).toMatchObject({ highlights: 1, memos: 1, conflicts: { theirs: 2 } })
    expect(lead.db.prepare('SELECT count(*) AS n FROM highlights WHERE id = ?').get(gone)).toEqual({ n: 1 })
    expect(lead.db.prepare('SELECT title FROM memos WHERE id = ?').pluck().get(memo.id)).toBe('Utkast')
    // Back in the project, it is no longer a deletion: the next merge finds nothing to ask.
    expect((await merge()).inspection.conflicts).toEqual([])
    // Undoing a deletion clears its record too.
    await call(lead, 'highlights:delete', { id: gone! })
    await call(lead, 'history:undo', {})
    expect((await merge()).inspection.conflicts).toEqual([])
    await lead.close()
  })

  it('a merge is copied aside first, and restoring that copy takes the project back to exactly before it', async () => {
    const corpusDir = corpus()
    const { dir, dialogs, open } = workspace(corpusDir)
    const colleague = open('kollega')
    await code(colleague, 'Kim', [{ at: 1, codes: ['Pilot'] }, { at: 4, codes: ['Idé'] }])
    dialogs.save = path.join(dir, 'kollega.qdpx')
    await call(colleague, 'export:notes', { format: 'qdpx' })
    await colleague.close()
    const lead = open('lead')
    await code(lead, 'Lena', [{ at: 1, codes: ['Pilot'] }])
    const before = tableCounts(lead.db)
    dialogs.pick = [dialogs.save!]
    const inspection = await call(lead, 'refi:inspect', {})
    if (inspection.cancelled) throw new Error('cancelled')
    const result = await call(lead, 'refi:import', { token: inspection.token })
    expect(result).toMatchObject({ highlights: 2, safetyCopy: expect.stringMatching(/^lead-före-sammanslagning-.*\.sqlite$/) })
    expect(fs.existsSync(path.join(dir, 'säkerhetskopior', result.safetyCopy!))).toBe(true)
    expect(tableCounts(lead.db)).not.toEqual(before)
    expect(await call(lead, 'backup:restoreSafetyCopy', {})).toMatchObject({ restartRequired: true })
    await lead.close()
    const again = open('lead')
    expect(tableCounts(again.db)).toEqual(before)
    await again.close()
  })

  it('a merge is one undo step: undo leaves every row as before (documents, cases, deletion records), redo and merging again agree', async () => {
    const corpusDir = corpus()
    const { dir, dialogs, open } = workspace(corpusDir)
    const every = (atlas: Atlas) => tableRows(atlas.db, (name) => !name.startsWith('library_'))

    // The lead hands out the project with a coding; the colleague takes it, adds a document of her own about
    // a case of her own (with a variable), codes in it and in the report, with a new code, and writes a memo.
    const lead = open('lead')
    await code(lead, 'Lena', [{ at: 1, codes: ['Pilot'] }, { at: 4, codes: ['Idé'] }])
    dialogs.save = path.join(dir, 'utdelning.qdpx')
    await call(lead, 'export:notes', { format: 'qdpx' })
    const colleague = open('kollega')
    dialogs.pick = [dialogs.save]
    const handOut = await call(colleague, 'refi:inspect', {})
    if (handOut.cancelled) throw new Error('cancelled')
    await call(colleague, 'refi:import', { token: handOut.token })
    const notes = path.join(dir, 'intervju.txt')
    fs.writeFileSync(notes, 'Intervju med projektledaren i Kiruna om idéslussen och hur förslagen bedöms varje månad.')
    dialogs.pick = [notes]
    const [document] = (await call(colleague, 'documents:import', {})).imported
    const own = await call(colleague, 'cases:create', {
      draft: { kind: 'initiative', name: 'Idésluss i Kiruna', summary: '', startYear: 2021, endYear: null, themes: [], funders: [], organisations: [], related: [] },
    })
    await call(colleague, 'cases:setAttributes', { id: own.id, attributes: [{ name: 'Intervjuer', value: '4', type: 'Integer' }] })
    await call(colleague, 'documents:attach', { documentId: document!.entityId, caseIds: [own.id] })
    const newCode = await call(colleague, 'codes:create', { name: 'Bedömning' })
    await call(colleague, 'preferences:set', { author: 'Kim' })
    await call(colleague, 'highlights:create', { target: { type: 'section', id: `${document!.entityId}#s1` }, start: 0, end: 9, codeIds: [newCode.id] })
    await code(colleague, 'Kim', [{ at: 7, codes: ['Pilot'] }])
    await call(colleague, 'memos:create', { target: { type: 'project', id: null }, title: 'Fältanteckning', body: 'Två intervjuer kvar.' })
    dialogs.save = path.join(dir, 'kollega.qdpx')
    await call(colleague, 'export:notes', { format: 'qdpx' })
    await colleague.close()

    // Meanwhile the lead deleted one of the handed-out codings: a deletion record the merge may take away.
    const [deleted] = lead.db.prepare('SELECT id FROM highlights ORDER BY start_cp').pluck().all() as string[]
    await call(lead, 'highlights:delete', { id: deleted! })
    const before = every(lead)
    expect(before.deletions).toHaveLength(1)

    dialogs.pick = [dialogs.save]
    const inspection = await call(lead, 'refi:inspect', {})
    if (inspection.cancelled) throw new Error('cancelled')
    const result = await call(lead, 'refi:import', { token: inspection.token, onConflict: 'theirs' })
    expect(result).toMatchObject({ documents: 1, highlights: 3, memos: 1, cases: { created: 1 }, codes: { created: 1 } })
    const merged = every(lead)
    expect(merged.deletions).toEqual([])
    expect(merged.case_attributes).toContainEqual(expect.stringContaining('"name":"Intervjuer","value":"4"'))
    expect(merged.relations!.length).toBe(before.relations!.length + 1)
    expect((await call(lead, 'search:query', { query: 'projektledaren' })).hits.map((h) => h.type)).toContain('document')
    expect(await call(lead, 'history:state', {})).toMatchObject({ canUndo: true, undoLabel: 'Importera "kollega.qdpx"' })

    // One undo: every row of every table as before the merge — the deletion record with its own time — and the
    // library index no longer finds the colleague's document.
    expect(await call(lead, 'history:undo', {})).toMatchObject({ canRedo: true })
    expect(every(lead)).toEqual(before)
    expect((await call(lead, 'search:query', { query: 'projektledaren' })).hits.map((h) => h.type)).not.toContain('document')
    // The undo before it is the lead's own deletion, as it was.
    expect(await call(lead, 'history:state', {})).toMatchObject({ undoLabel: expect.stringContaining('Ta bort markeringen') })

    // Redo puts the merge back as it was written; merging the same file again then changes nothing.
    await call(lead, 'history:redo', {})
    expect(every(lead)).toEqual(merged)
    const again = await call(lead, 'refi:inspect', {})
    if (again.cancelled) throw new Error('cancelled')
    expect(again.conflicts).toEqual([])
    await call(lead, 'refi:import', { token: again.token })
    expect(every(lead)).toEqual(merged)
    await lead.close()
  })
})
