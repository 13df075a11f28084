// CSV for R and Excel. UTF-8 with BOM (Excel otherwise guesses a legacy code page and breaks å, ä, ö),
// `;` by default because Swedish Excel reads `,` as the decimal comma, RFC 4180 quoting with CRLF between
// records, and every text cell that starts with = + - @ tab or CR prefixed with an apostrophe so that a
// spreadsheet shows it instead of running it as a formula. Numbers are written as numbers and not touched.
//
// Notes: one row per highlight, its codes in one cell as full paths joined by " | " — a highlight is one
// observation, and an R user who wants one row per code splits the cell with
// `tidyr::separate_rows(codes, sep = " \\| ")`. Column names are snake_case ASCII so R needs no backticks.
import { stringify } from 'csv-stringify/sync'
import type { CodeNode, ComparisonMatrix, NotesFilter, TextOrigin } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import { createAnnotations } from '../../annotate/annotations'
import type { AtlasDatabase } from '../../db/open'
import { CODE_SEPARATOR, codePath, collectNotes } from './notes-data'
import { createPlaces } from './places'
import type { CsvDelimiter } from './types'

export interface CsvOptions {
  /** `;` (default, Swedish Excel) or `,`. */
  delimiter?: CsvDelimiter
}

/** 'sv': column names and words in the UI language; 'en': stable machine names for scripts (R, Python). */
export type CsvHeaders = 'sv' | 'en'

/**
 * A stored ISO time (UTC) as local time with its offset, as the app shows it: 2026-12-05T08:53:28+01:00.
 * Excel and R both read the offset; a reader in the same time zone sees the time they saw in the app.
 */
export function localIso(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const two = (n: number): string => String(Math.abs(n)).padStart(2, '0')
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}` +
    `${sign}${two(Math.trunc(offset / 60))}:${two(offset % 60)}`
  )
}

type Cell = string | number | null

export function toCsv(header: string[], rows: Cell[][], options: CsvOptions = {}): string {
  return stringify([header, ...rows], {
    bom: true,
    delimiter: options.delimiter ?? ';',
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: { number: (n) => String(n) },
  })
}

export const HIGHLIGHT_COLUMNS = [
  'case',
  'document',
  'section',
  'codes',
  'quote',
  'text_origin',
  'note',
  'author',
  'created',
  'updated',
  'start',
  'end',
  'source_url',
  'status',
  'highlight_id',
  'text_type',
  'text_id',
] as const

export const MEMO_COLUMNS = ['about_type', 'about', 'title', 'body', 'author', 'created', 'updated', 'memo_id', 'about_id'] as const

/**
 * Two files: one row per highlight, one row per memo. Start and end are code points in the stored text; times
 * are local with their offset; `text_origin` says whether the quoted text is an original or the atlas's
 * paraphrase of a source (which must not be cited as the source's words).
 */
export function exportNotesCsv(
  db: AtlasDatabase,
  options: CsvOptions & { filter?: NotesFilter; headers?: CsvHeaders } = {},
): { highlights: string; memos: string } {
  const data = collectNotes(db, { filter: options.filter })
  const en = options.headers === 'en'
  const origin = (o: TextOrigin): string => (en ? o : message(`csvExport.textOrigin.${o}`))
  const highlights = data.highlights.map(({ highlight: h, place }) => [
    place.cases.map((c) => c.name).join(CODE_SEPARATOR),
    place.document,
    place.section,
    h.codes.map((c) => codePath(c.path)).join(CODE_SEPARATOR),
    h.quote,
    origin(place.textOrigin),
    h.note,
    h.author,
    localIso(h.createdAt),
    localIso(h.updatedAt),
    h.start,
    h.end,
    place.sourceUrl,
    h.status,
    h.id,
    h.target.type,
    h.target.id,
  ])
  const memos = data.memos.map((m) => [m.target.type, m.targetName, m.title, m.body, m.author, localIso(m.createdAt), localIso(m.updatedAt), m.id, m.target.id])
  const highlightHeader = HIGHLIGHT_COLUMNS.map((c) => (en ? c : message(`csvExport.highlightColumns.${c}`)))
  const memoHeader = MEMO_COLUMNS.map((c) => (en ? c : message(`csvExport.memoColumns.${c}`)))
  return {
    highlights: toCsv(highlightHeader, highlights, options),
    memos: toCsv(memoHeader, memos, options),
  }
}

function flatten(nodes: CodeNode[], depth = 0): { node: CodeNode; depth: number }[] {
  return nodes.flatMap((n) => [{ node: n, depth }, ...flatten(n.children, depth + 1)])
}

export const CODEBOOK_COLUMNS = ['code_path', 'name', 'level', 'color', 'description', 'highlights', 'highlights_incl_subcodes', 'code_id', 'parent_id'] as const

/** The codebook in tree order, one row per code with its full path and usage counts. */
export function exportCodebookCsv(db: AtlasDatabase, options: CsvOptions = {}): string {
  const rows = flatten(createAnnotations(db).codebook.tree()).map(({ node, depth }) => [
    codePath(node.path),
    node.name,
    depth + 1,
    node.color,
    node.description,
    node.count,
    node.totalCount,
    node.id,
    node.parentId,
  ])
  return toCsv([...CODEBOOK_COLUMNS], rows, options)
}

/**
 * A comparison matrix as the framework table it is: one row per code, and for each case the number of
 * highlights (with the code or a code below it) and the researcher's cell summary.
 */
export function exportMatrixCsv(matrix: ComparisonMatrix, options: CsvOptions = {}): string {
  const perCase = matrix.cases.flatMap((c) => [message('csvExport.matrixCount', { name: c.name }), message('csvExport.matrixSummary', { name: c.name })])
  const header = ['code_path', 'level', ...perCase, 'code_id']
  const rows = matrix.codes.map((code) => [
    codePath(code.path),
    code.depth + 1,
    ...matrix.cases.flatMap((c) => [code.counts[c.id] ?? 0, matrix.summaries[`${c.id}|${code.id}`]?.text ?? '']),
    code.id,
  ])
  return toCsv(header, rows, options)
}

/**
 * Cases × codes for R: one row per case (initiatives and programmes), one column per code named by its path,
 * each cell the number of anchored highlights in the case's texts (its own summary and facts and the reports
 * related to it) coded with that code or a code below it — the same count as the comparison matrix.
 */
export function exportCaseCodeCountsCsv(db: AtlasDatabase, options: CsvOptions = {}): string {
  const annotations = createAnnotations(db)
  const places = createPlaces(db)
  const codes = flatten(annotations.codebook.tree())
  // Each code's own id and the ids below it.
  const covers = new Map<string, Set<string>>()
  const collect = (n: CodeNode): Set<string> => {
    const ids = new Set([n.id, ...n.children.flatMap((c) => [...collect(c)])])
    covers.set(n.id, ids)
    return ids
  }
  annotations.codebook.tree().forEach(collect)
  const cases = db
    .prepare(`SELECT id, name, type FROM entities WHERE type IN ('initiative','programme') AND withdrawn = 0 ORDER BY name COLLATE NOCASE`)
    .all() as { id: string; name: string; type: string }[]
  const codings = new Map<string, string[]>()
  for (const c of db.prepare('SELECT highlight_id, code_id FROM highlight_codes').all() as { highlight_id: string; code_id: string }[]) {
    codings.set(c.highlight_id, [...(codings.get(c.highlight_id) ?? []), c.code_id])
  }
  const counts = new Map<string, Map<string, number>>(cases.map((c) => [c.id, new Map()]))
  for (const row of annotations.highlights.all()) {
    if (row.status !== 'anchored') continue
    const entity = places.entityOf({ type: row.target_type, id: row.target_id })
    if (!entity) continue
    const own = codings.get(row.id) ?? []
    for (const c of places.casesOf(entity)) {
      const perCode = counts.get(c.id)
      if (!perCode) continue
      for (const { node } of codes) {
        const ids = covers.get(node.id)!
        if (own.some((id) => ids.has(id))) perCode.set(node.id, (perCode.get(node.id) ?? 0) + 1)
      }
    }
  }
  const header = ['case_id', 'case', 'kind', ...codes.map(({ node }) => codePath(node.path))]
  const rows = cases.map((c) => [c.id, c.name, c.type, ...codes.map(({ node }) => counts.get(c.id)?.get(node.id) ?? 0)])
  return toCsv(header, rows, options)
}
