import type { Migration } from '../migrate'

// Memos join highlights in the record of what the researcher deleted (migration 0008): a memo deleted here
// that a colleague's file still holds is a conflict, not a silent return. The table's CHECK names the kinds,
// so it is made again; the highlights' triggers, which name the table, are dropped and made again around it.
export const migration: Migration = {
  version: 12,
  name: 'memo-deletions',
  sql: `
DROP TRIGGER highlights_deleted;
DROP TRIGGER highlights_back;
CREATE TABLE deletions_new (
  kind TEXT NOT NULL CHECK (kind IN ('highlight', 'memo')),
  id TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
INSERT INTO deletions_new (kind, id, deleted_at) SELECT kind, id, deleted_at FROM deletions;
DROP TABLE deletions;
ALTER TABLE deletions_new RENAME TO deletions;
CREATE TRIGGER highlights_deleted AFTER DELETE ON highlights BEGIN
  INSERT INTO deletions (kind, id, deleted_at) VALUES ('highlight', old.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT(kind, id) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER highlights_back AFTER INSERT ON highlights BEGIN
  DELETE FROM deletions WHERE kind = 'highlight' AND id = new.id;
END;
CREATE TRIGGER memos_deleted AFTER DELETE ON memos BEGIN
  INSERT INTO deletions (kind, id, deleted_at) VALUES ('memo', old.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT(kind, id) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER memos_back AFTER INSERT ON memos BEGIN
  DELETE FROM deletions WHERE kind = 'memo' AND id = new.id;
END;
`,
}
