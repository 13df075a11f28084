// The heavy reading the app does on files a researcher chooses — documents (PDF, Word, HTML, Markdown, text)
// and REFI-QDA projects and codebooks — as jobs: plain data in, plain data out, no database. The same function
// runs them in the parse process (process-entry.ts) and, where no process can be started, in this one.
// Exports are jobs of that process too (export/job.ts): they read the project file, read-only, and write the
// export to the temporary paths the app gave them; only what the format could not carry comes back.
import { detectFormat } from '../documents/detect'
import { parseDocument } from '../documents/parse'
import type { ParsedDocument } from '../documents/types'
import { runExportJob, type ExportDone, type ExportJob } from '../export/job'
import { parseCodebook, parseProject, type ParsedCodebook, type ParsedProject } from '../refi/parse'
import { readProjectFile } from '../refi/project-file'

export type ParseJob =
  | { kind: 'document'; file: string; bytes: Uint8Array }
  | { kind: 'qdpx'; file: string; bytes: Uint8Array }
  | { kind: 'qdc'; file: string; bytes: Uint8Array }
  /** A colleague's Innovationsatlas project file (.sqlite), read as the REFI-QDA project it would export. */
  | { kind: 'projectFile'; file: string; bytes: Uint8Array }
  | ExportJob

export type ParseKind = ParseJob['kind']

export interface ParseOutputs {
  document: ParsedDocument
  qdpx: ParsedProject
  qdc: ParsedCodebook
  projectFile: ParsedProject
  export: ExportDone
}

/** Called as the job gets on (a PDF page at a time): proof of life for the time budget. */
export type OnParseProgress = (step: number) => void

export async function runParseJob(job: ParseJob, onProgress: OnParseProgress = () => {}): Promise<ParseOutputs[ParseKind]> {
  if (job.kind === 'export') return runExportJob(job)
  // Structured clone hands over a Uint8Array; the parsers read Buffers.
  const bytes = Buffer.isBuffer(job.bytes) ? job.bytes : Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength)
  switch (job.kind) {
    case 'document': {
      const format = await detectFormat(job.file, bytes)
      return parseDocument(job.file, format, bytes, undefined, onProgress)
    }
    case 'qdpx':
      return parseProject(bytes, job.file)
    case 'qdc':
      return parseCodebook(bytes, job.file)
    case 'projectFile':
      return readProjectFile(bytes, job.file)
  }
}
