// The main-thread side of the search worker: a Searcher whose every call is a message to worker.ts.
import { Worker } from 'node:worker_threads'
import type { SearchResponse } from '../../shared/domain'
import { followChanges, type Searcher, type SearcherContext } from './searcher'
import type { SearchProgress } from './service'
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol'

export interface WorkerOptions {
  /** The built worker script (out/main/search-worker.js) or, under tsx, worker.ts. */
  url: URL | string
  /** Extra Node flags for the worker, e.g. ['--import', 'tsx'] when running TypeScript directly. */
  execArgv?: string[]
}

export function createWorkerSearcher(options: WorkerOptions) {
  return (context: SearcherContext): Searcher => {
    if (context.dbPath === ':memory:') throw new Error('A search worker needs a database file, not :memory:')
    const setup: WorkerSetup = { dbPath: context.dbPath, indexDir: context.indexDir }
    const worker = new Worker(options.url, { workerData: setup, execArgv: options.execArgv ?? [] })
    const pending = new Map<number, { resolve: (r: SearchResponse) => void; reject: (e: Error) => void }>()
    const refreshing = new Map<number, () => void>()
    let seq = 0
    let latest: SearchProgress = { phase: 'loading', done: 0, total: 1 }
    let settle: { resolve: () => void; reject: (e: Error) => void }
    const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
    ready.catch(() => {})

    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'progress') {
        latest = reply.progress
        context.onProgress?.(reply.progress)
      } else if (reply.kind === 'ready') settle.resolve()
      else if (reply.kind === 'failed') settle.reject(new Error(reply.message))
      else if (reply.kind === 'refreshed') {
        refreshing.get(reply.seq)?.()
        refreshing.delete(reply.seq)
      } else {
        const waiting = pending.get(reply.seq)
        pending.delete(reply.seq)
        if (reply.ok) waiting?.resolve(reply.response)
        else waiting?.reject(new Error(reply.message))
      }
    })
    const failAll = (error: Error): void => {
      settle.reject(error)
      for (const p of pending.values()) p.reject(error)
      pending.clear()
    }
    worker.on('error', failAll)
    // A defect, not the researcher's doing: invoke logs it and answers with the internal message.
    worker.on('exit', (code) => failAll(new Error(`The search worker exited unexpectedly (exit code ${code}).`)))

    const post = (request: WorkerRequest): void => worker.postMessage(request)
    // The worker answers in the order it is asked, so a search posted after a change sees it.
    const searcher: Searcher = {
      ready,
      progress: () => latest,
      search(query, limit) {
        return new Promise<SearchResponse>((resolve, reject) => {
          seq += 1
          pending.set(seq, { resolve, reject })
          post({ kind: 'search', seq, query, limit })
        })
      },
      changed(changes) {
        return new Promise<void>((resolve) => {
          seq += 1
          refreshing.set(seq, resolve)
          post({ kind: 'changes', seq, changes })
        })
      },
      async close() {
        stopFollowing()
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
        post({ kind: 'close' })
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))])
        await worker.terminate()
      },
    }
    const stopFollowing = followChanges(context.db, searcher)
    return searcher
  }
}
