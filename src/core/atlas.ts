// The application core as one object: open the database, load the bundled corpus when its version changed,
// and answer every contract channel. Electron's ipc.ts, the CLI and the E2E bridge all call `invoke`, so
// validation and error mapping happen in exactly one place.
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { inputSchemas, type Channel, type ErrorCode, type Input, type Output, type Result } from '../shared/api'
import { createAnnotations, AuthorMissingError } from './annotate/annotations'
import { CodebookError } from './annotate/codes'
import { HighlightError } from './annotate/highlights'
import { MemoError } from './annotate/memos'
import { TargetNotFoundError } from './annotate/texts'
import { createCatalogue, NotFoundError } from './catalogue/catalogue'
import { CompareError, createCompare } from './compare/compare'
import { createKolada, KoladaError } from './compare/kolada'
import fs from 'node:fs'
import { readChosenBytes, readChosenFiles, FileInputError, type PickFiles, type PickSavePath } from './files'
import { exportCaseCodeCountsCsv, exportCodebookCsv, exportMatrixCsv, exportNotesCsv } from './io/export/csv'
import { exportNotesPdf } from './io/export/pdf'
import type { Printer } from './io/printer'
import { exportQdc, exportQdpx } from './io/refi/export'
import { importQdc, importQdpx, inspectQdc, inspectQdpx, RefiImportError } from './io/refi/import'
import { exportCasesCsv } from './io/cases-csv'
import { BackupError, createBackup, restoreBackup } from './io/backup'
import { CsvImportError, importCasesCsv, previewCasesCsv } from './io/cases-csv'
import { importSurveyCsv } from './io/survey-csv'
import { DocumentImportError, importDocuments } from './io/documents/import'
import type { ImportProgress } from '../shared/domain'
import { createOwnCases, OwnCaseError } from './own/cases'
import { loadCorpusIfChanged } from './corpus/load'
import { formatProblem, readCorpus } from './corpus/read'
import { NewerDatabaseError } from './db/migrate'
import { openDatabase, type AtlasDatabase } from './db/open'
import { openInProcessSearch, type Searcher } from './search/searcher'

export interface AtlasOptions {
  /** Path of the SQLite file (or ':memory:'). */
  dbPath: string
  /** Folder holding the bundled corpus (resources/corpus). */
  corpusDir: string
  /** Called for links:open after the URL was checked; the Electron shell passes shell.openExternal. */
  openExternal?: (url: string) => Promise<void>
  /**
   * Where the search index is saved; default `atlas.search-index/` beside `atlas.sqlite`, none for ':memory:'.
   * Pass null to keep it in memory only.
   */
  indexDir?: string | null
  /**
   * Asks the researcher to choose files (Electron: a native open dialog). Paths only ever come from here,
   * never from the renderer. Resolves to [] when the researcher cancels.
   */
  pickFiles?: PickFiles
  /** Asks where to save a file (Electron: a native save dialog); null when cancelled. */
  pickSavePath?: PickSavePath
  /** Prints HTML to PDF: Electron's printToPDF in the app, Chromium through Playwright in the CLI and tests. */
  printer?: Printer
  /** Called after a restore replaced the database: the desktop app restarts to drop what it kept in memory. */
  onRestored?: () => void
  /** Runs search elsewhere (the Electron shell passes a worker thread); default: in this process. */
  createSearcher?: (context: { dbPath: string; indexDir: string | null; db: AtlasDatabase }) => Searcher
}

export interface Atlas {
  /** Validates `input` against the contract and runs the handler; never throws, errors come back as data. */
  invoke<C extends Channel>(channel: C, input: unknown): Promise<Result<Output<C>>>
  readonly db: AtlasDatabase
  /** Resolves when the search index is loaded or built (search calls wait for it anyway). */
  readonly searchReady: Promise<void>
  close(): Promise<void>
}

export class CorpusInvalidError extends Error {
  constructor(problems: string[]) {
    super(`Den medföljande korpusen är ogiltig och laddades inte:\n${problems.join('\n')}`)
    this.name = 'CorpusInvalidError'
  }
}

/** Channels after which the notes' search index is re-read. */
const CHANGES_NOTES = new Set<Channel>([
  'codes:create',
  'codes:update',
  'codes:move',
  'codes:merge',
  'codes:delete',
  'highlights:create',
  'highlights:update',
  'highlights:delete',
  'highlights:reattach',
  'memos:create',
  'memos:update',
  'memos:delete',
  'history:undo',
  'history:redo',
  'refi:import',
  'backup:restore',
])

type Handlers = { [C in Channel]: (input: Input<C>) => Output<C> | Promise<Output<C>> }

/**
 * Opens the database (refusing one from a newer build) and loads the bundled corpus if its version differs
 * from the one in the database. Throws NewerDatabaseError, DatabaseOpenError or CorpusInvalidError with a
 * message the researcher can act on; nothing is written in those cases.
 */
export function openAtlas(options: AtlasOptions): Atlas {
  const corpus = readCorpus(options.corpusDir)
  if (!corpus.ok) throw new CorpusInvalidError(corpus.problems.map(formatProblem))
  const db = openDatabase(options.dbPath)
  try {
    loadCorpusIfChanged(db, corpus.corpus)
  } catch (error) {
    db.close()
    throw error
  }
  const catalogue = createCatalogue(db)
  const annotations = createAnnotations(db)
  // A corpus update may have changed texts that carry highlights: place them again, or keep them as orphans.
  annotations.highlights.reanchorChanged()
  const compare = createCompare(db, annotations)
  const ownCases = createOwnCases(db)
  // Files chosen for a two-step import (preview, then import), by token: the renderer never holds a path.
  const chosenFiles = new Map<string, { name: string; text: string }>()
  // One document import at a time; its progress is polled by the UI and it can be cancelled.
  let documentImport: { controller: AbortController; progress: ImportProgress | null } | null = null
  let lastProgress: ImportProgress | null = null
  const chosenProjects = new Map<string, { name: string; bytes: Buffer; kind: 'qdpx' | 'qdc' }>()

  /** Asks where to save, then writes each file; a cancelled dialog writes nothing. */
  async function saveAs(
    title: string,
    defaultName: string,
    extension: string,
    files: (base: string) => { path: string; data: string | Buffer }[],
    notCarried: string[] = [],
  ) {
    if (!options.pickSavePath) throw new FileInputError('Att spara filer går bara i skrivbordsappen.')
    const chosen = await options.pickSavePath({ title, defaultName, extensions: [extension] })
    if (!chosen) return { cancelled: true as const }
    const written = files(chosen)
    for (const f of written) fs.writeFileSync(f.path, f.data)
    return { cancelled: false as const, files: written.map((f) => f.path), notCarried }
  }
  const today = (): string => new Date().toISOString().slice(0, 10)
  const kolada = createKolada(db)
  const historyState = (done?: string | null) => ({ ...annotations.history.state(), done: done ?? null })
  const indexDir =
    options.indexDir !== undefined
      ? options.indexDir
      : options.dbPath === ':memory:'
        ? null
        : `${path.resolve(options.dbPath).replace(/\.sqlite$/, '')}.search-index`
  const searcher = (options.createSearcher ?? openInProcessSearch)({ dbPath: options.dbPath, indexDir, db })

  const handlers: Handlers = {
    'app:info': () => catalogue.stats(),
    'catalogue:list': ({ filter }) => catalogue.listCatalogue(filter),
    'cases:get': ({ id }) => catalogue.getCase(id),
    'reports:list': () => catalogue.listReports(),
    'reports:get': ({ id }) => catalogue.getReport(id),
    'surveys:list': () => catalogue.listSurveys(),
    'surveys:get': ({ id }) => catalogue.getSurvey(id),
    'organisations:list': (filter) => catalogue.listOrganisations(filter),
    'organisations:get': ({ id }) => catalogue.getOrganisation(id),
    'search:query': ({ query, limit }) => searcher.search(query, limit),
    'search:status': () => searcher.progress(),
    'codes:list': () => annotations.codebook.tree(),
    'codes:create': (draft) => annotations.codebook.create(draft),
    'codes:update': ({ id, ...patch }) => annotations.codebook.update(id, patch),
    'codes:move': ({ id, parentId, position }) => annotations.codebook.move(id, parentId, position),
    'codes:merge': ({ sourceId, targetId }) => annotations.codebook.merge(sourceId, targetId),
    'codes:impact': ({ id }) => annotations.codebook.impact(id),
    'codes:delete': ({ id }) => {
      annotations.codebook.remove(id)
      return { deleted: true }
    },
    'highlights:create': (draft) => annotations.highlights.create(draft),
    'highlights:update': ({ id, ...patch }) => annotations.highlights.update(id, patch),
    'highlights:delete': ({ id }) => {
      annotations.highlights.remove(id)
      return { deleted: true }
    },
    'highlights:reattach': ({ id, target, start, end }) => annotations.highlights.reattach(id, target, start, end),
    'highlights:forEntity': ({ entityId }) =>
      annotations.notes({ entityId, kind: 'highlight' }, 'place').flatMap((e) => (e.kind === 'highlight' ? [e.highlight] : [])),
    'memos:create': (draft) => annotations.memos.create(draft),
    'memos:update': ({ id, ...patch }) => annotations.memos.update(id, patch),
    'memos:delete': ({ id }) => {
      annotations.memos.remove(id)
      return { deleted: true }
    },
    'notes:list': ({ filter, sort }) => annotations.notes(filter, sort),
    'history:undo': () => historyState(annotations.history.undo()),
    'history:redo': () => historyState(annotations.history.redo()),
    'history:state': () => historyState(),
    'preferences:get': () => annotations.preferences(),
    'preferences:set': ({ author }) => annotations.setAuthor(author),
    'compare:matrix': ({ caseIds }) => compare.matrix(caseIds),
    'compare:excerpts': ({ caseId, codeId }) => compare.excerpts(caseId, codeId),
    'compare:summary': ({ caseId, codeId, text, highlightIds }) => compare.setSummary(caseId, codeId, text, highlightIds),
    'compare:similar': ({ caseId, limit }) => compare.similar(caseId, limit),
    'comparisons:list': () => compare.listSaved(),
    'comparisons:get': ({ id }) => compare.getSaved(id),
    'comparisons:save': ({ id, name, state }) => compare.save(name, state, id),
    'comparisons:rename': ({ id, name }) => compare.rename(id, name),
    'comparisons:delete': ({ id }) => {
      compare.remove(id)
      return { deleted: true }
    },
    'kolada:import': async () => {
      const files = await readChosenFiles(options.pickFiles, {
        title: 'Importera Kolada-värden (och ev. KPI-fil)',
        extensions: ['json'],
        multiple: true,
      })
      if (files.length === 0) return { cancelled: true }
      // Which file is which is read from the content, not the name: KPI metadata has id and title.
      const meta = files.find((f) => /"title"\s*:/.test(f.text) && !/"municipality"\s*:/.test(f.text))
      const values = files.filter((f) => f !== meta)
      if (values.length !== 1) {
        throw new KoladaError([`Välj en värdefil från Kolada (och högst en KPI-fil); valda: ${files.map((f) => f.name).join(', ')}.`])
      }
      const result = kolada.import(values[0]!.text, meta?.text ?? null, { values: values[0]!.name, meta: meta?.name ?? 'KPI-filen' })
      return { cancelled: false, ...result }
    },
    'kolada:series': ({ organisationCodes }) => kolada.series(organisationCodes),
    // The search index follows every change to the researcher's own entities.
    'cases:create': async ({ draft }) => {
      const id = ownCases.create(draft)
      await searcher.refresh([id])
      return { id }
    },
    'cases:update': async ({ id, draft }) => {
      ownCases.update(id, draft)
      await searcher.refresh([id])
      return { id }
    },
    'cases:delete': async ({ id }) => {
      ownCases.remove(id)
      await searcher.refresh([id])
      return { deleted: true }
    },
    'cases:attributes': ({ id }) => ownCases.attributes(id),
    'cases:setAttributes': ({ id, attributes }) => ownCases.setAttributes(id, attributes),
    'import:casesPreview': async () => {
      const [file] = await readChosenFiles(options.pickFiles, { title: 'Importera fall från CSV', extensions: ['csv', 'txt'], multiple: false })
      if (!file) return { cancelled: true }
      const preview = previewCasesCsv(file.text, file.name)
      const token = randomUUID()
      chosenFiles.set(token, { name: file.name, text: file.text })
      return { cancelled: false, token, file: file.name, ...preview }
    },
    'import:cases': async ({ token, mapping }) => {
      const file = chosenFiles.get(token)
      if (!file) throw new FileInputError('Välj filen igen: förhandsvisningen har gått ut.')
      const result = importCasesCsv(db, ownCases, file.text, mapping, file.name)
      chosenFiles.delete(token)
      await searcher.refresh([...result.created, ...result.updated])
      return result
    },
    'documents:import': async ({ attachTo }) => {
      if (documentImport) throw new FileInputError('En import pågår redan: vänta tills den är klar eller avbryt den.')
      if (!options.pickFiles) throw new FileInputError('Att välja filer går bara i skrivbordsappen.')
      const paths = await options.pickFiles({
        title: 'Importera dokument',
        extensions: ['pdf', 'docx', 'md', 'markdown', 'txt', 'html', 'htm'],
        multiple: true,
      })
      if (paths.length === 0) return { imported: [], failed: [], cancelled: true }
      const run = { controller: new AbortController(), progress: null as ImportProgress | null }
      documentImport = run
      try {
        const result = await importDocuments(
          db,
          paths.map((p) => ({ name: path.basename(p), path: p })),
          {
            attachTo: attachTo ?? [],
            signal: run.controller.signal,
            onProgress: (p) => {
              run.progress = p
              lastProgress = p
            },
          },
        )
        if (result.imported.length > 0) {
          await searcher.refresh([...result.imported.map((d) => d.entityId), ...(attachTo ?? [])])
        }
        return result
      } finally {
        documentImport = null
      }
    },
    'documents:status': () => ({ running: documentImport !== null, progress: documentImport?.progress ?? lastProgress }),
    'documents:cancel': () => {
      if (!documentImport) return { cancelled: false }
      documentImport.controller.abort()
      return { cancelled: true }
    },
    'documents:attach': ({ documentId, caseIds }) => {
      const doc = db.prepare(`SELECT id FROM entities WHERE id = ? AND type = 'report'`).get(documentId)
      if (!doc) throw new FileInputError(`Dokumentet "${documentId}" finns inte.`)
      const exists = db.prepare(`SELECT id FROM entities WHERE id = ? AND type IN ('initiative','programme','report')`)
      const insert = db.prepare(`INSERT OR IGNORE INTO relations (from_id, to_id, origin) VALUES (?, ?, 'own')`)
      let attached = 0
      db.transaction(() => {
        for (const caseId of caseIds) {
          if (!exists.get(caseId)) throw new FileInputError(`"${caseId}" finns inte i atlasen.`)
          attached += insert.run(documentId, caseId).changes
        }
      }).immediate()
      return { attached }
    },
    'import:survey': async ({ name }) => {
      const [file] = await readChosenFiles(options.pickFiles, { title: 'Importera enkätvärden från CSV', extensions: ['csv', 'txt'], multiple: false })
      if (!file) return { cancelled: true }
      const imported = importSurveyCsv(db, file.text, file.name, name)
      await searcher.refresh([imported.surveyId])
      return { cancelled: false, ...imported }
    },
    'export:notes': async ({ format, delimiter, crlf, filter }) => {
      const csv = { delimiter: delimiter ?? ';' }
      if (format === 'csv') {
        const { highlights, memos } = exportNotesCsv(db, filter ? { ...csv, filter } : csv)
        // Two files: one row per highlight, and the memos beside it.
        return saveAs('Exportera anteckningar som CSV', `anteckningar-${today()}.csv`, 'csv', (base) => [
          { path: base, data: highlights },
          { path: base.replace(/(\.csv)?$/i, '-memon.csv'), data: memos },
        ])
      }
      if (format === 'pdf') {
        if (!options.printer) throw new FileInputError('PDF-export kräver skrivbordsappen eller kommandoraden.')
        const pdf = await exportNotesPdf(db, options.printer, filter ? { filter } : {})
        return saveAs('Exportera anteckningar som PDF', `anteckningar-${today()}.pdf`, 'pdf', (base) => [{ path: base, data: pdf }])
      }
      const qdpx = exportQdpx(db, { crlf: crlf ?? false })
      return saveAs('Exportera projektet som REFI-QDA', `innovationsatlas-${today()}.qdpx`, 'qdpx', (base) => [{ path: base, data: qdpx.data }], qdpx.notCarried)
    },
    'export:codebook': async ({ format, delimiter }) => {
      if (format === 'csv') {
        const data = exportCodebookCsv(db, { delimiter: delimiter ?? ';' })
        return saveAs('Exportera kodboken som CSV', `kodbok-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
      }
      const qdc = exportQdc(db)
      return saveAs('Exportera kodboken som REFI-QDA', `kodbok-${today()}.qdc`, 'qdc', (base) => [{ path: base, data: qdc.xml }], qdc.notCarried)
    },
    'export:matrix': async ({ caseIds, delimiter }) => {
      const data = exportMatrixCsv(compare.matrix(caseIds), { delimiter: delimiter ?? ';' })
      return saveAs('Exportera jämförelsen som CSV', `jamforelse-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
    },
    'export:caseCodes': async ({ delimiter }) => {
      const data = exportCaseCodeCountsCsv(db, { delimiter: delimiter ?? ';' })
      return saveAs('Exportera fall × koder (antal) för R', `fall-koder-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
    },
    'export:cases': async ({ delimiter }) => {
      const data = exportCasesCsv(db, null, delimiter ?? ';')
      return saveAs('Exportera fallen som CSV', `fall-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
    },
    'refi:inspect': async () => {
      // A project may carry media the import leaves out unread: allow large files, inflate only what is used.
      const [file] = await readChosenBytes(options.pickFiles, { title: 'Importera REFI-QDA (.qdpx, .qdc)', extensions: ['qdpx', 'qdc'], multiple: false }, 500 * 1024 * 1024)
      if (!file) return { cancelled: true }
      const isZip = file.bytes.subarray(0, 2).toString('latin1') === 'PK'
      const kind = isZip ? ('qdpx' as const) : ('qdc' as const)
      const inspection = isZip ? inspectQdpx(file.bytes, file.name) : inspectQdc(file.bytes, file.name)
      const token = randomUUID()
      chosenProjects.set(token, { name: file.name, bytes: file.bytes, kind })
      return { cancelled: false, token, file: file.name, kind, ...inspection }
    },
    'refi:import': async ({ token }) => {
      const file = chosenProjects.get(token)
      if (!file) throw new FileInputError('Välj filen igen: granskningen har gått ut.')
      chosenProjects.delete(token)
      if (file.kind === 'qdc') {
        const result = importQdc(db, file.bytes, { fileName: file.name })
        annotations.history.clear()
        return { documents: 0, codes: result.codes, highlights: 0, memos: 0, cases: { matched: 0, created: 0 }, attributes: 0, remarks: result.remarks }
      }
      const result = importQdpx(db, file.bytes, { fileName: file.name })
      // The import wrote outside the undo history; earlier undo steps may no longer fit what is there.
      annotations.history.clear()
      const own = (db.prepare(`SELECT id FROM entities WHERE origin = 'own'`).all() as { id: string }[]).map((r) => r.id)
      await searcher.refresh(own)
      return result
    },
    'backup:create': async () => {
      if (!options.pickSavePath) throw new FileInputError('Att spara filer går bara i skrivbordsappen.')
      const date = new Date().toISOString().slice(0, 10)
      const file = await options.pickSavePath({
        title: 'Säkerhetskopiera projektet',
        defaultName: `innovationsatlas-${date}.sqlite`,
        extensions: ['sqlite'],
      })
      if (!file) return { cancelled: true }
      const info = await createBackup(db, file)
      return { cancelled: false, file, highlights: info.highlights, memos: info.memos, codes: info.codes }
    },
    'backup:restore': async () => {
      if (!options.pickFiles) throw new FileInputError('Att välja filer går bara i skrivbordsappen.')
      const [file] = await options.pickFiles({ title: 'Återställ från säkerhetskopia', extensions: ['sqlite'], multiple: false })
      if (!file) return { cancelled: true }
      if (options.dbPath === ':memory:') throw new BackupError('En databas i minnet kan inte återställas.')
      const { previous, info } = await restoreBackup(db, options.dbPath, file)
      annotations.history.clear()
      options.onRestored?.()
      return { cancelled: false, previous, highlights: info.highlights, memos: info.memos, codes: info.codes, restartRequired: true }
    },
    'links:open': async ({ url }) => {
      const parsed = new URL(url)
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { opened: false }
      if (!options.openExternal) return { opened: false }
      await options.openExternal(parsed.toString())
      return { opened: true }
    },
  }

  return {
    db,
    async invoke<C extends Channel>(channel: C, input: unknown): Promise<Result<Output<C>>> {
      const schema = inputSchemas[channel]
      if (!schema) return failure('invalid-input', `Okänd kanal "${String(channel)}".`)
      const parsed = schema.safeParse(input ?? {})
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        const where = first?.path.length ? ` (${first.path.join('.')})` : ''
        return failure('invalid-input', `Ogiltig förfrågan till ${channel}${where}: ${first?.message ?? 'okänt fel'}.`)
      }
      try {
        const handler = handlers[channel] as (input: unknown) => Output<C> | Promise<Output<C>>
        const value = await handler(parsed.data)
        // The researcher's notes are searchable: their small index follows every change to them.
        if (CHANGES_NOTES.has(channel)) await searcher.refreshNotes()
        return { ok: true, value }
      } catch (error) {
        return toFailure(error)
      }
    },
    get searchReady() {
      return searcher.ready
    },
    async close() {
      await searcher.close()
      db.close()
    },
  }
}

function failure(code: ErrorCode, message: string): { ok: false; code: ErrorCode; message: string } {
  return { ok: false, code, message }
}

// Errors cross the boundary as data with a stable code; stacks and file paths never do.
function toFailure(error: unknown): { ok: false; code: ErrorCode; message: string } {
  if (error instanceof NotFoundError || error instanceof TargetNotFoundError) return failure('not-found', error.message)
  if (
    error instanceof CodebookError ||
    error instanceof HighlightError ||
    error instanceof MemoError ||
    error instanceof CompareError ||
    error instanceof KoladaError ||
    error instanceof FileInputError ||
    error instanceof BackupError ||
    error instanceof CsvImportError ||
    error instanceof DocumentImportError ||
    error instanceof RefiImportError ||
    error instanceof OwnCaseError ||
    error instanceof AuthorMissingError
  ) {
    return failure('invalid-input', error.message)
  }
  if (error instanceof NewerDatabaseError) return failure('database', error.message)
  if (error instanceof Error && error.name === 'SqliteError') {
    return failure('database', 'Databasen kunde inte läsas just nu. Försök igen; om felet kvarstår, starta om appen.')
  }
  console.error(error)
  return failure('internal', 'Något gick fel i Innovationsatlas. Försök igen; om felet kvarstår, starta om appen.')
}
