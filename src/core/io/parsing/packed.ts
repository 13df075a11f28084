// A file as the parse process read it — a REFI-QDA project or codebook (the `refi` job), a document (the
// `documentFile` job) — on its way to where it is written (writes/actions.ts) by a temporary file: serialised by
// v8, read once and removed. The main thread only passes the file's name on: receiving a large project there held
// it 22–40 ms, a document of 1,000 sections about 100 ms. Its own small module, so that the main thread never
// loads the document parsers (pdf.js, mammoth) with it.
import fs from 'node:fs'
import v8 from 'node:v8'
import type { DocumentFormat, ParsedDocument } from '../documents/types'
import type { ParsedCodebook, ParsedProject } from '../refi/parse'

/** Writes `value` to `out`, serialised. */
export function writePacked(out: string, value: unknown): void {
  fs.writeFileSync(out, v8.serialize(value))
}

/** Reads a packed file and removes it: it is read once, whatever happens. */
export function readPacked<T>(file: string): T {
  try {
    return v8.deserialize(fs.readFileSync(file)) as T
  } finally {
    fs.rmSync(file, { force: true })
  }
}

/** A project or codebook another tool wrote, read: what the merge inspects and imports (writes/actions.ts). */
export type ParsedRefi = { format: 'qdpx'; project: ParsedProject } | { format: 'qdc'; book: ParsedCodebook }

/** A ParsedRefi serialised by v8 into a temporary file, read once by whoever writes it into the project. */
export interface PackedRefi {
  format: ParsedRefi['format']
  path: string
}

export function packRefi(parsed: ParsedRefi, out: string): PackedRefi {
  writePacked(out, parsed)
  return { format: parsed.format, path: out }
}

export const unpackRefi = (packed: PackedRefi): ParsedRefi => readPacked<ParsedRefi>(packed.path)

/** A document as read (the whole ParsedDocument is in the packed file): what the import reports and checks. */
export interface ReadDocument {
  title: string
  format: DocumentFormat
  sections: number
  warnings: string[]
  /** The file's checksum and size: the same file imported twice is refused. */
  source: { sha256: string; bytes: number }
  /** The packed ParsedDocument. */
  packed: string
}

export function packDocument(doc: ParsedDocument, source: ReadDocument['source'], out: string): ReadDocument {
  writePacked(out, doc)
  return { title: doc.title, format: doc.format, sections: doc.sections.length, warnings: doc.warnings, source, packed: out }
}

export const unpackDocument = (read: ReadDocument): ParsedDocument => readPacked<ParsedDocument>(read.packed)
