// The notes report as a PDF: its HTML page (notes-html.ts) is built where exports are built (the parse
// process in the app), written to a file, and printed by the Printer from that file — twice, because the
// first print's outline tells on which page each heading landed and the second puts those numbers in the
// contents.
//
// The printer loads a file, not a data: URL: Chromium refuses to navigate to a URL longer than 2 MiB, and a
// report of a few hundred highlights in Swedish (every å, ä and ö six characters once URL-encoded) is longer.
// The app's main process only passes paths and prints; the page itself never passes through it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AtlasDatabase } from '../../db/open'
import type { Printer } from '../printer'
import { writeExport, type ExportDone, type ExportOptions } from './job'
import type { NotesGrouping } from './notes-html'

/**
 * Writes the report's HTML to `htmlFile`; with `pagesFrom` (the first print) the contents carry page numbers.
 * Answers how to print it and, the second time, how many headings the first print placed.
 */
export type BuildNotesHtml = (htmlFile: string, pagesFrom?: string) => Promise<ExportDone>

/** Builds and prints the notes report; the HTML and the first print live in a temporary folder removed after. */
export async function printNotesPdf(printer: Printer, build: BuildNotesHtml): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovationsatlas-pdf-'))
  try {
    const html = path.join(dir, 'anteckningar.html')
    const { page } = await build(html)
    const first = await printer.printPdf(html, page)
    const firstFile = path.join(dir, 'forsta-utskriften.pdf')
    await fs.promises.writeFile(firstFile, first)
    const again = await build(html, firstFile)
    // No outline (nothing to number): the first print is the report.
    if (!again.headingsPlaced) return first
    return await printer.printPdf(html, again.page)
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true })
  }
}

export interface NotesPdfOptions {
  filter?: ExportOptions['filter']
  project?: string
  now?: Date
  groupBy?: NotesGrouping
}

/** The notes report of an open database, built in this process (the CLI's in-memory work, tests, screenshots). */
export function exportNotesPdf(db: AtlasDatabase, printer: Printer, options: NotesPdfOptions = {}): Promise<Buffer> {
  const { now, ...rest } = options
  // One date for both prints: the title page must not change between them.
  const when = (now ?? new Date()).toISOString()
  return printNotesPdf(printer, (htmlFile, pagesFrom) =>
    writeExport(db, 'notes-html', { ...rest, now: when, ...(pagesFrom ? { pagesFrom } : {}) }, [htmlFile]),
  )
}
