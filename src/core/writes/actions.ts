// The large writes, as plain functions of a connection: merging a REFI-QDA project or codebook, deleting and
// merging codes, saving an imported document, and importing the researcher's data files (Kolada values, cases
// and survey values from CSV: read, checked and written here, a file of 174,000 Kolada values held the main
// thread 1.6 s). The app runs them on its write worker's connection (worker.ts), so that a merge of thousands of
// sources holds the worker's thread, not the main one; tests and a project in memory run them on the app's own
// (writes.ts). Either way each is one transaction and one undo step, whose row images stay where the write ran:
// the main thread's undo history holds the step's number and asks for it to be undone or redone here.
import type { Writer } from '../db/history'
import { applySteps, recordSteps, type Steps } from '../db/history'
import { deleteCode, mergeCode } from '../db/codes'
import type { WritableDB } from '../db/connection'
import { UserError } from '../errors'
import { readChosenText } from '../files'
import { createKolada, koladaFiles } from '../compare/kolada'
import { importCasesCsv, previewCasesCsv, type CaseMapping, type CsvPreview } from '../io/cases-csv'
import { importSurveyCsv } from '../io/survey-csv'
import { saveReadDocument, type DocumentToSave } from '../io/documents/import'
import { createOwnCases } from '../own/cases'
import type { KoladaImportResult } from '../../shared/domain'
import { unpackRefi, type PackedRefi, type ParsedRefi } from '../io/parsing/packed'
import { importCodebook, importProject, inspectCodebook, inspectProject, type ImportOptions, type QdpxImportResult, type QdpxInspection } from '../io/refi/import'

export type RefiInspection = ({ kind: 'qdpx' } & QdpxInspection) | ({ kind: 'qdc' } & ReturnType<typeof inspectCodebook>)
export type RefiImported =
  | { kind: 'qdpx'; result: QdpxImportResult }
  | { kind: 'qdc'; result: ReturnType<typeof importCodebook> }

/** A write's answer and the number of its undo step (null when it changed nothing). */
export interface Written<T> {
  value: T
  step: number | null
}

/** A file the researcher chose: its name for messages, its path to read it. */
export interface ChosenPath {
  name: string
  path: string
}

/** Files inspected but not (yet) imported are held for the import; the researcher may inspect a few and choose. */
const HELD_FILES = 3

/** Holds `value` under `token`, letting go of all but the newest HELD_FILES. */
function keepNewest<V>(files: Map<string, V>, token: string, value: V): void {
  files.set(token, value)
  for (const old of [...files.keys()].slice(0, -HELD_FILES)) files.delete(old)
}

/**
 * `reanchor` places highlights again whose texts a merge changed, with the merge's writer (the same undo step).
 * Undo steps are numbered from `firstStep`.
 */
export function createWriteActions(db: WritableDB, reanchor: (w: Writer) => unknown, firstStep = 1) {
  const held = new Map<string, ParsedRefi>()
  const csvFiles = new Map<string, { name: string; text: string }>()
  const kept = new Map<number, Steps>()
  let numbered = firstStep - 1

  function record<T>(action: (w: Writer) => T): Written<T> {
    const { result, steps } = recordSteps(db, action)
    if (!steps) return { value: result, step: null }
    kept.set(++numbered, steps)
    return { value: result, step: numbered }
  }

  function stepsOf(step: number): Steps {
    const steps = kept.get(step)
    if (!steps) throw new UserError('history.stepLost')
    return steps
  }

  return {
    /** Holds the parsed file under `token` for the import, and says what it holds and what conflicts. */
    inspectRefi(token: string, packed: PackedRefi): RefiInspection {
      const parsed = unpackRefi(packed)
      keepNewest(held, token, parsed)
      return parsed.format === 'qdpx' ? { kind: 'qdpx', ...inspectProject(db, parsed.project) } : { kind: 'qdc', ...inspectCodebook(db, parsed.book) }
    },

    importRefi(token: string, options: ImportOptions): Written<RefiImported> {
      const parsed = held.get(token)
      if (!parsed) throw new UserError('files.inspectionExpired')
      held.delete(token)
      if (parsed.format === 'qdc') return record((w) => ({ kind: 'qdc' as const, result: importCodebook(w, parsed.book, options) }))
      return record((w) => {
        const result = importProject(w, parsed.project, options)
        // Highlights placed in a text that changed (theirs replaced mine, or theirs placed in mine) find their
        // passage again, or are kept as orphans with their quote — in the same step, so undo puts them back.
        reanchor(w)
        return { kind: 'qdpx' as const, result }
      })
    },

    /** Deletes the code and the codes below it; highlights stay, without these codes. */
    deleteCode: (id: string): Written<void> => record((w) => deleteCode(w, id)),
    /** Codes the source's highlights with the target, moves its child codes under it, removes the source. */
    mergeCode: (sourceId: string, targetId: string): Written<void> => record((w) => mergeCode(w, sourceId, targetId)),

    importKolada(files: ChosenPath[]): KoladaImportResult {
      const { values, meta } = koladaFiles(files.map((file) => ({ name: file.name, text: readChosenText(file) })))
      return createKolada(db).import(values.text, meta?.text ?? null, { values: values.name, ...(meta ? { meta: meta.name } : {}) })
    },

    /** Reads a CSV of cases, says what it holds, and keeps it under `token` for the import. */
    previewCases(token: string, file: ChosenPath): CsvPreview {
      const text = readChosenText(file)
      const preview = previewCasesCsv(text, file.name)
      keepNewest(csvFiles, token, { name: file.name, text })
      return preview
    },

    importCases(token: string, mapping: CaseMapping): ReturnType<typeof importCasesCsv> {
      const file = csvFiles.get(token)
      if (!file) throw new UserError('files.previewExpired')
      const result = importCasesCsv(db, createOwnCases(db), file.text, mapping, file.name)
      csvFiles.delete(token)
      return result
    },

    saveDocument: (document: DocumentToSave): void => saveReadDocument(db, document),

    importSurvey: (file: ChosenPath, name?: string): ReturnType<typeof importSurveyCsv> => importSurveyCsv(db, readChosenText(file), file.name, name),

    undo: (step: number): void => applySteps(db, stepsOf(step), 'undo'),
    redo: (step: number): void => applySteps(db, stepsOf(step), 'redo'),
    forget(steps: number[]): void {
      for (const step of steps) kept.delete(step)
    },
  }
}

export type WriteActions = ReturnType<typeof createWriteActions>
