// Loads the bundled corpus into the database in one transaction. Bundled rows are upserted by their stable
// ids and stale bundled rows removed; rows whose origin is 'own' (the researcher's) are never written here.
// A bundled entity that disappeared from the corpus but that researcher data still refers to is kept and
// marked withdrawn instead of deleted, so nothing the researcher made loses its anchor.
import type { AtlasDatabase } from '../db/open'
import { normaliseText, textHash } from '../text'
import type { Corpus } from './read'
import type { CaseFile, OrganisationFile, ReportFile, SurveyFile } from './schema'

const CORPUS_VERSION_KEY = 'corpus_version'

export function loadedCorpusVersion(db: AtlasDatabase): string | null {
  const row = db.prepare('SELECT value FROM atlas_meta WHERE key = ?').get(CORPUS_VERSION_KEY) as { value: string } | undefined
  return row?.value ?? null
}

/** Loads `corpus` unless the database already holds this version. Returns whether anything was written. */
export function loadCorpusIfChanged(db: AtlasDatabase, corpus: Corpus): boolean {
  if (loadedCorpusVersion(db) === corpus.version) return false
  loadCorpus(db, corpus)
  return true
}

type BundledEntity = CaseFile | ReportFile | SurveyFile | OrganisationFile

export function loadCorpus(db: AtlasDatabase, corpus: Corpus): void {
  const s = statements(db)
  const sourceIds = new Map<string, number>()
  const sourceId = (url: string): number => {
    let id = sourceIds.get(url)
    if (id === undefined) {
      s.insertSource.run(url)
      id = (s.sourceIdByUrl.get(url) as { id: number }).id
      sourceIds.set(url, id)
    }
    return id
  }

  db.transaction(() => {
    for (const c of corpus.counties) s.upsertCounty.run(c.code, c.name)
    // Link rows carry no identity of their own (nothing refers to them): drop the bundled ones and re-insert.
    for (const table of LINK_TABLES) db.prepare(`DELETE FROM ${table} WHERE origin = 'bundled'`).run()
    db.prepare('DELETE FROM organisation_aliases WHERE organisation_id IN (SELECT id FROM entities WHERE origin = ?)').run('bundled')
    db.prepare('DELETE FROM report_authors WHERE report_id IN (SELECT id FROM entities WHERE origin = ?)').run('bundled')

    // Organisations first: cases, reports and surveys refer to them.
    const entities: BundledEntity[] = [...corpus.organisations, ...corpus.reports, ...corpus.surveys, ...corpus.cases]
    for (const e of entities) {
      const years = 'start_year' in e ? [e.start_year, e.end_year] : [null, null]
      s.upsertEntity.run({
        id: e.id,
        type: e.kind,
        name: normaliseText(e.name),
        summary: normaliseText(e.summary ?? ''),
        summary_en: e.summary_en ?? null,
        start_year: years[0],
        end_year: years[1],
      })
      if (e.kind === 'organisation') {
        s.upsertOrganisation.run(e.id, e.type, e.code, e.county)
        e.aliases.forEach((alias) => s.insertAlias.run(e.id, normaliseText(alias)))
      } else if (e.kind === 'report') {
        s.upsertReport.run(e.id, e.publisher, e.year, e.series, e.isbn, e.url)
        e.authors.forEach((name, i) => s.insertAuthor.run(e.id, i, name))
      } else if (e.kind === 'survey') {
        s.upsertSurvey.run(e.id, e.producer, e.commissioned_by, e.fieldwork_year, e.reference_period, e.population_description)
      }
    }

    const keepFacts: string[] = []
    const keepSections: string[] = []
    const keepValues: string[] = []
    for (const e of entities) {
      e.facts.forEach((f, i) => {
        const id = `${e.id}#${f.id}`
        const text = normaliseText(f.text)
        s.upsertFact.run(id, e.id, i, text, textHash(text), sourceId(f.source))
        keepFacts.push(id)
      })
      e.links.forEach((url, i) => s.insertLink.run(e.id, i, sourceId(url)))
      e.themes.forEach((theme) => s.insertTheme.run(e.id, normaliseText(theme)))
      e.gaps.forEach((gap, i) => s.insertGap.run(e.id, i, normaliseText(gap)))
      e.related.forEach((to) => s.insertRelation.run(e.id, to))
      if (e.kind === 'organisation') continue
      e.funders.forEach((f, i) => s.insertFunder.run(e.id, i, f.name, f.organisation ?? null))
      e.organisations.forEach((p) => s.insertParticipation.run(e.id, p.id, p.role))
      if (e.kind === 'report') {
        e.sections.forEach((section, i) => {
          const id = `${e.id}#${section.id}`
          const text = normaliseText(section.text)
          s.upsertSection.run(id, e.id, i, normaliseText(section.heading), text, textHash(text))
          keepSections.push(id)
        })
      }
      if (e.kind === 'survey') {
        e.values.forEach((v, i) => {
          const id = `${e.id}#${v.id}`
          s.upsertValue.run({
            id,
            survey_id: e.id,
            position: i,
            indicator: normaliseText(v.indicator),
            indicator_en: v.indicator_en ?? null,
            population: v.population,
            population_group: v.population_group,
            period: v.period,
            value: v.value,
            unit: v.unit,
            approximate: v.approximate ? 1 : 0,
            source_id: sourceId(v.source),
          })
          keepValues.push(id)
        })
      }
    }
    deleteStale(db, 'facts', keepFacts)
    deleteStale(db, 'sections', keepSections)
    deleteStale(db, 'survey_values', keepValues)
    retireVanishedEntities(db, entities.map((e) => e.id))
    s.setMeta.run(CORPUS_VERSION_KEY, corpus.version)
  }).immediate()
}

const LINK_TABLES = ['themes', 'funders', 'participations', 'relations', 'entity_links', 'gaps'] as const

function deleteStale(db: AtlasDatabase, table: 'facts' | 'sections' | 'survey_values', keep: string[]): void {
  db.prepare(`DELETE FROM ${table} WHERE origin = 'bundled' AND id NOT IN (SELECT value FROM json_each(?))`).run(
    JSON.stringify(keep),
  )
}

/** Researcher rows that point at an entity; while any exists, the bundled entity must not be deleted. */
const REFERENCED_BY_RESEARCHER = `
  EXISTS (SELECT 1 FROM participations WHERE origin = 'own' AND (entity_id = e.id OR organisation_id = e.id))
  OR EXISTS (SELECT 1 FROM relations WHERE origin = 'own' AND (from_id = e.id OR to_id = e.id))
  OR EXISTS (SELECT 1 FROM themes WHERE origin = 'own' AND entity_id = e.id)
  OR EXISTS (SELECT 1 FROM funders WHERE origin = 'own' AND (entity_id = e.id OR organisation_id = e.id))
  OR EXISTS (SELECT 1 FROM facts WHERE origin = 'own' AND entity_id = e.id)
  OR EXISTS (SELECT 1 FROM entity_links WHERE origin = 'own' AND entity_id = e.id)
  OR EXISTS (SELECT 1 FROM gaps WHERE origin = 'own' AND entity_id = e.id)
  OR EXISTS (SELECT 1 FROM sections WHERE origin = 'own' AND report_id = e.id)
  OR EXISTS (SELECT 1 FROM survey_values WHERE origin = 'own' AND survey_id = e.id)
  OR EXISTS (SELECT 1 FROM case_attributes WHERE entity_id = e.id)`

function retireVanishedEntities(db: AtlasDatabase, keepIds: string[]): void {
  const keep = JSON.stringify(keepIds)
  const vanished = `e.origin = 'bundled' AND e.id NOT IN (SELECT value FROM json_each(?))`
  db.prepare(`UPDATE entities AS e SET withdrawn = 1 WHERE ${vanished} AND (${REFERENCED_BY_RESEARCHER})`).run(keep)
  db.prepare(`DELETE FROM entities AS e WHERE ${vanished} AND e.withdrawn = 0`).run(keep)
}

function statements(db: AtlasDatabase) {
  return {
    upsertCounty: db.prepare('INSERT INTO counties (code, name) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name'),
    insertSource: db.prepare('INSERT INTO sources (url) VALUES (?) ON CONFLICT(url) DO NOTHING'),
    sourceIdByUrl: db.prepare('SELECT id FROM sources WHERE url = ?'),
    upsertEntity: db.prepare(`
      INSERT INTO entities (id, type, name, summary, summary_en, start_year, end_year, origin)
      VALUES (@id, @type, @name, @summary, @summary_en, @start_year, @end_year, 'bundled')
      ON CONFLICT(id) DO UPDATE SET type = excluded.type, name = excluded.name, summary = excluded.summary,
        summary_en = excluded.summary_en, start_year = excluded.start_year, end_year = excluded.end_year,
        withdrawn = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
      WHERE entities.origin = 'bundled'`),
    upsertOrganisation: db.prepare(`
      INSERT INTO organisations (entity_id, org_type, code, county_code) VALUES (?, ?, ?, ?)
      ON CONFLICT(entity_id) DO UPDATE SET org_type = excluded.org_type, code = excluded.code, county_code = excluded.county_code`),
    insertAlias: db.prepare('INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias) VALUES (?, ?)'),
    upsertReport: db.prepare(`
      INSERT INTO reports (entity_id, publisher, year, series, isbn, url) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(entity_id) DO UPDATE SET publisher = excluded.publisher, year = excluded.year,
        series = excluded.series, isbn = excluded.isbn, url = excluded.url`),
    insertAuthor: db.prepare('INSERT INTO report_authors (report_id, position, name) VALUES (?, ?, ?)'),
    upsertSurvey: db.prepare(`
      INSERT INTO surveys (entity_id, producer, commissioned_by, fieldwork_year, reference_period, population_description)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(entity_id) DO UPDATE SET producer = excluded.producer, commissioned_by = excluded.commissioned_by,
        fieldwork_year = excluded.fieldwork_year, reference_period = excluded.reference_period,
        population_description = excluded.population_description`),
    upsertFact: db.prepare(`
      INSERT INTO facts (id, entity_id, position, text, text_hash, source_id, origin) VALUES (?, ?, ?, ?, ?, ?, 'bundled')
      ON CONFLICT(id) DO UPDATE SET entity_id = excluded.entity_id, position = excluded.position, text = excluded.text,
        text_hash = excluded.text_hash, source_id = excluded.source_id`),
    upsertSection: db.prepare(`
      INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin) VALUES (?, ?, ?, ?, ?, ?, 'bundled')
      ON CONFLICT(id) DO UPDATE SET report_id = excluded.report_id, position = excluded.position,
        heading = excluded.heading, text = excluded.text, text_hash = excluded.text_hash`),
    upsertValue: db.prepare(`
      INSERT INTO survey_values (id, survey_id, position, indicator, indicator_en, population, population_group,
        period, value, unit, approximate, source_id, origin)
      VALUES (@id, @survey_id, @position, @indicator, @indicator_en, @population, @population_group, @period,
        @value, @unit, @approximate, @source_id, 'bundled')
      ON CONFLICT(id) DO UPDATE SET survey_id = excluded.survey_id, position = excluded.position,
        indicator = excluded.indicator, indicator_en = excluded.indicator_en, population = excluded.population,
        population_group = excluded.population_group, period = excluded.period, value = excluded.value,
        unit = excluded.unit, approximate = excluded.approximate, source_id = excluded.source_id`),
    insertLink: db.prepare(`INSERT OR IGNORE INTO entity_links (entity_id, position, source_id, origin) VALUES (?, ?, ?, 'bundled')`),
    insertTheme: db.prepare(`INSERT OR IGNORE INTO themes (entity_id, theme, origin) VALUES (?, ?, 'bundled')`),
    insertGap: db.prepare(`INSERT INTO gaps (entity_id, position, text, origin) VALUES (?, ?, ?, 'bundled')`),
    insertRelation: db.prepare(`INSERT OR IGNORE INTO relations (from_id, to_id, origin) VALUES (?, ?, 'bundled')`),
    insertFunder: db.prepare(
      `INSERT OR IGNORE INTO funders (entity_id, position, name, organisation_id, origin) VALUES (?, ?, ?, ?, 'bundled')`,
    ),
    insertParticipation: db.prepare(
      `INSERT OR IGNORE INTO participations (entity_id, organisation_id, role, origin) VALUES (?, ?, ?, 'bundled')`,
    ),
    setMeta: db.prepare('INSERT INTO atlas_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  }
}
