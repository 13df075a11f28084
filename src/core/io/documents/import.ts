// Importing the researcher's own documents: each file becomes an own report (entities + reports), its pages
// or headings become sections, and document_files remembers where it came from. Each file is all-or-nothing
// (one transaction, written only after the whole file was read and parsed); a failing file is reported and
// the next one goes on; a cancel stops before the next file (or before the current one is saved).
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type { AtlasDatabase } from '../../db/open'
import { MAX_FILE_BYTES } from '../../files'
import { textHash } from '../../text'
import { detectFormat } from './detect'
import { parseDocument } from './parse'
import { summarise } from './sections'
import { DocumentImportError, type ParsedDocument } from './types'
import type { ImportPhase, ImportProgress, ImportResult } from '../../../shared/domain'

export { DocumentImportError } from './types'
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
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const ATTACHABLE = new Set(['initiative', 'programme', 'report'])

export async function importDocuments(db: AtlasDatabase, files: DocumentFileRef[], options: ImportOptions = {}): Promise<ImportResult> {
  const q = {
    entity: db.prepare('SELECT type FROM entities WHERE id = ?'),
    sameFile: db.prepare(`SELECT e.name, d.file_name FROM document_files d JOIN entities e ON e.id = d.entity_id WHERE d.sha256 = ? LIMIT 1`),
    insertEntity: db.prepare(`INSERT INTO entities (id, type, name, summary, origin) VALUES (?, 'report', ?, ?, 'own')`),
    insertReport: db.prepare('INSERT INTO reports (entity_id, publisher, year, url) VALUES (?, NULL, NULL, NULL)'),
    insertSection: db.prepare(`INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin) VALUES (?, ?, ?, ?, ?, ?, 'own')`),
    insertFile: db.prepare(`INSERT INTO document_files (entity_id, file_name, format, sha256, byte_size, imported_at) VALUES (?, ?, ?, ?, ?, ?)`),
    insertRelation: db.prepare(`INSERT OR IGNORE INTO relations (from_id, to_id, origin) VALUES (?, ?, 'own')`),
  }
  const save = db.transaction((entityId: string, file: DocumentFileRef, doc: ParsedDocument, sha256: string, size: number, attachTo: string[]) => {
    q.insertEntity.run(entityId, doc.title, summarise(doc.sections))
    q.insertReport.run(entityId)
    doc.sections.forEach((section, i) => {
      q.insertSection.run(`${entityId}#s${i + 1}`, entityId, i, section.heading, section.text, textHash(section.text))
    })
    q.insertFile.run(entityId, file.name, doc.format, sha256, size, new Date().toISOString())
    for (const id of attachTo) q.insertRelation.run(entityId, id)
  })

  const attachTo = [...new Set(options.attachTo ?? [])]
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES
  const result: ImportResult = { imported: [], failed: [], cancelled: false }
  const signal = options.signal

  for (const [index, file] of files.entries()) {
    if (signal?.aborted) {
      result.cancelled = true
      break
    }
    // Each step gives the event loop a turn: the import runs on the app's main process, and the window's
    // progress polls and the cancel button must be answered while it works.
    const report = async (phase: ImportPhase, message?: string): Promise<void> => {
      options.onProgress?.({ file: file.name, index, total: files.length, phase, ...(message === undefined ? {} : { message }) })
      await yieldToEventLoop()
    }
    try {
      await report('reading')
      for (const id of attachTo) {
        const row = q.entity.get(id) as { type: string } | undefined
        if (!row || !ATTACHABLE.has(row.type)) {
          throw new DocumentImportError(file.name, `kan inte kopplas till "${id}": det finns inget fall eller någon rapport med det id:t i atlasen.`)
        }
      }
      const bytes = readWithinLimit(file, maxBytes)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const earlier = q.sameFile.get(sha256) as { name: string; file_name: string } | undefined
      if (earlier) {
        throw new DocumentImportError(
          file.name,
          `samma fil är redan importerad som dokumentet "${earlier.name}" (från ${earlier.file_name}). Koppla det dokumentet till fler fall i stället för att importera det igen.`,
        )
      }
      await report('parsing')
      const format = await detectFormat(file.name, bytes)
      const doc = await parseDocument(file.name, format, bytes, signal)
      if (signal?.aborted) {
        result.cancelled = true
        break
      }
      await report('saving')
      const entityId = `own-doc-${randomUUID()}`
      save(entityId, file, doc, sha256, bytes.length, attachTo)
      result.imported.push({ file: file.name, entityId, title: doc.title, format: doc.format, sections: doc.sections.length, warnings: doc.warnings })
      await report('done', doc.warnings.length > 0 ? doc.warnings.join(' ') : undefined)
    } catch (error) {
      if (signal?.aborted && !(error instanceof DocumentImportError)) {
        result.cancelled = true
        break
      }
      const message =
        error instanceof DocumentImportError ? error.message : `${file.name}: filen kunde inte importeras på grund av ett oväntat fel. Inget sparades.`
      if (!(error instanceof DocumentImportError)) console.error(error)
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
    throw new DocumentImportError(file.name, 'filen finns inte eller går inte att läsa.')
  }
  if (!stat.isFile()) throw new DocumentImportError(file.name, 'är ingen fil.')
  if (stat.size > maxBytes) {
    throw new DocumentImportError(
      file.name,
      `filen är ${(stat.size / 1024 / 1024).toFixed(0)} MB; gränsen är ${Math.round(maxBytes / 1024 / 1024)} MB. Dela upp den eller spara en mindre version.`,
    )
  }
  if (stat.size === 0) throw new DocumentImportError(file.name, 'filen är tom.')
  try {
    return fs.readFileSync(file.path)
  } catch {
    throw new DocumentImportError(file.name, 'filen går inte att läsa.')
  }
}
