// The application core as one object: open the database, load the bundled corpus when its version changed,
// compose the domains, and answer every contract channel. Electron's ipc.ts, the CLI and the E2E bridge all
// call `invoke`, so validation and error mapping happen in exactly one place. No feature logic lives here.
import fs from 'node:fs'
import path from 'node:path'
import { inputSchemas, type Channel, type Output, type Result } from '../shared/api'
import { failure, type ErrorKey, type Failure } from '../shared/errors'
import { hasMessage } from '../shared/messages'
import { createAnnotations } from './annotate/annotations'
import { createAnnotateHandlers } from './annotate/handlers'
import { createBackupHandlers } from './backup/handlers'
import { createCatalogueHandlers } from './catalogue/handlers'
import { createCompare } from './compare/compare'
import { createCompareHandlers } from './compare/handlers'
import { createCatalogue } from './catalogue/catalogue'
import { createGeography } from './geography/map'
import { createGeographyHandlers } from './geography/handlers'
import { loadCorpusIfChanged, loadedCorpusVersion } from './corpus/load'
import { safetyCopy, safetyCopyBy, safetyFolder } from './db/safety-copies'
import { formatProblem, readCorpus, readCorpusVersion } from './corpus/read'
import { CorpusInvalidError } from './corpus/prepare'
import { copyReasonAtOpen, damageOf, openDatabase, projectVersions, type AtlasDatabase } from './db/open'
import { toFailure } from './errors'
import type { DomainContext, Handlers, ShellServices } from './handlers'
import { createDocumentHandlers } from './io/documents/handlers'
import { createExportHandlers } from './io/export/handlers'
import { createRefiHandlers } from './io/refi/handlers'
import { createProcessParser, forkNodeParser, inProcessParser, type Parser, type SpawnParser } from './io/parsing/runner'
import { createOwnHandlers } from './own/handlers'
import { createSearchHandlers } from './search/handlers'
import { createTeamHandlers } from './team/handlers'
import { startLibraryIndexer } from './search/library-indexer'
import { openInProcessSearch, type Searcher } from './search/searcher'
import { inProcessReads, type Reads, type ReadsContext } from './reads/reads'
import { inProcessWrites, type Writes, type WritesContext } from './writes/writes'
import { createWriteGate, WRITE_CHANNELS } from './writes/gate'
import { languagePreference } from './db/meta'
import { onChange } from './db/changes'
import { LANGUAGES, setMessageLanguage, type Language } from '../shared/messages'

export interface AtlasOptions extends ShellServices {
  /** Path of the SQLite file (or ':memory:'). */
  dbPath: string
  /** Folder holding the bundled corpus (resources/corpus). */
  corpusDir: string
  /** Folder holding the map's outlines; default `geo` beside the corpus folder (resources/geo). */
  geoDir?: string
  /**
   * Where the search index is saved; default `atlas.search-index/` beside `atlas.sqlite`, none for ':memory:'.
   * Pass null to keep it in memory only.
   */
  indexDir?: string | null
  /** Runs search elsewhere (the Electron shell passes a worker thread); default: in this process. */
  createSearcher?: (context: { dbPath: string; indexDir: string | null; db: AtlasDatabase }) => Searcher
  /** Runs the heavy reads of the project elsewhere (the Electron shell passes a worker thread); default: here. */
  createReads?: (context: ReadsContext) => Reads
  /** Runs the large writes (a merge, deleting a big code) elsewhere (the shell passes a worker thread); default: here. */
  createWrites?: (context: WritesContext) => Writes
  /**
   * Starts the process that reads chosen files (the Electron shell passes a utility process); default a Node
   * child process. null reads in this process, for tests of what the parsers say, never for the app.
   */
  spawnParser?: SpawnParser | null
}

export interface Atlas {
  /** Validates `input` against the contract and runs the handler; never throws, errors come back as data. */
  invoke<C extends Channel>(channel: C, input: unknown): Promise<Result<Output<C>>>
  readonly db: AtlasDatabase
  /**
   * Set when quick_check found the project file damaged: it is open read-only and nothing is written to it;
   * the words say what is wrong and where the automatic backups are.
   */
  readonly damage: { key: 'database.damaged'; params: { detail: string; folder: string } } | null
  /** Resolves when the search index is loaded or built (search calls wait for it anyway). */
  readonly searchReady: Promise<void>
  /** Resolves when the document library is fully indexed (only an older project's needs catching up). */
  readonly libraryReady: Promise<void>
  close(): Promise<void>
}

export { CorpusInvalidError }

/**
 * Opens the database (refusing one from a newer build) and loads the bundled corpus if its version differs
 * from the one in the database. Throws a UserError (NewerDatabaseError, CorpusInvalidError, …) whose message
 * the researcher can act on; nothing is written in those cases.
 */
export function openAtlas(options: AtlasOptions): Atlas {
  return assemble(options, parserFor(options))
}

/**
 * openAtlas for the desktop app: the check at open (quick_check reads every page of the file: 3–6 s for a
 * project of 640 MB) runs in the parse process, so the main thread stays free meanwhile — the window is open and
 * its first requests wait for the atlas. Where the check cannot run there (the process would not start), it
 * runs here as openAtlas does: the project is never opened unchecked.
 */
export async function openAtlasChecked(options: AtlasOptions): Promise<Atlas> {
  const parser = parserFor(options)
  try {
    const file = options.dbPath
    let checked: { problems: string | null; textsChanged?: boolean } | undefined
    if (file !== ':memory:' && fs.existsSync(file)) {
      checked = await parser
        .parse({ kind: 'integrity', file: path.basename(file), path: file, check: 'quick_check' })
        .catch((error: unknown) => {
          console.error(`The check at open could not run in the parse process; it runs in this one: ${(error as Error).message}`)
          return undefined
        })
    }
    // The automatic copy before a migration or a corpus update (seconds for a large project) is written there
    // too: one copy of the project as it was before either. Where it cannot be, it is made here as openAtlas does.
    const sound = file !== ':memory:' && (checked === undefined ? !fs.existsSync(file) : checked.problems === null)
    const reason = checked?.problems === null ? copyReasonAtOpen(file, readCorpusVersion(options.corpusDir)) : null
    const copied =
      reason !== null &&
      (await safetyCopyBy(file, reason, async (temp) => void (await parser.parse({ kind: 'copy', file: path.basename(file), path: file, out: temp })))
        .then(() => true)
        .catch((error: unknown) => {
          console.error(`The copy before opening could not be made in the parse process; it is made in this one: ${(error as Error).message}`)
          return false
        }))
    // A new project, or one to migrate or to update to the bundled corpus (copied first), is brought up to date
    // there as well (corpus/prepare.ts: about 260 ms of the main thread at a first start, seconds for a large
    // migration). Where that fails, it is done here as openAtlas does.
    const prepared =
      sound &&
      (reason === null ? !checked : copied) &&
      (await parser
        .parse({ kind: 'prepare', file: path.basename(file), path: file, corpusDir: options.corpusDir })
        .then(() => true)
        .catch((error: unknown) => {
          console.error(`The project could not be brought up to date in the parse process; it is here: ${(error as Error).message}`)
          return false
        }))
    // Prepared there, the project is current and every highlight placed: nothing is left to write here.
    if (prepared) checked = { problems: null, textsChanged: false }
    // Assembling is one task of 30-40 ms at full size; the probes above were one more.
    await new Promise((resolve) => setImmediate(resolve))
    return assemble(options, parser, checked, copied || prepared)
  } catch (error) {
    await parser.close()
    throw error
  }
}

function parserFor(options: AtlasOptions): Parser {
  return options.spawnParser === null ? inProcessParser : createProcessParser(options.spawnParser ?? forkNodeParser())
}

function assemble(options: AtlasOptions, parser: Parser, checked?: { problems: string | null; textsChanged?: boolean }, copied = false): Atlas {
  // The whole corpus is read (and checked) only when the project does not hold its version yet: a first start
  // or an update of the app. Otherwise the manifest's version is all that is needed.
  const bundled = readCorpusVersion(options.corpusDir)
  const corpus = bundled !== null && bundled === projectVersions(options.dbPath)?.corpus ? null : readCorpus(options.corpusDir)
  if (corpus && !corpus.ok) throw new CorpusInvalidError(corpus.problems.map(formatProblem))
  const db = openDatabase(options.dbPath, { checked, copied })
  const damage = damageOf(db)
  // A damaged file is only read: no corpus update, no safety copy of the damage, no re-anchoring.
  const corpusLoaded = !damage && corpus !== null && loadCorpusOrClose(db, options.dbPath, corpus.corpus, copied)
  // The words the core writes (export labels, undo labels) follow the researcher's language.
  followLanguage(db)
  const reads = (options.createReads ?? inProcessReads)({ dbPath: options.dbPath, db })
  // A damaged project is only read: its writes fail on its read-only connection, here, with the words for it.
  const writes = (damage ? inProcessWrites : (options.createWrites ?? inProcessWrites))({ dbPath: options.dbPath, db })
  const gate = createWriteGate()
  const annotations = createAnnotations(db, reads, writes)
  // A corpus update may have changed texts that carry highlights: place them again, or keep them as orphans.
  // The check at open in the parse process already said whether any text changed (reading every highlight);
  // without that answer, the highlights are read here.
  if (!damage && (corpusLoaded || checked?.textsChanged !== false)) annotations.highlights.reanchorChanged()
  const indexDir =
    options.indexDir !== undefined
      ? options.indexDir
      : options.dbPath === ':memory:'
        ? null
        : `${path.resolve(options.dbPath).replace(/\.sqlite$/, '')}.search-index`
  const searcher = (options.createSearcher ?? openInProcessSearch)({ dbPath: options.dbPath, indexDir, db })
  // The document library's index is current after every write; this only catches up an older project's.
  const library = damage ? null : startLibraryIndexer(db, gate)
  const compare = createCompare(db, annotations, reads)
  const context: DomainContext = {
    db,
    library,
    dbPath: options.dbPath,
    shell: options,
    searcher,
    annotations,
    compare,
    geography: createGeography(db, createCatalogue(db), compare),
    geoDir: options.geoDir ?? path.join(path.dirname(path.resolve(options.corpusDir)), 'geo'),
    parser,
    reads,
    writes,
    gate,
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
    ...createTeamHandlers(context),
    ...createGeographyHandlers(context),
  }

  const damaged = damage
    ? { key: 'database.damaged' as const, params: { detail: damage, folder: safetyFolder(options.dbPath) } }
    : null
  return {
    db,
    damage: damaged,
    async invoke<C extends Channel>(channel: C, input: unknown): Promise<Result<Output<C>>> {
      const schema = inputSchemas[channel]
      if (!schema) return failure('invalid-input', 'request.unknownChannel', { channel: String(channel) })
      const parsed = schema.safeParse(input ?? {})
      if (!parsed.success) return invalidRequest(channel, parsed.error.issues[0])
      try {
        const handler = handlers[channel] as (input: unknown) => Output<C> | Promise<Output<C>>
        // Writes take turns (writes/gate.ts): one on the write worker holds the project for seconds, and one
        // here meanwhile would wait in SQLite with the main thread blocked. Reads go on.
        const value = WRITE_CHANNELS.has(channel) ? await gate.hold(() => handler(parsed.data)) : await handler(parsed.data)
        return { ok: true, value }
      } catch (error) {
        const failed = toFailure(error)
        // A write to the damaged file, refused by its read-only connection: say why it is read-only.
        if (damaged && !failed.ok && failed.error.key === 'database.readOnly') return { ok: false, code: 'database', error: damaged }
        return failed
      }
    },
    get searchReady() {
      return searcher.ready
    },
    get libraryReady() {
      return library?.idle ?? Promise.resolve()
    },
    async close() {
      library?.stop()
      await context.parser.close()
      await gate.whenFree()
      await reads.close()
      await writes.close()
      await searcher.close()
      db.close()
    },
  }
}

/**
 * Loads a changed bundled corpus, the project as it was copied aside first (unless `copied` already, before
 * opening); on failure the database is closed. Returns whether it loaded.
 */
function loadCorpusOrClose(db: AtlasDatabase, dbPath: string, corpus: Parameters<typeof loadCorpusIfChanged>[1], copied: boolean): boolean {
  try {
    const loaded = loadedCorpusVersion(db)
    if (dbPath !== ':memory:' && !copied && loaded !== null && loaded !== corpus.version) safetyCopy(db, dbPath, `korpus-${loaded}`)
    return loadCorpusIfChanged(db, corpus)
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * The first problem zod found in a request. The contract's own messages are error keys (`says` in api.ts);
 * zod's built-in ones are technical and are passed on as they are, with the field's path.
 */
function invalidRequest(channel: Channel, issue: { path: PropertyKey[]; message: string } | undefined): Failure {
  const path = issue?.path.map(String).join('.') ?? ''
  const detail = issue?.message ?? ''
  if (path && detail.startsWith('request.') && hasMessage(`errors.${detail}`)) {
    return { ok: false, code: 'invalid-input', error: { key: detail as ErrorKey, params: { channel, path } } }
  }
  if (path) return failure('invalid-input', 'request.invalid', { channel, path, detail })
  return failure('invalid-input', 'request.invalidWhole', { channel, detail })
}

/** Sets the core's message language from the preference now and whenever it changes. */
function followLanguage(db: AtlasDatabase): void {
  const apply = (): void => {
    const chosen = languagePreference(db)
    setMessageLanguage((LANGUAGES as readonly string[]).includes(chosen ?? '') ? (chosen as Language) : 'sv')
  }
  apply()
  onChange(db, (changes) => {
    if (changes.some((c) => (c.kind === 'preferences' && c.ids.includes('language')) || c.kind === 'replaced')) apply()
  })
}
