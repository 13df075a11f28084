// Search as the app uses it: an index built from the database (or loaded from disk when it still matches the
// database and the analysis options), queries in the query language, snippets from the stored texts.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import type { SearchHit, SearchResponse, SearchStatus } from '../../shared/domain'
import { message } from '../../shared/messages'
import { fold, isStopWord, queryTerms, SEARCH_FORMAT } from '../../shared/search-options'
import { parseQuery, type HitType } from '../../shared/search-query'
import type { Change } from '../db/changes'
import type { ReadableDB } from '../db/connection'
import { createTextLookup, notesShowing, readNoteDocuments, readSearchDocuments, type NoteScope } from './documents'
import { SearchEngine, type EngineFilter, type PersistedIndex, type RawHit } from './engine'
import { LibrarySearch } from './library'
import { makeSnippet } from './snippet'

export const DEFAULT_LIMIT = 20

export type SearchProgress = SearchStatus

/** What the saved index was built from; any difference means rebuild. */
export function indexStamp(db: ReadableDB): string {
  const corpus = (db.prepare("SELECT value FROM atlas_meta WHERE key = 'corpus_version'").get() as { value: string } | undefined)?.value
  const own = db
    .prepare("SELECT count(*) AS n, coalesce(max(updated_at), '') AS t FROM entities WHERE origin = 'own' AND type <> 'report'")
    .get() as { n: number; t: string }
  return `format ${SEARCH_FORMAT} · corpus ${corpus ?? '–'} · own ${own.n}/${own.t}`
}

export class SearchService {
  private readonly textOf: (docId: string) => string
  private readonly countyNames: { code: string; name: string }[]
  private readonly kommuner: { code: string; names: string[] }[]

  private saveTimer: NodeJS.Timeout | null = null
  private notes: SearchEngine
  /** The researcher's imported documents: FTS5 in the project file, read where it lies. */
  readonly library: LibrarySearch
  private readonly highlightTarget: ReturnType<ReadableDB['prepare']>

  private constructor(
    private readonly db: ReadableDB,
    readonly engine: SearchEngine,
    private readonly indexDir: string | null = null,
  ) {
    this.textOf = createTextLookup(db)
    this.notes = SearchEngine.build(readNoteDocuments(db))
    this.library = new LibrarySearch(db)
    // In the background: a first query does not wait for it unless it needs completion or typo tolerance.
    this.library.loadVocabulary().catch((error: unknown) => console.error(error))
    this.highlightTarget = db.prepare('SELECT target_type, target_id FROM highlights WHERE id = ?')
    this.countyNames = db.prepare('SELECT code, name FROM counties').all() as { code: string; name: string }[]
    this.kommuner = (
      db
        .prepare(
          `SELECT o.code, e.name, (SELECT group_concat(alias, '|') FROM organisation_aliases a WHERE a.organisation_id = e.id) AS aliases
           FROM organisations o JOIN entities e ON e.id = o.entity_id WHERE o.org_type = 'kommun'`,
        )
        .all() as { code: string; name: string; aliases: string | null }[]
    ).map((k) => ({ code: k.code, names: [k.name, ...(k.aliases?.split('|') ?? [])].map((n) => fold(n.toLowerCase())) }))
  }

  /**
   * Loads the saved index from `indexDir` when its stamp matches the database; otherwise builds it from the
   * database and saves it. `indexDir` null keeps everything in memory (tests, a database in memory).
   */
  static async open(db: ReadableDB, indexDir: string | null, onProgress?: (p: SearchProgress) => void): Promise<SearchService> {
    const stamp = indexStamp(db)
    if (indexDir) {
      removeStaleTemporaryFiles(indexDir)
      onProgress?.({ phase: 'loading', done: 0, total: 1 })
      const saved = await loadIndex(indexDir, stamp)
      if (saved) {
        onProgress?.({ phase: 'ready', done: 1, total: 1 })
        return new SearchService(db, SearchEngine.load(saved), indexDir)
      }
    }
    const docs = readSearchDocuments(db)
    const engine = SearchEngine.build(docs, (done) => onProgress?.({ phase: 'building', done, total: docs.length }))
    if (indexDir) {
      onProgress?.({ phase: 'saving', done: docs.length, total: docs.length })
      await trySaveIndex(indexDir, stamp, engine.toPersisted())
    }
    onProgress?.({ phase: 'ready', done: docs.length, total: docs.length })
    return new SearchService(db, engine, indexDir)
  }

  /**
   * Brings both indexes up to date with what the write layer changed: only the documents the changes name (and
   * the notes that show their names) are read again. Changes that no search document shows are passed over.
   */
  applyChanges(changes: readonly Change[]): void {
    const named = (kind: Change['kind']): string[] => changes.flatMap((c) => (c.kind === kind ? c.ids : []))
    if (changes.some((c) => c.kind === 'replaced')) {
      this.notes = SearchEngine.build(readNoteDocuments(this.db))
      void this.library.loadVocabulary().catch((error: unknown) => console.error(error))
      return
    }
    const entities = named('entities')
    // The library's index was written with the change; only its vocabulary, for completion, is read again.
    if (named('library').length > 0 || this.touchesLibrary(entities)) {
      void this.library.loadVocabulary().catch((error: unknown) => console.error(error))
    }
    if (entities.length > 0) this.refreshEntities(entities)
    const showing = notesShowing(this.db, { entities, codes: named('codes') })
    this.refreshNotes({
      codes: showing.codes,
      highlights: [...new Set([...named('highlights'), ...showing.highlights])],
      memos: [...new Set([...named('memos'), ...showing.memos])],
    })
  }

  private touchesLibrary(entityIds: string[]): boolean {
    if (entityIds.length === 0) return false
    const row = this.db
      .prepare(
        `SELECT 1 FROM entities WHERE id IN (SELECT value FROM json_each(@ids)) AND origin = 'own' AND type = 'report'
         UNION ALL SELECT 1 FROM library_passages WHERE document_id IN (SELECT value FROM json_each(@ids)) LIMIT 1`,
      )
      .get({ ids: JSON.stringify(entityIds) })
    if (row !== undefined) return true
    // A deleted document has no row left in either: when an entity is gone, the vocabulary is read again.
    const gone = this.db
      .prepare('SELECT count(*) AS n FROM json_each(@ids) WHERE value NOT IN (SELECT id FROM entities)')
      .get({ ids: JSON.stringify(entityIds) }) as { n: number }
    return gone.n > 0
  }

  /**
   * Replaces or removes the documents of entities the researcher added, changed or removed (an imported
   * document, an own case); the saved index is rewritten shortly after, so the next start loads it.
   */
  private refreshEntities(entityIds: string[]): void {
    const fresh = readSearchDocuments(this.db, entityIds)
    const freshIds = new Set(fresh.map((d) => d.id))
    for (const id of this.indexedDocumentIds(new Set(entityIds))) if (!freshIds.has(id)) this.engine.remove(id)
    for (const doc of fresh) this.engine.replace(doc)
    this.scheduleSave()
  }

  /** Replaces or removes the named codes', highlights' and memos' documents in the notes index. */
  private refreshNotes(scope: NoteScope): void {
    if (scope.codes.length + scope.highlights.length + scope.memos.length === 0) return
    const fresh = readNoteDocuments(this.db, scope)
    const freshIds = new Set(fresh.map((d) => d.id))
    const named = [
      ...scope.codes.map((id) => `code:${id}`),
      ...scope.highlights.map((id) => `highlight:${id}`),
      ...scope.memos.map((id) => `memo:${id}`),
    ]
    for (const id of named) if (!freshIds.has(id)) this.notes.remove(id)
    for (const doc of fresh) this.notes.replace(doc)
  }

  /**
   * The documents the index holds for these entities. Document ids are `<type>:<id>` and, for the passages
   * of an entity, `<type>:<entity>#<letter><n>` numbered from 1 without gaps (as the corpus and the import
   * write them), so they can be found by probing.
   */
  private indexedDocumentIds(entityIds: Set<string>): string[] {
    const found: string[] = []
    for (const entity of entityIds) {
      for (const type of ['initiative', 'programme', 'report', 'survey', 'organisation']) {
        if (this.engine.has(`${type}:${entity}`)) found.push(`${type}:${entity}`)
      }
      for (const [type, letter] of [['section', 's'], ['fact', 'f'], ['value', 'v']] as const) {
        for (let n = 1; this.engine.has(`${type}:${entity}#${letter}${n}`); n++) found.push(`${type}:${entity}#${letter}${n}`)
      }
    }
    return found
  }

  private scheduleSave(): void {
    if (!this.indexDir) return
    if (this.saveTimer) clearTimeout(this.saveTimer)
    const dir = this.indexDir
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null
      void trySaveIndex(dir, indexStamp(this.db), this.engine.toPersisted())
    }, 2000)
    this.saveTimer.unref?.()
  }

  /** Writes a pending save now (on close), so an update just before quitting is not lost from the cache. */
  async flush(): Promise<void> {
    if (!this.saveTimer || !this.indexDir) return
    clearTimeout(this.saveTimer)
    this.saveTimer = null
    await trySaveIndex(this.indexDir, indexStamp(this.db), this.engine.toPersisted())
  }

  async search(query: string, limit = DEFAULT_LIMIT): Promise<SearchResponse> {
    const parsed = parseQuery(query)
    const ignored = parsed.ignored.map((part) => ({ part, reason: message('search.notUnderstood') }))
    const filter: EngineFilter = { years: parsed.years }
    if (parsed.types.length) filter.types = parsed.types
    if (parsed.counties.length) {
      filter.counties = this.resolve(parsed.counties, (v) => this.county(v), 'län', ignored)
      // Every county given was unknown: searching without the filter would show what was asked to be excluded.
      if (filter.counties.length === 0) return { query, total: 0, hits: [], groups: [], ignored }
    }
    if (parsed.kommuner.length) {
      filter.kommuner = this.resolve(parsed.kommuner, (v) => this.kommun(v), 'kommun', ignored)
      if (filter.kommuner.length === 0) return { query, total: 0, hits: [], groups: [], ignored }
    }
    let coded: { highlights: Set<string>; texts: Set<string> } | null = null
    if (parsed.codes.length) {
      coded = this.coded(parsed.codes, ignored)
      if (!coded) return { query, total: 0, hits: [], groups: [], ignored }
      const { highlights, texts } = coded
      // The highlights coded so, and the texts that carry them.
      filter.only = (type, id) => (type === 'highlight' ? highlights.has(id) : texts.has(id))
    }

    // Three indexes: the catalogue (MiniSearch, saved on disk), the researcher's notes (MiniSearch, rebuilt on
    // change) and the researcher's document library (FTS5 in the project file).
    const catalogue = [...this.engine.search(parsed, filter, this.textOf), ...this.notes.search(parsed, filter, this.textOf)].sort(
      (a, b) => b.score - a.score,
    )
    if (await this.libraryNeedsVocabulary(parsed)) await this.library.ready()
    // With `kod:` the library is narrowed in SQL to the sections that carry the codes.
    const { hits: library, total: libraryTotal } = this.library.search(parsed, filter, limit, coded?.texts)
    const counts = new Map<HitType, number>()
    for (const r of catalogue) counts.set(r.type, (counts.get(r.type) ?? 0) + 1)
    if (libraryTotal > 0) counts.set('document', libraryTotal)
    const hits = mergeRanked(catalogue, library, limit).map((r): SearchHit => {
      const text = this.textOf(r.id) || r.title
      const snippet = makeSnippet(text, r.terms, (w) => this.engine.analyse(w))
      const hit: SearchHit = {
        type: r.type,
        id: r.targetId,
        title: r.title,
        snippet: snippet.text,
        highlights: snippet.highlights,
        score: Math.round(r.score * 1000) / 1000,
      }
      if (r.parentId) {
        hit.parentId = r.parentId
        if (r.parentType) hit.parentType = r.parentType
      }
      if (r.parentTitle) hit.parentTitle = r.parentTitle
      if (r.type === 'highlight') {
        const target = this.highlightTarget.get(r.targetId) as { target_type: string; target_id: string } | undefined
        if (target && target.target_type !== 'summary') hit.textId = target.target_id
      }
      return hit
    })
    return {
      query,
      total: catalogue.length + libraryTotal,
      hits,
      groups: [...counts].map(([type, count]) => ({ type, count })),
      ignored,
    }
  }

  /**
   * Whether the library's vocabulary must be loaded to answer: a word the library does not hold as it is
   * (typo tolerance, completion) or a stop word being typed. A known word is answered without waiting for it.
   */
  private async libraryNeedsVocabulary(parsed: ReturnType<typeof parseQuery>): Promise<boolean> {
    if (this.library.vocabularyLoaded || this.library.passageCount() === 0) return false
    const known = this.db.prepare('SELECT 1 FROM library_terms WHERE term = ?')
    return parsed.words.some((word, i) => {
      if (isStopWord(word)) return parsed.lastWordIsPrefix && i === parsed.words.length - 1
      return !queryTerms(word).some((t) => known.get(t) !== undefined)
    })
  }

  /**
   * `kod:` — the highlights coded with the named codes (or a code below them), and the texts (sections, facts,
   * summaries) that carry such highlights. Null when no code of that name exists (said in `ignored`).
   */
  private coded(names: string[], ignored: SearchResponse['ignored']): { highlights: Set<string>; texts: Set<string> } | null {
    const codes = this.db.prepare('SELECT id, parent_id, name FROM codes').all() as { id: string; parent_id: string | null; name: string }[]
    const wanted = new Set<string>()
    for (const name of names) {
      const key = fold(name.replace(/_/g, ' ').toLowerCase())
      const roots = codes.filter((c) => fold(c.name.toLowerCase()) === key || c.id === name)
      if (roots.length === 0) ignored.push({ part: `kod:${name}`, reason: message('search.unknownCode') })
      const visit = (id: string): void => {
        wanted.add(id)
        for (const child of codes.filter((c) => c.parent_id === id)) visit(child.id)
      }
      roots.forEach((r) => visit(r.id))
    }
    if (wanted.size === 0) return null
    const rows = this.db
      .prepare(
        `SELECT DISTINCT h.id, h.target_id FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
         WHERE hc.code_id IN (SELECT value FROM json_each(?)) AND h.status = 'anchored'`,
      )
      .all(JSON.stringify([...wanted])) as { id: string; target_id: string }[]
    return { highlights: new Set(rows.map((r) => r.id)), texts: new Set(rows.map((r) => r.target_id)) }
  }

  private resolve(
    values: string[],
    lookup: (v: string) => string | null,
    field: string,
    ignored: SearchResponse['ignored'],
  ): string[] {
    const codes: string[] = []
    for (const v of values) {
      const code = lookup(v)
      if (code) codes.push(code)
      else ignored.push({ part: `${field}:${v}`, reason: message(field === 'län' ? 'search.unknownCounty' : 'search.unknownKommun') })
    }
    return codes
  }

  private county(value: string): string | null {
    if (/^\d{2}$/.test(value)) return this.countyNames.some((c) => c.code === value) ? value : null
    const wanted = fold(value.toLowerCase())
    return this.countyNames.find((c) => fold(c.name.toLowerCase()).startsWith(wanted))?.code ?? null
  }

  private kommun(value: string): string | null {
    if (/^\d{4}$/.test(value)) return this.kommuner.some((k) => k.code === value) ? value : null
    const wanted = fold(value.toLowerCase())
    return this.kommuner.find((k) => k.names.includes(wanted))?.code ?? null
  }
}

/**
 * The catalogue's and the library's hits as one ranked list, at most `limit`. MiniSearch's scores and FTS5's
 * bm25 are on different scales, so each list is scaled by its own best hit (which becomes 1) and the two are
 * merged by that share; on a tie the catalogue's hit comes first. So the top hit is the catalogue's best when
 * the catalogue matches at all, and each engine's order is kept. (docs/architecture.md, "Search")
 */
export function mergeRanked(catalogue: readonly RawHit[], library: readonly RawHit[], limit: number): RawHit[] {
  const share = (list: readonly RawHit[]): ((hit: RawHit) => number) => {
    const best = list[0]?.score ?? 1
    return (hit) => (best > 0 ? hit.score / best : 1)
  }
  const ofCatalogue = share(catalogue)
  const ofLibrary = share(library)
  const merged: RawHit[] = []
  let c = 0
  let l = 0
  while (merged.length < limit && (c < catalogue.length || l < library.length)) {
    const fromCatalogue = catalogue[c]
    const fromLibrary = library[l]
    if (fromCatalogue && (!fromLibrary || ofCatalogue(fromCatalogue) >= ofLibrary(fromLibrary))) {
      merged.push(fromCatalogue)
      c++
    } else if (fromLibrary) {
      merged.push(fromLibrary)
      l++
    }
  }
  return merged
}

// The saved index is a folder with one line-delimited JSON file, written in parts: one JSON string of a
// whole index cannot exceed V8's string limit (~225,000 sections), and parts keep peak memory lower.
const INDEX_FILE = 'index.ndjson'
const ENTRIES_PER_LINE = 2000

type Line =
  | { kind: 'header'; stamp: string; mini: Omit<PersistedIndex['mini'], 'index'> }
  | { kind: 'index'; entries: PersistedIndex['mini']['index'] }
  | { kind: 'vocabulary'; stems: string[] }
  | { kind: 'dictionary'; entries: [string, number][] }

/**
 * Saves the index, or says why not and goes on: the saved index only spares the next start a rebuild, so a
 * full disk or a read-only folder leaves search working from memory for this session (and logged), never
 * broken. The half-written temporary file is removed.
 */
export async function trySaveIndex(dir: string, stamp: string, persisted: PersistedIndex): Promise<boolean> {
  try {
    await saveIndex(dir, stamp, persisted)
    return true
  } catch (error) {
    console.warn(`The search index could not be saved in ${dir}; it is kept in memory for this session.`, error)
    return false
  }
}

/** Temporary files of saves that a killed process or a full disk left behind (older than a minute). */
function removeStaleTemporaryFiles(dir: string): void {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue
    const file = path.join(dir, name)
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > 60_000) fs.rmSync(file, { force: true })
    } catch {
      // Gone already, or not ours to remove: nothing depends on it.
    }
  }
}

export async function saveIndex(dir: string, stamp: string, persisted: PersistedIndex): Promise<void> {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, INDEX_FILE)
  const temp = `${file}.${process.pid}.tmp`
  const out = fs.openSync(temp, 'w')
  let written = false
  try {
    const write = (line: Line): void => void fs.writeSync(out, `${JSON.stringify(line)}\n`)
    const { index, ...header } = persisted.mini
    write({ kind: 'header', stamp, mini: header })
    for (let i = 0; i < index.length; i += ENTRIES_PER_LINE) write({ kind: 'index', entries: index.slice(i, i + ENTRIES_PER_LINE) })
    for (let i = 0; i < persisted.vocabulary.length; i += ENTRIES_PER_LINE * 10) {
      write({ kind: 'vocabulary', stems: persisted.vocabulary.slice(i, i + ENTRIES_PER_LINE * 10) })
    }
    for (let i = 0; i < persisted.dictionary.length; i += ENTRIES_PER_LINE * 10) {
      write({ kind: 'dictionary', entries: persisted.dictionary.slice(i, i + ENTRIES_PER_LINE * 10) })
    }
    fs.fsyncSync(out)
    written = true
  } finally {
    fs.closeSync(out)
    if (!written) fs.rmSync(temp, { force: true })
  }
  // Rename is atomic: a crash while saving leaves the previous index, never half of a new one.
  fs.renameSync(temp, file)
}

/** The saved index, or null when there is none, it is damaged, or it was built from something else. */
export async function loadIndex(dir: string, stamp: string): Promise<PersistedIndex | null> {
  const file = path.join(dir, INDEX_FILE)
  if (!fs.existsSync(file)) return null
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })
  let header: Extract<Line, { kind: 'header' }> | null = null
  const index: PersistedIndex['mini']['index'] = []
  const vocabulary: string[] = []
  const dictionary: [string, number][] = []
  try {
    for await (const text of lines) {
      if (!text) continue
      const line = JSON.parse(text) as Line
      if (line.kind === 'header') {
        if (line.stamp !== stamp) return null
        header = line
      } else if (line.kind === 'index') for (const e of line.entries) index.push(e)
      else if (line.kind === 'vocabulary') for (const s of line.stems) vocabulary.push(s)
      else if (line.kind === 'dictionary') for (const e of line.entries) dictionary.push(e)
    }
  } catch {
    return null
  } finally {
    lines.close()
  }
  if (!header) return null
  return { mini: { ...header.mini, index }, vocabulary, dictionary }
}
