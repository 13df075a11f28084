// i18next (./instance.ts) behind a small typed wrapper. `t` reads `locale.lang`, so markup that calls it
// re-renders when a second language is added and switched at run time.
import type { ErrorMessage } from '../../../shared/errors'
import { errorWords, instance, type Language } from './instance'
import type { Catalogue } from './sv'

export { LANGUAGES, type Language } from './instance'

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T]
type StripPlural<K> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K
/** Every key in the Swedish catalogue, plural forms folded into their base key. */
export type MessageKey = StripPlural<Paths<Catalogue>>
export type MessageValues = Record<string, string | number>

class Locale {
  lang = $state<Language>('sv')

  /**
   * Intl locale for numbers, dates and sorting. English is British English: "6 Dec 2026, 14:05" with a
   * 24-hour clock reads better beside Swedish sources than the American "Dec 6, 2026, 2:05 PM".
   */
  get intl(): string {
    return this.lang === 'sv' ? 'sv-SE' : 'en-GB'
  }

  t = (key: MessageKey, values?: MessageValues): string => {
    return instance.t(key, { lng: this.lang, ...values }) as string
  }

  /** A failure from the core (key and parameters) in the researcher's language. */
  errorText = (error: ErrorMessage): string => errorWords(error, this.lang)

  async setLanguage(lang: Language): Promise<void> {
    await instance.changeLanguage(lang)
    this.lang = lang
    document.documentElement.lang = lang
  }
}

export const locale = new Locale()
export const t = locale.t
