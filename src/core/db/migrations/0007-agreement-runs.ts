import type { Migration } from '../migrate'

// Agreement as it was computed: the figures with the coders, unit, overlap, documents and time they were
// computed with, kept for the method chapter of the evaluation report. The result is stored whole (JSON):
// it is a record of that moment, never recomputed or edited.
export const migration: Migration = {
  version: 7,
  name: 'agreement-runs',
  sql: `
CREATE TABLE agreement_runs (
  id TEXT PRIMARY KEY,
  computed_at TEXT NOT NULL,
  result TEXT NOT NULL CHECK (json_valid(result))
) STRICT;
CREATE INDEX agreement_runs_time ON agreement_runs(computed_at);
`,
}
