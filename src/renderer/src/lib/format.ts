// Display helpers shared by the views. Strings come from i18n; numbers use the locale's Intl rules.
import { ROLES, SURVEY_QUALIFIERS, type OrganisationRef, type Role, type SurveyValue } from '../../../shared/domain'
import { locale, t } from '../i18n/i18n.svelte'
import * as intlFormat from './intl-format'

export function formatYears(start: number | null, end: number | null): string {
  if (start !== null && end !== null) {
    return start === end ? t('years.single', { year: start }) : t('years.range', { from: start, to: end })
  }
  if (start !== null) return t('years.from', { year: start })
  if (end !== null) return t('years.to', { year: end })
  return t('years.unknown')
}

/** "kiruna.se" for "https://www.kiruna.se/…"; the raw text if it is not a URL. */
export function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return url
  }
}

// Every date and number the UI shows goes through these four, in the UI's language (see intl-format.ts).
export const formatDate = (iso: string): string => intlFormat.formatDate(iso, locale.intl)
export const formatDateTime = (iso: string): string => intlFormat.formatDateTime(iso, locale.intl)
export const formatNumber = (value: number): string => intlFormat.formatNumber(value, locale.intl)
export const formatPercent = (share: number): string => intlFormat.formatPercent(share, locale.intl)

/**
 * A survey figure as its source words it: "drygt 30 procent", "ca 72 %", "80 procent" when the source states it
 * flatly. `space` joins the parts (a no-break space keeps them on one line in a table).
 */
export function surveyFigure(v: Pick<SurveyValue, 'value' | 'qualifier'>, unit: string, space = ' '): string {
  const number = `${formatNumber(v.value)}${space}${unit}`
  return v.qualifier ? `${t(`survey.qualifier.${v.qualifier}`)}${space}${number}` : number
}

/** The words in use among `values`, in a fixed order: a legend explains only the words the reader sees. */
const wordsIn = (values: readonly Pick<SurveyValue, 'qualifier'>[]) => SURVEY_QUALIFIERS.filter((q) => values.some((v) => v.qualifier === q))

/** "”drygt” = något mer än talet; ”ca” = ungefär": what each word in use says about its figure. */
export function qualifierMeanings(values: readonly Pick<SurveyValue, 'qualifier'>[]): string {
  return wordsIn(values)
    .map((q) => t(`survey.qualifierMeaning.${q}`))
    .join('; ')
}

/** "”drygt” eller ”ca”": the words in use, quoted, as a list. */
export function qualifierWords(values: readonly Pick<SurveyValue, 'qualifier'>[]): string {
  const words = wordsIn(values).map((q) => `”${t(`survey.qualifier.${q}`)}”`)
  return new Intl.ListFormat(locale.intl, { type: 'disjunction' }).format(words)
}

/** "kod 2584, Norrbottens län" for kommuner and regioner; empty for organisations without a code. */
export function organisationPlace(org: Pick<OrganisationRef, 'code' | 'county'>): string {
  if (org.code && org.county) return t('case.codeAndCounty', { code: org.code, county: org.county.name })
  if (org.code) return t('case.code', { code: org.code })
  return org.county?.name ?? ''
}

/**
 * One entry per id with all its roles, in the contract's order (ägare, partner, finansiär): an owner is often
 * also a funder, and Region Norrbotten is both partner and funder of Kiruna's platform.
 */
export function groupRoles<T extends { id: string; role: Role }>(items: readonly T[]): (Omit<T, 'role'> & { roles: Role[] })[] {
  const rows = new Map<string, Omit<T, 'role'> & { roles: Role[] }>()
  for (const { role, ...item } of items) {
    const row = rows.get(item.id) ?? { ...item, roles: [] }
    if (!row.roles.includes(role)) row.roles.push(role)
    rows.set(item.id, row)
  }
  return [...rows.values()].map((row) => ({ ...row, roles: row.roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)) }))
}
