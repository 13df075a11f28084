// The words the core, the shell and the CLI produce, looked up by a stable key. The catalogues are plain data
// in i18next's format ({{param}} interpolation, `_one`/`_other` plural forms chosen by `count`), so the renderer
// hands the same objects to its i18next instance and this small formatter gives the CLI and the core the same
// words without one.
import { en } from './en'
import { sv } from './sv'

export { en, sv }

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
/** The shape every language's catalogue has: a missing or extra key in a second language is a compile error. */
export type Messages = Widen<typeof sv>

export const LANGUAGES = ['sv', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const CATALOGUES: Record<Language, Messages> = { sv, en }

/**
 * The language of the words the core produces (export labels, file names, undo labels) in this process: the
 * researcher's choice, set by the core when a project opens and when the choice changes. Swedish until then.
 */
let current: Language = 'sv'

export function setMessageLanguage(lang: Language): void {
  current = lang
}

export function messageLanguage(): Language {
  return current
}

type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other'
type BaseKey<K extends string> = K extends `${infer Base}_${PluralForm}` ? Base : K
/** A plural form is chosen by `count`, so its message needs one even where the words print another number. */
type CountOf<K extends string> = K extends `${string}_${PluralForm}` ? '{{count}}' : never
/** Every message as a [key, template] pair; plural forms fold into their base key with both templates. */
type Entries<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? [`${Prefix}${BaseKey<K>}`, T[K] | CountOf<K>] : Entries<T[K], `${Prefix}${K}.`>
}[keyof T & string]
type Placeholders<S> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never

export type MessageKey = Entries<typeof sv>[0]
export type MessageParams = Record<string, string | number>
/** The parameters a message's template uses, by name: forgetting one is a compile error at the call. */
export type ParamsOf<K extends MessageKey> = { [P in Placeholders<Extract<Entries<typeof sv>, [K, string]>[1]>]: string | number }
/** The params argument, optional for a message that uses none. */
export type ParamsArg<K extends MessageKey> = [keyof ParamsOf<K>] extends [never] ? [params?: ParamsOf<K>] : [params: ParamsOf<K>]

/** The template(s) stored under `key`: one string, or its plural forms. Undefined for an unknown key. */
function lookup(catalogue: Messages, key: string): { plain?: string; forms: Map<string, string> } | undefined {
  const path = key.split('.')
  const last = path.pop()!
  let node: unknown = catalogue
  for (const part of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined
  if (!node || typeof node !== 'object') return undefined
  const group = node as Record<string, unknown>
  const forms = new Map<string, string>()
  for (const [name, value] of Object.entries(group)) {
    if (name.startsWith(`${last}_`) && typeof value === 'string') forms.set(name.slice(last.length + 1), value)
  }
  const plain = typeof group[last] === 'string' ? (group[last] as string) : undefined
  if (plain === undefined && forms.size === 0) return undefined
  return plain === undefined ? { forms } : { plain, forms }
}

export function hasMessage(key: string, lang: Language = 'sv'): boolean {
  return lookup(CATALOGUES[lang], key) !== undefined
}

/**
 * The words for `key` in `lang`, as i18next would give them. An unknown key comes back as the key itself and
 * a missing parameter stays visible as {{name}}, so a mistake shows instead of vanishing.
 */
export function translate(lang: Language, key: string, params: MessageParams = {}): string {
  const found = lookup(CATALOGUES[lang], key)
  if (!found) return key
  const count = params.count
  const form = typeof count === 'number' ? found.forms.get(new Intl.PluralRules(lang).select(count)) : undefined
  const template = form ?? found.plain ?? found.forms.get('other') ?? key
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** The words for a core-produced text (an export label, an import remark, an undo label) in this process's language. */
export function message<K extends MessageKey>(key: K, ...[params]: ParamsArg<K>): string {
  return translate(current, key, params as MessageParams | undefined)
}
