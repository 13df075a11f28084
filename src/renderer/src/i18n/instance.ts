// The app's one i18next instance, without runes so plain modules and unit tests can use it. Two namespaces:
// `translation` is the UI's own catalogue (./sv.ts), `core` the words produced below the UI, shared with the CLI
// (src/shared/messages), of which the UI reads `errors`: a failure from the core arrives as key and parameters.
import i18next from 'i18next'
import type { ErrorMessage } from '../../../shared/errors'
import { CATALOGUES } from '../../../shared/messages'
import { en } from './en'
import { sv, type Catalogue } from './sv'

export const LANGUAGES = ['sv', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const catalogues: Record<Language, Catalogue> = { sv, en }

export const instance = i18next.createInstance()
void instance.init({
  lng: 'sv',
  fallbackLng: 'sv',
  supportedLngs: [...LANGUAGES],
  resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: catalogues[lng], core: CATALOGUES[lng] }])),
  // Resources are bundled, so init can finish synchronously and the first render already has its strings.
  initAsync: false,
  // Svelte escapes text itself; i18next escaping would show "&amp;" in names such as "Forskning & utveckling".
  interpolation: { escapeValue: false },
  returnNull: false,
})

/** The words for a failure from the core, e.g. 'Det finns redan en kod som heter "Kultur" på den nivån.' */
export function errorWords(error: ErrorMessage, lng: Language): string {
  return instance.t(`errors.${error.key}`, { ...error.params, ns: 'core', lng }) as string
}
