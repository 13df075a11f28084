// Survey values from a tidy CSV (indicator, population, period, value, unit, source URL) become a survey of the
// researcher's own, beside the bundled ones. Every row is checked first; all rows are written or none.
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import type { PopulationGroup } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import { normaliseText } from '../text'
import { CsvImportError } from './cases-csv'

const COLUMNS = {
  indicator: /^(indikator|indicator)$/i,
  population: /^(population|grupp)$/i,
  period: /^(period|år|year)$/i,
  value: /^(värde|value|varde)$/i,
  unit: /^(enhet|unit)$/i,
  source: /^(källa|source|source[ _]?url|källa[ _]?url|url)$/i,
  approximate: /^(ungefärligt|approximate|ca)$/i,
} as const
type Column = keyof typeof COLUMNS
const REQUIRED: Column[] = ['indicator', 'population', 'period', 'value', 'unit', 'source']

/** Which survey population a row stands for, read from its population text. */
export function populationGroup(population: string): PopulationGroup {
  const p = population.toLowerCase()
  const hits = (['kommun', 'region', 'myndighet'] as const).filter((g) => p.includes(g))
  return hits.length === 1 ? hits[0]! : 'blandad'
}

export function importSurveyCsv(db: AtlasDatabase, text: string, file: string, surveyName?: string): { surveyId: string; values: number } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  let records: string[][]
  try {
    records = parse(text, { delimiter, bom: true, skip_empty_lines: true }) as string[][]
  } catch (error) {
    throw new CsvImportError(file, [`CSV-filen gick inte att läsa: ${(error as Error).message}`])
  }
  const [header, ...rows] = records
  if (!header) throw new CsvImportError(file, ['filen är tom.'])
  const index = {} as Record<Column, number>
  for (const column of Object.keys(COLUMNS) as Column[]) index[column] = header.findIndex((h) => COLUMNS[column].test(h.trim()))
  const missing = REQUIRED.filter((c) => index[c] < 0)
  if (missing.length) {
    throw new CsvImportError(file, [`kolumner saknas: ${missing.join(', ')} (behövs: indikator, population, period, värde, enhet, källa)`])
  }
  if (rows.length === 0) throw new CsvImportError(file, ['filen har inga rader under rubrikraden.'])
  const problems: string[] = []
  const values = rows.flatMap((row, i) => {
    const line = i + 2
    const get = (c: Column): string => (index[c] >= 0 ? (row[index[c]] ?? '').trim() : '')
    const rowProblems: string[] = []
    for (const c of REQUIRED) if (!get(c)) rowProblems.push(`rad ${line}: ${c} saknas`)
    // Swedish decimals ("12,5") and thousands with spaces ("1 800") are read as numbers.
    const raw = get('value').replace(/[\s\u00a0]/g, '').replace(',', '.')
    const value = Number(raw)
    if (get('value') && !Number.isFinite(value)) rowProblems.push(`rad ${line}: värdet "${get('value')}" är inget tal`)
    let url: URL | null
    try {
      url = new URL(get('source'))
    } catch {
      url = null
    }
    if (get('source') && (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))) {
      rowProblems.push(`rad ${line}: källan "${get('source')}" är ingen webbadress`)
    }
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
        approximate: /^(ja|yes|true|1|ca)$/i.test(get('approximate')),
      },
    ]
  })
  if (problems.length) throw new CsvImportError(file, problems)

  const surveyId = `own-survey-${randomUUID()}`
  const now = new Date().toISOString()
  const name = (surveyName ?? file.replace(/\.csv$/i, '')).trim() || 'Egen undersökning'
  db.transaction(() => {
    db.prepare(`INSERT INTO entities (id, type, name, summary, origin, created_at, updated_at) VALUES (?, 'survey', ?, ?, 'own', ?, ?)`).run(
      surveyId,
      name,
      `Egna enkätvärden importerade från ${file}.`,
      now,
      now,
    )
    db.prepare('INSERT INTO surveys (entity_id) VALUES (?)').run(surveyId)
    const source = db.prepare('INSERT INTO sources (url) VALUES (?) ON CONFLICT(url) DO NOTHING')
    const sourceId = db.prepare('SELECT id FROM sources WHERE url = ?')
    const insert = db.prepare(`INSERT INTO survey_values (id, survey_id, position, indicator, population, population_group, period,
      value, unit, approximate, source_id, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'own')`)
    values.forEach((v, i) => {
      source.run(v.source)
      const sid = (sourceId.get(v.source) as { id: number }).id
      insert.run(`${surveyId}#v${i + 1}`, surveyId, i, v.indicator, v.population, populationGroup(v.population), v.period, v.value, v.unit, v.approximate ? 1 : 0, sid)
    })
  }).immediate()
  return { surveyId, values: values.length }
}
