import type { Migration } from '../migrate'

// Every entity (case, report, survey, organisation) has one row in `entities`, so that facts, themes,
// links and relations can reference any of them with a real foreign key. `origin` keeps bundled rows
// (replaced on a corpus update) apart from the researcher's own rows (never touched by an update).
export const migration: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE counties (
  code TEXT PRIMARY KEY CHECK (length(code) = 2),
  name TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  title TEXT
) STRICT;

CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('initiative','programme','report','survey','organisation')),
  name TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  summary_en TEXT,
  start_year INTEGER,
  end_year INTEGER,
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  -- A bundled entity that a newer corpus dropped but that researcher data still refers to is kept, marked.
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0,1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
) STRICT;
CREATE INDEX entities_type ON entities(type);

CREATE TABLE organisations (
  entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  org_type TEXT NOT NULL CHECK (org_type IN ('kommun','region','myndighet','universitet','institut','företag','annat')),
  code TEXT,
  county_code TEXT REFERENCES counties(code)
) STRICT;
CREATE UNIQUE INDEX organisations_code ON organisations(org_type, code) WHERE code IS NOT NULL;
CREATE INDEX organisations_county ON organisations(county_code);

CREATE TABLE organisation_aliases (
  organisation_id TEXT NOT NULL REFERENCES organisations(entity_id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  PRIMARY KEY (organisation_id, alias)
) STRICT;

CREATE TABLE reports (
  entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  publisher TEXT,
  year INTEGER,
  series TEXT,
  isbn TEXT,
  url TEXT
) STRICT;

CREATE TABLE report_authors (
  report_id TEXT NOT NULL REFERENCES reports(entity_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (report_id, position)
) STRICT;

-- Section ids are stable across corpus versions (annotations will point at them); text is normalised
-- (NFC, LF, no BOM or control characters) and text_hash is the version an anchor was made on.
CREATE TABLE sections (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports(entity_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  heading TEXT NOT NULL,
  text TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own'))
) STRICT;
CREATE INDEX sections_report ON sections(report_id, position);

CREATE TABLE surveys (
  entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  producer TEXT,
  commissioned_by TEXT,
  fieldwork_year INTEGER,
  reference_period TEXT,
  population_description TEXT
) STRICT;

CREATE TABLE survey_values (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL REFERENCES surveys(entity_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  indicator TEXT NOT NULL,
  indicator_en TEXT,
  population TEXT NOT NULL,
  population_group TEXT NOT NULL CHECK (population_group IN ('kommun','region','myndighet','blandad')),
  period TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  approximate INTEGER NOT NULL CHECK (approximate IN (0,1)),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own'))
) STRICT;
CREATE INDEX survey_values_survey ON survey_values(survey_id, position);

CREATE TABLE facts (
  id TEXT PRIMARY KEY,
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own'))
) STRICT;
CREATE INDEX facts_entity ON facts(entity_id, position);

CREATE TABLE entity_links (
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  PRIMARY KEY (entity_id, source_id)
) STRICT;

CREATE TABLE themes (
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  theme TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  PRIMARY KEY (entity_id, theme)
) STRICT;
CREATE INDEX themes_theme ON themes(theme);

-- Known gaps and contradictions in the sources, shown to the researcher instead of being filled in.
CREATE TABLE gaps (
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  PRIMARY KEY (entity_id, position)
) STRICT;

CREATE TABLE funders (
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  organisation_id TEXT REFERENCES organisations(entity_id) ON DELETE SET NULL,
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  PRIMARY KEY (entity_id, name)
) STRICT;

-- Which organisations take part in a case (or published a report, produced a survey), and in which role.
CREATE TABLE participations (
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  organisation_id TEXT NOT NULL REFERENCES organisations(entity_id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('ägare','partner','finansiär')),
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  PRIMARY KEY (entity_id, organisation_id, role)
) STRICT;
CREATE INDEX participations_organisation ON participations(organisation_id);

CREATE TABLE relations (
  from_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  to_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  origin TEXT NOT NULL CHECK (origin IN ('bundled','own')),
  PRIMARY KEY (from_id, to_id)
) STRICT;
CREATE INDEX relations_to ON relations(to_id);

-- Key/value facts about the database itself: which corpus version is loaded.
CREATE TABLE atlas_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
}
