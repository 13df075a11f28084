import type { Change } from '../db/changes'
import type { ImportOptions } from '../io/refi/import'
import type { PackedRefi } from '../io/parsing/packed'
import type { CaseMapping } from '../io/cases-csv'
import type { DocumentToSave } from '../io/documents/import'
import type { ChosenPath } from './actions'

export interface WriteWorkerSetup {
  dbPath: string
  /** The number of the worker's first undo step: a worker started again never reuses an ended one's numbers. */
  firstStep: number
}

/** One request per function of Writes (writes.ts). */
export type WriteRequest =
  | { kind: 'inspectRefi'; token: string; packed: PackedRefi }
  | { kind: 'importRefi'; token: string; options: ImportOptions }
  | { kind: 'deleteCode'; id: string }
  | { kind: 'mergeCode'; sourceId: string; targetId: string }
  | { kind: 'undo'; step: number }
  | { kind: 'redo'; step: number }
  | { kind: 'forget'; steps: number[] }
  | { kind: 'importKolada'; files: ChosenPath[] }
  | { kind: 'previewCases'; token: string; file: ChosenPath }
  | { kind: 'importCases'; token: string; mapping: CaseMapping }
  | { kind: 'importSurvey'; file: ChosenPath; name?: string }
  | { kind: 'saveDocument'; document: DocumentToSave }

/**
 * The answer, with what the write changed (the change feed of the worker's connection, after its commit): the
 * main thread announces it to its own listeners — the search index, the notes view's choices.
 */
export interface WriteAnswer {
  value: unknown
  changes: Change[]
}
