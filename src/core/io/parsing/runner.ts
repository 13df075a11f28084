// The app's side of the parse process: a Parser hands each job to the process and waits for its answer.
// The process is started on the first job, reused for the next ones (one at a time) and ended after a
// while without work. If it dies — out of memory, out of time, or a crash — the job fails with a message
// that names the file (and the limit that ended it), the process is started afresh for the next job, and
// the app itself carries on: nothing was written, because writing happens here, after a parse succeeded.
import { fork } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserError } from '../../errors'
import { megabytes } from '../refi/zip'
import { bundleForNode } from './node-bundle'
import { runParseJob, type ParseJob, type ParseKind, type ParseOutputs } from './jobs'
import { MEMORY_LIMIT_ARG, MEMORY_LIMIT_MARKER, type FromParser, type ToParser } from './protocol'

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
}

export const PARSER_LIMITS: Readonly<ParserLimits> = { memoryMb: 1536, stepMs: 30_000, idleMs: 15_000 }

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
export const inProcessParser: Parser = {
  parse: (job) => runParseJob(job) as never,
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
    const process = spawn([`${MEMORY_LIMIT_ARG}${limits.memoryMb}`], [`--max-old-space-size=${limits.memoryMb}`])
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
      let timer: NodeJS.Timeout
      let timedOut = false
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        current = null
        idle = setTimeout(() => end(child), limits.idleMs)
        idle.unref()
        settle()
      }
      const arm = () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          timedOut = true
          end(running)
        }, limits.stepMs)
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
          console.error(`Parsing ${job.file} failed: ${message.detail}`)
          finish(() => reject(new UserError('files.parseCrashed', { file: job.file })))
        },
        onExit: () => {
          const error = running.stderr.includes(MEMORY_LIMIT_MARKER)
            ? new UserError('files.parseMemory', { file: job.file, limit: megabytes(limits.memoryMb * 1024 * 1024) })
            : timedOut
              ? new UserError('files.parseTime', { file: job.file, seconds: Math.round(limits.stepMs / 1000) })
              : new UserError('files.parseCrashed', { file: job.file })
          finish(() => reject(error))
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
