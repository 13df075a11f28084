// `npm run bench:search [-- --sizes 1000,10000] [--queries 200]`
//
// Three engines over the same deterministic synthetic Swedish corpus (scripts/bench/corpus.ts; default sizes
// 1,000, 10,000 and 100,000 sections) and the same six query classes (common, rare, two-words, prefix,
// misspelled, phrase):
// - `app`: the app's path for the researcher's documents (scripts/bench/app.ts). The corpus is imported into a
//   project file with saveDocument, 50 sections a document, one transaction each — the call the file import
//   makes, which writes the library index (FTS5 with Swedish analysis, db/library.ts) before each commit. The
//   search process is started as the app's search worker starts it (openReadOnly + SearchService.open; the
//   catalogue is empty, the notes hold a new project's starter codes) and every query is
//   `await service.search(query, 20)`: the library's MATCH with stems,
//   folded forms, compound parts, completion of the word being typed and typo tolerance from the index's
//   vocabulary, its count, the (empty) catalogue and notes, the merge and the snippets.
// - `fts5`: plain FTS5 (scripts/bench/fts5.ts): unicode61 without stemming, the typed prefix as `"pre"*`, top 20.
// - `minisearch`: the app's MiniSearch engine (src/core/search/engine.ts), which the catalogue uses, built from
//   the corpus, saved and loaded as the app saves and loads the catalogue's index.
//
// Each size runs four child processes, so that peak memory (the RSS high-water mark, which only grows) is per
// role: `build` (corpus, plain FTS5, the app's import), `query` (the app's search process, with plain FTS5
// timed interleaved with it, so that machine noise falls on both alike), `minisearch-build` and
// `minisearch-query` (MiniSearch's load, first result and queries, plain FTS5 interleaved again). A MiniSearch
// child that fails (memory at 100,000) is reported as `minisearch_error`, and the run goes on.
//
// Output: JSON lines on stdout, per size —
// - `{size, metric: "corpus", sections, words, mean_section_bytes, text_mb, vocabulary_forms, …}`
// - `{size, metric: "index", …}`:
//   app_documents, app_passages (library rows: documents + sections), app_terms (fts5vocab rows),
//   app_import_ms, app_import_cpu_ms, app_sections_per_s (sections / import wall time), app_close_ms,
//   app_db_bytes, app_build_peak_rss_mb (the build child: corpus + FTS5 + import);
//   app_open_ms (openReadOnly), app_service_ms (SearchService.open), app_first_result_ms (open + SearchService
//   + the first query "innovation" answered, 20 hits with snippets; the vocabulary loads in the background
//   and a known word does not wait for it), app_first_result_cpu_ms, app_first_result_hits, app_vocabulary_ms (from the
//   open until the whole vocabulary is loaded: what the first misspelled or half-typed query may wait for),
//   app_peak_rss_at_first_result_mb, app_peak_rss_mb (the app query child at its end, plain FTS5 included —
//   its page cache is small);
//   fts5_build_ms, fts5_bytes, fts5_first_result_ms (open + first query);
//   minisearch_build_ms, minisearch_build_cpu_ms, minisearch_save_ms, minisearch_persisted_bytes,
//   minisearch_build_peak_rss_mb, minisearch_load_ms, minisearch_first_result_ms, minisearch_peak_rss_mb,
//   minisearch_error (only when a MiniSearch child failed); build_load_avg, query_load_avg.
// - `{size, metric: "query", class, queries, example, app, fts5, minisearch, ratio_p50, ratio_p95,
//   minisearch_ratio_p95, load_avg}`: `app`, `fts5` and `minisearch` each with p50, p95, p99, max, mean (ms,
//   wall time), cpu_p50 and cpu_p95 (the process's CPU time per query: less inflated by other work on the
//   machine than wall time, though not immune), hits (mean, of at most 20), total (mean matches in all),
//   zero_hits (queries with none) and, for misspelled, intended_in_top20 (share of queries where a top-20
//   hit's heading or text holds the intended word in some inflection — the same check for all three); `app`
//   also library_p50 and library_p95 (LibrarySearch.search alone: no snippets, no catalogue). ratio_* is
//   app / plain FTS5 (same process); minisearch_ratio_p95 is MiniSearch / plain FTS5 timed in MiniSearch's child.
// At the end a table against the targets is printed on stderr. The machine's load average is printed with
// the figures: on a shared 2-core machine, compare engines within one run, and wall times only between runs
// at a similar load.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SearchEngine } from '../src/core/search/engine'
import { loadIndex, saveIndex } from '../src/core/search/service'
import { SEARCH_FORMAT } from '../src/shared/search-options'
import { parseQuery } from '../src/shared/search-query'
import { importCorpus, mentionsWord, passageText, startApp } from './bench/app'
import { buildVocabulary, drawQueries, generateCorpus, QUERY_CLASSES, type BenchQuery, type QueryClass } from './bench/corpus'
import { buildFts5, openFts5, openTextLookup } from './bench/fts5'

const DEFAULT_SIZES = [1_000, 10_000, 100_000]
const WARMUP = 20
const TOP = 20
/** The query typed first after start: the word most researchers of this corpus would type. */
const FIRST_QUERY = 'innovation'

// Targets, from the issue (2-core machine); the app's figures are judged.
const P95_TARGET_MS: Record<number, number> = { 10_000: 16, 100_000: 50 }
const FIRST_RESULT_TARGET_MS = 300
const PEAK_RSS_TARGET_MB: Record<number, number> = { 100_000: 500 }
const IMPORT_TARGET_PER_S: Record<number, number> = { 100_000: 2_000 }
const INTENDED_TARGET = 0.9

type Json = Record<string, unknown>

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const now = (): number => performance.now()
/** CPU time of this process (all its threads) in ms: on a busy machine it moves far less than wall time. */
const cpu = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits
const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1)
const peakRssMb = (): number => round(process.resourceUsage().maxRSS / 1024, 1)
const loadAverage = (): number => round(os.loadavg()[0] ?? NaN)
const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const stampFor = (size: number): string => `bench format ${SEARCH_FORMAT} · ${size} sections`

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number
}

function summarise(times: number[]): { p50: number; p95: number; p99: number; max: number; mean: number } {
  const sorted = [...times].sort((a, b) => a - b)
  const mean = times.reduce((a, b) => a + b, 0) / (times.length || 1)
  return {
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(mean),
  }
}

/** Times (wall and CPU), hits, totals, zero-hit queries and (misspelled) the intended word found, per engine. */
class Tally {
  times: number[] = []
  cpuTimes: number[] = []
  hits = 0
  total = 0
  zero = 0
  intended = 0
  add(ms: number, cpuMs: number, hits: number, total: number, intendedFound: boolean): void {
    this.times.push(ms)
    this.cpuTimes.push(cpuMs)
    this.hits += hits
    this.total += total
    if (total === 0) this.zero++
    if (intendedFound) this.intended++
  }
  figures(n: number, cls: QueryClass): Json {
    const cpuTimes = summarise(this.cpuTimes)
    return {
      ...summarise(this.times),
      cpu_p50: cpuTimes.p50,
      cpu_p95: cpuTimes.p95,
      hits: round(this.hits / n, 1),
      total: round(this.total / n, 1),
      zero_hits: this.zero,
      ...(cls === 'misspelled' ? { intended_in_top20: round(this.intended / n) } : {}),
    }
  }
}

/** Runs `action`, returning its result with the wall and CPU time it took. */
function timed<T>(action: () => T): { value: T; ms: number; cpuMs: number } {
  const c = cpu()
  const t = now()
  const value = action()
  const ms = now() - t
  return { value, ms, cpuMs: cpu() - c }
}

async function timedAsync<T>(action: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c = cpu()
  const t = now()
  const value = await action()
  const ms = now() - t
  return { value, ms, cpuMs: cpu() - c }
}

const send = (message: Json): void => void process.send?.(message)
const readQueries = (dir: string): Record<QueryClass, BenchQuery[]> =>
  JSON.parse(fs.readFileSync(path.join(dir, 'queries.json'), 'utf8')) as Record<QueryClass, BenchQuery[]>

// ---------------------------------------------------------------------------------------------------------------
// Child: build. Corpus, query sets, plain FTS5, the app's project through the import path.

function buildChild(size: number, dir: string, perClass: number): void {
  let t = now()
  const corpus = generateCorpus(size, buildVocabulary())
  const genMs = now() - t
  const forms = corpus.vocabulary.forms
  send({
    kind: 'corpus',
    sections: corpus.docs.length,
    words: corpus.words,
    mean_section_bytes: Math.round(corpus.textBytes / corpus.docs.length),
    text_mb: mb(corpus.textBytes),
    vocabulary_forms: forms.length,
    forms_present: corpus.counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0),
    share_with_aao: round(forms.filter((f) => /[åäö]/.test(f)).length / forms.length),
    share_compounds: round(corpus.vocabulary.kinds.filter((k) => k === 'compound').length / forms.length),
    share_with_innovation: round(corpus.docs.filter((d) => /innovation/i.test(d.text)).length / corpus.docs.length),
    generate_ms: Math.round(genMs),
  })
  fs.writeFileSync(path.join(dir, 'queries.json'), JSON.stringify(drawQueries(corpus, perClass)))

  gc()
  const imported = importCorpus(path.join(dir, 'project.sqlite'), corpus.docs)

  const ftsFile = path.join(dir, 'fts5.sqlite')
  gc()
  t = now()
  buildFts5(ftsFile, corpus.docs)
  const fts5BuildMs = now() - t

  send({
    kind: 'build',
    app_documents: imported.documents,
    app_passages: imported.passages,
    app_terms: imported.terms,
    app_import_ms: imported.import_ms,
    app_import_cpu_ms: imported.import_cpu_ms,
    app_sections_per_s: imported.sections_per_s,
    app_close_ms: imported.close_ms,
    app_db_bytes: imported.db_bytes,
    app_build_peak_rss_mb: peakRssMb(),
    fts5_build_ms: Math.round(fts5BuildMs),
    fts5_bytes: fs.statSync(ftsFile).size,
    build_load_avg: loadAverage(),
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Child: query. The app's search process, with plain FTS5 interleaved.

async function queryChild(dir: string): Promise<void> {
  const ftsFile = path.join(dir, 'fts5.sqlite')
  gc()
  const app = await startApp(path.join(dir, 'project.sqlite'), FIRST_QUERY, TOP)
  const peakAtFirst = peakRssMb()
  const { service } = app
  const appText = passageText(app.db)

  const t = now()
  const fts = openFts5(ftsFile)
  const ftsFirst = fts.search(`"${FIRST_QUERY}"`)
  const fts5FirstMs = now() - t
  const ftsTexts = openTextLookup(ftsFile)
  const mentions = mentionsWord()

  const queries = readQueries(dir)
  for (const cls of QUERY_CLASSES) {
    const list = queries[cls]
    for (const q of list.slice(0, WARMUP)) {
      await service.search(q.q, TOP)
      service.library.search(parseQuery(q.q), {}, TOP)
      fts.search(q.fts)
    }
    gc()
    const appTally = new Tally()
    const libraryTimes: number[] = []
    const ftsTally = new Tally()
    for (const q of list) {
      const app = await timedAsync(() => service.search(q.q, TOP))
      libraryTimes.push(timed(() => service.library.search(parseQuery(q.q), {}, TOP)).ms)
      const plain = timed(() => fts.search(q.fts))
      // Untimed: what the hits hold, and how many documents FTS5 matches in all (it was asked for 20).
      const intended = q.intended
      const found = app.value
      appTally.add(app.ms, app.cpuMs, found.hits.length, found.total, intended ? found.hits.some((h) => mentions(appText(h.id), intended)) : false)
      const ftsFound = intended ? plain.value.some((h) => mentions(ftsTexts.passageOf(h.rowid), intended)) : false
      ftsTally.add(plain.ms, plain.cpuMs, plain.value.length, fts.count(q.fts), ftsFound)
    }
    const n = list.length
    const library = summarise(libraryTimes)
    send({
      kind: 'query',
      class: cls,
      queries: n,
      example: list[0]?.q,
      app: { ...appTally.figures(n, cls), library_p50: library.p50, library_p95: library.p95 },
      fts5: ftsTally.figures(n, cls),
      load_avg: loadAverage(),
    })
  }
  fts.close()
  ftsTexts.close()
  send({
    kind: 'load',
    app_open_ms: round(app.open_ms, 1),
    app_service_ms: round(app.service_ms, 1),
    app_first_result_ms: Math.round(app.first_result_ms),
    app_first_result_cpu_ms: Math.round(app.first_result_cpu_ms),
    app_first_result_hits: app.first.hits.length,
    app_vocabulary_ms: Math.round(app.vocabulary_ms),
    app_peak_rss_at_first_result_mb: peakAtFirst,
    app_peak_rss_mb: peakRssMb(),
    fts5_first_result_ms: round(fts5FirstMs),
    fts5_first_result_hits: ftsFirst.length,
    // The machine's 1-minute load average at the end (2 cores): above ~1.5, other work competed for the CPU.
    query_load_avg: loadAverage(),
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Children: MiniSearch. Build and save; then load, first result and the query classes (plain FTS5 interleaved).

async function minisearchBuildChild(size: number, dir: string): Promise<void> {
  const corpus = generateCorpus(size, buildVocabulary())
  gc()
  let t = now()
  const c = cpu()
  const engine = SearchEngine.build(corpus.docs)
  const buildMs = now() - t
  const buildCpuMs = cpu() - c
  t = now()
  await saveIndex(path.join(dir, 'index'), stampFor(size), engine.toPersisted())
  const saveMs = now() - t
  send({
    kind: 'minisearch-build',
    minisearch_build_ms: Math.round(buildMs),
    minisearch_build_cpu_ms: Math.round(buildCpuMs),
    minisearch_save_ms: Math.round(saveMs),
    minisearch_persisted_bytes: fs.statSync(path.join(dir, 'index', 'index.ndjson')).size,
    minisearch_build_peak_rss_mb: peakRssMb(),
  })
}

/**
 * Loads the saved index as SearchService.open does. In a function of its own so that nothing keeps the parsed
 * file (its strings are as large as the file) alive once the engine has been made from it.
 */
async function loadEngine(dir: string, size: number): Promise<SearchEngine> {
  const saved = await loadIndex(path.join(dir, 'index'), stampFor(size))
  if (!saved) throw new Error('the saved index did not load')
  return SearchEngine.load(saved)
}

async function minisearchQueryChild(size: number, dir: string): Promise<void> {
  const ftsFile = path.join(dir, 'fts5.sqlite')
  gc()
  const t0 = now()
  const engine = await loadEngine(dir, size)
  const t1 = now()
  const texts = openTextLookup(ftsFile)
  engine.search(parseQuery(FIRST_QUERY), {}, texts.textOf).slice(0, TOP)
  const t2 = now()
  const fts = openFts5(ftsFile)
  const mentions = mentionsWord()

  const queries = readQueries(dir)
  for (const cls of QUERY_CLASSES) {
    const list = queries[cls]
    for (const q of list.slice(0, WARMUP)) {
      engine.search(parseQuery(q.q), {}, texts.textOf)
      fts.search(q.fts)
    }
    gc()
    const msTally = new Tally()
    const ftsTimes: number[] = []
    for (const q of list) {
      const mini = timed(() => engine.search(parseQuery(q.q), {}, texts.textOf))
      const top = mini.value.slice(0, TOP)
      ftsTimes.push(timed(() => fts.search(q.fts)).ms)
      const intended = q.intended
      const found = intended ? top.some((h) => mentions(`${h.title}\n${texts.textOf(h.id)}`, intended)) : false
      msTally.add(mini.ms, mini.cpuMs, top.length, mini.value.length, found)
    }
    const ms = msTally.figures(list.length, cls)
    const f5 = summarise(ftsTimes)
    send({ kind: 'query', class: cls, minisearch: ms, minisearch_ratio_p95: round((ms.p95 as number) / (f5.p95 || 0.001)) })
  }
  fts.close()
  texts.close()
  send({
    kind: 'minisearch-load',
    minisearch_load_ms: Math.round(t1 - t0),
    minisearch_first_result_ms: Math.round(t2 - t0),
    minisearch_peak_rss_mb: peakRssMb(),
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: the children of each size; JSON lines on stdout; the table on stderr.

/** A child that ended badly, with what it had sent before. */
class ChildFailed extends Error {
  constructor(
    message: string,
    readonly messages: Json[],
  ) {
    super(message)
  }
}

function runChild(args: string[]): Promise<Json[]> {
  return new Promise((resolve, reject) => {
    const messages: Json[] = []
    const child = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.on('message', (m) => messages.push(m as Json))
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(messages) : reject(new ChildFailed(`child ${args[1]} ended with ${signal ?? `code ${code}`}`, messages)),
    )
  })
}

const print = (line: Json): void => void process.stdout.write(`${JSON.stringify(line)}\n`)

/** A message's fields without its kind. */
function fields(messages: Json[], kind: string): Json {
  const { kind: _kind, ...rest } = messages.find((m) => m.kind === kind) ?? {}
  return rest
}

interface Row {
  size: number
  target: string
  measured: string
  pass: boolean | null
}

async function runSize(size: number, perClass: number, rows: Row[]): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-search-${size}-`))
  const common = ['--size', String(size), '--dir', dir, '--queries', String(perClass)]
  let ok = true
  try {
    const built = await runChild(['--child', 'build', ...common])
    print({ size, metric: 'corpus', ...fields(built, 'corpus') })
    const build = fields(built, 'build')
    let load: Json = {}
    let appQueries: Json[] = []
    try {
      const queried = await runChild(['--child', 'query', ...common])
      load = fields(queried, 'load')
      appQueries = queried.filter((m) => m.kind === 'query')
    } catch (error) {
      ok = false
      load = { app_error: (error as Error).message }
    }
    // MiniSearch last, in children of its own: at 100,000 sections it needs GBs, and a failure there is a figure.
    let minisearch: Json = {}
    let msQueries: Json[] = []
    try {
      const msBuilt = await runChild(['--child', 'minisearch-build', ...common])
      minisearch = fields(msBuilt, 'minisearch-build')
      const msQueried = await runChild(['--child', 'minisearch-query', ...common])
      minisearch = { ...minisearch, ...fields(msQueried, 'minisearch-load') }
      msQueries = msQueried.filter((m) => m.kind === 'query')
    } catch (error) {
      minisearch = { ...minisearch, minisearch_error: (error as Error).message }
    }
    const index = { ...build, ...load, ...minisearch }
    print({ size, metric: 'index', ...index })
    const lines: Json[] = []
    for (const cls of QUERY_CLASSES) {
      const a = appQueries.find((m) => m.class === cls)
      const m = msQueries.find((q) => q.class === cls)
      if (!a && !m) continue
      const app = (a?.app ?? null) as Json | null
      const fts5 = (a?.fts5 ?? null) as Json | null
      const ratio = (key: 'p50' | 'p95'): number | null =>
        app && fts5 ? round((app[key] as number) / ((fts5[key] as number) || 0.001)) : null
      const line: Json = {
        size,
        metric: 'query',
        class: cls,
        queries: a?.queries ?? null,
        example: a?.example ?? null,
        app,
        fts5,
        minisearch: m?.minisearch ?? { error: (minisearch.minisearch_error as string | undefined) ?? 'not run' },
        ratio_p50: ratio('p50'),
        ratio_p95: ratio('p95'),
        minisearch_ratio_p95: m?.minisearch_ratio_p95 ?? null,
        load_avg: a?.load_avg ?? loadAverage(),
      }
      print(line)
      lines.push(line)
    }
    rows.push(...judge(size, index, lines))
  } catch (error) {
    // What was measured is still printed; the run goes on with the next size.
    ok = false
    const sent = error instanceof ChildFailed ? error.messages : []
    if (sent.some((m) => m.kind === 'corpus')) print({ size, metric: 'corpus', ...fields(sent, 'corpus') })
    print({ size, metric: 'index', ...fields(sent, 'build'), error: (error as Error).message })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return ok
}

async function main(): Promise<void> {
  const sizes = (arg('--sizes') ?? DEFAULT_SIZES.join(','))
    .split(',')
    .map((s) => Number(s.trim().replace(/[_k]/g, (c) => (c === 'k' ? '000' : ''))))
    .filter((n) => Number.isInteger(n) && n > 0)
  const perClass = Number(arg('--queries') ?? 200)
  const rows: Row[] = []
  let failed = false
  for (const size of sizes) if (!(await runSize(size, perClass, rows))) failed = true
  printTable(rows)
  if (failed) process.exitCode = 1
}

function judge(size: number, index: Json, queries: Json[]): Row[] {
  const rows: Row[] = []
  const p95Target = P95_TARGET_MS[size]
  const ms = (x: unknown): string => (x === undefined || x === null ? '–' : `${x as number} ms`)
  for (const q of queries) {
    const app = q.app as Json | null
    const f5 = q.fts5 as Json | null
    const mini = q.minisearch as Json
    const miniP95 = mini.error ? `failed` : ms(mini.p95)
    rows.push({
      size,
      target: `${q.class as string} p95${p95Target ? ` ≤ ${p95Target} ms` : ''}`,
      measured: app
        ? `${ms(app.p95)} (p50 ${ms(app.p50)}; library ${ms(app.library_p95)}) · FTS5 ${ms(f5?.p95)}, ×${q.ratio_p95 as number} · MiniSearch ${miniP95}`
        : `app failed · MiniSearch ${miniP95}`,
      pass: p95Target && app ? (app.p95 as number) <= p95Target : null,
    })
    if (q.class === 'prefix') {
      rows.push({
        size,
        target: 'prefix p95 ≤ plain FTS5 prefix p95',
        measured: app && f5 ? `${ms(app.p95)} vs ${ms(f5.p95)} (×${q.ratio_p95 as number})` : 'app failed',
        pass: app && f5 ? (app.p95 as number) <= (f5.p95 as number) : false,
      })
    }
    if (q.class === 'misspelled') {
      const appShare = app?.intended_in_top20 as number | undefined
      const miniShare = mini.intended_in_top20 as number | undefined
      rows.push({
        size,
        target: `misspelled: intended word in top ${TOP} ≥ ${INTENDED_TARGET * 100} % (app)`,
        measured: appShare === undefined ? 'app failed' : `${Math.round(appShare * 100)} % (plain FTS5 ${Math.round(((f5?.intended_in_top20 as number) ?? 0) * 100)} %)`,
        pass: appShare === undefined ? false : appShare >= INTENDED_TARGET,
      })
      rows.push({
        size,
        target: `misspelled: intended word in top ${TOP} ≥ ${INTENDED_TARGET * 100} % (MiniSearch)`,
        measured: miniShare === undefined ? `MiniSearch failed: ${mini.error as string}` : `${Math.round(miniShare * 100)} %`,
        pass: miniShare === undefined ? false : miniShare >= INTENDED_TARGET,
      })
    }
  }
  const appFailed = typeof index.app_error === 'string'
  rows.push({
    size,
    target: `start to first result ≤ ${FIRST_RESULT_TARGET_MS} ms (app)`,
    measured: appFailed
      ? `app failed: ${index.app_error as string}`
      : `${ms(index.app_first_result_ms)} (open ${ms(index.app_open_ms)} + SearchService ${ms(index.app_service_ms)} + first search; ` +
        `CPU ${ms(index.app_first_result_cpu_ms)}; vocabulary loaded at ${ms(index.app_vocabulary_ms)}; ` +
        `FTS5 ${ms(index.fts5_first_result_ms)}; MiniSearch ${ms(index.minisearch_first_result_ms)})`,
    pass: appFailed ? false : (index.app_first_result_ms as number) <= FIRST_RESULT_TARGET_MS,
  })
  const rssTarget = PEAK_RSS_TARGET_MB[size]
  rows.push({
    size,
    target: `peak RSS of the search process${rssTarget ? ` ≤ ${rssTarget} MB` : ''} (app)`,
    measured: appFailed
      ? 'app failed'
      : `${index.app_peak_rss_mb as number} MB (building: ${index.app_build_peak_rss_mb as number} MB; ` +
        `MiniSearch: ${index.minisearch_peak_rss_mb ?? '–'} MB, building ${index.minisearch_build_peak_rss_mb ?? '–'} MB)`,
    pass: rssTarget ? (appFailed ? false : (index.app_peak_rss_mb as number) <= rssTarget) : null,
  })
  const importTarget = IMPORT_TARGET_PER_S[size]
  rows.push({
    size,
    target: `indexing through import${importTarget ? ` ≥ ${importTarget} sections/s` : ''}`,
    measured:
      `${index.app_sections_per_s as number} sections/s (${ms(index.app_import_ms)} for ${index.app_documents as number} documents; ` +
      `plain FTS5 build ${ms(index.fts5_build_ms)}; MiniSearch build ${ms(index.minisearch_build_ms)})`,
    pass: importTarget ? (index.app_sections_per_s as number) >= importTarget : null,
  })
  if (index.minisearch_error) {
    rows.push({ size, target: 'MiniSearch ran', measured: index.minisearch_error as string, pass: null })
  }
  rows.push({
    size,
    target: 'machine load (1-min average, 2 cores)',
    measured: `${index.build_load_avg as number} while building, ${(index.query_load_avg as number | undefined) ?? '–'} after the app's queries`,
    pass: null,
  })
  return rows
}

function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.target.length), 10)
  const lines = ['', `${'sections'.padStart(8)}  ${'target'.padEnd(width)}  result  measured`]
  for (const r of rows) {
    const verdict = r.pass === null ? '  –   ' : r.pass ? ' PASS ' : ' MISS '
    lines.push(`${String(r.size).padStart(8)}  ${r.target.padEnd(width)}  ${verdict}  ${r.measured}`)
  }
  const judged = rows.filter((r) => r.pass !== null)
  lines.push('', `${judged.filter((r) => r.pass).length} of ${judged.length} targets met`, '')
  process.stderr.write(lines.join('\n'))
}

const role = arg('--child')
if (role) {
  const size = Number(arg('--size'))
  const dir = arg('--dir') as string
  const perClass = Number(arg('--queries') ?? 200)
  if (role === 'build') buildChild(size, dir, perClass)
  else if (role === 'query') await queryChild(dir)
  else if (role === 'minisearch-build') await minisearchBuildChild(size, dir)
  else if (role === 'minisearch-query') await minisearchQueryChild(size, dir)
  else throw new Error(`unknown child role ${role}`)
  // Let the last IPC message out before exiting.
  process.disconnect?.()
} else {
  await main()
}
