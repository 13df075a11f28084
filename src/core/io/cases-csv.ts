// Cases to and from CSV. Import is two steps: a preview that detects the delimiter (`;` or `,`), shows the
// columns and proposes a mapping, then the import itself, which checks every row first and writes all of
// them in one transaction or none. The app's own export uses the column names the mapping recognises, so an
// export imports again unchanged.
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { ROLES, type CaseKind, type Role } from '../../shared/domain'
import { message } from '../../shared/messages'
import { transaction } from '../db/changes'
import type { AtlasDatabase } from '../db/open'
import { UserError, wordsOf } from '../errors'
import type { CaseDraft, OwnCases } from '../own/cases'

/** One error for everything wrong with a CSV file, worded already: the first ten problems on one line. */
export function csvError(file: string, problems: string[]): UserError {
  if (problems.length === 1) return new UserError('csv.problem', { file, problem: problems[0]! })
  const list = `${problems.slice(0, 10).join(' · ')}${problems.length > 10 ? ' …' : ''}`
  return new UserError('csv.problems', { file, count: problems.length, list })
}

/** The fields a case column can map to; `name` is required. */
export const CASE_FIELDS = ['id', 'kind', 'name', 'summary', 'startYear', 'endYear', 'themes', 'funders', 'organisations', 'related'] as const
export type CaseField = (typeof CASE_FIELDS)[number]
export type CaseMapping = Partial<Record<CaseField, string>>

/** Column names of the app's own export, in order; also what the mapping guesses from. */
export const EXPORT_COLUMNS: Record<CaseField, string> = {
  id: 'id',
  kind: 'typ',
  name: 'namn',
  summary: 'sammanfattning',
  startYear: 'startår',
  endYear: 'slutår',
  themes: 'teman',
  funders: 'finansiärer',
  organisations: 'organisationer',
  related: 'relaterade',
}

const GUESSES: Record<CaseField, RegExp> = {
  id: /^id$/i,
  kind: /^(typ|kind|slag)$/i,
  name: /^(namn|name|titel|fall|initiativ)$/i,
  summary: /^(sammanfattning|summary|beskrivning)$/i,
  startYear: /^(startår|start|start_year|startyear|från)$/i,
  endYear: /^(slutår|slut|end_year|endyear|till)$/i,
  themes: /^(teman|tema|themes)$/i,
  funders: /^(finansiärer|finansiär|funders)$/i,
  organisations: /^(organisationer|organisations|aktörer)$/i,
  related: /^(relaterade|related)$/i,
}

/** Lists inside a cell are separated by `|`; an organisation is `id:roll` (roll ägare, partner, finansiär). */
const LIST_SEPARATOR = '|'

export interface CsvPreview {
  delimiter: ';' | ','
  columns: string[]
  mapping: CaseMapping
  rows: string[][]
  rowCount: number
}

function detectDelimiter(text: string): ';' | ',' {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  return (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
}

/**
 * The most rows (below the header) one cases file may hold. A researcher's own cases run to tens or a few
 * thousand; every row is checked against the atlas and written with its themes, funders and links, so fifty
 * thousand already means a long import, and more is a file that is not a list of cases.
 */
export const MAX_CASE_ROWS = 50_000

/**
 * Reads the records of a CSV file: the header and at most `maxRows` rows. The parser stops one row past the
 * limit (csv-parse's `to`), so a file with a million rows is refused without a million rows being built.
 */
export function readCsvRecords(text: string, file: string, delimiter: ';' | ',', maxRows: number): string[][] {
  let records: string[][]
  try {
    records = parse(text, { delimiter, bom: true, relax_column_count: false, skip_empty_lines: true, trim: false, to: maxRows + 2 }) as string[][]
  } catch (error) {
    throw csvError(file, [message('problems.csv.unreadable', { reason: (error as Error).message })])
  }
  if (records.length > maxRows + 1) throw new UserError('csv.tooManyRows', { file, limit: maxRows.toLocaleString('sv-SE') })
  return records
}

function parseCsv(text: string, file: string): { delimiter: ';' | ','; records: string[][] } {
  const delimiter = detectDelimiter(text)
  return { delimiter, records: readCsvRecords(text, file, delimiter, MAX_CASE_ROWS) }
}

export function previewCasesCsv(text: string, file = message('imports.csvFile')): CsvPreview {
  const { delimiter, records } = parseCsv(text, file)
  const [columns, ...rows] = records
  if (!columns || columns.length === 0) throw csvError(file, [message('problems.csv.empty')])
  const mapping: CaseMapping = {}
  for (const field of CASE_FIELDS) {
    const column = columns.find((c) => GUESSES[field].test(c.trim()))
    if (column) mapping[field] = column
  }
  return { delimiter, columns, mapping, rows: rows.slice(0, 10), rowCount: rows.length }
}

const splitList = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean)

export function importCasesCsv(
  db: AtlasDatabase,
  own: OwnCases,
  text: string,
  mapping: CaseMapping,
  file = message('imports.csvFile'),
): { created: string[]; updated: string[] } {
  const { records } = parseCsv(text, file)
  const [columns, ...rows] = records
  if (!columns) throw csvError(file, [message('problems.csv.empty')])
  if (!mapping.name) throw csvError(file, [message('problems.csv.nameColumn')])
  for (const [field, column] of Object.entries(mapping)) {
    if (column && !columns.includes(column)) throw csvError(file, [message('problems.csv.columnNotInFile', { column, field })])
  }
  const cell = (row: string[], field: CaseField): string | undefined => {
    const column = mapping[field]
    const value = column ? row[columns.indexOf(column)]?.trim() : undefined
    return value === undefined ? undefined : restore(value)
  }
  const knownOrganisation = db.prepare(`SELECT o.entity_id FROM organisations o JOIN entities e ON e.id = o.entity_id
    LEFT JOIN organisation_aliases a ON a.organisation_id = o.entity_id
    WHERE o.entity_id = @ref OR o.code = @ref OR lower(e.name) = lower(@ref) OR lower(a.alias) = lower(@ref) LIMIT 1`)
  const entity = db.prepare('SELECT id, origin, type FROM entities WHERE id = ?')

  const problems: string[] = []
  const drafts: { id: string | null; draft: CaseDraft; row: number }[] = []
  rows.forEach((row, i) => {
    const line = i + 2
    const rowProblems: string[] = []
    const year = (field: 'startYear' | 'endYear'): number | null => {
      const v = cell(row, field)
      if (!v) return null
      if (!/^\d{4}$/.test(v)) {
        rowProblems.push(message(field === 'startYear' ? 'problems.csv.startYear' : 'problems.csv.endYear', { line, value: v }))
        return null
      }
      return Number(v)
    }
    const name = cell(row, 'name')
    if (!name) rowProblems.push(message('problems.csv.nameMissing', { line }))
    const kindText = (cell(row, 'kind') ?? '').toLowerCase()
    const kind: CaseKind | null = !kindText || /^initiativ|^initiative/.test(kindText) ? 'initiative' : /^program/.test(kindText) ? 'programme' : null
    if (!kind) rowProblems.push(message('problems.csv.kind', { line, value: kindText }))
    const organisations = splitList(cell(row, 'organisations')).flatMap((item) => {
      const [ref, roleText] = item.split(':').map((s) => s.trim())
      const role = (roleText || 'partner') as Role
      if (!ROLES.includes(role)) {
        rowProblems.push(message('problems.csv.role', { line, value: roleText ?? '' }))
        return []
      }
      const found = knownOrganisation.get({ ref }) as { entity_id: string } | undefined
      if (!found) {
        rowProblems.push(message('problems.csv.organisationUnknown', { line, value: ref ?? '' }))
        return []
      }
      return [{ id: found.entity_id, role }]
    })
    const related = splitList(cell(row, 'related')).filter((r) => {
      if (entity.get(r)) return true
      rowProblems.push(message('problems.csv.relatedUnknown', { line, value: r }))
      return false
    })
    const id = cell(row, 'id') || null
    if (id) {
      const existing = entity.get(id) as { origin: string } | undefined
      if (existing && existing.origin !== 'own') rowProblems.push(message('problems.csv.bundledCase', { line, id }))
      else if (!existing && !/^own-[a-z0-9-]+$/.test(id)) rowProblems.push(message('problems.csv.ownIdPrefix', { line }))
    }
    const startYear = year('startYear')
    const endYear = year('endYear')
    if (rowProblems.length) {
      problems.push(...rowProblems)
      return
    }
    drafts.push({
      id,
      row: line,
      draft: {
        kind: kind!,
        name: name!,
        summary: cell(row, 'summary') ?? '',
        startYear,
        endYear,
        themes: splitList(cell(row, 'themes')),
        funders: splitList(cell(row, 'funders')),
        organisations,
        related,
      },
    })
  })
  if (rows.length === 0) problems.push(message('problems.csv.noRows'))
  if (problems.length) throw csvError(file, problems)

  const created: string[] = []
  const updated: string[] = []
  transaction(db, () => {
    for (const { id, draft, row } of drafts) {
      try {
        if (id && own.isOwn(id)) {
          own.update(id, draft)
          updated.push(id)
        } else created.push(own.createIn(draft, id ?? undefined))
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        throw csvError(file, [message('problems.csv.rowRefused', { line: row, problem: wordsOf(error) })])
      }
    }
  })
  return { created, updated }
}

/** Cases as CSV in the app's own format (UTF-8 with BOM, `;` by default), importable again unchanged. */
export function exportCasesCsv(db: AtlasDatabase, ids: string[] | null, delimiter: ';' | ',' = ';'): string {
  const cases = db
    .prepare(`SELECT id, type, name, summary, start_year, end_year FROM entities WHERE type IN ('initiative','programme')
      AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids))) ORDER BY name`)
    .all({ ids: ids ? JSON.stringify(ids) : null }) as { id: string; type: CaseKind; name: string; summary: string; start_year: number | null; end_year: number | null }[]
  const list = (sql: string, id: string): string =>
    (db.prepare(sql).all(id) as { v: string }[]).map((r) => r.v).join(` ${LIST_SEPARATOR} `)
  const rows = cases.map((c) => [
    c.id,
    c.type === 'initiative' ? 'initiativ' : 'program',
    c.name,
    c.summary,
    c.start_year?.toString() ?? '',
    c.end_year?.toString() ?? '',
    list('SELECT theme AS v FROM themes WHERE entity_id = ? ORDER BY theme', c.id),
    list('SELECT name AS v FROM funders WHERE entity_id = ? ORDER BY position', c.id),
    list(`SELECT organisation_id || ':' || role AS v FROM participations WHERE entity_id = ? ORDER BY organisation_id, role`, c.id),
    list('SELECT to_id AS v FROM relations WHERE from_id = ? ORDER BY to_id', c.id),
  ])
  return `\uFEFF${stringify([CASE_FIELDS.map((f) => EXPORT_COLUMNS[f]), ...rows.map(neutraliseRow)], { delimiter, quoted_match: /[\r\n"]/ , record_delimiter: '\r\n' })}`
}

/** A cell starting with = + - @ tab or CR would be run as a formula by Excel: prefix it with an apostrophe. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** Undoes `neutralise`, so the app's own export imports again unchanged. */
export function restore(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

function neutraliseRow(row: string[]): string[] {
  return row.map(neutralise)
}
