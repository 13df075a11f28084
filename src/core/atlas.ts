// The application core as one object: open the database, load the bundled corpus when its version changed,
// compose the domains, and answer every contract channel. Electron's ipc.ts, the CLI and the E2E bridge all
// call `invoke`, so validation and error mapping happen in exactly one place. No feature logic lives here.
import path from 'node:path'
import { inputSchemas, type Channel, type ErrorCode, type Output, type Result } from '../shared/api'
import { createAnnotations, AuthorMissingError } from './annotate/annotations'
import { createAnnotateHandlers } from './annotate/handlers'
import { CodebookError } from './annotate/codes'
import { HighlightError } from './annotate/highlights'
import { MemoError } from './annotate/memos'
import { TargetNotFoundError } from './annotate/texts'
import { createBackupHandlers } from './backup/handlers'
import { NotFoundError } from './catalogue/catalogue'
import { createCatalogueHandlers } from './catalogue/handlers'
import { CompareError, createCompare } from './compare/compare'
import { createCompareHandlers } from './compare/handlers'
import { KoladaError } from './compare/kolada'
import { loadCorpusIfChanged } from './corpus/load'
import { formatProblem, readCorpus } from './corpus/read'
import { NewerDatabaseError } from './db/migrate'
import { openDatabase, type AtlasDatabase } from './db/open'
import { FileInputError } from './files'
import type { DomainContext, Handlers, ShellServices } from './handlers'
import { BackupError } from './io/backup'
import { CsvImportError } from './io/cases-csv'
import { DocumentImportError } from './io/documents/import'
import { createDocumentHandlers } from './io/documents/handlers'
import { createExportHandlers } from './io/export/handlers'
import { RefiImportError } from './io/refi/import'
import { createRefiHandlers } from './io/refi/handlers'
import { OwnCaseError } from './own/cases'
import { createOwnHandlers } from './own/handlers'
import { createSearchHandlers } from './search/handlers'
import { openInProcessSearch, type Searcher } from './search/searcher'

export interface AtlasOptions extends ShellServices {
  /** Path of the SQLite file (or ':memory:'). */
  dbPath: string
  /** Folder holding the bundled corpus (resources/corpus). */
  corpusDir: string
  /**
   * Where the search index is saved; default `atlas.search-index/` beside `atlas.sqlite`, none for ':memory:'.
   * Pass null to keep it in memory only.
   */
  indexDir?: string | null
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
  const annotations = createAnnotations(db)
  // A corpus update may have changed texts that carry highlights: place them again, or keep them as orphans.
  annotations.highlights.reanchorChanged()
  const indexDir =
    options.indexDir !== undefined
      ? options.indexDir
      : options.dbPath === ':memory:'
        ? null
        : `${path.resolve(options.dbPath).replace(/\.sqlite$/, '')}.search-index`
  const searcher = (options.createSearcher ?? openInProcessSearch)({ dbPath: options.dbPath, indexDir, db })
  const context: DomainContext = {
    db,
    dbPath: options.dbPath,
    shell: options,
    searcher,
    annotations,
    compare: createCompare(db, annotations),
  }
  const handlers: Handlers = {
    ...createCatalogueHandlers(context),
    ...createSearchHandlers(context),
    ...createAnnotateHandlers(context),
    ...createCompareHandlers(context),
    ...createOwnHandlers(context),
    ...createDocumentHandlers(context),
    ...createRefiHandlers(context),
    ...createExportHandlers(context),
    ...createBackupHandlers(context),
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
