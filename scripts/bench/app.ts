// The app's own search path for `npm run bench:search`: the synthetic corpus imported into a project file as the
// researcher's documents (saveDocument, the call the file import makes, which writes the library index in the
// same transaction), and the search process as the app's search worker starts it (a read-only connection and
// SearchService, whose library part is LibrarySearch over that index).
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { ReadableDB } from '../../src/core/db/connection'
import { saveDocument, type OwnDocument } from '../../src/core/db/documents'
import { openDatabase, openReadOnly } from '../../src/core/db/open'
import { summarise } from '../../src/core/io/documents/sections'
import type { SearchDocument } from '../../src/core/search/engine'
import { SearchService } from '../../src/core/search/service'
import type { SearchResponse } from '../../src/shared/domain'
import { queryTerms, tokenize } from '../../src/shared/search-options'

/** Sections per imported document: a report of ~50 pages or headings. */
export const SECTIONS_PER_DOCUMENT = 50

const now = (): number => performance.now()
const cpu = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** The documents the corpus becomes: sections i…i+49 are document `bench-d<i/50>`, section `#s<1…50>`. */
export function corpusDocuments(docs: readonly SearchDocument[], perDocument = SECTIONS_PER_DOCUMENT): OwnDocument[] {
  const out: OwnDocument[] = []
  for (let start = 0; start < docs.length; start += perDocument) {
    const part = docs.slice(start, start + perDocument)
    const sections = part.map((d) => ({ heading: d.name, text: d.text }))
    const id = `bench-d${start / perDocument}`
    const body = sections.map((s) => `${s.heading}\n\n${s.text}`).join('\n\n')
    out.push({
      id,
      title: part[0]?.parentTitle || id,
      summary: summarise(sections),
      sections,
      file: { name: `${id}.txt`, format: 'text', sha256: createHash('sha256').update(body).digest('hex'), bytes: Buffer.byteLength(body) },
    })
  }
  return out
}

export interface ImportFigures {
  documents: number
  sections: number
  /** Wall time of the saveDocument calls (one transaction each, the index written before each commit). */
  import_ms: number
  import_cpu_ms: number
  sections_per_s: number
  /** Closing the connection: the last WAL checkpoint. */
  close_ms: number
  db_bytes: number
  /** Rows of the library index: one per document (title, summary) and one per section. */
  passages: number
  /** Distinct terms in the index (fts5vocab): what the search process loads for completion and typo tolerance. */
  terms: number
}

/** Creates the project file and imports the corpus through saveDocument, one document per transaction. */
export function importCorpus(file: string, docs: readonly SearchDocument[], perDocument = SECTIONS_PER_DOCUMENT): ImportFigures {
  fs.rmSync(file, { force: true })
  fs.rmSync(`${file}-wal`, { force: true })
  fs.rmSync(`${file}-shm`, { force: true })
  const documents = corpusDocuments(docs, perDocument)
  const db = openDatabase(file)
  const t = now()
  const c = cpu()
  for (const doc of documents) saveDocument(db, doc)
  const importMs = now() - t
  const importCpuMs = cpu() - c
  const passages = (db.prepare('SELECT count(*) AS n FROM library_passages').get() as { n: number }).n
  const terms = (db.prepare('SELECT count(*) AS n FROM library_terms').get() as { n: number }).n
  const t2 = now()
  db.close()
  const closeMs = now() - t2
  return {
    documents: documents.length,
    sections: docs.length,
    import_ms: Math.round(importMs),
    import_cpu_ms: Math.round(importCpuMs),
    sections_per_s: Math.round(docs.length / (importMs / 1000)),
    close_ms: Math.round(closeMs),
    db_bytes: fs.statSync(file).size,
    passages,
    terms,
  }
}

export interface AppStart {
  db: ReadableDB
  service: SearchService
  first: SearchResponse
  /** Opening the read-only connection. */
  open_ms: number
  /** SearchService.open with no saved catalogue index (the catalogue of this project is empty). */
  service_ms: number
  /** From before the open to the first query answered: open + SearchService.open + the first search. */
  first_result_ms: number
  first_result_cpu_ms: number
  /** From before the open until the library's vocabulary (completion, typo tolerance) is loaded. */
  vocabulary_ms: number
}

/**
 * The search process starting as the app's search worker does (openReadOnly, SearchService.open), answering
 * `firstQuery`, then waiting for the library's vocabulary, which SearchService.open starts loading in the
 * background.
 */
export async function startApp(file: string, firstQuery: string, limit = 20): Promise<AppStart> {
  const t0 = now()
  const c0 = cpu()
  const db = openReadOnly(file)
  const t1 = now()
  const service = await SearchService.open(db, null)
  const t2 = now()
  const first = await service.search(firstQuery, limit)
  const t3 = now()
  const c3 = cpu()
  await service.library.ready()
  const t4 = now()
  return {
    db,
    service,
    first,
    open_ms: t1 - t0,
    service_ms: t2 - t1,
    first_result_ms: t3 - t0,
    first_result_cpu_ms: c3 - c0,
    vocabulary_ms: t4 - t0,
  }
}

/** A passage's heading and text by the id a hit carries (a section's id, or a document's for its record). */
export function passageText(db: ReadableDB): (id: string) => string {
  const section = db.prepare(`SELECT heading || char(10) || text AS text FROM sections WHERE id = ?`)
  const entity = db.prepare(`SELECT name || char(10) || summary AS text FROM entities WHERE id = ?`)
  return (id) => ((section.get(id) ?? entity.get(id)) as { text: string } | undefined)?.text ?? ''
}

/**
 * Whether a text holds the word meant by a misspelling, in any inflection: some word of it has a query term
 * (stem, folded stem) of the intended word. The same check for every engine, on the text of its hits.
 */
export function mentionsWord(): (text: string, intended: string) => boolean {
  const terms = new Map<string, string[]>()
  const termsOf = (word: string): string[] => {
    let t = terms.get(word)
    if (!t) terms.set(word, (t = queryTerms(word)))
    return t
  }
  return (text, intended) => {
    const wanted = termsOf(intended.toLowerCase())
    return tokenize(text).some((w) => termsOf(w).some((t) => wanted.includes(t)))
  }
}
