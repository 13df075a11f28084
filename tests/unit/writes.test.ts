// The large writes as the desktop app runs them: on the write worker's own connection (src/core/writes/), with
// the main thread's writes taking turns behind them and its reads going on. What a researcher would notice: a
// colleague's project merged in the worker is in the notes, the search and the codebook at once; Ångra and Gör om
// take it out and back; a code with highlights is deleted and undeleted there; a write asked for during a merge
// waits for it and then succeeds, a read does not wait; and if the worker ends, undoing its step says why it
// cannot be done instead of failing silently or undoing something else.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { saveDocument } from '../../src/core/db/documents'
import { exportQdpx } from '../../src/core/io/refi/export'
import { createWorkerWrites } from '../../src/core/writes/worker-client'
import { createWriteGate } from '../../src/core/writes/gate'
import type { Writes, WritesContext } from '../../src/core/writes/writes'
import type { Channel, Output } from '../../src/shared/api'
import { messageOf, REAL_CORPUS, tempDir, writeCorpus } from './helpers'

async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown = {}): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(messageOf(result))
  return result.value
}

const workerWrites = createWorkerWrites({ url: new URL('../../src/core/writes/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] })

/** A colleague's project with two interviews of their own, coded, exported as REFI-QDA. */
async function colleaguesExport(corpusDir: string): Promise<string> {
  const dir = tempDir()
  const colleague = openAtlas({ dbPath: path.join(dir, 'atlas.sqlite'), corpusDir, indexDir: null, spawnParser: null })
  await call(colleague, 'preferences:set', { author: 'Kerstin Öst' })
  const code = await call(colleague, 'codes:create', { name: 'Förankring' })
  for (const [n, text] of [
    [1, 'Förvaltningen i Överkalix förankrade idéslussen hos chefer och medarbetare.'],
    [2, 'Innovationsfonden i Åre fick få ansökningar det första året.'],
  ] as const) {
    const id = `own-doc-intervju-${n}`
    saveDocument(colleague.db, {
      id,
      title: `Intervju ${n}`,
      summary: 'Egen intervju.',
      sections: [{ heading: 'Svar', text }],
      file: { name: `intervju-${n}.txt`, format: 'text', sha256: String(n).repeat(64), bytes: text.length },
    })
    await call(colleague, 'highlights:create', { target: { type: 'section', id: `${id}#s1` }, start: 0, end: 13, codeIds: [code.id] })
  }
  const file = path.join(dir, 'kollega.qdpx')
  fs.writeFileSync(file, exportQdpx(colleague.db).data)
  await colleague.close()
  return file
}

function leadProject(corpusDir: string, qdpx: string) {
  let writes: Writes | null = null
  const atlas = openAtlas({
    dbPath: path.join(tempDir(), 'atlas.sqlite'),
    corpusDir,
    indexDir: null,
    spawnParser: null,
    pickFiles: async () => [qdpx],
    createWrites: (context: WritesContext) => (writes = workerWrites(context)),
  })
  return { atlas, writes: () => writes! }
}

// A temporary folder of this file's own: other test files import documents into theirs meanwhile.
beforeAll(() => {
  process.env.TMPDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'writes-'))
})

/** Files the parse process wrote for the write worker, left in the temporary folder. */
const packedFiles = (): string[] => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('innovationsatlas-'))

/** The lead's project, with the colleague's export chosen and inspected: ready to merge. */
async function inspected() {
  const corpusDir = writeCorpus(tempDir())
  const lead = leadProject(corpusDir, await colleaguesExport(corpusDir))
  await call(lead.atlas, 'preferences:set', { author: 'Lena Lund' })
  const inspection = await call(lead.atlas, 'refi:inspect')
  if (inspection.cancelled) throw new Error('cancelled')
  return { ...lead, inspection }
}

const noteQuotes = async (atlas: Atlas): Promise<string[]> =>
  (await call(atlas, 'notes:page', { filter: {}, limit: 50 })).entries.flatMap((e) => (e.kind === 'highlight' ? [e.highlight.quote] : [])).sort()

/** The search's hits of one type: the library (FTS5, in the file) and the codes (MiniSearch, kept by change events). */
const hits = async (atlas: Atlas, query: string, type: 'document' | 'code'): Promise<string[]> =>
  (await call(atlas, 'search:query', { query, limit: 20 })).hits.filter((h) => h.type === type).map((h) => h.id)

describe('a merge in the write worker', () => {
  it('is in the notes, the search and the codebook at once; Ångra takes it out and Gör om puts it back', async () => {
    const { atlas, inspection } = await inspected()
    expect(inspection.summary).toMatchObject({ sources: 2, selections: 2 })
    const merged = await call(atlas, 'refi:import', { token: inspection.token })
    expect(merged).toMatchObject({ documents: 2, highlights: 2 })
    // The file the parse process wrote for the worker was read once and removed.
    expect(packedFiles()).toEqual([])

    expect(await noteQuotes(atlas)).toEqual(['Förvaltningen', 'Innovationsfo'].sort())
    expect((await call(atlas, 'codes:list')).map((c) => c.name)).toContain('Förankring')
    await atlas.searchReady
    expect(await hits(atlas, 'Överkalix', 'document')).toHaveLength(1)
    expect(await hits(atlas, 'Förankring', 'code')).toHaveLength(1)
    expect(await call(atlas, 'history:state')).toMatchObject({ canUndo: true, undoLabel: expect.stringContaining('kollega.qdpx') })

    const undone = await call(atlas, 'history:undo')
    expect(undone.done).toContain('kollega.qdpx')
    expect(await noteQuotes(atlas)).toEqual([])
    expect((await call(atlas, 'codes:list')).map((c) => c.name)).not.toContain('Förankring')
    expect(await hits(atlas, 'Överkalix', 'document')).toEqual([])
    expect(await hits(atlas, 'Förankring', 'code')).toEqual([])

    await call(atlas, 'history:redo')
    expect(await noteQuotes(atlas)).toHaveLength(2)
    expect(await hits(atlas, 'Överkalix', 'document')).toHaveLength(1)
    expect(await hits(atlas, 'Förankring', 'code')).toHaveLength(1)
    await atlas.close()
  })

  it('lets a write asked for meanwhile wait for it and then succeed, while a read answers at once', async () => {
    const { atlas, inspection } = await inspected()
    const finished: string[] = []
    const merging = call(atlas, 'refi:import', { token: inspection.token }).then(() => finished.push('merge'))
    const creating = call(atlas, 'codes:create', { name: 'Under sammanslagningen' }).then((code) => {
      finished.push('write')
      return code
    })
    const reading = call(atlas, 'codes:list').then((codes) => {
      finished.push('read')
      return codes
    })
    const [, created, read] = await Promise.all([merging, creating, reading])
    expect(finished).toEqual(['read', 'merge', 'write'])
    // The read saw the project as it was before the merge; the write came after it, and both codes are there.
    expect(read.map((c) => c.name)).not.toContain('Förankring')
    expect(created.name).toBe('Under sammanslagningen')
    expect((await call(atlas, 'codes:list')).map((c) => c.name)).toEqual(expect.arrayContaining(['Förankring', 'Under sammanslagningen']))
    await atlas.close()
  })

  it('says the step cannot be undone any more when the worker that kept it ended, and leaves the merge in place', async () => {
    const { atlas, writes, inspection } = await inspected()
    await call(atlas, 'refi:import', { token: inspection.token })
    await writes().close()

    const refused = await atlas.invoke('history:undo', {})
    expect(refused.ok).toBe(false)
    expect(messageOf(refused)).toMatch(/^Det steget kan inte ångras längre: processen som skrev det avslutades oväntat/)
    expect(await noteQuotes(atlas)).toHaveLength(2)
    expect(await call(atlas, 'history:state')).toMatchObject({ canUndo: false })
    // The next large write starts a worker again.
    const code = (await call(atlas, 'codes:list')).find((c) => c.name === 'Förankring')!
    await call(atlas, 'codes:delete', { id: code.id })
    expect((await call(atlas, 'codes:list')).map((c) => c.name)).not.toContain('Förankring')
    await atlas.close()
  })
})

describe('a file that cannot be merged', () => {
  it('is refused with its name, leaves nothing behind and writes nothing', async () => {
    const corpusDir = writeCorpus(tempDir())
    const broken = path.join(tempDir(), 'trasig.qdpx')
    fs.writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]))
    const { atlas } = leadProject(corpusDir, broken)
    const before = await call(atlas, 'codes:list')
    const refused = await atlas.invoke('refi:inspect', {})
    expect(refused.ok).toBe(false)
    expect(messageOf(refused)).toContain('trasig.qdpx')
    expect(packedFiles()).toEqual([])
    expect(await call(atlas, 'codes:list')).toEqual(before)
    await atlas.close()
  })
})

describe('a code with highlights, deleted and merged in the write worker', () => {
  it('loses its codings in one step that Ångra gives back, and a merge moves them to the target', async () => {
    const { atlas, inspection } = await inspected()
    await call(atlas, 'refi:import', { token: inspection.token })
    const codeOf = async (name: string) => (await call(atlas, 'codes:list')).find((c) => c.name === name)
    const coded = async (name: string) => {
      const code = await codeOf(name)
      if (!code) return 0
      return (await call(atlas, 'notes:page', { filter: { codeIds: [code.id] }, limit: 50 })).total
    }
    expect(await coded('Förankring')).toBe(2)

    await call(atlas, 'codes:delete', { id: (await codeOf('Förankring'))!.id })
    expect(await codeOf('Förankring')).toBeUndefined()
    expect(await noteQuotes(atlas)).toHaveLength(2)
    expect((await call(atlas, 'history:undo')).done).toContain('Förankring')
    expect(await coded('Förankring')).toBe(2)

    const target = await call(atlas, 'codes:create', { name: 'Legitimitet' })
    await call(atlas, 'codes:merge', { sourceId: (await codeOf('Förankring'))!.id, targetId: target.id })
    expect(await coded('Legitimitet')).toBe(2)
    expect(await codeOf('Förankring')).toBeUndefined()
    await call(atlas, 'history:undo')
    expect(await coded('Förankring')).toBe(2)
    expect(await coded('Legitimitet')).toBe(0)
    await atlas.close()
  })
})

describe('data files imported in the write worker', () => {
  it('Kolada values and a CSV of cases are read and written there, all or nothing, and found at once', async () => {
    let chosen: string[] = []
    const atlas = openAtlas({
      dbPath: path.join(tempDir(), 'atlas.sqlite'),
      corpusDir: REAL_CORPUS,
      indexDir: null,
      spawnParser: null,
      pickFiles: async () => chosen,
      createWrites: workerWrites,
    })
    const bad = path.join(tempDir(), 'fel.json')
    fs.writeFileSync(bad, JSON.stringify([{ kpi: 'N00001', municipality: '9999', period: 2016, values: [{ gender: 'T', value: 1 }] }]))
    chosen = [bad]
    const refused = await atlas.invoke('kolada:import', {})
    expect(messageOf(refused)).toContain('okänd kommun- eller regionkod "9999"')
    expect(atlas.db.prepare('SELECT count(*) AS n FROM kolada_values').get()).toEqual({ n: 0 })
    chosen = [path.resolve('tests/fixtures/kolada/values.json'), path.resolve('tests/fixtures/kolada/kpis.json')]
    expect(await call(atlas, 'kolada:import')).toEqual({ cancelled: false, values: 6, kpis: 1, organisations: 3, periods: { from: 2015, to: 2016 } })
    expect((await call(atlas, 'kolada:series', { organisationCodes: ['2584'] }))[0]).toMatchObject({ kpiTitle: 'Testindikator (påhittad)', points: [{ period: 2015 }, { period: 2016 }] })

    const csv = path.join(tempDir(), 'fall.csv')
    fs.writeFileSync(csv, 'namn;startår;organisationer\nIdésluss i Överkalix;2021;kommun-2513:ägare\n')
    chosen = [csv]
    const preview = await call(atlas, 'import:casesPreview')
    if (preview.cancelled) throw new Error('cancelled')
    expect(preview).toMatchObject({ file: 'fall.csv', rowCount: 1 })
    const { created } = await call(atlas, 'import:cases', { token: preview.token, mapping: preview.mapping })
    expect(await call(atlas, 'cases:get', { id: created[0]! })).toMatchObject({ name: 'Idésluss i Överkalix', startYear: 2021 })
    await atlas.searchReady
    expect((await call(atlas, 'search:query', { query: 'Idésluss Överkalix', limit: 5 })).hits[0]).toMatchObject({ id: created[0] })
    // The preview's file was used once.
    expect(messageOf(await atlas.invoke('import:cases', { token: preview.token, mapping: preview.mapping }))).toBe('Välj filen igen: förhandsvisningen har gått ut.')
    await atlas.close()
  })
})

describe('documents imported with their writes in the write worker', () => {
  it('are read in the parse process, written in the worker and found at once; a second copy is refused; nothing is left behind', async () => {
    const file = path.join(tempDir(), 'intervju-pajala.md')
    fs.writeFileSync(file, '# Intervju i Pajala\n\nTjänstedesign i hemtjänsten prövades i tre år.\n\n# Resultat\n\nFler förslag från medarbetarna.')
    const { atlas } = leadProject(writeCorpus(tempDir()), file)
    const first = await call(atlas, 'documents:import', {})
    expect(first.imported.map((d) => [d.title, d.sections])).toEqual([['Intervju i Pajala', 2]])
    expect(await hits(atlas, 'hemtjänsten', 'document')).toContain(`${first.imported[0]!.entityId}#s1`)
    const again = await call(atlas, 'documents:import', {})
    expect(again.imported).toEqual([])
    expect(again.failed[0]!.message).toMatch(/^intervju-pajala\.md: samma fil är redan importerad som dokumentet "Intervju i Pajala"/)
    expect(packedFiles()).toEqual([])
    await atlas.close()
  })
})

describe('the write gate', () => {
  it('runs holders one at a time in the order they came, and is free only when the last is done', async () => {
    const gate = createWriteGate()
    const order: string[] = []
    let release!: () => void
    const first = gate.hold(() => new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('first')))
    const second = gate.hold(() => void order.push('second'))
    const free = gate.whenFree().then(() => order.push('free'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(gate.busy).toBe(true)
    expect(order).toEqual([])
    release()
    await Promise.all([first, second, free])
    expect(order).toEqual(['first', 'second', 'free'])
    expect(gate.busy).toBe(false)
    // A holder that fails does not keep the next one out.
    await expect(gate.hold(() => Promise.reject(new Error('disken är full')))).rejects.toThrow('disken är full')
    expect(await gate.hold(() => 'efter')).toBe('efter')
  })
})
