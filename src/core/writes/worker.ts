// The write worker thread: its own read-write connection to the project runs the large writes (actions.ts), so
// that the Electron main thread stays free while one holds the project for seconds. The main thread's gate
// (gate.ts) keeps its own writes waiting meanwhile; its reads go on (WAL). The undo steps of these writes are kept
// here, by number; if the thread ends, they are gone, and undoing one says so (history.stepLost).
import { workerData } from 'node:worker_threads'
import { createReanchor } from '../annotate/highlights'
import { mergeChanges, onChange, type Change } from '../db/changes'
import { openSecondWriter } from '../db/open'
import { answerCalls } from '../worker-threads'
import { createWriteActions } from './actions'
import type { WriteAnswer, WriteRequest, WriteWorkerSetup } from './worker-protocol'

const setup = workerData as WriteWorkerSetup
const db = openSecondWriter(setup.dbPath)
const actions = createWriteActions(db, createReanchor(db), setup.firstStep)
let changed: Change[] = []
onChange(db, (changes) => void changed.push(...changes))

answerCalls<WriteRequest>(
  (request): WriteAnswer => {
    changed = []
    const value = answer(request)
    return { value, changes: mergeChanges(changed) }
  },
  () => db.close(),
)

function answer(request: WriteRequest): unknown {
  switch (request.kind) {
    case 'inspectRefi':
      return actions.inspectRefi(request.token, request.packed)
    case 'importRefi':
      return actions.importRefi(request.token, request.options)
    case 'deleteCode':
      return actions.deleteCode(request.id)
    case 'mergeCode':
      return actions.mergeCode(request.sourceId, request.targetId)
    case 'undo':
      return actions.undo(request.step)
    case 'redo':
      return actions.redo(request.step)
    case 'forget':
      return actions.forget(request.steps)
    case 'importKolada':
      return actions.importKolada(request.files)
    case 'previewCases':
      return actions.previewCases(request.token, request.file)
    case 'importCases':
      return actions.importCases(request.token, request.mapping)
    case 'importSurvey':
      return actions.importSurvey(request.file, request.name)
    case 'saveDocument':
      return actions.saveDocument(request.document)
  }
}
