// Dates and numbers as the researcher's language writes them: one date style per language, so a note's date,
// a backup's time and a comparison's "saved on" read alike. Pure functions of an Intl locale (no runes), so unit
// tests run them in Node; `format.ts` binds them to the UI's current locale.
//
// Swedish: 2026-12-06 and 2026-12-06 14:05, 1 234,5 and 25,5 % (the standard's no-break spaces).
// English: 6 Dec 2026 and 6 Dec 2026, 14:05, 1,234.5 and 25.5%.

const DATE: Record<'sv' | 'other', Intl.DateTimeFormatOptions> = {
  sv: { dateStyle: 'short' },
  other: { dateStyle: 'medium' },
}

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let format = formats.get(key)
  if (!format) formats.set(key, (format = make()))
  return format as F
}

const dateOptions = (intl: string): Intl.DateTimeFormatOptions => (intl.toLowerCase().startsWith('sv') ? DATE.sv : DATE.other)

/**
 * "2026-12-06" is a calendar day, not an instant: it is read in local time, or a researcher west of Greenwich
 * would see the day before. A full timestamp is shown in local time.
 */
function parse(iso: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "2026-12-06" (sv) or "6 Dec 2026" (en); text that is not a date is returned as it came. */
export function formatDate(iso: string, intl: string): string {
  const date = parse(iso)
  if (!date) return iso
  return cached(`date ${intl}`, () => new Intl.DateTimeFormat(intl, dateOptions(intl))).format(date)
}

/** "2026-12-06 14:05" (sv) or "6 Dec 2026, 14:05" (en), in local time. */
export function formatDateTime(iso: string, intl: string): string {
  const date = parse(iso)
  if (!date) return iso
  return cached(
    `datetime ${intl}`,
    () => new Intl.DateTimeFormat(intl, { ...dateOptions(intl), timeStyle: 'short', hourCycle: 'h23' }),
  ).format(date)
}

/** "1 234,5" (sv) or "1,234.5" (en), at most two decimals. */
export function formatNumber(value: number, intl: string): string {
  return cached(`number ${intl}`, () => new Intl.NumberFormat(intl, { maximumFractionDigits: 2 })).format(value)
}

/** A share (0.255) as "25,5 %" (sv) or "25.5%" (en), at most one decimal. */
export function formatPercent(share: number, intl: string): string {
  return cached(`percent ${intl}`, () => new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 1 })).format(share)
}
