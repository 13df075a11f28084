// Municipal indicators from Kolada (the Swedish municipalities' and regions' database), imported from the JSON
// a researcher downloads from its API: objects with `kpi`, `municipality`, `period` and `values` of
// `{gender, count, status, value}` (gender T total, K women, M men). The file is checked whole before anything
// is written: a bad file gets a message naming what is wrong, and the database is left as it was.
import { z } from 'zod'
import type { KoladaImportResult, KoladaSeries } from '../../shared/domain'
import { message } from '../../shared/messages'
import { saveKoladaValues, type KoladaValue } from '../db/kolada'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'

/** One error for everything wrong with the files, worded already: the first twelve problems, one a line. */
export function koladaError(problems: string[]): UserError {
  if (problems.length === 1) return new UserError('kolada.problem', { problem: problems[0]! })
  const list = `${problems.slice(0, 12).join('\n')}${problems.length > 12 ? '\n…' : ''}`
  return new UserError('kolada.problems', { count: problems.length, list })
}

const valueSchema = z
  .object({
    gender: z.enum(['T', 'K', 'M'], { error: message('problems.kolada.gender') }),
    count: z.number().int().nullable().optional(),
    status: z.string().nullable().optional(),
    value: z.number().finite().nullable(),
  })
  .loose()

const entrySchema = z
  .object({
    kpi: z.string().regex(/^[A-Z]\d{5}$/, message('problems.kolada.kpi')),
    municipality: z.string().regex(/^\d{4}$/, message('problems.kolada.municipality')),
    period: z.number().int().min(1900).max(2100),
    values: z.array(valueSchema).min(1, message('problems.kolada.emptyValues')),
  })
  .loose()

/** Values one import takes (a value is one KPI, organisation, year and gender): all 311 organisations, 30 years and three genders for ten KPIs is 280,000. */
export const MAX_KOLADA_VALUES = 1_000_000

const kpiSchema = z.object({ id: z.string().regex(/^[A-Z]\d{5}$/), title: z.string().min(1) }).loose()

/** Kolada answers `{count, values: [...]}`; a saved file may also be the bare array. */
function items(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json
  if (json && typeof json === 'object' && Array.isArray((json as { values?: unknown }).values)) return (json as { values: unknown[] }).values
  return null
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw koladaError([message('problems.kolada.invalidJson', { file, reason: (error as Error).message })])
  }
}

export interface KoladaRow extends KoladaValue {
  /** The code as the file has it ("0025"); organisationCode is the atlas's ("25"). */
  municipality: string
}

/**
 * Parses and checks a values file (and optional KPI metadata). Kolada names a kommun by its four-digit code
 * and a region by "00" + its county code; both must be organisations in the atlas.
 */
export function parseKolada(
  valuesText: string,
  metaText: string | null,
  knownOrganisation: (code: string) => string | null,
  files: { values: string; meta?: string } = { values: message('problems.kolada.valuesFile'), meta: message('problems.kolada.kpiFile') },
): { rows: KoladaRow[]; kpis: { id: string; title: string }[] } {
  const list = items(parseJson(valuesText, files.values))
  if (!list) throw koladaError([message('problems.kolada.notAList', { file: files.values })])
  if (list.length === 0) throw koladaError([message('problems.kolada.noValues', { file: files.values })])
  const problems: string[] = []
  const rows: KoladaRow[] = []
  const seen = new Set<string>()
  let values = 0
  for (const raw of list) {
    const inEntry = raw && typeof raw === 'object' && Array.isArray((raw as { values?: unknown }).values) ? (raw as { values: unknown[] }).values.length : 0
    values += inEntry
    // Counted before any entry is checked: a file far over the cap is refused without building its rows.
    if (values > MAX_KOLADA_VALUES) throw new UserError('kolada.tooManyValues', { file: files.values, limit: MAX_KOLADA_VALUES.toLocaleString('sv-SE') })
  }
  list.forEach((raw, i) => {
    const parsed = entrySchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || message('problems.kolada.wholeEntry')
        const reason = issue.code === 'invalid_type' && issue.input === undefined ? message('problems.kolada.missing') : issue.message
        problems.push(message('problems.kolada.entry', { file: files.values, entry: i + 1, field, reason }))
      }
      return
    }
    const e = parsed.data
    const organisationCode = knownOrganisation(e.municipality)
    if (!organisationCode) {
      problems.push(message('problems.kolada.unknownOrganisation', { file: files.values, entry: i + 1, code: e.municipality }))
      return
    }
    for (const v of e.values) {
      const key = `${e.kpi}|${e.municipality}|${e.period}|${v.gender}`
      if (seen.has(key)) {
        problems.push(
          message('problems.kolada.duplicate', { file: files.values, entry: i + 1, kpi: e.kpi, code: e.municipality, period: e.period, gender: v.gender }),
        )
        continue
      }
      seen.add(key)
      rows.push({
        municipality: e.municipality,
        organisationCode,
        kpi: e.kpi,
        period: e.period,
        gender: v.gender,
        value: v.value,
        count: v.count ?? null,
        status: v.status ?? null,
      })
    }
  })
  let kpis: { id: string; title: string }[] = []
  if (metaText !== null) {
    const metaFile = files.meta ?? message('problems.kolada.kpiFile')
    const metaList = items(parseJson(metaText, metaFile))
    if (!metaList) problems.push(message('problems.kolada.kpiNotAList', { file: metaFile }))
    else {
      metaList.forEach((raw, i) => {
        const parsed = kpiSchema.safeParse(raw)
        if (parsed.success) kpis.push({ id: parsed.data.id, title: parsed.data.title })
        else {
          const issues = parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')
          problems.push(message('problems.kolada.kpiEntry', { file: metaFile, entry: i + 1, issues }))
        }
      })
      kpis = [...new Map(kpis.map((k) => [k.id, k])).values()]
    }
  }
  if (problems.length > 0) throw koladaError(problems)
  return { rows, kpis }
}

/**
 * Which chosen file holds the values and which (if any) the KPIs' titles, read from their content, not their
 * names: KPI metadata has an id and a title. Exactly one values file is needed.
 */
export function koladaFiles<F extends { name: string; text: string }>(files: F[]): { values: F; meta: F | null } {
  const meta = files.find((f) => /"title"\s*:/.test(f.text) && !/"municipality"\s*:/.test(f.text)) ?? null
  const values = files.filter((f) => f !== meta)
  if (values.length !== 1) throw new UserError('files.koladaChoice', { files: files.map((f) => f.name).join(', ') })
  return { values: values[0]!, meta }
}

export function createKolada(db: AtlasDatabase) {
  const q = {
    kommun: db.prepare(`SELECT code FROM organisations WHERE org_type = 'kommun' AND code = ?`),
    region: db.prepare(`SELECT code FROM organisations WHERE org_type = 'region' AND code = ?`),
    series: db.prepare(`SELECT v.period, v.value FROM kolada_values v
      WHERE v.municipality_code = ? AND v.kpi_id = ? AND v.gender = 'T' ORDER BY v.period`),
    kpisFor: db.prepare(`SELECT DISTINCT v.kpi_id, coalesce(k.title, v.kpi_id) AS title FROM kolada_values v
      LEFT JOIN kolada_kpis k ON k.id = v.kpi_id WHERE v.municipality_code IN (SELECT value FROM json_each(?)) ORDER BY title`),
  }

  /** Kolada's "0025" is Region Norrbotten (county 25); "2584" is Kiruna kommun. */
  const knownOrganisation = (code: string): string | null => {
    if (q.kommun.get(code)) return code
    if (code.startsWith('00') && q.region.get(code.slice(2))) return code.slice(2)
    return null
  }

  return {
    knownOrganisation,
    /** All-or-nothing: parse and check everything, then write in one transaction. */
    import(valuesText: string, metaText: string | null, files?: { values: string; meta?: string }): KoladaImportResult {
      const { rows, kpis } = parseKolada(valuesText, metaText, knownOrganisation, files)
      // The report is worked out before anything is written: validate, then write, then report — never a
      // failure after the write (a spread of 120,000 periods into Math.min once overflowed the stack).
      let from = Infinity
      let to = -Infinity
      for (const r of rows) {
        if (r.period < from) from = r.period
        if (r.period > to) to = r.period
      }
      const result: KoladaImportResult = {
        values: rows.length,
        kpis: new Set(rows.map((r) => r.kpi)).size,
        organisations: new Set(rows.map((r) => r.organisationCode)).size,
        periods: rows.length ? { from, to } : null,
      }
      saveKoladaValues(db, rows, kpis)
      return result
    },
    /** Totals (gender T) per KPI for each organisation code, for the comparison's trend charts. */
    series(organisationCodes: string[]): KoladaSeries[] {
      const kpis = q.kpisFor.all(JSON.stringify(organisationCodes)) as { kpi_id: string; title: string }[]
      return organisationCodes.flatMap((code) =>
        kpis
          .map((k) => ({
            organisationCode: code,
            kpiId: k.kpi_id,
            kpiTitle: k.title,
            points: q.series.all(code, k.kpi_id) as { period: number; value: number | null }[],
          }))
          .filter((s) => s.points.length > 0),
      )
    },
  }
}
