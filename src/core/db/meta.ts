// atlas_meta: key/value facts about the database itself — which corpus version is loaded — and the
// researcher's preferences (the author name written on every highlight and memo).
import { emit } from './changes'
import { preparedOnce, type ReadableDB, type WritableDB } from './connection'

const CORPUS_VERSION = 'corpus_version'
const AUTHOR = 'author'

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
