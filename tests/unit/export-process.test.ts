// Exports of the whole project run in the parse process (issue 12): the child opens the project file read-only
// and writes the export under a temporary name, the app renames it. What comes out is what the app built
// in-process; a child that dies leaves nothing at the chosen path or beside it, and the app answers the next
// call; and the app's event loop stays free while a large REFI-QDA export runs.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildProject, DB_FILE, mainStallDuring } from '../../scripts/bench/scale'
import { CorpusInvalidError, openAtlas, openAtlasChecked, type Atlas, type AtlasOptions } from '../../src/core/atlas'
import { MIGRATIONS } from '../../src/core/db/migrate'
import { loadedCorpusVersion } from '../../src/core/db/meta'
import { readCorpusVersion } from '../../src/core/corpus/read'
import { createChromiumPrinter } from '../../src/cli/chromium-printer'
import type { ParseJob } from '../../src/core/io/parsing/jobs'
import { createProcessParser, forkNodeParser, type ParserProcess, type SpawnParser } from '../../src/core/io/parsing/runner'
import type { Printer } from '../../src/core/io/printer'
import type { Output } from '../../src/shared/api'
import { messageOf, olderProject, rejectedWords, REAL_CORPUS, tempDir, writeCorpus } from './helpers'
import { damageTable } from '../fixtures/damage'

// A project of 20 documents of 100 sections and 3,000 highlights, built as bench:scale builds one.
const COUNTS = { documents: 20, sectionsPerDocument: 100, highlights: 3_000, codes: 30 }
const project = tempDir('atlas-export-process-')
const dbPath = path.join(project, DB_FILE)

type Export = Extract<Output<'export:notes'>, { cancelled: false }>

/** The parse process as the app starts it, with every job shown to `sent` (and the process) once it is sent. */
function watchedSpawn(sent: (job: ParseJob, child: ParserProcess) => void): SpawnParser {
  const spawn = forkNodeParser()
  return (args, execArgv) => {
    const child = spawn(args, execArgv)
    return {
      ...child,
      post: (message) => {
        child.post(message)
        sent(message.job, child)
      },
    }
  }
}

/** Opens the project with a save dialog that answers `target`, and the parse process unless told otherwise. */
function open(target: () => string, options: Partial<AtlasOptions> = {}): Atlas {
  return openAtlas({ dbPath, corpusDir: REAL_CORPUS, indexDir: null, pickSavePath: async () => target(), ...options })
}

async function exported(atlas: Atlas, input: Record<string, unknown>): Promise<Export> {
  const result = await atlas.invoke('export:notes', input)
  if (!result.ok) throw new Error(messageOf(result))
  if (result.value.cancelled) throw new Error('cancelled')
  return result.value
}

/** A .qdpx's entries; the project's creation time (the moment of the export) is the one part that may differ. */
function entries(file: string): Record<string, string> {
  const files = unzipSync(fs.readFileSync(file))
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8').replace(/(<Project [^>]*?) creationDateTime="[^"]*"/, '$1')]),
  )
}

beforeAll(async () => {
  await buildProject(project, COUNTS, REAL_CORPUS)
  // Memos beside the highlights, so the memo file and the REFI-QDA notes have something in them.
  const atlas = open(() => '', { spawnParser: null })
  for (const memo of [
    { target: { type: 'project', id: null }, title: 'Syfte', body: 'Jämför idéslussarnas förmåga; "citat" och =formel.' },
    { target: { type: 'report', id: 'own-doc-scale-00001' }, title: 'Om rapporten', body: 'Två stycken\n\nmed radbrytning.' },
  ]) {
    const created = await atlas.invoke('memos:create', memo)
    if (!created.ok) throw new Error(messageOf(created))
  }
  await atlas.close()
}, 120_000)

afterAll(() => fs.rmSync(project, { recursive: true, force: true }))

describe('exports in the parse process', () => {
  it('write the same notes CSV, REFI-QDA project and comparison matrix as the app writes in its own process', async () => {
    const dir = tempDir()
    let target = ''
    const viaProcess = open(() => target)
    const inProcess = open(() => target, { spawnParser: null })
    try {
      target = path.join(dir, 'process.csv')
      const csv = await exported(viaProcess, { format: 'csv', filter: {} })
      target = path.join(dir, 'here.csv')
      const csvHere = await exported(inProcess, { format: 'csv', filter: {} })
      expect(csv.files).toEqual([path.join(dir, 'process.csv'), path.join(dir, 'process-memon.csv')])
      for (const [i, file] of csv.files.entries()) expect(fs.readFileSync(file).equals(fs.readFileSync(csvHere.files[i]!))).toBe(true)
      expect(fs.readFileSync(csv.files[0]!, 'utf8').split('\r\n').length).toBeGreaterThan(COUNTS.highlights)
      expect(fs.readFileSync(csv.files[1]!, 'utf8')).toContain('Jämför idéslussarnas förmåga')

      target = path.join(dir, 'process.qdpx')
      const qdpx = await exported(viaProcess, { format: 'qdpx', crlf: true })
      target = path.join(dir, 'here.qdpx')
      const qdpxHere = await exported(inProcess, { format: 'qdpx', crlf: true })
      const [ours, theirs] = [entries(qdpx.files[0]!), entries(qdpxHere.files[0]!)]
      expect(Object.keys(ours).length).toBeGreaterThan(COUNTS.documents)
      expect(ours).toEqual(theirs)
      expect(qdpx.notCarried).toEqual(qdpxHere.notCarried)
      // The report memo has no place in REFI-QDA but as a free note: the process says so as the app did.
      expect(qdpx.notCarried.length).toBeGreaterThan(0)
      // The comparison matrix of the cases the documents are attached to: every highlight is counted.
      const caseIds = (viaProcess.db.prepare(`SELECT DISTINCT to_id AS id FROM relations WHERE from_id LIKE 'own-doc-scale-%' ORDER BY id`).all() as { id: string }[]).map((r) => r.id)
      expect(caseIds).toHaveLength(12)
      const matrix = async (atlas: Atlas, name: string): Promise<string> => {
        target = path.join(dir, name)
        const result = await atlas.invoke('export:matrix', { caseIds })
        if (!result.ok) throw new Error(messageOf(result))
        return fs.readFileSync(target, 'utf8')
      }
      const matrixCsv = await matrix(viaProcess, 'process-matris.csv')
      expect(matrixCsv).toBe(await matrix(inProcess, 'here-matris.csv'))
      const topRows = matrixCsv.split('\r\n').slice(1).filter((line) => line.split(';')[1] === '1')
      const counted = topRows.reduce((n, line) => n + line.split(';').slice(2, -1).filter((_, i) => i % 2 === 0).reduce((a, b) => a + Number(b), 0), 0)
      expect(counted).toBeGreaterThanOrEqual(COUNTS.highlights)
      // Nothing but the exports themselves was left in the folder.
      expect(fs.readdirSync(dir).sort()).toEqual([
        'here-matris.csv',
        'here-memon.csv',
        'here.csv',
        'here.qdpx',
        'process-matris.csv',
        'process-memon.csv',
        'process.csv',
        'process.qdpx',
      ])
    } finally {
      await viaProcess.close()
      await inProcess.close()
    }
  }, 120_000)

  it('the notes PDF: its HTML page is built by the parse process into a file the printer loads, twice, and nothing is left behind', async () => {
    const dir = tempDir()
    const target = path.join(dir, 'rapport.pdf')
    const jobs: { export: string; pagesFrom?: string }[] = []
    const watched = watchedSpawn((job) => {
      if (job.kind === 'export') jobs.push({ export: job.export, ...(job.options.pagesFrom ? { pagesFrom: job.options.pagesFrom } : {}) })
    })
    const chromium = createChromiumPrinter()
    const prints: { file: string; html: string; footer: string | undefined }[] = []
    const printer: Printer = {
      printPdf: (file, page) => {
        prints.push({ file, html: fs.readFileSync(file, 'utf8'), footer: page?.footerTemplate })
        return chromium.printPdf(file, page)
      },
    }
    const atlas = open(() => target, { spawnParser: watched, printer })
    try {
      const filter = { entityId: 'own-doc-scale-00001' }
      const listed = await atlas.invoke('notes:list', { filter })
      if (!listed.ok) throw new Error(messageOf(listed))
      const first = listed.value.flatMap((e) => (e.kind === 'highlight' ? [e.highlight.quote] : []))[0]!
      const result = await exported(atlas, { format: 'pdf', filter, title: 'Följeforskning om idéslussar' })
      expect(result.files).toEqual([target])
      // Two HTML pages from the parse process; the second numbers its contents from the first print.
      expect(jobs.map((j) => j.export)).toEqual(['notes-html', 'notes-html'])
      expect(jobs[1]!.pagesFrom).toMatch(/\.pdf$/)
      expect(prints).toHaveLength(2)
      expect(prints[0]!.file).toBe(prints[1]!.file)
      expect(prints[0]!.html).toContain('<span class="page unknown">000</span>')
      expect(prints[1]!.html).toMatch(/<span class="page">\d+<\/span>/)
      expect(prints[1]!.footer).toContain('Följeforskning om idéslussar')
      expect(prints[1]!.html).toContain(first.slice(0, 40).replace(/&/g, '&amp;'))
      // The printed report, and no trace of the pages or the first print.
      expect(fs.readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(fs.existsSync(path.dirname(prints[0]!.file))).toBe(false)
      expect(fs.readdirSync(dir)).toEqual(['rapport.pdf'])
    } finally {
      await atlas.close()
      await chromium.close()
    }
  }, 120_000)

  it("a backup (its copy and check) and the full integrity check read the project in the parse process, not the app's", async () => {
    const dir = tempDir()
    const kinds: string[] = []
    const atlas = open(() => path.join(dir, 'kopia.sqlite'), { spawnParser: watchedSpawn((job) => kinds.push(job.kind)) })
    try {
      const made = await atlas.invoke('backup:create', {})
      expect(made).toMatchObject({ ok: true, value: { cancelled: false, highlights: COUNTS.highlights } })
      expect(fs.readdirSync(dir)).toEqual(['kopia.sqlite'])
      const checked = await atlas.invoke('backup:check', { full: true })
      expect(checked).toMatchObject({ ok: true, value: { checked: true, problems: null, damagedAtOpen: null } })
      expect(kinds).toEqual(['backup', 'integrity'])
    } finally {
      await atlas.close()
    }
  }, 120_000)

  it("the app's check at open reads the project in the parse process, and finds damage there as it would here", async () => {
    const dir = tempDir()
    const copy = path.join(dir, DB_FILE)
    fs.copyFileSync(dbPath, copy)
    const kinds: string[] = []
    const openCopy = (spawnParser: SpawnParser) =>
      openAtlasChecked({ dbPath: copy, corpusDir: REAL_CORPUS, indexDir: null, spawnParser })
    const watchingChecks = () => watchedSpawn((job) => kinds.push(job.kind === 'integrity' ? job.check : job.kind))
    const sound = await openCopy(watchingChecks())
    expect(sound.damage).toBeNull()
    expect((await sound.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Skrivbar', body: '' })).ok).toBe(true)
    await sound.close()
    expect(kinds).toEqual(['quick_check'])

    damageTable(copy)
    const bytes = fs.readFileSync(copy)
    const damaged = await openCopy(watchingChecks())
    expect(kinds).toEqual(['quick_check', 'quick_check'])
    expect(damaged.damage?.key).toBe('database.damaged')
    expect(messageOf(await damaged.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Ny', body: '' }))).toMatch(/^Projektfilen är skadad/)
    await damaged.close()
    expect(fs.readFileSync(copy).equals(bytes)).toBe(true)

    // A parse process that cannot start: the check runs in the app's process instead; never unchecked.
    const broken: SpawnParser = () => {
      throw new Error('no utility process')
    }
    const checkedHere = await openCopy(broken)
    expect(checkedHere.damage?.key).toBe('database.damaged')
    await checkedHere.close()
  }, 120_000)

  it('as the app opens an older project, its copy before the migration is written and the migration made by the parse process', async () => {
    const dir = tempDir()
    const file = path.join(dir, DB_FILE)
    olderProject(file)
    const kinds: string[] = []
    const atlas = await openAtlasChecked({ dbPath: file, corpusDir: writeCorpus(tempDir()), indexDir: null, spawnParser: watchedSpawn((job) => kinds.push(job.kind)) })
    await atlas.close()
    expect(kinds).toEqual(['integrity', 'copy', 'prepare'])
    const folder = path.join(dir, 'säkerhetskopior')
    const copies = fs.readdirSync(folder)
    // One copy, whole (no temporary file left), of the project as it was before the migration.
    expect(copies).toEqual([expect.stringMatching(new RegExp(`^atlas-före-migrering-v${MIGRATIONS.length - 1}-.*\\.sqlite$`))])
    const saved = new Database(path.join(folder, copies[0]!), { readonly: true })
    expect(saved.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length - 1)
    saved.close()
    const migrated = new Database(file, { readonly: true })
    expect(migrated.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    migrated.close()

    // A newer bundled corpus: the copy before it is made there too, holding the corpus version it replaces.
    const newer = await openAtlasChecked({ dbPath: file, corpusDir: writeCorpus(tempDir(), () => {}, '2'), indexDir: null, spawnParser: watchedSpawn((job) => kinds.push(job.kind)) })
    expect(loadedCorpusVersion(newer.db)).toBe('2')
    await newer.close()
    expect(kinds).toEqual(['integrity', 'copy', 'prepare', 'integrity', 'copy', 'prepare'])
    const corpusCopy = fs.readdirSync(folder).find((name) => name.startsWith('atlas-före-korpus-1-'))
    expect(corpusCopy).toBeDefined()
  }, 120_000)

  it('a restore of an older backup stages and migrates it in the parse process, then replaces the project', async () => {
    const dir = tempDir()
    const older = path.join(dir, 'äldre.sqlite')
    olderProject(older)
    const kinds: string[] = []
    const atlas = await openAtlasChecked({
      dbPath: path.join(dir, DB_FILE),
      corpusDir: writeCorpus(tempDir()),
      indexDir: null,
      pickFiles: async () => [older],
      spawnParser: watchedSpawn((job) => kinds.push(job.kind)),
    })
    const restored = await atlas.invoke('backup:restore', {})
    expect(restored.ok).toBe(true)
    expect(kinds).toEqual(expect.arrayContaining(['inspectBackup', 'stageRestore']))
    expect(atlas.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    // The chosen backup itself is never changed, and the staging copy is gone.
    const chosen = new Database(older, { readonly: true })
    expect(chosen.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length - 1)
    chosen.close()
    expect(fs.readdirSync(dir).filter((f) => f.includes('.restore.tmp'))).toEqual([])
    await atlas.close()
  }, 120_000)

  it("a first start makes the project in the parse process, and a broken installation's corpus is refused as before", async () => {
    const dir = tempDir()
    const file = path.join(dir, DB_FILE)
    const kinds: string[] = []
    const atlas = await openAtlasChecked({ dbPath: file, corpusDir: REAL_CORPUS, indexDir: null, spawnParser: watchedSpawn((job) => kinds.push(job.kind)) })
    expect(kinds).toEqual(['prepare'])
    const catalogue = await atlas.invoke('catalogue:list', { filter: {} })
    if (!catalogue.ok) throw new Error(messageOf(catalogue))
    expect(catalogue.value.total).toBeGreaterThan(0)
    expect(loadedCorpusVersion(atlas.db)).toBe(readCorpusVersion(REAL_CORPUS))
    await atlas.close()

    const broken = writeCorpus(tempDir())
    fs.writeFileSync(path.join(broken, 'reports', 'trasig.yaml'), 'id: [inte giltig')
    const elsewhere = path.join(tempDir(), DB_FILE)
    await expect(openAtlasChecked({ dbPath: elsewhere, corpusDir: broken, indexDir: null, spawnParser: watchedSpawn(() => {}) })).rejects.toThrow(CorpusInvalidError)
  }, 120_000)

  it('a process that dies mid-export leaves no file and no temporary file, and the app answers the next call', async () => {
    const dir = tempDir()
    const target = path.join(dir, 'projekt.qdpx')
    let killNext = true
    // The first export's process is killed as soon as the job is sent, with a half-written temporary file
    // beside the chosen path, as a child killed while writing would leave it.
    const killing = watchedSpawn((job, child) => {
      if (!killNext || job.kind !== 'export') return
      killNext = false
      for (const temp of job.out) fs.writeFileSync(temp, 'halv')
      child.kill()
    })
    const atlas = open(() => target, { spawnParser: killing })
    try {
      const failed = await atlas.invoke('export:notes', { format: 'qdpx' })
      expect(failed.ok).toBe(false)
      expect(messageOf(failed)).toBe('projekt.qdpx: processen som exporterade avslutades oväntat. Ingen fil sparades; appen fortsätter som vanligt.')
      expect(fs.readdirSync(dir)).toEqual([])

      // A fresh process exports the next time, and the rest of the app answered all along.
      expect((await atlas.invoke('codes:list', {})).ok).toBe(true)
      const again = await exported(atlas, { format: 'qdpx' })
      expect(again.files).toEqual([target])
      expect(Object.keys(unzipSync(fs.readFileSync(target)))).toContain('project.qde')
      expect(fs.readdirSync(dir)).toEqual(['projekt.qdpx'])
    } finally {
      await atlas.close()
    }
  }, 120_000)

  it('an export that passes its memory limit is ended and named, and the next file is read by a fresh process', async () => {
    const dir = tempDir()
    const out = path.join(dir, 'projekt.qdpx.tmp')
    // 1 MB: the watch ends the process as soon as the export job raises the limit to it.
    const parser = createProcessParser(forkNodeParser(), { memoryMb: 1024, stepMs: 30_000, idleMs: 60_000, exportMemoryMb: 1 })
    try {
      const exporting = parser.parse({ kind: 'export', export: 'qdpx', file: 'projekt.qdpx', dbPath, options: {}, out: [out] })
      expect(await rejectedWords(exporting)).toBe(
        'projekt.qdpx: exporten krävde mer än 1 MB minne och avbröts. Ingen fil sparades; appen fortsätter som vanligt.',
      )
      expect((await parser.parse({ kind: 'document', file: 'hej.md', bytes: Buffer.from('# Hej\n\nText om Umeå.') })).title).toBe('Hej')
    } finally {
      await parser.close()
    }
  }, 60_000)

  it("leaves the app's event loop free while a large REFI-QDA export runs (the delay is printed, not judged)", async () => {
    const dir = tempDir()
    // perf_hooks.monitorEventLoopDelay, as bench:scale measures it.
    const stall = async (atlas: Atlas, name: string): Promise<{ ms: number; stallMs: number }> => {
      let ms = 0
      const { value, stallMs } = await mainStallDuring(async () => {
        const started = performance.now()
        const result = await exported(atlas, { format: 'qdpx' })
        ms = Math.round(performance.now() - started)
        return result
      })
      expect(value.files).toEqual([path.join(dir, name)])
      return { ms, stallMs }
    }
    const viaProcess = open(() => path.join(dir, 'process.qdpx'))
    const inProcess = open(() => path.join(dir, 'here.qdpx'), { spawnParser: null })
    try {
      const process = await stall(viaProcess, 'process.qdpx')
      const here = await stall(inProcess, 'here.qdpx')
      console.log(
        `REFI-QDA export of ${COUNTS.highlights} highlights: through the parse process ${process.ms} ms, main thread's longest stall ${process.stallMs} ms; ` +
          `in the app's process ${here.ms} ms, longest stall ${here.stallMs} ms`,
      )
    } finally {
      await viaProcess.close()
      await inProcess.close()
    }
  }, 120_000)
})
