// REFI-QDA import, in two steps: inspection reads the whole file and says what it holds, what cannot be
// carried over (picture and audio sources, selections drawn on PDF pages, graphs, sets, links, …) and which
// GUIDs the project already holds with other content (conflicts), before anything is written; the import then
// writes everything in one transaction (in the app, one undo step) — or, on any problem, nothing at all.
// Every problem names the file and what is wrong with it. Reading is parse.ts (bytes → a ParsedProject, no
// database), conflicts are conflicts.ts, writing is write.ts (ParsedProject → database).
import type { MergePreview, RefiConflict } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import type { ReadableDB, WritableDB } from '../../db/connection'
import { writeWithoutHistory, type Writer } from '../../db/history'
import { findCodeConflicts, findConflicts, type ResolvedChoices } from './conflicts'
import { mergePreview } from './preview'
import { countCodes, parseCodebook, parseProject, type ParsedCodebook, type ParsedProject } from './parse'
import { writeCodebook, writeProject, type QdpxImportResult } from './write'

export type { QdpxImportResult } from './write'
export type { ParsedCodebook, ParsedProject } from './parse'

export interface QdpxSummary {
  codes: number
  sources: number
  selections: number
  notes: number
  cases: number
}

export interface QdpxInspection {
  summary: QdpxSummary
  /** What will not be carried over, in words from the catalogue, one line each (refiImport.unsupported). */
  unsupported: string[]
  /** GUIDs the project holds with other content: the researcher chooses before the import writes. */
  conflicts: RefiConflict[]
  /** New codes, new documents and each coder's highlights: what a merge would add. */
  preview: MergePreview
}

export interface ImportOptions {
  fileName?: string
  now?: Date
  /** How conflicts are settled; without it, the project's own version is kept. */
  choices?: ResolvedChoices
  /** A source with an unknown GUID but a text the project has goes into that document (default true). */
  matchByText?: boolean
}

export const readQdpx = (bytes: Uint8Array, fileName = message('refiImport.defaultFile')): Promise<ParsedProject> => parseProject(bytes, fileName)

export function inspectProject(db: ReadableDB, p: ParsedProject): QdpxInspection {
  return {
    summary: {
      codes: countCodes(p.codes),
      sources: p.sources.length,
      selections: p.sources.reduce((n, s) => n + s.selections.length, 0),
      notes: p.notes.size,
      cases: p.cases.length,
    },
    unsupported: p.unsupported,
    conflicts: findConflicts(db, p),
    preview: mergePreview(db, p),
  }
}

export async function inspectQdpx(db: ReadableDB, bytes: Uint8Array, fileName = message('refiImport.defaultFile')): Promise<QdpxInspection> {
  return inspectProject(db, await readQdpx(bytes, fileName))
}

/** Writes with the caller's writer: the app's is an undo step (History.record), others writeWithoutHistory. */
export function importProject(w: Writer, p: ParsedProject, options: ImportOptions = {}): QdpxImportResult {
  const fileName = options.fileName ?? message('refiImport.defaultFile')
  return writeProject(w, p, { fileName, now: (options.now ?? new Date()).toISOString(), choices: options.choices, matchByText: options.matchByText })
}

/** Reads and writes in one go, in one transaction of its own, leaving no undo step. */
export async function importQdpx(db: WritableDB, bytes: Uint8Array, options: ImportOptions = {}): Promise<QdpxImportResult> {
  const project = await readQdpx(bytes, options.fileName)
  return writeWithoutHistory(db, (w) => importProject(w, project, options))
}

// ── Codebook files (.qdc) ────────────────────────────────────────────────────────────────────────────────

export const readQdc = (bytes: Uint8Array, fileName = 'kodbok.qdc'): ParsedCodebook => parseCodebook(bytes, fileName)

export function inspectCodebook(db: ReadableDB, book: ParsedCodebook): { summary: { codes: number }; unsupported: string[]; conflicts: RefiConflict[] } {
  return { summary: { codes: countCodes(book.codes) }, unsupported: book.unsupported, conflicts: findCodeConflicts(db, book.codes) }
}

export const inspectQdc = (db: ReadableDB, bytes: Uint8Array, fileName = 'kodbok.qdc'): ReturnType<typeof inspectCodebook> =>
  inspectCodebook(db, readQdc(bytes, fileName))

export function importCodebook(
  w: Writer,
  book: ParsedCodebook,
  options: ImportOptions = {},
): { codes: { created: number; merged: number }; remarks: string[] } {
  return writeCodebook(w, book.codes, { now: (options.now ?? new Date()).toISOString(), fileName: options.fileName ?? 'kodbok.qdc', choices: options.choices })
}

export function importQdc(db: WritableDB, bytes: Uint8Array, options: ImportOptions = {}): ReturnType<typeof importCodebook> {
  const book = readQdc(bytes, options.fileName)
  return writeWithoutHistory(db, (w) => importCodebook(w, book, options))
}
