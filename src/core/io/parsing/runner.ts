// The app's side of the parse process: a Parser hands each job to the process and waits for its answer.
// The process is started on the first job, reused for the next ones (one at a time) and ended after a
// while without work. If it dies — out of memory, out of time, or a crash — the job fails with a message
// that names the file (and the limit that ended it), the process is started afresh for the next job, and
// the app itself carries on: nothing was written, because writing happens here, after a parse succeeded.
// An export job writes its files itself, under temporary names the app renames only after it succeeded.
import { fork } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserError } from '../../errors'
import { megabytes } from '../refi/zip'
import { bundleForNode } from './node-bundle'
import type { ParseJob, ParseKind, ParseOutputs } from './jobs'
import { EXPORT_MEMORY_LIMIT_ARG, MEMORY_LIMIT_ARG, MEMORY_LIMIT_MARKER, type FromParser, type ToParser } from './protocol'

export interface Parser {
  parse<K extends ParseKind>(job: Extract<ParseJob, { kind: K }>, options?: { signal?: AbortSignal }): Promise<ParseOutputs[K]>
  close(): Promise<void>
}

export interface ParserLimits {
  /** The whole parse process's memory (resident set), in MB. */
  memoryMb: number
  /** A job that shows no progress for this long (a PDF reports every page) is ended. */
  stepMs: number
  /** An idle process is ended after this long; the next job starts a new one. */
  idleMs: number
  /**
   * An export's budget for the whole job (default EXPORT_MS). Exports are not held to stepMs: that budget is
   * for parsers that can spin on a crafted file, whereas an export reads the app's own database with the
   * app's own code. Its long stretches — one query over every highlight, compressing the archive — report
   * nothing midway, so a step budget would end honest work on a slow machine, and progress calls threaded
   * through the exports would only move that problem. A generous total still ends a runaway export.
   */
  exportMs?: number
  /**
   * An export's memory (default EXPORT_MEMORY_MB). memoryMb guards against a hostile file; an export holds the
   * project it writes — a REFI-QDA project of 100,000 sections and 50,000 highlights took 2.5 GB — and under
   * memoryMb the largest projects could not be exported at all. The process is ended after each export, so
   * the larger limit never applies to a file read.
   */
  exportMemoryMb?: number
}

/** 20 minutes: the REFI-QDA export of 50,000 highlights took 171 s (README, "A large project, measured"). */
export const EXPORT_MS = 20 * 60_000
/** 4 GB: 1.6 times the 2.5 GB that a REFI-QDA export of 100,000 sections and 50,000 highlights needed. */
export const EXPORT_MEMORY_MB = 4096

export const PARSER_LIMITS: Readonly<ParserLimits> = {
  memoryMb: 1536,
  stepMs: 30_000,
  idleMs: 15_000,
  exportMs: EXPORT_MS,
  exportMemoryMb: EXPORT_MEMORY_MB,
}

/** The parse process as the parent sees it: Node's ChildProcess and Electron's UtilityProcess both fit. */
export interface ParserProcess {
  post(message: ToParser): void
  onMessage(listener: (message: FromParser) => void): void
  onExit(listener: () => void): void
  onStderr(listener: (text: string) => void): void
  kill(): void
}

export type SpawnParser = (args: string[], execArgv: string[]) => ParserProcess

/** Reads in this process: for a database in memory and tests of the parsers themselves, never for the app. */
// The parsers (pdf.js, mammoth, the REFI-QDA reader, the exports) are loaded on the first job: the app's
// main process, which hands every job to the parse process, never holds them (pdf.js alone is megabytes of
// heap a full garbage collection would walk while the app waits).
export const inProcessParser: Parser = {
  parse: async (job) => (await import('./jobs')).runParseJob(job) as never,
  close: async () => {},
}

export function createProcessParser(spawn: SpawnParser, limits: ParserLimits = PARSER_LIMITS): Parser {
  type Running = { process: ParserProcess; stderr: string }
  let child: Running | null = null
  let idle: NodeJS.Timeout | null = null
  let queue: Promise<unknown> = Promise.resolve()
  let seq = 0
  let current: { id: number; on: Running; onMessage: (m: FromParser) => void; onExit: () => void } | null = null

  const start = (): Running => {
    const process = spawn(
      [`${MEMORY_LIMIT_ARG}${limits.memoryMb}`, `${EXPORT_MEMORY_LIMIT_ARG}${limits.exportMemoryMb ?? EXPORT_MEMORY_MB}`],
      [`--max-old-space-size=${limits.memoryMb}`],
    )
    const started: Running = { process, stderr: '' }
    process.onMessage((message) => {
      if (current?.on === started && message.id === current.id) current.onMessage(message)
    })
    process.onStderr((text) => {
      // Only the tail matters (the marker comes last); the rest is the parser's own logging.
      started.stderr = (started.stderr + text).slice(-4096)
      if (!text.includes(MEMORY_LIMIT_MARKER)) globalThis.process.stderr.write(text)
    })
    process.onExit(() => {
      if (child === started) child = null
      if (current?.on === started) current.onExit()
    })
    return started
  }

  /** Ends a process; the next job starts a new one. */
  const end = (running: Running | null) => {
    if (!running) return
    if (child === running) child = null
    running.process.kill()
  }

  const run = <K extends ParseKind>(job: Extract<ParseJob, { kind: K }>, signal?: AbortSignal): Promise<ParseOutputs[K]> =>
    new Promise<ParseOutputs[K]>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      if (idle) clearTimeout(idle)
      const running = child ?? (child = start())
      const id = ++seq
      const budgetMs = readsWhole(job) ? (limits.exportMs ?? EXPORT_MS) : limits.stepMs
      let timer: NodeJS.Timeout
      let timedOut = false
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        current = null
        // After an export the process has grown to the project's size under a larger memory limit: it is
        // ended, and the next job starts a fresh one under the ordinary limit.
        if (job.kind === 'export') end(running)
        idle = setTimeout(() => end(child), limits.idleMs)
        idle.unref()
        settle()
      }
      const arm = () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          timedOut = true
          end(running)
        }, budgetMs)
      }
      const onAbort = () => {
        end(running)
        finish(() => reject(signal?.reason))
      }
      current = {
        id,
        on: running,
        onMessage: (message) => {
          if (message.kind === 'progress') return arm()
          if (message.kind === 'done') return finish(() => resolve(message.value as ParseOutputs[K]))
          if (message.error) {
            const { key, params, code } = message.error
            return finish(() => reject(new UserError(key, params as never, code)))
          }
          console.error(`${job.kind === 'export' ? 'Exporting' : 'Parsing'} ${job.file} failed: ${message.detail}`)
          finish(() => reject(unfinished(job, 'crash', limits)))
        },
        onExit: () => {
          const cause = running.stderr.includes(MEMORY_LIMIT_MARKER) ? 'memory' : timedOut ? 'time' : 'crash'
          finish(() => reject(unfinished(job, cause, limits)))
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      arm()
      running.process.post({ id, job })
    })

  return {
    parse(job, options) {
      const next = queue.then(() => run(job, options?.signal))
      queue = next.catch(() => {})
      return next
    },
    async close() {
      if (idle) clearTimeout(idle)
      end(child)
    },
  }
}

/**
 * Jobs that read a whole database (an export, a database's integrity check, bringing it up to date) report no
 * progress midway and take as long as the file is large: they get the export's total budget instead of stepMs.
 */
const readsWhole = (job: ParseJob): boolean =>
  job.kind === 'export' ||
  job.kind === 'backup' ||
  job.kind === 'copy' ||
  job.kind === 'inspectBackup' ||
  job.kind === 'integrity' ||
  job.kind === 'prepare' ||
  job.kind === 'stageRestore'

/** Why a job did not finish, in the researcher's words: a file that was not read, or an export not saved. */
function unfinished(job: ParseJob, cause: 'memory' | 'time' | 'crash', limits: ParserLimits): UserError {
  const file = job.file
  const limit = megabytes(limits.memoryMb * 1024 * 1024)
  if (readsWhole(job) && job.kind !== 'export' && cause === 'time') {
    return new UserError('files.checkTime', { file, minutes: Math.round((limits.exportMs ?? EXPORT_MS) / 60_000) })
  }
  if (job.kind === 'export') {
    if (cause === 'memory') return new UserError('files.exportMemory', { file, limit: megabytes((limits.exportMemoryMb ?? EXPORT_MEMORY_MB) * 1024 * 1024) })
    if (cause === 'time') return new UserError('files.exportTime', { file, minutes: Math.round((limits.exportMs ?? EXPORT_MS) / 60_000) })
    return new UserError('files.exportCrashed', { file })
  }
  if (cause === 'memory') return new UserError('files.parseMemory', { file, limit })
  if (cause === 'time') return new UserError('files.parseTime', { file, seconds: Math.round(limits.stepMs / 1000) })
  return new UserError('files.parseCrashed', { file })
}

/**
 * The parse process as a Node child process (the CLI and the tests): the JavaScript file beside this module
 * when built, or, from the TypeScript sources, their bundle (node-bundle.ts).
 */
export function forkNodeParser(entry = defaultEntry()): SpawnParser {
  return (args, execArgv) => {
    const script = entry.endsWith('.ts') ? bundleForNode(entry) : entry
    const child = fork(script, args, {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    return {
      post: (message) => void child.send(message),
      onMessage: (listener) => void child.on('message', (message) => listener(message as FromParser)),
      onExit: (listener) => void child.on('exit', () => listener()),
      onStderr: (listener) => void child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
      kill: () => void child.kill('SIGKILL'),
    }
  }
}

function defaultEntry(): string {
  const here = fileURLToPath(import.meta.url)
  return path.join(path.dirname(here), `process-entry${path.extname(here) === '.ts' ? '.ts' : '.js'}`)
}
