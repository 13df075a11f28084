// Survey values from a tidy CSV (indicator, population, period, value, unit, source URL) become a survey of the
// researcher's own, beside the bundled ones. Every row is checked first; all rows are written or none.
import { randomUUID } from 'node:crypto'
import { SURVEY_QUALIFIERS, type PopulationGroup, type SurveyQualifier } from '../../shared/domain'
import { message } from '../../shared/messages'
import type { AtlasDatabase } from '../db/open'
import { insertOwnSurvey } from '../db/surveys'
import { normaliseText } from '../text'
import { csvError, readCsvRecords } from './cases-csv'

const COLUMNS = {
  indicator: /^(indikator|indicator)$/i,
  population: /^(population|grupp)$/i,
  period: /^(period|år|year)$/i,
  value: /^(värde|value|varde)$/i,
  unit: /^(enhet|unit)$/i,
  source: /^(källa|source|source[ _]?url|källa[ _]?url|url)$/i,
  /** The source's word before the figure: drygt, ca or knappt; empty when the source states it flatly. */
  qualifier: /^(qualifier|ordval)$/i,
  /** An older file's yes/no column, from when a value was only "approximate": a yes reads as ca. */
  approximate: /^(ungefärligt|approximate|ca)$/i,
} as const
type Column = keyof typeof COLUMNS
const REQUIRED: Column[] = ['indicator', 'population', 'period', 'value', 'unit', 'source']

/**
 * The most values (rows below the header) one survey file may hold. A national survey of every kommun and
 * region over a hundred indicators and five periods is about 150,000 values; two hundred thousand leaves room
 * for that and still refuses a file whose size alone would hold the app up for minutes.
 */
export const MAX_SURVEY_ROWS = 200_000

const isQualifier = (word: string): word is SurveyQualifier => (SURVEY_QUALIFIERS as readonly string[]).includes(word)

/** Which survey population a row stands for, read from its population text. */
export function populationGroup(population: string): PopulationGroup {
  const p = population.toLowerCase()
  const hits = (['kommun', 'region', 'myndighet'] as const).filter((g) => p.includes(g))
  return hits.length === 1 ? hits[0]! : 'blandad'
}

export function importSurveyCsv(db: AtlasDatabase, text: string, file: string, surveyName?: string): { surveyId: string; values: number } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  const [header, ...rows] = readCsvRecords(text, file, delimiter, MAX_SURVEY_ROWS)
  if (!header) throw csvError(file, [message('problems.csv.empty')])
  const index = {} as Record<Column, number>
  for (const column of Object.keys(COLUMNS) as Column[]) index[column] = header.findIndex((h) => COLUMNS[column].test(h.trim()))
  const missing = REQUIRED.filter((c) => index[c] < 0)
  if (missing.length) {
    throw csvError(file, [message('problems.csv.surveyColumnsMissing', { columns: missing.join(', ') })])
  }
  if (rows.length === 0) throw csvError(file, [message('problems.csv.noRows')])
  const problems: string[] = []
  const values = rows.flatMap((row, i) => {
    const line = i + 2
    const get = (c: Column): string => (index[c] >= 0 ? (row[index[c]] ?? '').trim() : '')
    const rowProblems: string[] = []
    for (const c of REQUIRED) if (!get(c)) rowProblems.push(message('problems.csv.valueMissing', { line, column: c }))
    // Swedish decimals ("12,5") and thousands with spaces ("1 800") are read as numbers.
    const raw = get('value').replace(/[\s\u00a0]/g, '').replace(',', '.')
    const value = Number(raw)
    if (get('value') && !Number.isFinite(value)) rowProblems.push(message('problems.csv.notANumber', { line, value: get('value') }))
    let url: URL | null
    try {
      url = new URL(get('source'))
    } catch {
      url = null
    }
    if (get('source') && (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))) {
      rowProblems.push(message('problems.csv.notAUrl', { line, value: get('source') }))
    }
    const word = get('qualifier').toLowerCase()
    if (word && !isQualifier(word)) rowProblems.push(message('problems.csv.qualifier', { line, value: get('qualifier') }))
    if (rowProblems.length) {
      problems.push(...rowProblems)
      return []
    }
    return [
      {
        indicator: normaliseText(get('indicator')),
        population: normaliseText(get('population')),
        period: get('period'),
        value,
        unit: normaliseText(get('unit')),
        source: url!.toString(),
        qualifier: isQualifier(word) ? word : /^(ja|yes|true|1|ca)$/i.test(get('approximate')) ? ('ca' as const) : null,
      },
    ]
  })
  if (problems.length) throw csvError(file, problems)

  const surveyId = `own-survey-${randomUUID()}`
  const name = (surveyName ?? file.replace(/\.csv$/i, '')).trim() || message('imports.ownSurveyName')
  insertOwnSurvey(
    db,
    { id: surveyId, name, summary: message('imports.ownSurveySummary', { file }) },
    values.map((v) => ({ ...v, populationGroup: populationGroup(v.population) })),
  )
  return { surveyId, values: values.length }
}
