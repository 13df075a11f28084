import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { stringify } from 'yaml'
import { migrate, MIGRATIONS } from '../../src/core/db/migrate'
import type { ErrorCode, Result } from '../../src/shared/api'
import { errorText } from '../../src/shared/errors'
import { UserError, wordsOf } from '../../src/core/errors'

/** A fresh temporary folder, each test its own; the run removes them all when it ends (tests/temp-root.ts). */
export function tempDir(prefix = 'atlas-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export const REAL_CORPUS = path.resolve('resources/corpus')

/** The words a researcher reads for a failed call ('' when it succeeded), formatted through the catalogue. */
export function messageOf(result: Result<unknown>): string {
  return result.ok ? '' : errorText(result.error)
}

/** A reply as the researcher meets it: a failure with its code and its words, so tests assert what is shown. */
export function worded<T>(result: Result<T>): { ok: true; value: T } | { ok: false; code: ErrorCode; message: string } {
  return result.ok ? result : { ok: false, code: result.code, message: errorText(result.error) }
}

/** The words of the UserError `run` throws; fails the test when it throws nothing or something else. */
export function thrownWords(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof UserError) return wordsOf(error)
    throw error
  }
  throw new Error('expected a UserError, nothing was thrown')
}

/** The words of the UserError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectedWords(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UserError) return wordsOf(error)
    throw error
  }
  throw new Error('expected a UserError, the promise resolved')
}

type Entity = Record<string, unknown> & { id: string; kind: string }

/**
 * Writes a small, valid corpus: two counties, a kommun and a region, an owner organisation, a case with a
 * fact, a report with two sections and a survey with one value. Tests change it through `edit`.
 */
export function writeCorpus(dir: string, edit: (files: Map<string, Entity>) => void = () => {}, version = '1'): string {
  const files = new Map<string, Entity>()
  const add = (folder: string, e: Entity): void => void files.set(`${folder}/${e.id}.yaml`, e)
  add('organisations', { id: 'kommun-2584', kind: 'organisation', name: 'Kiruna', type: 'kommun', code: '2584', county: '25', aliases: ['Kiruna kommun'] })
  add('organisations', { id: 'region-25', kind: 'organisation', name: 'Region Norrbotten', type: 'region', code: '25', county: '25' })
  add('organisations', { id: 'kommun-0180', kind: 'organisation', name: 'Stockholm', type: 'kommun', code: '0180', county: '01' })
  add('organisations', { id: 'vinnova', kind: 'organisation', name: 'Vinnova', type: 'myndighet', summary: 'Sveriges innovationsmyndighet.' })
  add('initiatives', {
    id: 'plattform-kiruna',
    kind: 'initiative',
    name: 'Innovationsplattform Kiruna',
    summary: 'En plattform i Kiruna.',
    start_year: 2016,
    end_year: 2022,
    themes: ['stadsomvandling', 'smart stad'],
    funders: [{ name: 'Vinnova', organisation: 'vinnova' }],
    organisations: [
      { id: 'kommun-2584', role: 'ägare' },
      { id: 'vinnova', role: 'finansiär' },
    ],
    facts: [{ id: 'f1', text: 'Plattformen fick stöd från Vinnova.', source: 'https://example.org/kiruna' }],
    related: ['program-stader'],
  })
  add('programmes', {
    id: 'program-stader',
    kind: 'programme',
    name: 'Innovationsplattformar för hållbara städer',
    summary: 'Ett program.',
    start_year: 2013,
    end_year: null,
    themes: ['hållbar stadsutveckling'],
    funders: [{ name: 'Vinnova', organisation: 'vinnova' }],
    organisations: [{ id: 'kommun-0180', role: 'partner' }],
  })
  add('reports', {
    id: 'rapport-a',
    kind: 'report',
    name: 'Rapport A',
    summary: 'En rapport.',
    publisher: 'SKR',
    year: 2021,
    url: 'https://example.org/rapport-a',
    sections: [
      { id: 's1', heading: 'Förord', text: 'Första avsnittet.' },
      { id: 's2', heading: 'Idéslussar', text: 'Andra avsnittet om idéslussar.' },
    ],
    related: ['plattform-kiruna'],
  })
  add('surveys', {
    id: 'enkat-a',
    kind: 'survey',
    name: 'Enkät A',
    summary: 'En enkät.',
    producer: 'SCB',
    fieldwork_year: 2021,
    reference_period: '2019–2020',
    population_description: 'Kommuner och regioner.',
    values: [
      {
        id: 'v1',
        indicator: 'Andel som arbetar systematiskt med innovation',
        population: 'regioner',
        population_group: 'region',
        period: '2019–2020',
        value: 80,
        unit: 'procent',
        qualifier: 'drygt',
        source: 'https://example.org/enkat',
      },
    ],
  })
  edit(files)
  fs.rmSync(dir, { recursive: true, force: true })
  for (const folder of ['initiatives', 'programmes', 'reports', 'surveys', 'organisations']) {
    fs.mkdirSync(path.join(dir, folder), { recursive: true })
  }
  fs.writeFileSync(path.join(dir, 'corpus.yaml'), stringify({ version }))
  fs.writeFileSync(
    path.join(dir, 'counties.yaml'),
    stringify({ counties: [{ code: '01', name: 'Stockholms län' }, { code: '25', name: 'Norrbottens län' }] }),
  )
  for (const [file, entity] of files) fs.writeFileSync(path.join(dir, file), stringify(entity))
  return dir
}

/** The bytes of a yazl archive once it is ended: the tests build DOCX and ZIP files entry by entry. */
export function zipBytes(z: { end(): void; outputStream: NodeJS.ReadableStream }): Promise<Buffer> {
  z.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    z.outputStream.on('data', (c: Buffer) => chunks.push(c))
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    z.outputStream.on('error', reject)
  })
}

/**
 * The number of rows in every table of a database: a refused import must leave all of them as they were, so
 * two snapshots compare equal when nothing was written.
 */
export function tableCounts(db: { prepare(sql: string): { all(): unknown[]; get(): unknown } }): Record<string, number> {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name)
  const counts: Record<string, number> = {}
  for (const name of tables) counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n
  return counts
}

/** Every row of every table `include` names, in a stable order: "exactly as before" in a test. */
export function tableRows(
  db: { prepare(sql: string): { all(): unknown[] } },
  include: (table: string) => boolean = () => true,
): Record<string, unknown[]> {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((t) => t.name)
    .filter(include)
  const rows: Record<string, unknown[]> = {}
  for (const name of tables) {
    rows[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort()
  }
  return rows
}

/** A project file as the build before the newest migration left it (empty): what an update opens. */
export function olderProject(file: string): string {
  const old = new Database(file)
  migrate(old, MIGRATIONS.slice(0, MIGRATIONS.length - 1))
  old.close()
  return file
}
