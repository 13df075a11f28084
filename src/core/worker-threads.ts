// Calls from the main thread to a worker thread of the app's own (the read worker, reads/; the write worker,
// writes/) and their answers. A worker starts at the first call, and one that ended is started again at the
// next. Each call carries the app's language, so that the words a worker writes are the researcher's; a refusal
// (a UserError) comes back as its key and is worded on the main thread exactly as if thrown there, anything else
// as a defect.
import { parentPort, Worker } from 'node:worker_threads'
import type { ErrorCode, ErrorKey } from '../shared/errors'
import { messageLanguage, setMessageLanguage, type Language, type MessageParams } from '../shared/messages'
import { UserError } from './errors'

export interface WorkerOptions {
  /** The built worker script (out/main/<name>.js) or, under tsx, its worker.ts. */
  url: URL | string
  /** Extra Node flags for the worker, e.g. ['--import', 'tsx'] when running TypeScript directly. */
  execArgv?: string[]
}

type Call<R> = { kind: 'call'; seq: number; language: Language; request: R } | { kind: 'close' }

type Reply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; error: { key: ErrorKey; params: MessageParams; code: ErrorCode } | null; message: string }

export interface WorkerCalls<R> {
  /** Sends one request; resolves with what the worker's `answer` returned for it. */
  ask<T>(request: R): Promise<T>
  /** Whether a worker is running now. */
  readonly running: boolean
  close(): Promise<void>
}

/** `name` names the worker in a defect's message; `workerData` is asked anew at each start. */
export function callWorker<R>(options: WorkerOptions & { name: string; workerData: () => unknown }): WorkerCalls<R> {
  type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }
  const pending = new Map<number, Pending>()
  let worker: Worker | null = null
  let seq = 0

  const start = (): Worker => {
    const started = new Worker(options.url, { workerData: options.workerData(), execArgv: options.execArgv ?? [] })
    started.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.seq)
      pending.delete(reply.seq)
      if (reply.ok) waiting?.resolve(reply.value)
      else if (reply.error) waiting?.reject(new UserError(reply.error.key, reply.error.params as never, reply.error.code))
      else waiting?.reject(new Error(reply.message))
    })
    // A defect, not the researcher's doing: the calls waiting fail (invoke logs them and answers with the
    // internal message); the next call starts a new worker.
    const failAll = (error: Error): void => {
      if (worker === started) worker = null
      for (const p of pending.values()) p.reject(error)
      pending.clear()
    }
    started.on('error', failAll)
    started.on('exit', (code) => failAll(new Error(`The ${options.name} exited unexpectedly (exit code ${code}).`)))
    return started
  }

  return {
    ask: <T>(request: R) =>
      new Promise<T>((resolve, reject) => {
        seq += 1
        pending.set(seq, { resolve: resolve as (value: unknown) => void, reject })
        ;(worker ??= start()).postMessage({ kind: 'call', seq, language: messageLanguage(), request } satisfies Call<R>)
      }),
    get running() {
      return worker !== null
    },
    async close() {
      const running = worker
      if (!running) return
      worker = null
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
      running.postMessage({ kind: 'close' } satisfies Call<R>)
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))])
      await running.terminate()
    },
  }
}

/** The worker's side: answers each request in the order asked, in its language; `close` ends its connection. */
export function answerCalls<R>(answer: (request: R) => unknown, close: () => void): void {
  const port = parentPort
  if (!port) throw new Error('a worker of the app must run in a worker thread')
  const send = (reply: Reply): void => port.postMessage(reply)
  port.on('message', (call: Call<R>) => {
    if (call.kind === 'close') {
      close()
      port.close()
      return
    }
    try {
      setMessageLanguage(call.language)
      send({ seq: call.seq, ok: true, value: answer(call.request) })
    } catch (error) {
      const refusal = error instanceof UserError ? { key: error.key, params: error.params, code: error.code } : null
      send({ seq: call.seq, ok: false, error: refusal, message: (error as Error).message })
    }
  })
}
