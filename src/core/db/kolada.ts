// Kolada values per organisation code, KPI, year and gender, and the KPIs' titles. An import overwrites the
// values it carries (a newer download of the same series) and leaves every other value as it was.
import { emit, transaction } from './changes'
import { preparedOnce, type WritableDB } from './connection'

export interface KoladaValue {
  organisationCode: string
  kpi: string
  period: number
  gender: 'T' | 'K' | 'M'
  value: number | null
  count: number | null
  status: string | null
}

const statements = preparedOnce((db) => ({
  upsertValue: db.prepare(`INSERT INTO kolada_values (municipality_code, kpi_id, period, gender, value, count, status, imported_at)
    VALUES (@organisationCode, @kpi, @period, @gender, @value, @count, @status, @importedAt)
    ON CONFLICT(municipality_code, kpi_id, period, gender) DO UPDATE SET value = excluded.value, count = excluded.count,
      status = excluded.status, imported_at = excluded.imported_at`),
  upsertKpi: db.prepare('INSERT INTO kolada_kpis (id, title) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title'),
}))

/** All or nothing, in one transaction. */
export function saveKoladaValues(db: WritableDB, values: KoladaValue[], kpis: { id: string; title: string }[]): void {
  const importedAt = new Date().toISOString()
  transaction(db, () => {
    for (const value of values) statements(db).upsertValue.run({ ...value, importedAt })
    for (const kpi of kpis) statements(db).upsertKpi.run(kpi.id, kpi.title)
    emit(db, { kind: 'kolada', ids: values.map((v) => v.organisationCode) })
  })
}
