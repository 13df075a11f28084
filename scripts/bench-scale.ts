// `npm run bench:scale [-- --sizes 0.01,0.1,1] [--queries 30] [--keep DIR [--reuse]]`
//
// A researcher's project at scale (issue 12): 1,000 imported documents of 100 sections (100,000 sections),
// 50,000 highlights with 1–3 codes each, a codebook of 500 codes — and 1/10 and 1/100 of it — built through the
// app's own write path with deterministic synthetic Swedish text (scripts/bench/scale.ts). For each size it
// prints JSON lines on stdout — the project (import throughput, database size), the start, the notes view's
// filter latency per filter class, the exports (CSV, REFI-QDA), a colleague's merge of that export, and peak
// memory — each beside its goal, and at the end a table against the goals on stderr.
//
// Each size runs in four child processes of its own, so that peak memory (the RSS high-water mark, which only
// grows) is measured per size and per step: `build` writes the project, `first-start` opens it and builds the
// search index (as the first start after an import does), `use` is a later start that loads the saved index,
// answers the notes view, runs the filters and exports, `merge` merges the export into a new project.
// The children run without source maps, as the built app does (scripts/bench/no-source-maps.mjs).
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildProject, countsAt, firstStart, mergeProject, scaleLines, useProject, type Json } from './bench/scale'

const DEFAULT_SIZES = [0.01, 0.1, 1]
const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/corpus')

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const send = (message: Json): void => void process.send?.(message)
const print = (line: Json): void => void process.stdout.write(`${JSON.stringify(line)}\n`)
const progress = (text: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`)

function runChild(args: string[]): Promise<Json> {
  return new Promise((resolve, reject) => {
    let result: Json | null = null
    const execArgv = [...process.execArgv, '--import', new URL('./bench/no-source-maps.mjs', import.meta.url).href]
    const child = fork(fileURLToPath(import.meta.url), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.on('message', (m) => (result = m as Json))
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 && result ? resolve(result) : reject(new Error(`child ${args.join(' ')} ended with ${signal ?? `code ${code}`}`)),
    )
  })
}

async function main(): Promise<void> {
  const sizes = (arg('--sizes') ?? DEFAULT_SIZES.join(','))
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n > 0)
    .sort((a, b) => a - b)
  const perClass = arg('--queries') ?? '30'
  const reuse = process.argv.includes('--reuse')
  const keep = arg('--keep')
  if (reuse && !keep) throw new Error('--reuse needs --keep DIR: the folder a run with --keep left')
  const lines: Json[] = []
  let failed = false
  for (const scale of sizes) {
    const counts = countsAt(scale)
    // --keep DIR leaves each size's project in DIR/scale-<size> (to look into, or profile, afterwards).
    const dir = keep ? path.join(keep, `scale-${scale}`) : fs.mkdtempSync(path.join(os.tmpdir(), `bench-scale-${scale}-`))
    if (keep) fs.mkdirSync(dir, { recursive: true })
    const common = ['--scale', String(scale), '--dir', dir, '--queries', perClass]
    try {
      // With --keep each step's result is kept beside the project; --reuse measures only the use of a project
      // kept before (after a change to how it is read), taking the build and first start from then.
      const kept = (role: string): string => path.join(dir, `${role}.json`)
      const step = async (role: string): Promise<Json> => {
        if (reuse && role !== 'use' && role !== 'merge') return JSON.parse(fs.readFileSync(kept(role), 'utf8')) as Json
        const result = await runChild(['--child', role, ...common])
        if (keep) fs.writeFileSync(kept(role), JSON.stringify(result))
        return result
      }
      progress(`size ${scale}: building ${counts.documents} documents, ${counts.highlights} highlights, ${counts.codes} codes${reuse ? ' (kept)' : ''}`)
      const build = await step('build')
      progress(`size ${scale}: first start (building the search index)${reuse ? ' (kept)' : ''}`)
      const first = await step('first-start')
      progress(`size ${scale}: start, filters, exports`)
      const use = await step('use')
      progress(`size ${scale}: a colleague merges its REFI-QDA export into a new project`)
      const merge = await step('merge')
      for (const line of scaleLines(scale, counts, build, first, use, merge)) {
        print(line)
        lines.push(line)
      }
    } catch (error) {
      // The run goes on with the next size.
      failed = true
      print({ scale, metric: 'error', error: (error as Error).message })
    } finally {
      if (!keep) fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  printTable(lines)
  if (failed) process.exitCode = 1
}

/** The goals, and the figures without one, as a table on stderr. */
function printTable(lines: Json[]): void {
  const rows: { scale: number; what: string; verdict: boolean | null; measured: string }[] = []
  for (const l of lines) {
    const scale = l.scale as number
    const add = (what: string, measured: string, verdict: boolean | null = null): void => void rows.push({ scale, what, verdict, measured })
    if (l.metric === 'project') {
      add('import (saveDocument)', `${l.import_sections_per_s} sections/s (${l.sections} sections in ${l.import_ms} ms)`)
      add('highlights:create', `${l.highlights_per_s} highlights/s (${l.highlights} in ${l.highlights_ms} ms)`)
      add('database file', `${((l.db_bytes as number) / 1024 / 1024).toFixed(1)} MB`)
    } else if (l.metric === 'start') {
      add('start (ready + first notes list)', `${l.start_ms} ms (first start, building the index: ${l.first_start_ms} ms)`)
      add('main thread longest stall, start', `${l.start_main_max_stall_ms} ms (the check at open runs in the parse process, search in its worker)`)
    } else if (l.metric === 'filter') {
      add(`filter ${l.class} p95 ≤ 100 ms`, `${l.p95_ms} ms (p50 ${l.p50_ms} ms, ${l.mean_hits} hits)`, l.met as boolean)
    } else if (l.metric === 'compare') {
      add(`compare:matrix, ${l.cases} cases`, `p95 ${l.p95_ms} ms (p50 ${l.p50_ms} ms; ${l.codings_counted} top-level code counts, every highlight in the compared cases; main thread's longest stall ${l.main_max_stall_ms} ms, counted in the read worker)`)
    } else if (l.metric === 'export') {
      add('export CSV / REFI-QDA', `${l.csv_ms} ms / ${l.qdpx_ms} ms`)
      add('main thread longest stall, CSV / REFI-QDA', `${l.csv_main_max_stall_ms} ms / ${l.qdpx_main_max_stall_ms} ms (the exports run in the parse process; longest collection of this thread's ${l.main_heap_mb} MB heap ${l.csv_main_max_gc_ms} / ${l.qdpx_main_max_gc_ms} ms)`)
    } else if (l.metric === 'merge') {
      if (l.merged) {
        add('merge the REFI-QDA export: inspect / merge / undo / redo', `${l.inspect_ms} / ${l.merge_ms} / ${l.undo_ms} / ${l.redo_ms} ms (${l.sources} sources, ${l.highlights} highlights)`)
        add('main thread longest stall, merge', `${l.inspect_main_max_stall_ms} / ${l.merge_main_max_stall_ms} / ${l.undo_main_max_stall_ms} / ${l.redo_main_max_stall_ms} ms (read in the parse process, written in the write worker)`)
      } else add('merge the REFI-QDA export', `refused (${l.refusal}) after ${l.inspect_ms} ms; main thread's longest stall ${l.inspect_main_max_stall_ms} ms`)
    } else if (l.metric === 'memory') {
      add('peak RSS ≤ 1536 MB', `${l.peak_rss_mb} MB (build ${l.build_peak_rss_mb}, first start ${l.first_start_peak_rss_mb}, use ${l.use_peak_rss_mb}, merge ${l.merge_peak_rss_mb ?? '–'})`, l.met as boolean)
      add('machine load (1-min average, 2 cores)', String(l.load_avg))
    }
  }
  const width = Math.max(...rows.map((r) => r.what.length), 10)
  const out = ['', `${'scale'.padStart(5)}  ${'measure'.padEnd(width)}  result  measured`]
  for (const r of rows) {
    const verdict = r.verdict === null ? '  –   ' : r.verdict ? ' PASS ' : ' MISS '
    out.push(`${String(r.scale).padStart(5)}  ${r.what.padEnd(width)}  ${verdict}  ${r.measured}`)
  }
  const judged = rows.filter((r) => r.verdict !== null)
  out.push('', `${judged.filter((r) => r.verdict).length} of ${judged.length} goals met`, '')
  process.stderr.write(out.join('\n'))
}

const role = arg('--child')
if (role) {
  const scale = Number(arg('--scale'))
  const dir = arg('--dir') as string
  if (role === 'build') send(await buildProject(dir, countsAt(scale), CORPUS_DIR))
  else if (role === 'first-start') send(await firstStart(dir, CORPUS_DIR))
  else if (role === 'use') send(await useProject(dir, CORPUS_DIR, Number(arg('--queries') ?? 30)))
  else if (role === 'merge') send(await mergeProject(dir, CORPUS_DIR))
  else throw new Error(`unknown child role ${role}`)
  // Let the last IPC message out before exiting.
  process.disconnect?.()
} else {
  await main()
}
