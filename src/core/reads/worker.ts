// The read worker thread: its own read-only connection to the project answers the heavy reads (reads.ts), so
// that the Electron main thread stays free while they run. WAL lets it read while the main thread writes; a
// read begins after the request was sent, so it sees every write committed before.
import { parentPort, workerData } from 'node:worker_threads'
import { codingsByCase } from '../compare/codings'
import { highlightChoices } from '../db/highlights'
import { openReadOnly } from '../db/open'
import { UserError } from '../errors'
import { setMessageLanguage } from '../../shared/messages'
import { computeAgreement } from '../team/agreement'
import type { ReadReply, ReadRequest, ReadWorkerSetup } from './worker-protocol'

const port = parentPort
if (!port) throw new Error('the read worker must run in a worker thread')
const setup = workerData as ReadWorkerSetup
const db = openReadOnly(setup.dbPath)
// The app writes on its own connection meanwhile: a busy moment (a checkpoint) waits rather than fails.
db.pragma('busy_timeout = 5000')
const send = (reply: ReadReply): void => port.postMessage(reply)

port.on('message', (request: ReadRequest) => {
  if (request.kind === 'close') {
    db.close()
    port.close()
    return
  }
  try {
    setMessageLanguage(request.language)
    send({ seq: request.seq, ok: true, value: answer(request) })
  } catch (error) {
    const refusal = error instanceof UserError ? { key: error.key, params: error.params, code: error.code } : null
    send({ seq: request.seq, ok: false, error: refusal, message: (error as Error).message })
  }
})

function answer(request: Exclude<ReadRequest, { kind: 'close' }>): unknown {
  switch (request.kind) {
    case 'codings':
      return codingsByCase(db, request.request)
    case 'highlightChoices':
      return highlightChoices(db)
    case 'agreement':
      return computeAgreement(db, request.request)
  }
}
