// The researcher's document library: import many files at once (progress polled, cancellable), and attach a
// document to cases.
import path from 'node:path'
import type { ImportProgress } from '../../../shared/domain'
import { writeWithoutHistory } from '../../db/history'
import { relate } from '../../db/entities'
import { UserError } from '../../errors'
import type { DomainContext, DomainHandlers } from '../../handlers'
import { importDocuments } from './import'

type DocumentsChannel = 'documents:import' | 'documents:status' | 'documents:cancel' | 'documents:attach'

export function createDocumentHandlers({ db, shell, parser, gate, writes }: DomainContext): DomainHandlers<DocumentsChannel> {
  // One document import at a time; its progress is polled by the UI and it can be cancelled.
  let running: { controller: AbortController; progress: ImportProgress | null } | null = null
  let lastProgress: ImportProgress | null = null
  return {
    'documents:import': async ({ attachTo }) => {
      if (running) throw new UserError('documents.importRunning')
      if (!shell.pickFiles) throw new UserError('files.pickDesktopOnly')
      const paths = await shell.pickFiles({
        purpose: 'import-documents',
        extensions: ['pdf', 'docx', 'md', 'markdown', 'txt', 'html', 'htm'],
        multiple: true,
      })
      if (paths.length === 0) return { imported: [], failed: [], cancelled: true }
      const run = { controller: new AbortController(), progress: null as ImportProgress | null }
      running = run
      try {
        const result = await importDocuments(
          db,
          paths.map((p) => ({ name: path.basename(p), path: p })),
          {
            attachTo: attachTo ?? [],
            signal: run.controller.signal,
            parser,
            // Not held as a whole (files are read for minutes): each document is written in its turn, in the
            // write worker (a document of a thousand sections takes a few hundred milliseconds to write).
            save: (document) => gate.hold(() => writes.saveDocument(document)),
            onProgress: (p) => {
              run.progress = p
              lastProgress = p
            },
          },
        )
        return result
      } finally {
        running = null
      }
    },
    'documents:status': () => ({ running: running !== null, progress: running?.progress ?? lastProgress }),
    'documents:cancel': () => {
      if (!running) return { cancelled: false }
      running.controller.abort()
      return { cancelled: true }
    },
    'documents:attach': ({ documentId, caseIds }) => {
      const doc = db.prepare(`SELECT id FROM entities WHERE id = ? AND type = 'report'`).get(documentId)
      if (!doc) throw new UserError('documents.documentNotFound', { id: documentId })
      const exists = db.prepare(`SELECT id FROM entities WHERE id = ? AND type IN ('initiative','programme','report')`)
      let attached = 0
      writeWithoutHistory(db, (w) => {
        for (const caseId of caseIds) {
          if (!exists.get(caseId)) throw new UserError('documents.caseNotFound', { id: caseId })
          if (relate(w, documentId, caseId)) attached++
        }
      })
      return { attached }
    },
  }
}
