// Everything that leaves the app as a file: notes (CSV, PDF, REFI-QDA), the codebook (CSV, .qdc), the comparison
// matrix, case × code counts and the researcher's cases. The shell asks where to save; the renderer never names
// a path. Each export says what its format could not carry.
import fs from 'node:fs'
import type { DialogPurpose } from '../../../shared/dialogs'
import { UserError } from '../../errors'
import type { DomainContext, DomainHandlers } from '../../handlers'
import { exportCasesCsv } from '../cases-csv'
import { exportQdc, exportQdpx } from '../refi/export'
import { exportCaseCodeCountsCsv, exportCodebookCsv, exportMatrixCsv, exportNotesCsv } from './csv'
import { exportNotesPdf } from './pdf'

type ExportChannel = 'export:notes' | 'export:codebook' | 'export:matrix' | 'export:caseCodes' | 'export:cases' | 'files:open' | 'files:reveal'

const today = (): string => new Date().toISOString().slice(0, 10)

export function createExportHandlers({ db, shell, compare }: DomainContext): DomainHandlers<ExportChannel> {
  /** What this session's exports wrote: the only files "Öppna" and "Visa i mappen" may touch. */
  const written = new Set<string>()
  const ownFile = (file: string): string => {
    if (!written.has(file)) throw new UserError('files.notWrittenHere', {}, 'forbidden')
    return file
  }

  /** Asks where to save, then writes each file; a cancelled dialog writes nothing. */
  async function saveAs(
    purpose: DialogPurpose,
    defaultName: string,
    extension: string,
    files: (base: string) => { path: string; data: string | Buffer }[],
    notCarried: string[] = [],
  ) {
    if (!shell.pickSavePath) throw new UserError('files.saveDesktopOnly')
    const chosen = await shell.pickSavePath({ purpose, defaultName, extensions: [extension] })
    if (!chosen) return { cancelled: true as const }
    const out = files(chosen)
    // Each file is written under a temporary name and renamed when complete: a full disk or a crash leaves
    // the earlier file (or none), never a truncated one.
    for (const f of out) {
      const temp = `${f.path}.${process.pid}.tmp`
      try {
        fs.writeFileSync(temp, f.data)
        fs.renameSync(temp, f.path)
      } catch (error) {
        fs.rmSync(temp, { force: true })
        throw error
      }
      written.add(f.path)
    }
    return { cancelled: false as const, files: out.map((f) => f.path), notCarried }
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
    'export:notes': async ({ format, delimiter, crlf, filter, headers, title, groupBy }) => {
      if (format === 'csv') {
        const { highlights, memos } = exportNotesCsv(db, { delimiter: delimiter ?? ';', headers: headers ?? 'sv', ...(filter ? { filter } : {}) })
        // Two files: one row per highlight, and the memos beside it.
        return saveAs('export-notes-csv', `anteckningar-${today()}.csv`, 'csv', (base) => [
          { path: base, data: highlights },
          { path: base.replace(/(\.csv)?$/i, '-memon.csv'), data: memos },
        ])
      }
      if (format === 'pdf') {
        if (!shell.printer) throw new UserError('files.pdfNeedsPrinter')
        const pdf = await exportNotesPdf(db, shell.printer, { ...(filter ? { filter } : {}), ...(title ? { project: title } : {}), ...(groupBy ? { groupBy } : {}) })
        return saveAs('export-notes-pdf', `anteckningar-${today()}.pdf`, 'pdf', (base) => [{ path: base, data: pdf }])
      }
      const qdpx = exportQdpx(db, { crlf: crlf ?? false })
      return saveAs('export-project-qdpx', `innovationsatlas-${today()}.qdpx`, 'qdpx', (base) => [{ path: base, data: qdpx.data }], qdpx.notCarried)
    },
    'export:codebook': async ({ format, delimiter }) => {
      if (format === 'csv') {
        const data = exportCodebookCsv(db, { delimiter: delimiter ?? ';' })
        return saveAs('export-codebook-csv', `kodbok-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
      }
      const qdc = exportQdc(db)
      return saveAs('export-codebook-qdc', `kodbok-${today()}.qdc`, 'qdc', (base) => [{ path: base, data: qdc.xml }], qdc.notCarried)
    },
    'export:matrix': async ({ caseIds, delimiter }) => {
      const data = exportMatrixCsv(compare.matrix(caseIds), { delimiter: delimiter ?? ';' })
      return saveAs('export-matrix-csv', `jamforelse-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
    },
    'export:caseCodes': async ({ delimiter }) => {
      const data = exportCaseCodeCountsCsv(db, { delimiter: delimiter ?? ';' })
      return saveAs('export-case-codes-csv', `fall-koder-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
    },
    'export:cases': async ({ delimiter }) => {
      const data = exportCasesCsv(db, null, delimiter ?? ';')
      return saveAs('export-cases-csv', `fall-${today()}.csv`, 'csv', (base) => [{ path: base, data }])
    },
  }
}
