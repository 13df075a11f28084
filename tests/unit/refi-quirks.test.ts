// REFI-QDA projects as other tools write them (tests/fixtures/refi/quirks.ts): each fixture imported through
// the CLI, as a researcher would, must come in whole — or the preview must say what will not be carried.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { message } from '../../src/shared/messages'
import { fixtures, G, type Fixture } from '../fixtures/refi/quirks'
import { tempDir, writeCorpus } from './helpers'

async function cli(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { ATLAS_CORPUS_DIR: CORPUS })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const CORPUS = writeCorpus(tempDir())

interface NoteJson {
  kind: string
  id: string
  author: string
  codes: { id: string }[]
}

async function importOnce(fixture: Fixture) {
  const dir = tempDir()
  const file = path.join(dir, fixture.file)
  fs.writeFileSync(file, fixture.bytes)
  const db = path.join(dir, 'atlas.sqlite')
  const first = await cli(['--db', db, 'import', file])
  return { db, file, first }
}

function ownDocuments(dbFile: string): { name: string }[] {
  const db = new Database(dbFile, { readonly: true })
  try {
    return db.prepare(`SELECT name FROM entities WHERE origin = 'own' AND type = 'report' ORDER BY name`).all() as { name: string }[]
  } finally {
    db.close()
  }
}

const UNSUPPORTED: Record<string, (count: number) => string> = {
  link: (count) => message('refiImport.unsupported.links', { count }),
  set: (count) => message('refiImport.unsupported.sets', { count }),
  graph: (count) => message('refiImport.unsupported.graphs', { count }),
}

// Quirks this build does not carry yet (see the README's compatibility table): asserted as refused or partial
// elsewhere, never silently passed here.
const NOT_YET = new Set(['richtextpath-docx-only', 'plaintextpath-file-absent'])

describe('REFI-QDA projects as other tools write them', () => {
  for (const fixture of fixtures().filter((f) => !NOT_YET.has(f.quirk))) {
    it(`${fixture.quirk}: imports what the file holds`, async () => {
      const { db, first } = await importOnce(fixture)
      expect(first.err).toBe('')
      expect(first.code).toBe(0)
      const docs = ownDocuments(db)
      expect(docs).toHaveLength(fixture.expected.sources)
      if (fixture.expected.sourceNames) expect(docs.map((d) => d.name)).toEqual(fixture.expected.sourceNames)

      const notes = JSON.parse((await cli(['--db', db, 'notes', '--json'])).out) as NoteJson[]
      const highlights = notes.filter((n) => n.kind === 'highlight')
      expect(highlights).toHaveLength(fixture.expected.selections)
      for (const [guid, author] of Object.entries(fixture.expected.authors ?? {})) {
        expect(highlights.find((h) => h.id === guid)?.author, `author of ${guid}`).toBe(author)
      }
      for (const [kind, count] of Object.entries(fixture.expected.notCarried ?? {})) {
        expect(first.out).toContain(UNSUPPORTED[kind]!(count))
      }
    })
  }
})

const XSD = path.resolve('resources/standards/refi-qda/project-1.5.xsd')

const notesOf = async (db: string): Promise<NoteJson[]> => JSON.parse((await cli(['--db', db, 'notes', '--json'])).out) as NoteJson[]

describe('identity is the GUID', () => {
  for (const fixture of fixtures().filter((f) => !NOT_YET.has(f.quirk))) {
    it(`${fixture.quirk}: importing the same file twice changes nothing`, async () => {
      const { db, file } = await importOnce(fixture)
      const before = { docs: ownDocuments(db), notes: await notesOf(db) }
      const again = await cli(['--db', db, 'import', file, '--json'])
      expect(again.code).toBe(0)
      const report = JSON.parse(again.out) as { refi: { documents: number; highlights: number; unchanged: { documents: number; highlights: number } }[] }
      expect(report.refi[0]).toMatchObject({ documents: 0, highlights: 0, unchanged: { documents: fixture.expected.sources, highlights: fixture.expected.selections } })
      expect(ownDocuments(db)).toEqual(before.docs)
      expect(await notesOf(db)).toEqual(before.notes)
    })
  }

  it('exports every document, highlighted or not, under the GUID it came with, and a fresh project reads them back', async () => {
    const fixture = fixtures().find((f) => f.quirk === 'codes-without-colour-documents-without-highlights')!
    const { db } = await importOnce(fixture)
    const out = path.join(tempDir(), 'tillbaka.qdpx')
    const exported = await cli(['--db', db, 'export', 'notes', '--format', 'qdpx', '--out', out])
    expect(exported.code).toBe(0)
    const qde = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(out)))['project.qde']!)
    const sourceGuids = [...qde.matchAll(/<TextSource [^>]*guid="([^"]+)"/g)].map((m) => m[1])
    expect(sourceGuids.sort()).toEqual([G.source1, G.source2, G.source3].sort())
    const qdeFile = path.join(tempDir(), 'project.qde')
    fs.writeFileSync(qdeFile, qde)
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, qdeFile], { encoding: 'utf8' })
    expect(lint.stderr).toContain('validates')

    const fresh = path.join(tempDir(), 'kollega.sqlite')
    expect((await cli(['--db', fresh, 'import', out])).code).toBe(0)
    expect(ownDocuments(fresh)).toEqual(ownDocuments(db))
  })

  it('a round trip keeps selections with their GUIDs, authors and codes', async () => {
    const fixture = fixtures().find((f) => f.quirk === 'internal-paths')!
    const { db } = await importOnce(fixture)
    const out = path.join(tempDir(), 'runda.qdpx')
    expect((await cli(['--db', db, 'export', 'notes', '--format', 'qdpx', '--out', out])).code).toBe(0)
    const fresh = path.join(tempDir(), 'kollega.sqlite')
    expect((await cli(['--db', fresh, 'import', out])).code).toBe(0)
    const shape = (notes: NoteJson[]) =>
      notes
        .filter((n) => n.kind === 'highlight')
        .map((n) => ({ id: n.id, author: n.author, codes: n.codes.map((c) => c.id).sort() }))
        .sort((a, b) => a.id.localeCompare(b.id))
    expect(shape(await notesOf(fresh))).toEqual(shape(await notesOf(db)))
    expect(shape(await notesOf(fresh)).map((h) => h.id)).toEqual([G.sel1, G.sel2])
  })
})
