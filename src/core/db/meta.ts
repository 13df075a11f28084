// atlas_meta: key/value facts about the database itself — which corpus version is loaded — and the
// researcher's preferences (the author name written on every highlight and memo).
import Database from 'better-sqlite3'
import { emit } from './changes'
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

const CORPUS_VERSION = 'corpus_version'
const AUTHOR = 'author'
const LANGUAGE = 'language'
const THEME = 'theme'
const ORIENTATION_SEEN = 'orientation_seen'

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

/** Whether the first-start introduction was dismissed; '1' once it was, absent on a fresh project. */
export const orientationSeenPreference = (db: ReadableDB): boolean => read(db, ORIENTATION_SEEN) === '1'

export function setOrientationSeenPreference(db: WritableDB, seen: boolean): void {
  statements(db).set.run(ORIENTATION_SEEN, seen ? '1' : '0')
  emit(db, { kind: 'preferences', ids: [ORIENTATION_SEEN] })
}

/**
 * The language preference read straight from a project file, before the app opens it (the Electron shell
 * starts Chromium in that language, which sets the format of date fields). Null when there is none or the
 * file cannot be read: the system's language then applies.
 */
export function languageOfProjectFile(file: string): string | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare(`SELECT value FROM atlas_meta WHERE key = '${LANGUAGE}'`).get() as { value: string } | undefined)?.value ?? null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}
