import type { Migration } from '../migrate'

// A survey value carries the source's own word before its figure instead of one "approximate" flag:
// "drygt 3 av 10" is more than 30 %, and a flag shown as "ca" said less than the source. Values the old
// build marked approximate become 'ca', the one word the flag was shown as; values it left unmarked keep
// no qualifier. The next corpus load sets the bundled values' words from the corpus files.
export const migration: Migration = {
  version: 6,
  name: 'survey-qualifier',
  sql: `
ALTER TABLE survey_values ADD COLUMN qualifier TEXT CHECK (qualifier IN ('drygt','ca','knappt'));
UPDATE survey_values SET qualifier = 'ca' WHERE approximate = 1;
ALTER TABLE survey_values DROP COLUMN approximate;
`,
}
