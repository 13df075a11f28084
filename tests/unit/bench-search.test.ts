// `npm run bench:search`'s app path at a tiny size, in this process: the corpus goes in through saveDocument
// (50 sections a document) and lands in the library index; the search process started as the app starts it
// answers, completes and corrects, and the hit check used for misspelled queries reads the hits' texts.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { corpusDocuments, importCorpus, mentionsWord, passageText, SECTIONS_PER_DOCUMENT, startApp } from '../../scripts/bench/app'
import { buildVocabulary, drawQueries, generateCorpus } from '../../scripts/bench/corpus'
import { tempDir } from './helpers'

const SECTIONS = 120
const dir = tempDir('bench-search-')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('bench:search, the app path', () => {
  const corpus = generateCorpus(SECTIONS, buildVocabulary())

  it('groups the corpus into documents of 50 sections, in order', () => {
    const docs = corpusDocuments(corpus.docs)
    expect(docs.map((d) => d.sections.length)).toEqual([50, 50, 20])
    expect(docs[1]?.sections[0]).toEqual({ heading: corpus.docs[SECTIONS_PER_DOCUMENT]?.name, text: corpus.docs[SECTIONS_PER_DOCUMENT]?.text })
    expect(docs.every((d) => d.summary.length > 0 && /^[0-9a-f]{64}$/.test(d.file.sha256))).toBe(true)
  })

  it('imports through saveDocument into the library index and searches it as the app does', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'project.sqlite')
    const imported = importCorpus(file, corpus.docs)
    expect(imported).toMatchObject({ documents: 3, sections: SECTIONS, passages: SECTIONS + 3 })
    expect(imported.terms > 1000 && imported.sections_per_s > 0 && imported.db_bytes > 0).toBe(true)

    const app = await startApp(file, 'innovation')
    try {
      expect(app.first.hits.length).toBe(20)
      expect(app.service.library.vocabularyLoaded).toBe(true)
      for (const key of ['open_ms', 'service_ms', 'first_result_ms', 'vocabulary_ms'] as const) expect(app[key] >= 0).toBe(true)
      expect(app.vocabulary_ms >= app.first_result_ms).toBe(true)

      const text = passageText(app.db)
      const mentions = mentionsWord()
      // A library hit's id is the section's; its text holds the word searched for, in some inflection. (The
      // notes index of a new project holds the starter codes, so other hits may come first.)
      const hit = app.first.hits.find((h) => h.type === 'document')
      expect(hit?.id).toMatch(/^bench-d\d+(#s\d+)?$/)
      expect(mentions(text(hit?.id ?? ''), 'innovationerna')).toBe(true)
      expect(mentions('Ett ord om kommunen.', 'innovation')).toBe(false)

      // Misspelled words are found through the index's vocabulary, as the bench's misspelled class checks.
      const misspelled = drawQueries(corpus, 20).misspelled
      let found = 0
      for (const q of misspelled) {
        const response = await app.service.search(q.q, 20)
        if (response.hits.some((h) => mentions(text(h.id), q.intended ?? ''))) found++
      }
      expect(found / misspelled.length).toBeGreaterThan(0.5)
      // The word being typed is completed: the start of a word of the first section finds that section's document.
      const word = (corpus.docs[0]?.text.toLowerCase().match(/\p{L}{8,}/gu) ?? [])[0] ?? ''
      const typed = await app.service.search(word.slice(0, 5), 20)
      expect(word.length).toBeGreaterThan(0)
      expect(typed.hits.some((h) => h.type === 'document' && text(h.id).toLowerCase().includes(word.slice(0, 5)))).toBe(true)
    } finally {
      app.db.close()
    }
  })
})
