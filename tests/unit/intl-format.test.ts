// One date style and the locale's separators per UI language (src/renderer/src/lib/intl-format.ts), and the
// separators in counts inside messages (src/renderer/src/i18n/instance.ts).
import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../src/renderer/src/lib/intl-format'
import { instance } from '../../src/renderer/src/i18n/instance'

const NBSP = '\u00a0'
// A local time, so the expected clock reading holds in any time zone the tests run in.
const afternoon = new Date(2026, 11, 6, 14, 5).toISOString()

describe('dates', () => {
  it('Swedish: 2026-12-06 and 2026-12-06 14:05', () => {
    expect(formatDate('2026-12-06', 'sv-SE')).toBe('2026-12-06')
    expect(formatDate(afternoon, 'sv-SE')).toBe('2026-12-06')
    expect(formatDateTime(afternoon, 'sv-SE')).toBe('2026-12-06 14:05')
  })

  it('English: 6 Dec 2026 and 6 Dec 2026, 14:05, on a 24-hour clock', () => {
    expect(formatDate('2026-12-06', 'en-GB')).toBe('6 Dec 2026')
    expect(formatDateTime(afternoon, 'en-GB')).toBe('6 Dec 2026, 14:05')
    expect(formatDateTime(new Date(2026, 0, 2, 9, 30).toISOString(), 'en-GB')).toBe('2 Jan 2026, 09:30')
  })

  it('a calendar day stays that day whatever the time zone', () => {
    expect(formatDate('2026-01-01', 'sv-SE')).toBe('2026-01-01')
  })

  it('text that is not a date comes back as it was', () => {
    expect(formatDate('igår', 'sv-SE')).toBe('igår')
    expect(formatDateTime('', 'en-GB')).toBe('')
  })
})

describe('numbers', () => {
  it('Swedish: a no-break space between thousands and a decimal comma', () => {
    expect(formatNumber(1234.5, 'sv-SE')).toBe(`1${NBSP}234,5`)
    expect(formatNumber(0.125, 'sv-SE')).toBe('0,13')
    expect(formatPercent(0.255, 'sv-SE')).toBe(`25,5${NBSP}%`)
  })

  it('English: a comma between thousands and a decimal point', () => {
    expect(formatNumber(1234.5, 'en-GB')).toBe('1,234.5')
    expect(formatPercent(0.255, 'en-GB')).toBe('25.5%')
  })

  it('counts in messages take the separators; years and codes do not', () => {
    expect(instance.t('catalogue.count', { count: 1234, lng: 'sv' })).toBe(`1${NBSP}234 fall`)
    expect(instance.t('catalogue.count', { count: 12345, lng: 'en' })).toBe('12,345 cases')
    expect(instance.t('years.range', { from: 2016, to: 2022, lng: 'sv' })).toBe('2016–2022')
    expect(instance.t('years.single', { year: 2016, lng: 'en' })).toBe('2016')
  })
})
