// The app's one i18next instance, without runes so plain modules and unit tests can use it. Two namespaces:
// `translation` is the UI's own catalogue (./sv.ts), `core` the words produced below the UI, shared with the CLI
// (src/shared/messages), of which the UI reads `errors`: a failure from the core arrives as key and parameters.
import i18next, { type FormatterModule } from 'i18next'
import type { ErrorMessage } from '../../../shared/errors'
import { CATALOGUES } from '../../../shared/messages'
import { formatNumber } from '../lib/intl-format'
import { en } from './en'
import { sv, type Catalogue } from './sv'

export const LANGUAGES = ['sv', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const catalogues: Record<Language, Catalogue> = { sv, en }

/** Placeholders whose numbers are years or codes, written without a thousands separator ("2016", not "2 016"). */
const PLAIN_NUMBERS = new Set(['year', 'from', 'to', 'start', 'code'])

/**
 * Whole numbers in a message ("1 234 fall", "1,234 cases") take the language's separators, as everywhere else
 * (lib/intl-format.ts). Fractions arrive already formatted by the caller, who knows how many decimals they need.
 */
const numbers: FormatterModule = {
  type: 'formatter',
  init: () => {},
  add: () => {},
  addCached: () => {},
  format: (value, _format, lng, options) => {
    const key = typeof options?.['interpolationkey'] === 'string' ? options['interpolationkey'] : ''
    if (typeof value !== 'number' || !Number.isInteger(value) || PLAIN_NUMBERS.has(key)) return value
    return formatNumber(value, lng === 'sv' ? 'sv-SE' : 'en-GB')
  },
}

export const instance = i18next.createInstance().use(numbers)
void instance.init({
  lng: 'sv',
  fallbackLng: 'sv',
  supportedLngs: [...LANGUAGES],
  resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: catalogues[lng], core: CATALOGUES[lng] }])),
  // Resources are bundled, so init can finish synchronously and the first render already has its strings.
  initAsync: false,
  // Svelte escapes text itself; i18next escaping would show "&amp;" in names such as "Forskning & utveckling".
  // `alwaysFormat` hands every placeholder to `numbers` above, which gives whole numbers their separators.
  interpolation: { escapeValue: false, alwaysFormat: true },
  returnNull: false,
})

/** The words for a failure from the core, e.g. 'Det finns redan en kod som heter "Kultur" på den nivån.' */
export function errorWords(error: ErrorMessage, lng: Language): string {
  return instance.t(`errors.${error.key}`, { ...error.params, ns: 'core', lng }) as string
}
