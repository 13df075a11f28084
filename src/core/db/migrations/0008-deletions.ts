import type { Migration } from '../migrate'

// What the researcher deleted, by id and time, so that merging a colleague's project does not bring a deleted
// highlight back unasked: the colleague's file still holds it (it was handed out before the deletion), and
// without this record it would look new. Kept by triggers, so every way a highlight leaves (delete, a code
// merge, undo of its creation) is recorded and every way one comes back (undo of the delete, a restore by
// merge) clears the record.
export const migration: Migration = {
  version: 8,
  name: 'deletions',
  sql: `
CREATE TABLE deletions (
  kind TEXT NOT NULL CHECK (kind IN ('highlight')),
  id TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
CREATE TRIGGER highlights_deleted AFTER DELETE ON highlights BEGIN
  INSERT INTO deletions (kind, id, deleted_at) VALUES ('highlight', old.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT(kind, id) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER highlights_back AFTER INSERT ON highlights BEGIN
  DELETE FROM deletions WHERE kind = 'highlight' AND id = new.id;
END;
`,
}
