// REFI-QDA projects (.qdpx) and codebooks (.qdc) from other tools, in two steps: inspect lists what cannot be
// carried and which GUIDs conflict before anything is written; import writes, settling conflicts as the
// researcher chose. The file is read in the parse process (io/parsing), so a hostile one can fail but not
// end the app. Between them the parsed file waits here under a token (parsed once: a source without a
// GUID gets one when read, and the import must write the very things the inspection showed).
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { safetyCopyInSteps } from '../../db/safety-copies'
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'
import type { DomainContext, DomainHandlers } from '../../handlers'
import { readChosenBytes } from '../../files'
import { isProjectFile } from './project-file'
import { importCodebook, importProject, inspectCodebook, inspectProject, type ParsedCodebook, type ParsedProject } from './import'

/** A project may carry media the import leaves out unread: allow large files, inflate only what is used. */
const MAX_PROJECT_BYTES = 500 * 1024 * 1024

type Chosen = { name: string; conflicts: number } & ({ kind: 'qdpx'; project: ParsedProject } | { kind: 'qdc'; book: ParsedCodebook })

export function createRefiHandlers({ db, dbPath, shell, annotations, parser }: DomainContext): DomainHandlers<'refi:inspect' | 'refi:import'> {
  const chosenProjects = new Map<string, Chosen>()
  return {
    'refi:inspect': async () => {
      const request = { purpose: 'import-refi' as const, extensions: ['qdpx', 'qdc', 'sqlite'], multiple: false }
      const [file] = await readChosenBytes(shell.pickFiles, request, MAX_PROJECT_BYTES)
      if (!file) return { cancelled: true }
      const token = randomUUID()
      // A project is a ZIP (whatever its name), or a colleague's Innovationsatlas project file; a codebook is XML.
      const projectFile = isProjectFile(file.bytes)
      if (projectFile || file.bytes.subarray(0, 2).toString('latin1') === 'PK') {
        const project = projectFile
          ? await parser.parse({ kind: 'projectFile', file: file.name, bytes: file.bytes })
          : await parser.parse({ kind: 'qdpx', file: file.name, bytes: file.bytes })
        const inspection = inspectProject(db, project)
        chosenProjects.set(token, { name: file.name, kind: 'qdpx', project, conflicts: inspection.conflicts.length })
        return { cancelled: false, token, file: file.name, kind: 'qdpx', ...inspection }
      }
      const book = await parser.parse({ kind: 'qdc', file: file.name, bytes: file.bytes })
      const inspection = inspectCodebook(db, book)
      chosenProjects.set(token, { name: file.name, kind: 'qdc', book, conflicts: inspection.conflicts.length })
      return { cancelled: false, token, file: file.name, kind: 'qdc', ...inspection }
    },
    'refi:import': async ({ token, onConflict, choices, matchByText }) => {
      const file = chosenProjects.get(token)
      if (!file) throw new UserError('files.inspectionExpired')
      if (file.conflicts > 0 && !onConflict) throw new UserError('refi.conflictsUnsettled', { file: file.name, count: file.conflicts })
      chosenProjects.delete(token)
      // The merge is one undo step (Ångra). The undo history lives as long as the app runs, so the project is
      // also copied aside first: "Återställ den nyaste automatiska kopian" takes it back to this moment later.
      const safety = dbPath === ':memory:' ? null : path.basename(await safetyCopyInSteps(db, dbPath, 'sammanslagning'))
      const settle = { all: onConflict ?? ('mine' as const), byGuid: choices }
      const options = { fileName: file.name, choices: settle, ...(matchByText === false ? { matchByText } : {}) }
      const label = message('history.importFile', { file: file.name })
      if (file.kind === 'qdc') {
        const result = annotations.history.record(label, (w) => importCodebook(w, file.book, options))
        return {
          documents: 0,
          codes: result.codes,
          highlights: 0,
          memos: 0,
          cases: { matched: 0, created: 0 },
          attributes: 0,
          remarks: result.remarks,
          unchanged: { documents: 0, highlights: 0, memos: 0 },
          conflicts: { mine: 0, theirs: 0, both: 0 },
          safetyCopy: safety,
        }
      }
      const result = annotations.history.record(label, (w) => {
        const written = importProject(w, file.project, options)
        // Highlights placed in a text that changed (theirs replaced mine, or theirs placed in mine) find their
        // passage again, or are kept as orphans with their quote — in the same step, so undo puts them back.
        annotations.highlights.reanchorChanged(w)
        return written
      })
      return { ...result, safetyCopy: safety }
    },
  }
}
