// A killed process never leaves a damaged or half-written project: a child works on a project (document
// imports, bursts of highlights) and is ended with SIGKILL at a random moment, several times over the same
// file. After each kill the file passes integrity_check, every action the child reported done is there, and
// every imported document has all its sections. Bounded (a few kills, seeded delays) to run in CI.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir, writeCorpus } from './helpers'

const WORKER = path.resolve('tests/fixtures/kill/worker.ts')
const KILLS = 6

/** Runs the worker until `afterMs` after its first report, kills it, and returns the lines it printed. */
function runAndKill(dbPath: string, corpusDir: string, workDir: string, afterMs: number, extra: string[] = []): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, corpusDir, workDir, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    let timer: NodeJS.Timeout | null = null
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      timer ??= setTimeout(() => child.kill('SIGKILL'), afterMs)
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`The worker ended by itself (${String(signal)}): ${out.slice(-500)}`))
      // Only whole lines reached the parent as reports; a cut last line was never a report.
      resolve(out.split('\n').slice(0, -1))
    })
  })
}

describe('a process killed while it writes', () => {
  it(`leaves a sound project with every reported action in it, ${KILLS} kills in a row`, async () => {
    const dir = tempDir('atlas-kill-')
    const dbPath = path.join(dir, 'atlas.sqlite')
    const corpusDir = writeCorpus(tempDir())
    const reported = { document: new Map<string, number>(), highlight: new Set<string>() }
    // A fixed sequence of delays (ms after the first report) instead of Math.random: a failure can be rerun.
    const delays = [150, 700, 40, 1200, 350, 900].slice(0, KILLS)
    for (const delay of delays) {
      const lines = await runAndKill(dbPath, corpusDir, dir, delay)
      for (const line of lines) {
        const [kind, id, sections] = line.split(' ') as [string, string, string?]
        if (kind === 'document') reported.document.set(id, Number(sections))
        else reported.highlight.add(id)
      }
      const db = new Database(dbPath, { readonly: true })
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const sectionsOf = db.prepare('SELECT count(*) AS n FROM sections WHERE report_id = ?')
        const documents = new Set((db.prepare('SELECT entity_id AS id FROM document_files').all() as { id: string }[]).map((r) => r.id))
        const highlights = new Set((db.prepare('SELECT id FROM highlights').all() as { id: string }[]).map((r) => r.id))
        for (const [id, sections] of reported.document) {
          expect(documents.has(id), `document ${id}`).toBe(true)
          expect(sectionsOf.get(id), `sections of ${id}`).toEqual({ n: sections })
        }
        for (const id of reported.highlight) expect(highlights.has(id), `highlight ${id}`).toBe(true)
        // No half-written document, reported or not: each has its entity and its sections.
        const partial = db
          .prepare(
            `SELECT d.entity_id FROM document_files d LEFT JOIN entities e ON e.id = d.entity_id
             WHERE e.id IS NULL OR NOT EXISTS (SELECT 1 FROM sections s WHERE s.report_id = d.entity_id)`,
          )
          .all()
        expect(partial).toEqual([])
        // The library index committed with each document: one row for its record and one per section, no more
        // and no fewer, and none for a document that is not there.
        const unindexed = db
          .prepare(
            `SELECT e.id FROM entities e WHERE e.origin = 'own' AND e.type = 'report' AND
               (SELECT count(*) FROM library_passages p WHERE p.document_id = e.id) <>
               1 + (SELECT count(*) FROM sections s WHERE s.report_id = e.id)`,
          )
          .all()
        expect(unindexed).toEqual([])
        expect(db.prepare('SELECT count(*) AS n FROM library_passages p WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = p.document_id)').get()).toEqual({ n: 0 })
        // Every highlight has its coding: a highlight and its codes are written together.
        expect(db.prepare('SELECT count(*) AS n FROM highlights h WHERE NOT EXISTS (SELECT 1 FROM highlight_codes c WHERE c.highlight_id = h.id)').get()).toEqual({ n: 0 })
      } finally {
        db.close()
      }
      // FTS5's own check of the library index (it needs a connection that may write; it writes nothing).
      const writable = new Database(dbPath)
      try {
        expect(() => writable.prepare("INSERT INTO library_index(library_index) VALUES ('integrity-check')").run()).not.toThrow()
      } finally {
        writable.close()
      }
    }
    expect(reported.highlight.size).toBeGreaterThan(0)
    expect(reported.document.size).toBeGreaterThan(0)
  }, 180_000)

  it('a bundled-corpus update killed anywhere leaves one whole corpus and only whole safety copies', async () => {
    const dir = tempDir('atlas-kill-corpus-')
    const dbPath = path.join(dir, 'atlas.sqlite')
    // The real bundled corpus (its load takes long enough for the kill to land inside) and a copy of it
    // with a newer version in which one initiative has another name.
    const first = path.join(dir, 'corpus-a')
    const second = path.join(dir, 'corpus-b')
    fs.cpSync(path.resolve('resources/corpus'), first, { recursive: true })
    fs.cpSync(first, second, { recursive: true })
    const version = (folder: string, v: string) => {
      const manifest = path.join(folder, 'corpus.yaml')
      fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(/^version: .*$/m, `version: ${v}`))
    }
    version(first, 'kill-a')
    version(second, 'kill-b')
    const lund = path.join(second, 'initiatives', 'future-by-lund.yaml')
    fs.writeFileSync(lund, fs.readFileSync(lund, 'utf8').replace(/^name: .*$/m, 'name: Future by Lund (version b)'))

    const delays = [300, 900, 60, 1500, 500].slice(0, KILLS)
    let updates = 0
    for (const delay of delays) {
      updates += (await runAndKill(dbPath, first, dir, delay, ['corpus', second])).length
      const db = new Database(dbPath, { readonly: true })
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const loaded = (db.prepare(`SELECT value FROM atlas_meta WHERE key = 'corpus_version'`).get() as { value: string }).value
        const name = (db.prepare(`SELECT name FROM entities WHERE id = 'future-by-lund'`).get() as { name: string }).name
        // The loaded version and the rows agree: the update happened entirely or not at all.
        expect([loaded, name]).toEqual(loaded === 'kill-b' ? ['kill-b', 'Future by Lund (version b)'] : ['kill-a', 'Future by Lund'])
      } finally {
        db.close()
      }
      // Every safety copy that carries a copy's name is whole: a restore may pick any of them.
      const copies = path.join(dir, 'säkerhetskopior')
      for (const f of fs.existsSync(copies) ? fs.readdirSync(copies).filter((f) => f.endsWith('.sqlite')) : []) {
        const copy = new Database(path.join(copies, f), { readonly: true })
        try {
          expect(copy.pragma('integrity_check', { simple: true }), f).toBe('ok')
          expect(copy.prepare(`SELECT count(*) AS n FROM entities WHERE id = 'future-by-lund'`).get(), f).toEqual({ n: 1 })
        } finally {
          copy.close()
        }
      }
    }
    expect(updates).toBeGreaterThan(2)
  }, 180_000)
})
