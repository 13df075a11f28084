// The read worker thread: its own read-only connection to the project answers the heavy reads (reads.ts), so
// that the Electron main thread stays free while they run. WAL lets it read while the main thread writes; a
// read begins after the request was sent, so it sees every write committed before.
import { workerData } from 'node:worker_threads'
import { codingsByCase } from '../compare/codings'
import { highlightChoices } from '../db/highlights'
import { openReadOnly } from '../db/open'
import { computeAgreement } from '../team/agreement'
import { answerCalls } from '../worker-threads'
import type { ReadRequest, ReadWorkerSetup } from './worker-protocol'

const setup = workerData as ReadWorkerSetup
const db = openReadOnly(setup.dbPath)
// The app writes on its own connection meanwhile: a busy moment (a checkpoint) waits rather than fails.
db.pragma('busy_timeout = 5000')

answerCalls<ReadRequest>(
  (request) => {
    switch (request.kind) {
      case 'codings':
        return codingsByCase(db, request.request)
      case 'highlightChoices':
        return highlightChoices(db)
      case 'agreement':
        return computeAgreement(db, request.request)
    }
  },
  () => db.close(),
)
