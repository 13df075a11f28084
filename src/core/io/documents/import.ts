// Importing the researcher's own documents: each file becomes an own report (entities + reports), its pages
// or headings become sections, and document_files remembers where it came from. Each file is all-or-nothing
// (one transaction, written only after the whole file was read and parsed); a failing file is reported and
// the next one goes on; a cancel stops before the next file (or before the current one is saved).
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { saveDocument } from '../../db/documents'
import { withAnalyses } from '../../db/library'
import type { AtlasDatabase } from '../../db/open'
import { UserError, wordsOf } from '../../errors'
import { MAX_FILE_BYTES } from '../../files'
import { inProcessParser, type Parser } from '../parsing/runner'
import { summarise } from './sections'
import type { ParsedDocument } from './types'
import type { ImportPhase, ImportProgress, ImportResult } from '../../../shared/domain'
import type { LibraryText } from '../../../shared/search-options'

export type { ImportedDocument, ImportPhase, ImportProgress, ImportResult } from '../../../shared/domain'
export type { DocumentFormat, ParsedDocument } from './types'

export interface DocumentFileRef {
  /** Shown in messages: the file's name, never its path. */
  name: string
  path: string
}

export interface ImportOptions {
  /** Ids of cases (initiatives, programmes) or reports the documents are attached to. */
  attachTo?: string[]
  onProgress?: (progress: ImportProgress) => void
  signal?: AbortSignal
  /** Larger files are refused before they are read; default MAX_FILE_BYTES. */
  maxBytes?: number
  /** Where files are read: the app's parse process (atlas.ts); by default this process. */
  parser?: Parser
  /** Writes the document in its turn (writes/gate.ts: never while a large write runs elsewhere). */
  inTurn?: (write: () => void) => Promise<void>
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const ATTACHABLE = new Set(['initiative', 'programme', 'report'])

export async function importDocuments(db: AtlasDatabase, files: DocumentFileRef[], options: ImportOptions = {}): Promise<ImportResult> {
  const q = {
    entity: db.prepare('SELECT type FROM entities WHERE id = ?'),
    sameFile: db.prepare(`SELECT e.name, d.file_name FROM document_files d JOIN entities e ON e.id = d.entity_id WHERE d.sha256 = ? LIMIT 1`),
  }
  // The sections' library analysis came with the parsed document (the parse process made it): only written here.
  const save = (id: string, file: DocumentFileRef, doc: ParsedDocument, sha256: string, bytes: number, attachTo: string[]): void =>
    void withAnalyses(db, analysesOf(doc), () =>
      saveDocument(db, {
        id,
        title: doc.title,
        summary: summarise(doc.sections),
        sections: doc.sections,
        file: { name: file.name, format: doc.format, sha256, bytes },
        attachTo,
      }),
    )

  const attachTo = [...new Set(options.attachTo ?? [])]
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES
  const result: ImportResult = { imported: [], failed: [], cancelled: false }
  const signal = options.signal
  const parser = options.parser ?? inProcessParser

  for (const [index, file] of files.entries()) {
    if (signal?.aborted) {
      result.cancelled = true
      break
    }
    // Each step gives the event loop a turn: the window's progress polls and the cancel button are answered
    // on the app's main process while the parse process reads.
    const report = async (phase: ImportPhase, message?: string): Promise<void> => {
      options.onProgress?.({ file: file.name, index, total: files.length, phase, ...(message === undefined ? {} : { message }) })
      await yieldToEventLoop()
    }
    try {
      await report('reading')
      for (const id of attachTo) {
        const row = q.entity.get(id) as { type: string } | undefined
        if (!row || !ATTACHABLE.has(row.type)) {
          throw new UserError('documents.cannotAttach', { file: file.name, id })
        }
      }
      const bytes = readWithinLimit(file, maxBytes)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const earlier = q.sameFile.get(sha256) as { name: string; file_name: string } | undefined
      if (earlier) {
        throw new UserError('documents.duplicate', { file: file.name, name: earlier.name, earlierFile: earlier.file_name })
      }
      await report('parsing')
      const doc = await parser.parse({ kind: 'document', file: file.name, bytes }, { signal })
      if (signal?.aborted) {
        result.cancelled = true
        break
      }
      await report('saving')
      const entityId = `own-doc-${randomUUID()}`
      const write = (): void => save(entityId, file, doc, sha256, bytes.length, attachTo)
      if (options.inTurn) await options.inTurn(write)
      else write()
      result.imported.push({ file: file.name, entityId, title: doc.title, format: doc.format, sections: doc.sections.length, warnings: doc.warnings })
      await report('done', doc.warnings.length > 0 ? doc.warnings.join(' ') : undefined)
    } catch (error) {
      if (signal?.aborted && !(error instanceof UserError)) {
        result.cancelled = true
        break
      }
      if (!(error instanceof UserError)) console.error(error)
      const message = wordsOf(error instanceof UserError ? error : new UserError('documents.unexpected', { file: file.name }))
      result.failed.push({ file: file.name, message })
      await report('failed', message)
    }
  }
  return result
}

/** The size is checked before a single byte is read, so a huge file costs nothing. */
function readWithinLimit(file: DocumentFileRef, maxBytes: number): Buffer {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file.path)
  } catch {
    throw new UserError('documents.missing', { file: file.name })
  }
  if (!stat.isFile()) throw new UserError('documents.notAFile', { file: file.name })
  if (stat.size > maxBytes) {
    throw new UserError('documents.tooLarge', { file: file.name, size: (stat.size / 1024 / 1024).toFixed(0), limit: Math.round(maxBytes / 1024 / 1024) })
  }
  if (stat.size === 0) throw new UserError('documents.empty', { file: file.name })
  try {
    return fs.readFileSync(file.path)
  } catch {
    throw new UserError('documents.unreadable', { file: file.name })
  }
}

/** A parsed document's section analyses by the text they analyse (none when it came without them). */
function analysesOf(doc: ParsedDocument): [string, LibraryText][] {
  return (doc.analysed ?? []).flatMap((a, i): [string, LibraryText][] => {
    const section = doc.sections[i]
    return section ? [[section.heading, a.heading], [section.text, a.text]] : []
  })
}
