// Importing the researcher's own documents: each file becomes an own report (entities + reports), its pages
// or headings become sections, and document_files remembers where it came from. Each file is all-or-nothing
// (one transaction, written only after the whole file was read and parsed); a failing file is reported and
// the next one goes on; a cancel stops before the next file (or before the current one is saved).
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { saveDocument, type OwnDocument } from '../../db/documents'
import { withAnalyses } from '../../db/library'
import type { AtlasDatabase } from '../../db/open'
import { UserError, wordsOf } from '../../errors'
import { MAX_FILE_BYTES } from '../../files'
import { inProcessParser, type Parser } from '../parsing/runner'
import { unpackDocument, type ReadDocument } from '../parsing/packed'
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
  /**
   * Writes a document: in the app, in the write worker in its turn (writes/); by default on `db`, at once. A
   * document of a thousand sections takes a few hundred milliseconds to write.
   */
  save?: (document: DocumentToSave) => Promise<void>
}

/** A document read, to be written: the packed file the parse process wrote (packed.ts), and where it goes. */
export interface DocumentToSave {
  id: string
  fileName: string
  attachTo: string[]
  read: ReadDocument
}

/**
 * Writes a read document, with the library analysis of its sections made where it was read (db/library.ts:
 * only written here). The packed file is read once and removed.
 */
export function saveReadDocument(db: AtlasDatabase, { id, fileName, attachTo, read }: DocumentToSave): void {
  const doc = unpackDocument(read)
  const document: OwnDocument = {
    id,
    title: doc.title,
    summary: summarise(doc.sections),
    sections: doc.sections,
    file: { name: fileName, format: doc.format, sha256: read.source.sha256, bytes: read.source.bytes },
    attachTo,
  }
  withAnalyses(db, analysesOf(document.sections, doc.analysed), () => saveDocument(db, document))
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const ATTACHABLE = new Set(['initiative', 'programme', 'report'])

export async function importDocuments(db: AtlasDatabase, files: DocumentFileRef[], options: ImportOptions = {}): Promise<ImportResult> {
  const q = {
    entity: db.prepare('SELECT type FROM entities WHERE id = ?'),
    sameFile: db.prepare(`SELECT e.name, d.file_name FROM document_files d JOIN entities e ON e.id = d.entity_id WHERE d.sha256 = ? LIMIT 1`),
  }
  const attachTo = [...new Set(options.attachTo ?? [])]
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES
  const result: ImportResult = { imported: [], failed: [], cancelled: false }
  const signal = options.signal
  const parser = options.parser ?? inProcessParser

  let packed: string | null = null
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
      checkWithinLimit(file, maxBytes)
      await report('parsing')
      // Read, checksummed and parsed where the parser runs (in the app, the parse process), which writes the
      // document to `packed` for where it is saved: this thread gets only its title, format, size and warnings.
      packed = path.join(os.tmpdir(), `innovationsatlas-${randomUUID()}.document`)
      const read = await parser.parse({ kind: 'documentFile', file: file.name, path: file.path, out: packed }, { signal })
      if (signal?.aborted) {
        result.cancelled = true
        break
      }
      const earlier = q.sameFile.get(read.source.sha256) as { name: string; file_name: string } | undefined
      if (earlier) {
        throw new UserError('documents.duplicate', { file: file.name, name: earlier.name, earlierFile: earlier.file_name })
      }
      await report('saving')
      const entityId = `own-doc-${randomUUID()}`
      const toSave: DocumentToSave = { id: entityId, fileName: file.name, attachTo, read }
      if (options.save) await options.save(toSave)
      else saveReadDocument(db, toSave)
      result.imported.push({ file: file.name, entityId, title: read.title, format: read.format, sections: read.sections, warnings: read.warnings })
      await report('done', read.warnings.length > 0 ? read.warnings.join(' ') : undefined)
    } catch (error) {
      if (signal?.aborted && !(error instanceof UserError)) {
        result.cancelled = true
        break
      }
      if (!(error instanceof UserError)) console.error(error)
      const message = wordsOf(error instanceof UserError ? error : new UserError('documents.unexpected', { file: file.name }))
      result.failed.push({ file: file.name, message })
      await report('failed', message)
    } finally {
      // Read but not saved (refused, cancelled, failed): the packed document goes.
      if (packed) fs.rmSync(packed, { force: true })
      packed = null
    }
  }
  return result
}

/** The size is checked before a single byte is read, so a huge file costs nothing. */
function checkWithinLimit(file: DocumentFileRef, maxBytes: number): void {
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
}

/** The sections' analyses by the text they analyse (none when the document came without them). */
function analysesOf(sections: OwnDocument['sections'], analysed: ParsedDocument['analysed']): [string, LibraryText][] {
  return (analysed ?? []).flatMap((a, i): [string, LibraryText][] => {
    const section = sections[i]
    return section ? [[section.heading, a.heading], [section.text, a.text]] : []
  })
}
