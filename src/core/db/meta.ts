// atlas_meta: key/value facts about the database itself — which corpus version is loaded — and the
// researcher's preferences (the author name written on every highlight and memo).
import { emit } from './changes'
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

const CORPUS_VERSION = 'corpus_version'
const AUTHOR = 'author'
const LANGUAGE = 'language'
const THEME = 'theme'

const statements = preparedOnce((db) => ({
  set: db.prepare('INSERT INTO atlas_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
}))

const reads = preparedOnce((db: ReadableDB) => ({
  get: db.prepare('SELECT value FROM atlas_meta WHERE key = ?'),
}))

function read(db: ReadableDB, key: string): string | null {
  return (reads(db).get.get(key) as { value: string } | undefined)?.value ?? null
}

export const loadedCorpusVersion = (db: ReadableDB): string | null => read(db, CORPUS_VERSION)

/** Written in the corpus load's transaction, as its last step. */
export function setCorpusVersion(db: WritableDB, version: string): void {
  statements(db).set.run(CORPUS_VERSION, version)
}

export const authorName = (db: ReadableDB): string | null => read(db, AUTHOR)

export function setAuthorName(db: WritableDB, name: string): void {
  statements(db).set.run(AUTHOR, name)
  emit(db, { kind: 'preferences', ids: [AUTHOR] })
}

/** The language the researcher chose, or null to follow the system's. */
export const languagePreference = (db: ReadableDB): string | null => read(db, LANGUAGE)

export function setLanguagePreference(db: WritableDB, language: string): void {
  statements(db).set.run(LANGUAGE, language)
  emit(db, { kind: 'preferences', ids: [LANGUAGE] })
}

/** light, dark or system (the default). */
export const themePreference = (db: ReadableDB): string | null => read(db, THEME)

export function setThemePreference(db: WritableDB, theme: string): void {
  statements(db).set.run(THEME, theme)
  emit(db, { kind: 'preferences', ids: [THEME] })
}
