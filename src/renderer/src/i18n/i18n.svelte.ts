// i18next behind a small typed wrapper. `t` reads `locale.lang`, so markup that calls it re-renders when a
// second language is added and switched at run time.
import i18next from 'i18next'
import { sv, type Catalogue } from './sv'

export const LANGUAGES = ['sv'] as const
export type Language = (typeof LANGUAGES)[number]

const catalogues: Record<Language, Catalogue> = { sv }

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T]
type StripPlural<K> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K
/** Every key in the Swedish catalogue, plural forms folded into their base key. */
export type MessageKey = StripPlural<Paths<Catalogue>>
export type MessageValues = Record<string, string | number>

const instance = i18next.createInstance()
void instance.init({
  lng: 'sv',
  fallbackLng: 'sv',
  supportedLngs: [...LANGUAGES],
  resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: catalogues[lng] }])),
  // Resources are bundled, so init can finish synchronously and the first render already has its strings.
  initAsync: false,
  // Svelte escapes text itself; i18next escaping would show "&amp;" in names such as "Forskning & utveckling".
  interpolation: { escapeValue: false },
  returnNull: false,
})

class Locale {
  lang = $state<Language>('sv')

  /** Intl locale for numbers and dates. */
  get intl(): string {
    return this.lang === 'sv' ? 'sv-SE' : this.lang
  }

  t = (key: MessageKey, values?: MessageValues): string => {
    return instance.t(key, { lng: this.lang, ...values }) as string
  }

  async setLanguage(lang: Language): Promise<void> {
    await instance.changeLanguage(lang)
    this.lang = lang
    document.documentElement.lang = lang
  }
}

export const locale = new Locale()
export const t = locale.t
