// Agreement as CSV for the method chapter's table (R, Excel): one row for the overall figures and one per
// code, with what they were computed with on every row, so a row read alone still says what it measured.
// Figures are numbers (alpha, kappa and percent as shares 0–1), empty where undefined, with the reason.
import type { AgreementResult } from '../../shared/domain'
import { localIso, toCsv, type CsvOptions } from '../io/export/csv'

export const AGREEMENT_COLUMNS = [
  'code_id',
  'code',
  'alpha',
  'reading',
  'alpha_undefined_because',
  'kappa',
  'percent',
  'units',
  'unit',
  'coders',
  'overlap',
  'uncoded',
  'documents',
  'computed',
] as const

export function agreementCsv(result: AgreementResult, options: CsvOptions = {}): string {
  const context = [
    result.unit,
    result.coders.map((c) => c.name).join(' | '),
    result.unit === 'segment' ? result.settings.overlap : null,
    result.unit === 'segment' ? result.settings.uncoded : null,
    result.settings.documents.map((d) => d.name).join(' | '),
    localIso(result.settings.computedAt),
  ]
  const rows = [{ id: '', name: 'Totalt', ...result.overall }, ...result.codes].map((s) => [
    s.id || null,
    s.name,
    s.alpha,
    s.reading,
    s.alphaReason,
    s.kappa,
    s.percent,
    s.units,
    ...context,
  ])
  return toCsv([...AGREEMENT_COLUMNS], rows, options)
}
