// REFI-QDA projects (.qdpx) and codebooks (.qdc) from other tools, and colleagues' project files, in two steps:
// inspect lists what cannot be carried and which GUIDs conflict before anything is written; import writes,
// settling conflicts as the researcher chose. The file is read in the parse process (io/parsing), so a hostile
// one can fail but not end the app. What it read goes by a temporary file, which the main thread never reads, to
// where the large writes run (writes/: in the app, the write worker); that inspects it and holds it under a
// token for the import (parsed once: a source without a GUID gets one when read, and the import must write the
// very things the inspection showed). The main thread holds only the file's name and how many conflicts it has.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { safetyCopyInSteps } from '../../db/safety-copies'
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'
import type { DomainContext, DomainHandlers } from '../../handlers'
import { chooseFiles } from '../../files'

/** A project may carry media the import leaves out unread: allow large files, inflate only what is used. */
const MAX_PROJECT_BYTES = 500 * 1024 * 1024

type Chosen = { name: string; conflicts: number; kind: 'qdpx' | 'qdc' }

export function createRefiHandlers({ db, dbPath, shell, annotations, parser, writes }: DomainContext): DomainHandlers<'refi:inspect' | 'refi:import'> {
  const chosenFiles = new Map<string, Chosen>()
  return {
    'refi:inspect': async () => {
      const request = { purpose: 'import-refi' as const, extensions: ['qdpx', 'qdc', 'sqlite'], multiple: false }
      const [file] = await chooseFiles(shell.pickFiles, request, MAX_PROJECT_BYTES)
      if (!file) return { cancelled: true }
      const token = randomUUID()
      // The parse process writes what it read here; the write worker reads it and removes it.
      const out = path.join(os.tmpdir(), `innovationsatlas-${token}.refi`)
      const inspection = await parser
        .parse({ kind: 'refi', file: file.name, path: file.path, out })
        .then((packed) => writes.inspectRefi(token, packed))
        .finally(() => fs.promises.rm(out, { force: true }))
      chosenFiles.set(token, { name: file.name, kind: inspection.kind, conflicts: inspection.conflicts.length })
      return { cancelled: false, token, file: file.name, ...inspection }
    },
    'refi:import': async ({ token, onConflict, choices, matchByText }) => {
      const file = chosenFiles.get(token)
      if (!file) throw new UserError('files.inspectionExpired')
      if (file.conflicts > 0 && !onConflict) throw new UserError('refi.conflictsUnsettled', { file: file.name, count: file.conflicts })
      chosenFiles.delete(token)
      // The merge is one undo step (Ångra). The undo history lives as long as the app runs, so the project is
      // also copied aside first: "Återställ den nyaste automatiska kopian" takes it back to this moment later.
      const safety = dbPath === ':memory:' ? null : path.basename(await safetyCopyInSteps(db, dbPath, 'sammanslagning'))
      const settle = { all: onConflict ?? ('mine' as const), byGuid: choices }
      const options = { fileName: file.name, choices: settle, ...(matchByText === false ? { matchByText } : {}) }
      const { value, step } = await writes.importRefi(token, options)
      if (step !== null) annotations.history.remember(message('history.importFile', { file: file.name }), step, writes)
      if (value.kind === 'qdc') {
        return {
          documents: 0,
          codes: value.result.codes,
          highlights: 0,
          memos: 0,
          cases: { matched: 0, created: 0 },
          attributes: 0,
          remarks: value.result.remarks,
          unchanged: { documents: 0, highlights: 0, memos: 0 },
          conflicts: { mine: 0, theirs: 0, both: 0 },
          safetyCopy: safety,
        }
      }
      return { ...value.result, safetyCopy: safety }
    },
  }
}
