import type { Migration } from '../migrate'

// Comparisons (a framework matrix of cases × codes), the researcher's cell summaries with the highlights they
// rest on, and municipal indicator values imported from Kolada.
export const migration: Migration = {
  version: 3,
  name: 'comparisons',
  sql: `
CREATE TABLE comparisons (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  -- The matrix state as JSON: {"caseIds": [...], "expandedCodeIds": [...], "codeOrder": [...]}.
  state TEXT NOT NULL CHECK (json_valid(state)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- One summary per case × code, shared by every comparison that shows that cell (as in a framework matrix).
-- No cascade from codes: deleting or merging a code moves or removes summaries explicitly, so undo can
-- bring them back.
CREATE TABLE cell_summaries (
  case_id TEXT NOT NULL,
  code_id TEXT NOT NULL REFERENCES codes(id),
  text TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (case_id, code_id)
) STRICT;

-- The highlights a summary rests on. Deliberately no foreign key to highlights: when a highlight is deleted
-- the row stays, and the summary can say that its evidence is gone.
CREATE TABLE cell_evidence (
  case_id TEXT NOT NULL,
  code_id TEXT NOT NULL,
  highlight_id TEXT NOT NULL,
  quote TEXT NOT NULL,
  PRIMARY KEY (case_id, code_id, highlight_id),
  FOREIGN KEY (case_id, code_id) REFERENCES cell_summaries(case_id, code_id) ON DELETE CASCADE
) STRICT;

CREATE TABLE kolada_kpis (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL
) STRICT;

-- Kolada values per organisation (kommun or region code), KPI, year and gender (T total, K women, M men).
CREATE TABLE kolada_values (
  municipality_code TEXT NOT NULL,
  kpi_id TEXT NOT NULL,
  period INTEGER NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('T','K','M')),
  value REAL,
  count INTEGER,
  status TEXT,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (municipality_code, kpi_id, period, gender)
) STRICT;
CREATE INDEX kolada_values_kpi ON kolada_values(kpi_id, municipality_code);
`,
}
