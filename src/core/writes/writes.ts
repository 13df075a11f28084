// Where the large writes and the imports of data files run (actions.ts): in the app, on the write worker's connection (worker-client.ts), so
// that the main thread is free while they hold the project for seconds; here, on the app's own connection, for a
// project in memory and for tests. Either way the answers are the same, the change events reach the main
// thread's listeners after the commit, and each write's undo step is kept where it ran (KeptSteps).
import type { KeptSteps } from '../db/history'
import type { AtlasDatabase } from '../db/open'
import { createReanchor } from '../annotate/highlights'
import type { ImportOptions } from '../io/refi/import'
import type { PackedRefi } from '../io/parsing/packed'
import type { KoladaImportResult } from '../../shared/domain'
import type { CaseMapping, CsvPreview } from '../io/cases-csv'
import type { DocumentToSave } from '../io/documents/import'
import { createWriteActions, type ChosenPath, type RefiImported, type RefiInspection, type Written } from './actions'

export interface Writes extends KeptSteps {
  inspectRefi(token: string, packed: PackedRefi): Promise<RefiInspection>
  importRefi(token: string, options: ImportOptions): Promise<Written<RefiImported>>
  deleteCode(id: string): Promise<Written<void>>
  mergeCode(sourceId: string, targetId: string): Promise<Written<void>>
  importKolada(files: ChosenPath[]): Promise<KoladaImportResult>
  previewCases(token: string, file: ChosenPath): Promise<CsvPreview>
  importCases(token: string, mapping: CaseMapping): Promise<{ created: string[]; updated: string[] }>
  importSurvey(file: ChosenPath, name?: string): Promise<{ surveyId: string; values: number }>
  saveDocument(document: DocumentToSave): Promise<void>
  close(): Promise<void>
}

export interface WritesContext {
  /** ':memory:' or the project file. */
  dbPath: string
  /** The app's own connection; its change listeners hear what the writes changed. */
  db: AtlasDatabase
}

/** On the app's own connection: the same functions, run at once. */
export function inProcessWrites({ db }: Pick<WritesContext, 'db'>): Writes {
  const actions = createWriteActions(db, createReanchor(db))
  return {
    inspectRefi: async (token, packed) => actions.inspectRefi(token, packed),
    importRefi: async (token, options) => actions.importRefi(token, options),
    deleteCode: async (id) => actions.deleteCode(id),
    mergeCode: async (sourceId, targetId) => actions.mergeCode(sourceId, targetId),
    importKolada: async (files) => actions.importKolada(files),
    previewCases: async (token, file) => actions.previewCases(token, file),
    importCases: async (token, mapping) => actions.importCases(token, mapping),
    importSurvey: async (file, name) => actions.importSurvey(file, name),
    saveDocument: async (document) => actions.saveDocument(document),
    undo: async (step) => actions.undo(step),
    redo: async (step) => actions.redo(step),
    forget: (steps) => actions.forget(steps),
    close: async () => {},
  }
}
