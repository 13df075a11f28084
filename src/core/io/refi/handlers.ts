// REFI-QDA projects (.qdpx) and codebooks (.qdc) from other tools, in two steps: inspect lists what cannot be
// carried before anything is written; import writes. Between them the file waits here under a token.
import { randomUUID } from 'node:crypto'
import { UserError } from '../../errors'
import type { DomainContext, DomainHandlers } from '../../handlers'
import { readChosenBytes } from '../../files'
import { importQdc, importQdpx, inspectQdc, inspectQdpx } from './import'

/** A project may carry media the import leaves out unread: allow large files, inflate only what is used. */
const MAX_PROJECT_BYTES = 500 * 1024 * 1024

export function createRefiHandlers({ db, shell, annotations }: DomainContext): DomainHandlers<'refi:inspect' | 'refi:import'> {
  const chosenProjects = new Map<string, { name: string; bytes: Buffer; kind: 'qdpx' | 'qdc' }>()
  return {
    'refi:inspect': async () => {
      const request = { purpose: 'import-refi' as const, extensions: ['qdpx', 'qdc'], multiple: false }
      const [file] = await readChosenBytes(shell.pickFiles, request, MAX_PROJECT_BYTES)
      if (!file) return { cancelled: true }
      const isZip = file.bytes.subarray(0, 2).toString('latin1') === 'PK'
      const kind = isZip ? ('qdpx' as const) : ('qdc' as const)
      const inspection = isZip ? inspectQdpx(file.bytes, file.name) : inspectQdc(file.bytes, file.name)
      const token = randomUUID()
      chosenProjects.set(token, { name: file.name, bytes: file.bytes, kind })
      return { cancelled: false, token, file: file.name, kind, ...inspection }
    },
    'refi:import': async ({ token }) => {
      const file = chosenProjects.get(token)
      if (!file) throw new UserError('files.inspectionExpired')
      chosenProjects.delete(token)
      if (file.kind === 'qdc') {
        const result = importQdc(db, file.bytes, { fileName: file.name })
        annotations.history.clear()
        return { documents: 0, codes: result.codes, highlights: 0, memos: 0, cases: { matched: 0, created: 0 }, attributes: 0, remarks: result.remarks, unchanged: { documents: 0, highlights: 0, memos: 0 } }
      }
      const result = importQdpx(db, file.bytes, { fileName: file.name })
      // The import wrote outside the undo history; earlier undo steps may no longer fit what is there.
      annotations.history.clear()
      return result
    },
  }
}
