// Everything that leaves the app as a file: notes (CSV, PDF, REFI-QDA), the codebook (CSV, .qdc), the comparison
// matrix, case × code counts and the researcher's cases. The shell asks where to save; the renderer never names
// a path. Each export says what its format could not carry.
//
// The exports that read the whole project run in the parse process (export/job.ts), so that a large one never
// holds the app's main process; so does the notes PDF's HTML page, which the app's printer then prints from
// its file (pdf.ts), and the comparison matrix. The small figures (agreement, map, timeline) are built here. A database in memory has no file another process could open, and the in-process parser
// (tests) means no process at all: both export in this process, with the same code.
import { message, messageLanguage, type Messages } from '../../../shared/messages'
import fs from 'node:fs'
import path from 'node:path'
import type { DialogPurpose } from '../../../shared/dialogs'
import { UserError } from '../../errors'
import { agreementRun } from '../../db/agreement-runs'
import { agreementCsv } from '../../team/agreement-csv'
import type { DomainContext, DomainHandlers } from '../../handlers'
import { inProcessParser } from '../parsing/runner'
import { writeExport, type ExportDone, type ExportFormat, type ExportOptions } from './job'
import { printNotesPdf } from './pdf'
import { mapCsv, mapSvg, timelineCsv, timelineSvg } from '../../geography/figures'
import { loadOutlines } from '../../geography/outlines'

type ExportChannel =
  | 'export:notes'
  | 'export:codebook'
  | 'export:matrix'
  | 'export:caseCodes'
  | 'export:cases'
  | 'export:agreement'
  | 'export:map'
  | 'export:timeline'
  | 'files:open'
  | 'files:reveal'

/** The PNG the renderer drew: it must be there and be a PNG, or nothing is saved. */
function pngBytes(base64: string | undefined): Buffer {
  const bytes = base64 ? Buffer.from(base64, 'base64') : Buffer.alloc(0)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(signature)) throw new UserError('map.pngMissing')
  return bytes
}

const today = (): string => new Date().toISOString().slice(0, 10)
/** The name a save dialog suggests, in the researcher's language: "anteckningar-2026-12-06.csv". */
const named = (what: keyof Messages['files']['export'], extension: string): string => `${message(`files.export.${what}`)}-${today()}.${extension}`

export function createExportHandlers({ db, dbPath, shell, compare, parser, geography, geoDir, reads }: DomainContext): DomainHandlers<ExportChannel> {
  /** What this session's exports wrote: the only files "Öppna" and "Visa i mappen" may touch. */
  const written = new Set<string>()
  const ownFile = (file: string): string => {
    if (!written.has(file)) throw new UserError('files.notWrittenHere', {}, 'forbidden')
    return file
  }

  const exportsHere = dbPath === ':memory:' || parser === inProcessParser

  /** Asks where to save; a cancelled dialog writes nothing. */
  async function pickPath(purpose: DialogPurpose, defaultName: string, extension: string): Promise<string | null> {
    if (!shell.pickSavePath) throw new UserError('files.saveDesktopOnly')
    return shell.pickSavePath({ purpose, defaultName, extensions: [extension] })
  }

  /**
   * Each file is written under a temporary name (by `write`, here or in the parse process) and renamed only
   * when all are complete: a full disk, a crash or a killed process leaves the earlier file (or none) at the
   * chosen path, never a truncated one, and no temporary file beside it. The file system's work runs off this
   * thread: renaming over an earlier export frees its blocks (117 ms on the main thread for a 169 MB .qdpx).
   */
  async function writeThenRename<T>(files: string[], write: (temps: string[]) => T | Promise<T>): Promise<T> {
    const temps = files.map((f) => `${f}.${process.pid}.tmp`)
    try {
      const result = await write(temps)
      for (const [i, f] of files.entries()) await fs.promises.rename(temps[i]!, f)
      for (const f of files) written.add(f)
      return result
    } catch (error) {
      for (const temp of temps) await fs.promises.rm(temp, { force: true })
      throw error
    }
  }

  /** Asks where to save, then writes the data built here (the matrix, the PDF). */
  async function saveAs(purpose: DialogPurpose, defaultName: string, extension: string, data: () => string | Buffer | Promise<string | Buffer>) {
    const chosen = await pickPath(purpose, defaultName, extension)
    if (!chosen) return { cancelled: true as const }
    await writeThenRename([chosen], async ([temp]) => fs.promises.writeFile(temp!, await data()))
    return { cancelled: false as const, files: [chosen], notCarried: [] }
  }

  /**
   * Builds an export of the project into `out`: in the parse process, which opens the project file read-only
   * and writes the files itself, or here (see the top of this file). `chosen` names the file in a failure.
   */
  function runExport(format: ExportFormat, options: ExportOptions, out: string[], chosen: string): Promise<ExportDone> {
    if (exportsHere) return writeExport(db, format, options, out)
    return parser.parse({ kind: 'export', export: format, file: path.basename(chosen), dbPath, options, out, language: messageLanguage() })
  }

  /** Asks where to save, then builds and writes an export of the project (runExport). */
  async function exportAs(
    purpose: DialogPurpose,
    defaultName: string,
    extension: string,
    format: ExportFormat,
    options: ExportOptions,
    files: (chosen: string) => string[],
  ) {
    const chosen = await pickPath(purpose, defaultName, extension)
    if (!chosen) return { cancelled: true as const }
    const out = files(chosen)
    const { notCarried } = await writeThenRename(out, (temps) => runExport(format, options, temps, chosen))
    return { cancelled: false as const, files: out, notCarried }
  }

  return {
    'files:open': async ({ path }) => {
      if (!shell.openPath) return { opened: false }
      await shell.openPath(ownFile(path))
      return { opened: true }
    },
    'files:reveal': ({ path }) => {
      if (!shell.showInFolder) return { opened: false }
      shell.showInFolder(ownFile(path))
      return { opened: true }
    },
    'export:notes': async ({ format, delimiter, crlf, codings, filter, headers, title, groupBy }) => {
      if (format === 'csv') {
        // Two files: one row per highlight, and the memos beside it.
        return exportAs('export-notes-csv', named('notes', 'csv'), 'csv', 'notes-csv', { delimiter, headers, filter }, (base) => [
          base,
          base.replace(/(\.csv)?$/i, '-memon.csv'),
        ])
      }
      if (format === 'pdf') {
        const printer = shell.printer
        if (!printer) throw new UserError('files.pdfNeedsPrinter')
        const chosen = await pickPath('export-notes-pdf', named('notes', 'pdf'), 'pdf')
        if (!chosen) return { cancelled: true as const }
        // One date for both prints: the title page must not change between them.
        const options: ExportOptions = { ...(filter ? { filter } : {}), ...(title ? { project: title } : {}), ...(groupBy ? { groupBy } : {}), now: new Date().toISOString() }
        await writeThenRename([chosen], async ([temp]) => {
          const pdf = await printNotesPdf(printer, (html, pagesFrom) => runExport('notes-html', { ...options, ...(pagesFrom ? { pagesFrom } : {}) }, [html], chosen))
          await fs.promises.writeFile(temp!, pdf)
        })
        return { cancelled: false as const, files: [chosen], notCarried: [] }
      }
      if (codings === false) return exportAs('export-hand-out-qdpx', named('handOut', 'qdpx'), 'qdpx', 'qdpx', { crlf, codings }, (base) => [base])
      return exportAs('export-project-qdpx', named('project', 'qdpx'), 'qdpx', 'qdpx', { crlf }, (base) => [base])
    },
    'export:codebook': async ({ format, delimiter }) => {
      if (format === 'csv') return exportAs('export-codebook-csv', named('codebook', 'csv'), 'csv', 'codebook-csv', { delimiter }, (base) => [base])
      return exportAs('export-codebook-qdc', named('codebook', 'qdc'), 'qdc', 'qdc', {}, (base) => [base])
    },
    // Counting every highlight of the cases is an export's work (the parse process); the cases are checked
    // first, so a request the core refuses never asks where to save.
    'export:matrix': async ({ caseIds, delimiter }) => {
      compare.checkCases(caseIds)
      return exportAs('export-matrix-csv', named('comparison', 'csv'), 'csv', 'matrix-csv', { caseIds, delimiter: delimiter ?? ';' }, (base) => [base])
    },
    'export:caseCodes': async ({ delimiter }) =>
      exportAs('export-case-codes-csv', named('caseCodes', 'csv'), 'csv', 'case-codes-csv', { delimiter }, (base) => [base]),
    'export:cases': async ({ delimiter }) => exportAs('export-cases-csv', named('cases', 'csv'), 'csv', 'cases-csv', { delimiter }, (base) => [base]),
    // A table of a few dozen rows: built here, from a saved result as it was or computed now.
    'export:agreement': async ({ runId, request, delimiter }) => {
      const result = runId ? agreementRun(db, runId) : await reads.agreement(request!)
      if (!result) throw new UserError('agreement.runNotFound', { id: runId! }, 'not-found')
      const data = agreementCsv(result, { delimiter: delimiter ?? ';' })
      return saveAs('export-agreement-csv', named('agreement', 'csv'), 'csv', () => data)
    },
    // The figure is built before the dialog opens: a request the core refuses never asks where to save.
    'export:map': async ({ request, format, png, delimiter }) => {
      const layer = await geography.layer(request)
      const outlines = geography.named(loadOutlines(geoDir))
      if (format === 'csv') return saveAs('export-map-csv', named('map', 'csv'), 'csv', () => mapCsv(outlines, layer, delimiter ?? ';'))
      if (format === 'svg') return saveAs('export-map-svg', named('map', 'svg'), 'svg', () => mapSvg(outlines, layer))
      const image = pngBytes(png)
      return saveAs('export-map-png', named('map', 'png'), 'png', () => image)
    },
    'export:timeline': async ({ filter, groupBy, format, png, delimiter }) => {
      const layout = geography.timeline(filter, groupBy)
      if (format === 'csv') return saveAs('export-timeline-csv', named('timeline', 'csv'), 'csv', () => timelineCsv(layout, delimiter ?? ';'))
      if (format === 'svg') return saveAs('export-timeline-svg', named('timeline', 'svg'), 'svg', () => timelineSvg(layout))
      const image = pngBytes(png)
      return saveAs('export-timeline-png', named('timeline', 'png'), 'png', () => image)
    },
  }
}
