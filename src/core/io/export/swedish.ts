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

/** A quotation in ”…”, with quotation marks inside it turned to ’…’ as Swedish print nests them. */
export function swedishQuote(text: string): string {
  return `”${text.replace(/[”"“„]/g, '’')}”`
}

/**
 * Swedish typography in running text: a non-breaking space between a number and its unit (”6,65 Mkr”, ”30 %”,
 * ”1 800 personer” keeps its thousands together), so a line never breaks between them.
 */
export function swedishSpacing(text: string): string {
  return text
    .replace(/(\d) (?=\d{3}\b)/g, '$1\u00A0')
    .replace(/(\d) (%|procent|kr|kronor|Mkr|mnkr|mdkr|tkr|miljoner|miljarder|st|år|timmar|dagar|km|ton)(?=[\s.,;:)!?]|$)/g, '$1\u00A0$2')
}
