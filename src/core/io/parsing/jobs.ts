// The heavy reading the app does on files a researcher chooses — documents (PDF, Word, HTML, Markdown, text)
// and REFI-QDA projects and codebooks — as jobs: plain data in, plain data out, no database. The same function
// runs them in the parse process (process-entry.ts) and, where no process can be started, in this one.
// Exports are jobs of that process too (export/job.ts): they read the project file, read-only, and write the
// export to the temporary paths the app gave them; only what the format could not carry comes back.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { asReadable } from '../../db/connection'
import { textsChangedUnderHighlights } from '../../db/highlights'
import { integrityProblems } from '../../db/open'
import { inspectBackup, stageForRestore, type BackupInfo } from '../backup'
import { prepareProject } from '../../corpus/prepare'
import { analyseLibraryText, type LibraryWord } from '../../../shared/search-options'
import { detectFormat } from '../documents/detect'
import { parseDocument } from '../documents/parse'
import type { ParsedDocument } from '../documents/types'
import { runExportJob, type ExportDone, type ExportJob } from '../export/job'
import { parseCodebook, parseProject, type ParsedCodebook, type ParsedProject } from '../refi/parse'
import { isProjectFile, readProjectFile } from '../refi/project-file'
import { packDocument, packRefi, type PackedRefi, type ParsedRefi, type ReadDocument } from './packed'
import { UserError } from '../../errors'

export type ParseJob =
  | { kind: 'document'; file: string; bytes: Uint8Array }
  /**
   * A document read from its path here, with its checksum, and written packed to `out` for the write worker
   * (packed.ts): the app's main thread gets only its title, format, size and warnings.
   */
  | { kind: 'documentFile'; file: string; path: string; out: string }
  | { kind: 'qdpx'; file: string; bytes: Uint8Array }
  | { kind: 'qdc'; file: string; bytes: Uint8Array }
  /** A colleague's Innovationsatlas project file (.sqlite), read as the REFI-QDA project it would export. */
  | { kind: 'projectFile'; file: string; bytes: Uint8Array }
  /**
   * What the app's merge reads (refi/handlers.ts): a REFI-QDA project, a codebook or a colleague's project
   * file, told apart by its first bytes and read from its path here. What it holds is written to `out`, packed
   * (v8's serialisation), for the app's write worker to read: hundreds of megabytes for a large project, which
   * never pass through the main thread (receiving them there would hold it for a tenth of a second and more).
   */
  | { kind: 'refi'; file: string; path: string; out: string }
  /** A database file checked whole and as the app's own kind (a backup just written, a copy to restore). */
  | { kind: 'inspectBackup'; file: string; path: string }
  /** A consistent copy of the project file (SQLite's online backup from a read-only connection) to `out`, checked. */
  | { kind: 'backup'; file: string; path: string; out: string }
  /** A backup to restore, copied to `out`, refused if it holds what the app did not make, and migrated there. */
  | { kind: 'stageRestore'; file: string; path: string; out: string }
  /** The same copy, unchecked: the automatic copy before a migration or a corpus update (openAtlasChecked). */
  | { kind: 'copy'; file: string; path: string; out: string }
  /**
   * An integrity check of the project, read from its file: the full one on demand (Inställningar), or the
   * quick one the app makes when it opens the project (openAtlasChecked).
   */
  | { kind: 'integrity'; file: string; path: string; check: 'quick_check' | 'integrity_check' }
  /**
   * The project brought up to date before the app opens it (corpus/prepare.ts): migrated, the bundled corpus of
   * `corpusDir` loaded, highlights placed again. The only job that writes the project, before the app opens it.
   */
  | { kind: 'prepare'; file: string; path: string; corpusDir: string }
  | ExportJob

export type ParseKind = ParseJob['kind']


export interface ParseOutputs {
  document: ParsedDocument
  qdpx: ParsedProject
  qdc: ParsedCodebook
  projectFile: ParsedProject
  refi: PackedRefi
  documentFile: ReadDocument
  export: ExportDone
  inspectBackup: BackupInfo
  backup: BackupInfo
  copy: { copied: true }
  integrity: { problems: string | null; textsChanged?: boolean }
  prepare: { corpusLoaded: boolean }
  stageRestore: { staged: true }
}

/** Called as the job gets on (a PDF page at a time): proof of life for the time budget. */
export type OnParseProgress = (step: number) => void

export async function runParseJob(job: ParseJob, onProgress: OnParseProgress = () => {}): Promise<ParseOutputs[ParseKind]> {
  if (job.kind === 'export') return runExportJob(job)
  if (job.kind === 'inspectBackup') return inspectBackup(job.path, job.file)
  if (job.kind === 'backup' || job.kind === 'copy') {
    const source = new Database(job.path, { readonly: true, fileMustExist: true })
    try {
      source.pragma('busy_timeout = 5000')
      await source.backup(job.out)
    } finally {
      source.close()
    }
    return job.kind === 'backup' ? inspectBackup(job.out, job.file) : { copied: true }
  }
  if (job.kind === 'integrity') {
    const probe = new Database(job.path, { readonly: true, fileMustExist: true })
    try {
      // The app writes on its own connection meanwhile (WAL): a busy moment waits rather than fails.
      probe.pragma('busy_timeout = 5000')
      const problems = integrityProblems(probe, job.check)
      // At open, also whether any highlight's text changed since it was placed: the app re-anchors only then.
      if (job.check === 'quick_check' && problems === null) return { problems, textsChanged: textsChangedUnderHighlights(asReadable(probe)) }
      return { problems }
    } finally {
      probe.close()
    }
  }
  if (job.kind === 'prepare') return prepareProject(job.path, job.corpusDir)
  if (job.kind === 'stageRestore') return stageForRestore(job.path, job.out, job.file).then(() => ({ staged: true as const }))
  if (job.kind === 'refi') return packRefi(await readRefi(job.path, job.file), job.out)
  if (job.kind === 'documentFile') {
    let read: Buffer
    try {
      read = fs.readFileSync(job.path)
    } catch {
      throw new UserError('documents.unreadable', { file: job.file })
    }
    const source = { sha256: createHash('sha256').update(read).digest('hex'), bytes: read.length }
    const parsed = (await runParseJob({ kind: 'document', file: job.file, bytes: read }, onProgress)) as ParsedDocument
    return packDocument(parsed, source, job.out)
  }
  // Structured clone hands over a Uint8Array; the parsers read Buffers.
  const bytes = Buffer.isBuffer(job.bytes) ? job.bytes : Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength)
  switch (job.kind) {
    case 'document': {
      const format = await detectFormat(job.file, bytes)
      const parsed = await parseDocument(job.file, format, bytes, undefined, onProgress)
      // The library's analysis too (40-80 ms for 100 sections), so that the app only writes it.
      const words = new Map<string, LibraryWord>()
      const analysed = parsed.sections.map((section, i) => {
        onProgress(i)
        return { heading: analyseLibraryText(section.heading, words), text: analyseLibraryText(section.text, words) }
      })
      return { ...parsed, analysed }
    }
    case 'qdpx':
      return parseProject(bytes, job.file)
    case 'qdc':
      return parseCodebook(bytes, job.file)
    case 'projectFile':
      return readProjectFile(bytes, job.file)
  }
}

/** A project is a ZIP (whatever its name), or a colleague's Innovationsatlas project file; a codebook is XML. */
async function readRefi(file: string, name: string): Promise<ParsedRefi> {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch {
    throw new UserError('files.unreadable', { file: name })
  }
  if (isProjectFile(bytes)) return { format: 'qdpx', project: await readProjectFile(bytes, name) }
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return { format: 'qdpx', project: await parseProject(bytes, name) }
  return { format: 'qdc', book: parseCodebook(bytes, name) }
}
