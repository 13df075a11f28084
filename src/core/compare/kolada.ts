// Municipal indicators from Kolada (the Swedish municipalities' and regions' database), imported from the JSON
// a researcher downloads from its API: objects with `kpi`, `municipality`, `period` and `values` of
// `{gender, count, status, value}` (gender T total, K women, M men). The file is checked whole before anything
// is written: a bad file gets a message naming what is wrong, and the database is left as it was.
import { z } from 'zod'
import type { KoladaImportResult, KoladaSeries } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'

export class KoladaError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} fel:\n${problems.slice(0, 12).join('\n')}${problems.length > 12 ? '\n…' : ''}`)
    this.name = 'KoladaError'
  }
}

const valueSchema = z
  .object({
    gender: z.enum(['T', 'K', 'M'], { error: 'gender ska vara T, K eller M' }),
    count: z.number().int().nullable().optional(),
    status: z.string().nullable().optional(),
    value: z.number().finite().nullable(),
  })
  .loose()

const entrySchema = z
  .object({
    kpi: z.string().regex(/^[A-Z]\d{5}$/, 'kpi ska vara ett Kolada-id som N00945'),
    municipality: z.string().regex(/^\d{4}$/, 'municipality ska vara en fyrsiffrig kod, t.ex. "2584"'),
    period: z.number().int().min(1900).max(2100),
    values: z.array(valueSchema).min(1, 'values får inte vara tom'),
  })
  .loose()

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
    throw new KoladaError([`${file}: ingen giltig JSON (${(error as Error).message}).`])
  }
}

export interface KoladaRow {
  municipality: string
  organisationCode: string
  kpi: string
  period: number
  gender: 'T' | 'K' | 'M'
  value: number | null
  count: number | null
  status: string | null
}

/**
 * Parses and checks a values file (and optional KPI metadata). Kolada names a kommun by its four-digit code
 * and a region by "00" + its county code; both must be organisations in the atlas.
 */
export function parseKolada(
  valuesText: string,
  metaText: string | null,
  knownOrganisation: (code: string) => string | null,
  files: { values: string; meta?: string } = { values: 'värdefilen', meta: 'KPI-filen' },
): { rows: KoladaRow[]; kpis: { id: string; title: string }[] } {
  const list = items(parseJson(valuesText, files.values))
  if (!list) throw new KoladaError([`${files.values}: väntade en lista med värden (eller ett objekt med "values").`])
  if (list.length === 0) throw new KoladaError([`${files.values}: filen innehåller inga värden.`])
  const problems: string[] = []
  const rows: KoladaRow[] = []
  const seen = new Set<string>()
  list.forEach((raw, i) => {
    const parsed = entrySchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || 'posten'
        const reason = issue.code === 'invalid_type' && issue.input === undefined ? 'saknas' : issue.message
        problems.push(`${files.values}, post ${i + 1}: ${field} ${reason}.`)
      }
      return
    }
    const e = parsed.data
    const organisationCode = knownOrganisation(e.municipality)
    if (!organisationCode) {
      problems.push(`${files.values}, post ${i + 1}: okänd kommun- eller regionkod "${e.municipality}".`)
      return
    }
    for (const v of e.values) {
      const key = `${e.kpi}|${e.municipality}|${e.period}|${v.gender}`
      if (seen.has(key)) {
        problems.push(`${files.values}, post ${i + 1}: ${e.kpi} för ${e.municipality} år ${e.period} (${v.gender}) finns redan tidigare i filen.`)
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
    const metaList = items(parseJson(metaText, files.meta ?? 'KPI-filen'))
    if (!metaList) problems.push(`${files.meta}: väntade en lista med KPI:er (eller ett objekt med "values").`)
    else {
      metaList.forEach((raw, i) => {
        const parsed = kpiSchema.safeParse(raw)
        if (parsed.success) kpis.push({ id: parsed.data.id, title: parsed.data.title })
        else problems.push(`${files.meta}, post ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}.`)
      })
      kpis = [...new Map(kpis.map((k) => [k.id, k])).values()]
    }
  }
  if (problems.length > 0) throw new KoladaError(problems)
  return { rows, kpis }
}

export function createKolada(db: AtlasDatabase) {
  const q = {
    kommun: db.prepare(`SELECT code FROM organisations WHERE org_type = 'kommun' AND code = ?`),
    region: db.prepare(`SELECT code FROM organisations WHERE org_type = 'region' AND code = ?`),
    upsertValue: db.prepare(`INSERT INTO kolada_values (municipality_code, kpi_id, period, gender, value, count, status, imported_at)
      VALUES (@organisationCode, @kpi, @period, @gender, @value, @count, @status, @importedAt)
      ON CONFLICT(municipality_code, kpi_id, period, gender) DO UPDATE SET value = excluded.value, count = excluded.count,
        status = excluded.status, imported_at = excluded.imported_at`),
    upsertKpi: db.prepare('INSERT INTO kolada_kpis (id, title) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title'),
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
      const importedAt = new Date().toISOString()
      db.transaction(() => {
        for (const row of rows) q.upsertValue.run({ ...row, importedAt })
        for (const kpi of kpis) q.upsertKpi.run(kpi.id, kpi.title)
      }).immediate()
      const periods = rows.map((r) => r.period)
      return {
        values: rows.length,
        kpis: new Set(rows.map((r) => r.kpi)).size,
        organisations: new Set(rows.map((r) => r.organisationCode)).size,
        periods: periods.length ? { from: Math.min(...periods), to: Math.max(...periods) } : null,
      }
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
