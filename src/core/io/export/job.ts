// The exports that read the whole project (notes, codebook, REFI-QDA, case × code counts, cases) as jobs for
// the parse process (issue 12: a REFI-QDA export of 50,000 highlights took 171 s, all of it on the app's main
// process). The child opens the project file read-only, builds the export with the same functions the app
// used in-process, writes the data to the temporary paths the app gave it and answers with what the format
// could not carry. The app renames the files when the job succeeded (handlers.ts), so a crash or a kill
// leaves no partial file at the path the researcher chose. The notes PDF is a job here too, up to the printing:
// its HTML page ('notes-html'), written to a file the app's printer loads (pdf.ts).
import { messageLanguage, setMessageLanguage, type Language } from '../../../shared/messages'
import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { NotesFilter } from '../../../shared/domain'
import { asWritable } from '../../db/connection'
import type { AtlasDatabase } from '../../db/open'
import { toFailure, UserError } from '../../errors'
import { exportCasesCsv } from '../cases-csv'
import { exportQdc, exportQdpx } from '../refi/export'
import type { PdfPageOptions } from '../printer'
import { createAnnotations } from '../../annotate/annotations'
import { createCompare } from '../../compare/compare'
import { exportCaseCodeCountsCsv, exportCodebookCsv, exportMatrixCsv, exportNotesCsv, type CsvHeaders } from './csv'
import { collectNotes } from './notes-data'
import { headingPages, notesPageOptions, renderNotesHtml, type HeadingPages, type NotesGrouping } from './notes-html'
import type { CsvDelimiter } from './types'

export type ExportFormat = 'notes-csv' | 'notes-html' | 'codebook-csv' | 'qdpx' | 'qdc' | 'matrix-csv' | 'case-codes-csv' | 'cases-csv'

export interface ExportOptions {
  delimiter?: CsvDelimiter
  headers?: CsvHeaders
  filter?: NotesFilter
  crlf?: boolean
  /** REFI-QDA: false leaves the highlights out (a hand-out for independent coding). */
  codings?: boolean
  /** The notes report (notes-html): its title, grouping and date (the same in both of a PDF's prints). */
  project?: string
  groupBy?: NotesGrouping
  /** ISO time. */
  now?: string
  /** The notes report's first print (a PDF file): its outline gives the contents their page numbers. */
  pagesFrom?: string
  /** The comparison matrix (matrix-csv): the cases, in their columns' order. */
  caseIds?: string[]
}

export interface ExportJob {
  kind: 'export'
  export: ExportFormat
  /** The name of the file the researcher chose, for the words of a failure. */
  file: string
  /** The project file, opened read-only by the job. */
  dbPath: string
  options: ExportOptions
  /** The language of the words the export writes (labels, remarks): the app's, carried to this process. */
  language?: Language
  /** Where to write each of the export's files (notes CSV: highlights, then memos), temporary names. */
  out: string[]
}

export interface ExportDone {
  /** What the format could not carry, one line each, for the researcher. */
  notCarried: string[]
  /** notes-html: how the report's pages are to be printed (its footer names the project). */
  page?: PdfPageOptions
  /** notes-html with pagesFrom: how many headings the first print's outline placed on a page. */
  headingsPlaced?: number
}

export interface BuiltExport extends Omit<ExportDone, 'headingsPlaced'> {
  /** The data of each file, in the order of ExportJob.out. */
  files: (string | Buffer)[]
}

/** Builds an export from an open database: the same code in the app's process and in the parse process. */
export function buildExport(db: AtlasDatabase, format: ExportFormat, options: ExportOptions, pages?: HeadingPages): BuiltExport {
  const delimiter = options.delimiter ?? ';'
  switch (format) {
    case 'notes-csv': {
      const { highlights, memos } = exportNotesCsv(db, { delimiter, headers: options.headers ?? messageLanguage(), ...(options.filter ? { filter: options.filter } : {}) })
      return { files: [highlights, memos], notCarried: [] }
    }
    case 'notes-html': {
      const data = collectNotes(db, {
        ...(options.filter ? { filter: options.filter } : {}),
        ...(options.project ? { project: options.project } : {}),
        ...(options.now ? { now: new Date(options.now) } : {}),
      })
      const html = renderNotesHtml(data, { ...(options.groupBy ? { groupBy: options.groupBy } : {}), ...(pages ? { pages } : {}) })
      return { files: [html], notCarried: [], page: notesPageOptions(data.project) }
    }
    case 'codebook-csv':
      return { files: [exportCodebookCsv(db, { delimiter })], notCarried: [] }
    case 'qdpx': {
      const qdpx = exportQdpx(db, { crlf: options.crlf ?? false, codings: options.codings ?? true })
      return { files: [qdpx.data], notCarried: qdpx.notCarried }
    }
    case 'qdc': {
      const qdc = exportQdc(db)
      return { files: [qdc.xml], notCarried: qdc.notCarried }
    }
    case 'matrix-csv': {
      const compare = createCompare(db, createAnnotations(db))
      return { files: [exportMatrixCsv(compare.matrixHere(options.caseIds ?? []), { delimiter })], notCarried: [] }
    }
    case 'case-codes-csv':
      return { files: [exportCaseCodeCountsCsv(db, { delimiter })], notCarried: [] }
    case 'cases-csv':
      return { files: [exportCasesCsv(db, null, delimiter)], notCarried: [] }
  }
}

/**
 * Builds an export and writes its files to `out`; `read` wraps the reading (the parse process: one read
 * transaction). The notes report's page numbers come from its first print, read before (pdf.js is async).
 */
export async function writeExport(
  db: AtlasDatabase,
  format: ExportFormat,
  options: ExportOptions,
  out: string[],
  read: (build: () => BuiltExport) => BuiltExport = (build) => build(),
): Promise<ExportDone> {
  const pages = format === 'notes-html' && options.pagesFrom ? await headingPages(fs.readFileSync(options.pagesFrom)) : undefined
  const { files, ...done } = read(() => buildExport(db, format, options, pages))
  files.forEach((data, i) => fs.writeFileSync(out[i]!, data))
  return { ...done, ...(pages ? { headingsPlaced: pages.size } : {}) }
}

/** Runs an export job in the parse process: read the project, write the files, close. */
export async function runExportJob(job: ExportJob): Promise<ExportDone> {
  if (job.language) setMessageLanguage(job.language)
  let connection: Database.Database
  try {
    connection = new Database(job.dbPath, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw worded(error)
  }
  try {
    // The app writes on its own connection meanwhile (WAL): a busy moment waits rather than fails.
    connection.pragma('busy_timeout = 5000')
    // The export functions take the app's connection type. This one only reads: the modules they use may
    // prepare write statements, but none of them runs — and a read-only connection would refuse it if it did.
    const db = asWritable(connection) as AtlasDatabase
    // One read transaction: the export sees one moment of the project even if the app saves a highlight
    // while it runs.
    return await writeExport(db, job.export, job.options, job.out, (build) => db.transaction(build)())
  } catch (error) {
    throw worded(error)
  } finally {
    connection.close()
  }
}

/**
 * A full disk, a read-only folder or a database SQLite cannot read reach the app with the words the app would
 * have used had it failed in its own process; anything else stays a defect (the app logs it).
 */
function worded(error: unknown): unknown {
  if (error instanceof UserError) return error
  const failure = toFailure(error)
  return failure.error.key === 'internal.unexpected' ? error : new UserError(failure.error.key, failure.error.params as never, failure.code)
}
