// What each migration does to data a researcher already has. Signal Desktop's pattern (migration_1420_test):
// bring a fresh database to version N−1, write rows in the shape that version had, migrate to N, and look at
// the data. Written with plain SQL on purpose: the app's write functions follow the latest schema, and these
// rows must look exactly as the older build left them. (That every upgrade path ends in the same schema as a
// fresh database is checked in db.test.ts.)
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, MIGRATIONS } from '../../src/core/db/migrate'

type Db = Database.Database
type Row = Record<string, unknown>

const T0 = '2026-01-15T10:00:00.000Z'

/** A database as a build with `version` migrations left it. */
function databaseAt(version: number): Db {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS.slice(0, version))
  expect(db.pragma('user_version', { simple: true })).toBe(version)
  return db
}

function migrateTo(db: Db, version: number): void {
  migrate(db, MIGRATIONS.slice(0, version))
  expect(db.pragma('user_version', { simple: true })).toBe(version)
}

/** Every row of every table, by table name: what a step must carry across untouched. */
function everyRow(db: Db): Record<string, Row[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Row[]]))
}

const count = (db: Db, table: string): number => db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number

/** Version 1: the bundled corpus, a case and a report with a section, and the organisation taking part. */
function writeCorpusV1(db: Db): void {
  db.exec(`
INSERT INTO counties (code, name) VALUES ('25', 'Norrbottens län');
INSERT INTO sources (id, url, title) VALUES (1, 'https://example.org/kiruna', 'Kiruna kommun');
INSERT INTO entities (id, type, name, summary, start_year, origin, created_at, updated_at) VALUES
  ('kommun-2584', 'organisation', 'Kiruna', '', NULL, 'bundled', '${T0}', '${T0}'),
  ('plattform-kiruna', 'initiative', 'Innovationsplattform Kiruna', 'En plattform i Kiruna.', 2016, 'bundled', '${T0}', '${T0}'),
  ('rapport-a', 'report', 'Rapport A', 'En rapport.', NULL, 'bundled', '${T0}', '${T0}');
INSERT INTO organisations (entity_id, org_type, code, county_code) VALUES ('kommun-2584', 'kommun', '2584', '25');
INSERT INTO reports (entity_id, publisher, year) VALUES ('rapport-a', 'SKR', 2021);
INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin) VALUES
  ('rapport-a#s1', 'rapport-a', 0, 'Inledning', 'Idéslussar fångar medarbetarnas idéer.', 'h-s1', 'bundled');
INSERT INTO facts (id, entity_id, position, text, text_hash, source_id, origin) VALUES
  ('plattform-kiruna#f1', 'plattform-kiruna', 0, 'Plattformen fick stöd från Vinnova.', 'h-f1', 1, 'bundled');
INSERT INTO participations (entity_id, organisation_id, role, origin) VALUES ('plattform-kiruna', 'kommun-2584', 'ägare', 'bundled');
INSERT INTO atlas_meta (key, value) VALUES ('corpus_version', '2026.01.15-1');
`)
}

/** Version 2: the researcher's own codes (one under a starter code), a coded highlight and a memo. */
function writeResearchV2(db: Db): void {
  db.exec(`
UPDATE codes SET name = 'Idéfas', updated_at = '${T0}' WHERE id = 'starter-fas-ide';
INSERT INTO codes (id, parent_id, position, name, color, description, created_at, updated_at) VALUES
  ('code-ledarskap', 'starter-leda-och-organisera', 0, 'Ledarskap nära verksamheten', '#aa3355', 'Egen kod.', '${T0}', '${T0}');
INSERT INTO highlights (id, target_type, target_id, start_cp, end_cp, exact, prefix, suffix, text_hash, note, author, status, created_at, updated_at) VALUES
  ('hl-1', 'section', 'rapport-a#s1', 0, 11, 'Idéslussar ', '', 'fångar medarbetarnas idéer.', 'h-s1', 'Viktigt.', 'Anna', 'anchored', '${T0}', '${T0}');
INSERT INTO highlight_codes (highlight_id, code_id) VALUES ('hl-1', 'code-ledarskap'), ('hl-1', 'starter-fas-ide');
INSERT INTO memos (id, target_type, target_id, title, body, author, created_at, updated_at) VALUES
  ('memo-1', 'case', 'plattform-kiruna', 'Första intryck', 'Plattformen verkar bära.', 'Anna', '${T0}', '${T0}'),
  ('memo-2', 'project', NULL, 'Projektet', 'Frågeställning.', 'Anna', '${T0}', '${T0}');
`)
}

/** Version 3: a saved comparison, a cell summary with its evidence, and Kolada values. */
function writeComparisonsV3(db: Db): void {
  db.exec(`
INSERT INTO comparisons (id, name, state, created_at, updated_at) VALUES
  ('cmp-1', 'Norrbotten', '{"caseIds":["plattform-kiruna"],"expandedCodeIds":[],"codeOrder":[]}', '${T0}', '${T0}');
INSERT INTO cell_summaries (case_id, code_id, text, author, created_at, updated_at) VALUES
  ('plattform-kiruna', 'code-ledarskap', 'Ledningen ger mandat.', 'Anna', '${T0}', '${T0}');
INSERT INTO cell_evidence (case_id, code_id, highlight_id, quote) VALUES ('plattform-kiruna', 'code-ledarskap', 'hl-1', 'Idéslussar ');
INSERT INTO kolada_kpis (id, title) VALUES ('N00945', 'Invånare totalt');
INSERT INTO kolada_values (municipality_code, kpi_id, period, gender, value, count, status, imported_at) VALUES
  ('2584', 'N00945', 2024, 'T', 22000, 1, NULL, '${T0}');
`)
}

describe('0002 annotations: the starter codebook', () => {
  it('is seeded into a database that had only the corpus, which it leaves as it was', () => {
    const db = databaseAt(1)
    writeCorpusV1(db)
    const corpus = everyRow(db)

    migrateTo(db, 2)

    const after = everyRow(db)
    for (const [table, rows] of Object.entries(corpus)) expect(after[table], table).toEqual(rows)
    const codes = db.prepare('SELECT id, parent_id, position, name, color, description FROM codes ORDER BY parent_id IS NOT NULL, parent_id, position').all() as Row[]
    expect(codes).toHaveLength(12)
    expect(codes.filter((c) => c.parent_id === null).map((c) => [c.position, c.name])).toEqual([
      [0, 'Perspektiv på innovationsförmåga'],
      [1, 'Innovationens fas'],
    ])
    expect(codes.filter((c) => c.parent_id === 'starter-fas').map((c) => c.name)).toEqual(['Idé', 'Pilot', 'Införande', 'Spridning'])
    expect(codes.filter((c) => c.parent_id === 'starter-perspektiv').map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5])
    for (const code of codes) {
      expect(code.color).toMatch(/^#[0-9a-f]{6}$/)
      expect(String(code.description).length).toBeGreaterThan(0)
    }
    expect([count(db, 'highlights'), count(db, 'highlight_codes'), count(db, 'memos')]).toEqual([0, 0, 0])
  })

  it('is seeded once: the researcher’s renames, moves and deletions survive every later step', () => {
    const db = databaseAt(2)
    writeCorpusV1(db)
    db.exec(`
UPDATE codes SET name = 'Våra perspektiv', color = '#112233' WHERE id = 'starter-perspektiv';
UPDATE codes SET parent_id = NULL, position = 2 WHERE id = 'starter-fas-pilot';
DELETE FROM codes WHERE id = 'starter-fas-spridning';
`)
    const codes = db.prepare('SELECT * FROM codes ORDER BY id').all()

    migrate(db)

    expect(db.prepare('SELECT * FROM codes ORDER BY id').all()).toEqual(codes)
    expect(count(db, 'codes')).toBe(11)
  })
})

describe('0003 comparisons', () => {
  it('keeps every code, highlight, coding and memo, and starts with no comparisons, summaries or Kolada values', () => {
    const db = databaseAt(2)
    writeCorpusV1(db)
    writeResearchV2(db)
    const before = everyRow(db)

    migrateTo(db, 3)

    const after = everyRow(db)
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows)
    for (const table of ['comparisons', 'cell_summaries', 'cell_evidence', 'kolada_kpis', 'kolada_values']) expect(count(db, table), table).toBe(0)
    // A summary can rest on a code and a highlight the researcher made before the step.
    expect(() => writeComparisonsV3(db)).not.toThrow()
  })
})

describe('0004 own documents', () => {
  it('keeps everything from before, and gives no earlier row a made-up file or attribute', () => {
    const db = databaseAt(3)
    writeCorpusV1(db)
    writeResearchV2(db)
    writeComparisonsV3(db)
    db.exec(`
INSERT INTO entities (id, type, name, summary, origin, created_at, updated_at) VALUES
  ('eget-fall-1', 'initiative', 'Eget fall', 'Ett fall jag följer.', 'own', '${T0}', '${T0}');
INSERT INTO participations (entity_id, organisation_id, role, origin) VALUES ('eget-fall-1', 'kommun-2584', 'partner', 'own');
`)
    const before = everyRow(db)

    migrateTo(db, 4)

    const after = everyRow(db)
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows)
    expect([count(db, 'document_files'), count(db, 'case_attributes')]).toEqual([0, 0])
    // Attributes attach to the cases that already exist, bundled or own.
    const attribute = db.prepare("INSERT INTO case_attributes (entity_id, name, value, updated_at) VALUES (?, 'Län', 'Norrbotten', ?)")
    expect(() => attribute.run('plattform-kiruna', T0)).not.toThrow()
    expect(() => attribute.run('eget-fall-1', T0)).not.toThrow()
    expect(() => attribute.run('finns-inte', T0)).toThrow(/FOREIGN KEY/)
  })
})

describe('0006 survey qualifier', () => {
  it('turns the old approximate flag into the word it was shown as (ca), leaves unmarked values bare, and keeps everything else', () => {
    const db = databaseAt(5)
    writeCorpusV1(db)
    writeResearchV2(db)
    writeComparisonsV3(db)
    // Old-shape rows: a bundled survey with a value marked approximate and one not, and a researcher's own survey.
    db.exec(`
INSERT INTO sources (id, url, title) VALUES (2, 'https://example.org/skr', 'SKR');
INSERT INTO entities (id, type, name, summary, origin, created_at, updated_at) VALUES
  ('enkat-scb', 'survey', 'Innovation i offentlig sektor', 'En enkät.', 'bundled', '${T0}', '${T0}'),
  ('own-survey-1', 'survey', 'Egen enkät', 'Importerad.', 'own', '${T0}', '${T0}');
INSERT INTO surveys (entity_id, producer, reference_period) VALUES ('enkat-scb', 'SCB', '2019–2020'), ('own-survey-1', NULL, NULL);
INSERT INTO survey_values (id, survey_id, position, indicator, indicator_en, population, population_group, period, value, unit, approximate, source_id, origin) VALUES
  ('enkat-scb#v1', 'enkat-scb', 0, 'Andel som arbetar systematiskt med innovation', NULL, 'kommuner', 'kommun', '2019–2020', 30, 'procent', 1, 2, 'bundled'),
  ('enkat-scb#v2', 'enkat-scb', 1, 'Andel arbetsställen med effektivisering som drivkraft', NULL, 'arbetsställen', 'blandad', '2021–2022', 60, 'procent', 0, 2, 'bundled'),
  ('own-survey-1#v1', 'own-survey-1', 0, 'Andel med strategi', NULL, 'regioner', 'region', '2022', 48.5, 'procent', 1, 2, 'own');
`)
    const before = everyRow(db)

    migrateTo(db, 6)

    const after = everyRow(db)
    for (const [table, rows] of Object.entries(before)) {
      if (table !== 'survey_values') expect(after[table], table).toEqual(rows)
    }
    const values = db.prepare('SELECT * FROM survey_values ORDER BY id').all() as Row[]
    expect(values.map((v) => [v.id, v.value, v.qualifier])).toEqual([
      ['enkat-scb#v1', 30, 'ca'],
      ['enkat-scb#v2', 60, null],
      ['own-survey-1#v1', 48.5, 'ca'],
    ])
    // The flag is gone; every other column is as it was.
    const old = new Map((before.survey_values ?? []).map((v) => [v.id, v]))
    for (const v of values) {
      expect(v).not.toHaveProperty('approximate')
      const { approximate: _flag, ...rest } = old.get(v.id)!
      const { qualifier: _word, ...kept } = v
      expect(kept).toEqual(rest)
    }
    // Only the source's words are allowed from now on.
    expect(() => db.prepare("UPDATE survey_values SET qualifier = 'ungefär' WHERE id = 'enkat-scb#v1'").run()).toThrow(/CHECK/)
    expect(() => db.prepare("UPDATE survey_values SET qualifier = 'drygt' WHERE id = 'enkat-scb#v1'").run()).not.toThrow()
  })
})

describe('0010 drafts', () => {
  it('keeps everything from before and starts with no drafts, one per editor and target', () => {
    const db = databaseAt(9)
    writeCorpusV1(db)
    writeResearchV2(db)
    writeComparisonsV3(db)
    // The library's full-text tables (FTS5 and its vocabulary) have no rowid to order by; they are not touched.
    const tables = (d: Db): Record<string, Row[]> => {
      const names = d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'library_%'").pluck().all() as string[]
      return Object.fromEntries(names.map((t) => [t, d.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Row[]]))
    }
    const before = tables(db)

    migrateTo(db, 10)

    const after = tables(db)
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows)
    expect(Object.keys(after).filter((t) => !(t in before))).toEqual(['drafts'])
    expect(count(db, 'drafts')).toBe(0)
    const save = db.prepare('INSERT INTO drafts (kind, target, body, updated_at) VALUES (?, ?, ?, ?)')
    save.run('memo', 'memo-1', 'Utkast', T0)
    save.run('memo-new', 'case:plattform-kiruna', 'Utkast', T0)
    expect(() => save.run('memo', 'memo-1', 'Ett till', T0)).toThrow(/UNIQUE|PRIMARY KEY/)
    expect(() => save.run('memo', 'memo-2', Buffer.from('x'), T0)).toThrow(/cannot store BLOB/)
    expect(() => save.run('memo', 'memo-2', null, T0)).toThrow(/NOT NULL/)
  })
})
