import type { Migration } from '../migrate'

// The notes view of a large project (50,000 highlights) asks for one page at a time (annotate/annotations.ts):
// its newest or oldest entries come straight from an index on the times, and a highlight's case or report is
// read from a covering index over the section ids, without visiting the section's row (and its text).
export const migration: Migration = {
  version: 11,
  name: 'notes-order',
  sql: `
CREATE INDEX highlights_created ON highlights(created_at);
CREATE INDEX highlights_updated ON highlights(updated_at);
CREATE INDEX sections_report_of ON sections(id, report_id);
`,
}
