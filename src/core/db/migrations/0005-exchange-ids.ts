import type { Migration } from '../migrate'

// The GUID a thing had in a REFI-QDA project it came from, where the thing's own id cannot be that GUID: a
// case matched to an atlas case, a user (known here by name), a variable (known by name), the note a
// selection pointed to (here part of the highlight). An export gives the GUID back, so a colleague's tool
// recognises its own things again.
export const migration: Migration = {
  version: 5,
  name: 'exchange-ids',
  sql: `
CREATE TABLE exchange_ids (
  kind TEXT NOT NULL CHECK (kind IN ('case','user','variable','highlight-note')),
  local_id TEXT NOT NULL,
  guid TEXT NOT NULL,
  PRIMARY KEY (kind, local_id)
) STRICT;
CREATE UNIQUE INDEX exchange_ids_guid ON exchange_ids(kind, guid);
`,
}
