// REFI-QDA import, in two steps: `inspectQdpx` reads the whole file and says what it holds and what cannot
// be carried over (picture, PDF, audio and video sources, graphs, sets, links, …) before anything is written;
// `importQdpx` reads it again the same way and writes everything in one transaction — or, on any problem,
// nothing at all. Every problem names the file and what is wrong with it. Reading is parse.ts (bytes → a
// ParsedProject, no database), writing is write.ts (ParsedProject → database).
import { message } from '../../../shared/messages'
import type { WritableDB } from '../../db/connection'
import { countCodes, parseCodebook, parseProject } from './parse'
import { writeCodebook, writeProject, type QdpxImportResult } from './write'

export type { QdpxImportResult } from './write'

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
}

export function inspectQdpx(bytes: Uint8Array, fileName = message('refiImport.defaultFile')): QdpxInspection {
  const p = parseProject(bytes, fileName)
  return {
    summary: {
      codes: countCodes(p.codes),
      sources: p.sources.length,
      selections: p.sources.reduce((n, s) => n + s.selections.length, 0),
      notes: p.notes.size,
      cases: p.cases.length,
    },
    unsupported: p.unsupported,
  }
}

export function importQdpx(db: WritableDB, bytes: Uint8Array, options: { fileName?: string; now?: Date } = {}): QdpxImportResult {
  const fileName = options.fileName ?? message('refiImport.defaultFile')
  const project = parseProject(bytes, fileName)
  return writeProject(db, project, { fileName, now: (options.now ?? new Date()).toISOString() })
}

// ── Codebook files (.qdc) ────────────────────────────────────────────────────────────────────────────────

export function inspectQdc(bytes: Uint8Array, fileName = 'kodbok.qdc'): { summary: { codes: number }; unsupported: string[] } {
  const book = parseCodebook(bytes, fileName)
  return { summary: { codes: countCodes(book.codes) }, unsupported: book.unsupported }
}

export function importQdc(
  db: WritableDB,
  bytes: Uint8Array,
  options: { fileName?: string; now?: Date } = {},
): { codes: { created: number; merged: number }; remarks: string[] } {
  const book = parseCodebook(bytes, options.fileName ?? 'kodbok.qdc')
  return writeCodebook(db, book.codes, (options.now ?? new Date()).toISOString())
}
