// The researcher's document library in SQLite FTS5 (db/library.ts, search/library.ts): indexed in the same
// transaction as the document, found in a "Dokument" group with the query language, typo tolerance with swapped
// letters and completion, caught up in the background for an older project, carried by backup and restore.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { transaction } from '../../src/core/db/changes'
import { saveDocument, type OwnDocument } from '../../src/core/db/documents'
import { deleteOwnEntity, updateOwnEntity } from '../../src/core/db/entities'
import { copyHere, createBackup, restoreBackup } from '../../src/core/io/backup'
import { Lexicon } from '../../src/core/search/lexicon'
import { loadIndex, indexStamp } from '../../src/core/search/service'
import { editsFor, LIBRARY_FORMAT } from '../../src/shared/search-options'
import { messageOf, REAL_CORPUS, tempDir } from './helpers'

const EVALUATION: OwnDocument = {
  id: 'eget-utvardering-tjanstedesign',
  title: 'Följeforskning av tjänstedesign i Pajala',
  summary: 'Egen utvärderingsrapport, importerad av forskaren.',
  sections: [
    { heading: 'Bakgrund', text: 'Kommunen prövade tjänstedesign i hemtjänsten och i skolan under tre år.' },
    { heading: 'Resultat', text: 'Struktur och kultur avgjorde hur förnyelsearbetet spreds i förvaltningarna.' },
    { heading: 'Slutsatser', text: 'Medarbetardrivna idéslussar gav fler förslag än centralt styrda innovationsfonder.' },
  ],
  file: { name: 'utvardering.txt', format: 'text', sha256: 'a'.repeat(64), bytes: 400 },
}

async function search(atlas: Atlas, query: string, limit = 20) {
  const result = await atlas.invoke('search:query', { query, limit })
  if (!result.ok) throw new Error(messageOf(result))
  return result.value
}

const documentHits = async (atlas: Atlas, query: string): Promise<string[]> =>
  (await search(atlas, query)).hits.filter((h) => h.type === 'document').map((h) => h.id)

const passages = (atlas: Atlas): number => (atlas.db.prepare('SELECT count(*) AS n FROM library_passages').get() as { n: number }).n

function fresh(dbPath = ':memory:'): Atlas {
  return openAtlas({ dbPath, corpusDir: REAL_CORPUS, spawnParser: null })
}

describe('the library index is written with the document', () => {
  it('indexes a document and its sections in the import transaction, and a rolled-back import leaves nothing', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, EVALUATION)
    // The record and three sections.
    expect(passages(atlas)).toBe(4)
    expect(() =>
      transaction(atlas.db, () => {
        saveDocument(atlas.db, { ...EVALUATION, id: 'halvfardig' })
        throw new Error('disken blev full')
      }),
    ).toThrow('disken blev full')
    expect(passages(atlas)).toBe(4)
    expect(await documentHits(atlas, 'tjänstedesign ')).toContain(`${EVALUATION.id}#s1`)
    await atlas.close()
  })

  it('follows a rename and a delete at once, completion included', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, EVALUATION)
    expect(await documentHits(atlas, 'tjänstedes')).toContain(`${EVALUATION.id}#s1`)
    updateOwnEntity(atlas.db, { id: EVALUATION.id, type: 'report', name: 'Medborgardialog i Övertorneå', summary: '' })
    expect(await documentHits(atlas, 'medborgardialog ')).toEqual([EVALUATION.id])
    expect(await documentHits(atlas, 'Pajala ')).toEqual([])
    deleteOwnEntity(atlas.db, EVALUATION.id)
    expect(passages(atlas)).toBe(0)
    expect(await documentHits(atlas, 'tjänstedesign ')).toEqual([])
    // Its words no longer complete to anything.
    expect(await documentHits(atlas, 'tjänstedes')).toEqual([])
    await atlas.close()
  })

  it('leaves a document indexed as it was when it is attached to a case: no text changed', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, EVALUATION)
    // Rows SQLite wrote on this connection: re-indexing would delete and write every passage again (analysing
    // 100 sections again took 50-250 ms in the app's main thread).
    const written = () => atlas.db.prepare('SELECT total_changes()').pluck().get() as number
    const before = written()
    const attached = await atlas.invoke('documents:attach', { documentId: EVALUATION.id, caseIds: ['innovationsplattform-kiruna'] })
    expect(attached).toEqual({ ok: true, value: { attached: 1 } })
    expect(written() - before).toBeLessThan(passages(atlas))
    expect(await documentHits(atlas, 'tjänstedesign ')).toContain(`${EVALUATION.id}#s1`)
    await atlas.close()
  })

  it('keeps the saved catalogue index free of the library: a new document does not touch it', async () => {
    const dir = tempDir()
    const atlas = fresh(path.join(dir, 'atlas.sqlite'))
    await atlas.searchReady
    const stamp = indexStamp(atlas.db)
    saveDocument(atlas.db, EVALUATION)
    expect(indexStamp(atlas.db)).toBe(stamp)
    const saved = await loadIndex(path.join(dir, 'atlas.search-index'), stamp)
    expect(saved).not.toBeNull()
    expect(JSON.stringify(saved?.mini.documentIds)).not.toContain(EVALUATION.id)
    await atlas.close()
  })
})

describe('one query over catalogue and library', () => {
  it('answers the query language in a Dokument group with snippets from the stored text', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, EVALUATION)
    const response = await search(atlas, '"struktur och kultur" ')
    const hit = response.hits.find((h) => h.type === 'document')
    expect(hit).toMatchObject({ id: `${EVALUATION.id}#s2`, title: 'Resultat', parentId: EVALUATION.id, parentTitle: EVALUATION.title })
    const marked = hit!.highlights.map(([a, b]) => hit!.snippet.slice(a, b).toLowerCase())
    expect(marked).toEqual(expect.arrayContaining(['struktur', 'kultur']))
    expect(response.groups).toContainEqual({ type: 'document', count: 1 })
    // Word for word: the same words in another order are not the phrase.
    expect(await documentHits(atlas, '"kultur och struktur" ')).toEqual([])
    // Folded, inflected and compound parts; exclusion; type filters.
    expect(await documentHits(atlas, 'forvaltning ')).toEqual([`${EVALUATION.id}#s2`])
    expect(await documentHits(atlas, 'idésluss ')).toEqual([`${EVALUATION.id}#s3`])
    expect(await documentHits(atlas, 'fond ')).toEqual([`${EVALUATION.id}#s3`])
    expect(await documentHits(atlas, 'kommunen -hemtjänst ')).toEqual([])
    expect((await search(atlas, 'typ:dokument kultur ')).hits.every((h) => h.type === 'document')).toBe(true)
    expect(await documentHits(atlas, 'typ:organisation kultur ')).toEqual([])
    await atlas.close()
  })

  it('finds a library word misspelled with swapped letters, and completes a half-typed stop word', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, EVALUATION)
    expect(await documentHits(atlas, 'tjänstedesgin ')).toContain(`${EVALUATION.id}#s1`)
    expect(await documentHits(atlas, 'medarbetadrivna ')).toContain(`${EVALUATION.id}#s3`)
    // "för" is a stop word; typed as the last word it completes ("förnyelsearbetet", "förslag").
    expect(await documentHits(atlas, 'typ:dokument för')).toEqual(expect.arrayContaining([`${EVALUATION.id}#s2`, `${EVALUATION.id}#s3`]))
    // Typed after another word that finds nothing with it, the stop word is left out instead.
    expect(await documentHits(atlas, 'hemtjänsten och')).toEqual([`${EVALUATION.id}#s1`])
    await atlas.close()
  })

  it('kod: narrows the library to the passages that carry the code', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, EVALUATION)
    await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
    const code = await atlas.invoke('codes:create', { name: 'Kultur i förvaltningen' })
    if (!code.ok) throw new Error(messageOf(code))
    // "Struktur", the first eight characters of the second section.
    const created = await atlas.invoke('highlights:create', { target: { type: 'section', id: `${EVALUATION.id}#s2` }, start: 0, end: 8, codeIds: [code.value.id] })
    expect(created.ok, JSON.stringify(created)).toBe(true)
    expect(await documentHits(atlas, 'kommunen ')).toEqual([`${EVALUATION.id}#s1`])
    expect(await documentHits(atlas, 'kod:Kultur_i_förvaltningen förnyelsearbetet ')).toEqual([`${EVALUATION.id}#s2`])
    expect(await documentHits(atlas, 'kod:Kultur_i_förvaltningen kommunen ')).toEqual([])
    await atlas.close()
  })

  it('orders the catalogue and the library by the written rule: each scaled to its best, the catalogue first on a tie', async () => {
    const atlas = fresh()
    saveDocument(atlas.db, { ...EVALUATION, id: 'kiruna-egen', title: 'Egen intervjustudie i Kiruna' })
    const response = await search(atlas, 'Kiruna ')
    expect(response.hits[0]?.type).not.toBe('document')
    // The library's best hit comes second: its share (1) ties the catalogue's best and beats the rest.
    expect(response.hits[1]).toMatchObject({ type: 'document', id: 'kiruna-egen' })
    await atlas.close()
  })
})

describe('an older project, backup and restore', () => {
  it('indexes the documents of a project made before the library index in the background, with progress', async () => {
    const dir = tempDir()
    const dbPath = path.join(dir, 'atlas.sqlite')
    const first = fresh(dbPath)
    for (let i = 0; i < 45; i++) saveDocument(first.db, { ...EVALUATION, id: `dok-${i}` })
    await first.close()
    // As a project of schema 8 migrated: documents and sections, no library rows.
    const raw = new Database(dbPath)
    raw.exec('DELETE FROM library_index; DELETE FROM library_passages')
    raw.close()
    const reopened = fresh(dbPath)
    const status = await reopened.invoke('search:status', {})
    expect(status.ok && status.value).toMatchObject({ phase: 'library', total: 45 })
    await reopened.libraryReady
    expect(passages(reopened)).toBe(45 * 4)
    // Each document's record (its title names tjänstedesign) and its first section.
    expect((await search(reopened, 'typ:dokument tjänstedesign ')).total).toBe(90)
    const rowids = reopened.db.prepare('SELECT rowid FROM library_passages ORDER BY rowid').all()
    await reopened.close()
    // Never rebuilt at start: a third open finds nothing to do.
    const third = fresh(dbPath)
    const again = await third.invoke('search:status', {})
    expect(again.ok && again.value.phase).not.toBe('library')
    expect(third.db.prepare('SELECT rowid FROM library_passages ORDER BY rowid').all()).toEqual(rowids)
    await third.close()
  })

  it('re-indexes rows written with an older analysis format', async () => {
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const first = fresh(dbPath)
    saveDocument(first.db, EVALUATION)
    first.db.prepare('UPDATE library_passages SET format = 0').run()
    await first.close()
    const second = fresh(dbPath)
    await second.libraryReady
    expect(second.db.prepare('SELECT DISTINCT format FROM library_passages').all()).toEqual([{ format: LIBRARY_FORMAT }])
    expect(passages(second)).toBe(4)
    expect(await documentHits(second, 'tjänstedesign ')).toContain(`${EVALUATION.id}#s1`)
    await second.close()
  })

  it('travels with a backup: restoring brings the library and its index back', async () => {
    const dir = tempDir()
    const atlas = fresh(path.join(dir, 'atlas.sqlite'))
    saveDocument(atlas.db, EVALUATION)
    const backupPath = path.join(dir, 'kopia.sqlite')
    await createBackup(backupPath, copyHere(atlas.db))
    deleteOwnEntity(atlas.db, EVALUATION.id)
    expect(await documentHits(atlas, 'tjänstedesign ')).toEqual([])
    await restoreBackup(atlas.db, path.join(dir, 'atlas.sqlite'), backupPath)
    expect(passages(atlas)).toBe(4)
    expect(await documentHits(atlas, 'tjänstedesign ')).toContain(`${EVALUATION.id}#s1`)
    await atlas.close()
  })
})

describe('the CLI', () => {
  it('`atlas --db X search "kirnua" --json` puts Kiruna first, with a library document about Kiruna', async () => {
    const dir = tempDir()
    const dbPath = path.join(dir, 'atlas.sqlite')
    const file = path.join(dir, 'kiruna.txt')
    fs.writeFileSync(file, 'Intervjuer i Kiruna om stadsomvandlingen och innovationsplattformen.\n')
    const out: string[] = []
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) }
    expect(await runCli(['--db', dbPath, 'import', file], io, {})).toBe(0)
    out.length = 0
    expect(await runCli(['--db', dbPath, 'search', 'kirnua', '--json'], io, {})).toBe(0)
    const result = JSON.parse(out.join('\n')) as { hits: { type: string; id: string; title: string }[] }
    expect(result.hits[0]?.title).toMatch(/Kiruna/)
    expect(result.hits.some((h) => h.type === 'document')).toBe(true)
  })
})

describe('typo tolerance', () => {
  it('counts a swap of neighbouring letters as one edit; one edit from four letters, two from eight', () => {
    const lexicon = new Lexicon([['kirun', 3], ['kommun', 9], ['innovationsplattform', 2], ['kurs', 1]])
    expect(lexicon.fuzzy('kirnu', 1, 5).map((c) => c.term)).toEqual(['kirun'])
    expect(lexicon.fuzzy('kiurn', 1, 5)).toEqual([{ term: 'kirun', edits: 1, documents: 3 }])
    // A swap and a dropped letter: two edits.
    expect(lexicon.fuzzy('innovatoinsplattfom', 2, 5).map((c) => c.term)).toEqual(['innovationsplattform'])
    expect(lexicon.fuzzy('innovatoinsplattfom', 1, 5)).toEqual([])
    expect([editsFor('kom'), editsFor('kurs'), editsFor('kiruna'), editsFor('göteborg'), editsFor('innovation')]).toEqual([0, 1, 1, 2, 2])
    expect(lexicon.complete(['k'], 2)).toEqual(['kommun', 'kirun'])
  })
})
