// Swedish typography for reports: dates as "27 november 2026", numbers with a (non-breaking) space between
// thousands, quotations in ”…” as Swedish print has them.
const DATE = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' })
const NUMBER = new Intl.NumberFormat('sv-SE')

export function swedishDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  return Number.isNaN(date.getTime()) ? String(iso) : DATE.format(date)
}

export function swedishNumber(n: number): string {
  return NUMBER.format(n)
}

export function swedishQuote(text: string): string {
  return `”${text}”`
}
