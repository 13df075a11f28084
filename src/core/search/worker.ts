// The search worker thread: it opens its own connection to the database, loads or builds the index and
// answers queries, so that neither a rebuild nor a slow query ever blocks the Electron main thread.
import { parentPort, workerData } from 'node:worker_threads'
import { openReadOnly } from '../db/open'
import { SearchService } from './service'
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol'

const port = parentPort
if (!port) throw new Error('search worker must run in a worker thread')
const setup = workerData as WorkerSetup

// Read-only: the worker never writes the database (a ReadableDB reaches no write function of db/); WAL lets
// it read while main writes. Main tells it what changed.
const db = openReadOnly(setup.dbPath)
const send = (reply: WorkerReply): void => port.postMessage(reply)

const service = SearchService.open(db, setup.indexDir, (progress) => send({ kind: 'progress', progress }))
service.then(
  () => send({ kind: 'ready' }),
  (error: unknown) => send({ kind: 'failed', message: (error as Error).message }),
)

port.on('message', async (request: WorkerRequest) => {
  if (request.kind === 'close') {
    const s = await service.catch(() => undefined)
    await s?.flush().catch(() => undefined)
    db.close()
    port.close()
    return
  }
  if (request.kind === 'changes') {
    try {
      ;(await service).applyChanges(request.changes)
    } finally {
      send({ kind: 'refreshed', seq: request.seq })
    }
    return
  }
  try {
    const response = await (await service).search(request.query, request.limit)
    send({ kind: 'result', seq: request.seq, ok: true, response })
  } catch (error) {
    send({ kind: 'result', seq: request.seq, ok: false, message: (error as Error).message })
  }
})
