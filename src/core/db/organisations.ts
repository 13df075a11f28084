// Organisations (kommuner, regioner, myndigheter …) with their aliases, and the counties they lie in. Both
// come only from the bundled corpus: the researcher refers to them but never writes them.
import type { OrganisationType } from '../../shared/domain'
import { emit } from './changes'
import { preparedOnce, type WritableDB } from './connection'

const statements = preparedOnce((db) => ({
  upsertCounty: db.prepare('INSERT INTO counties (code, name) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name'),
  upsertOrganisation: db.prepare(`
    INSERT INTO organisations (entity_id, org_type, code, county_code) VALUES (?, ?, ?, ?)
    ON CONFLICT(entity_id) DO UPDATE SET org_type = excluded.org_type, code = excluded.code, county_code = excluded.county_code`),
  clearBundledAliases: db.prepare(`DELETE FROM organisation_aliases
    WHERE organisation_id IN (SELECT id FROM entities WHERE origin = 'bundled')`),
  insertAlias: db.prepare('INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias) VALUES (?, ?)'),
}))

export function upsertCounty(db: WritableDB, code: string, name: string): void {
  statements(db).upsertCounty.run(code, name)
}

/** Drops the aliases of bundled organisations; the load writes them again. */
export function clearBundledAliases(db: WritableDB): void {
  statements(db).clearBundledAliases.run()
}

/** The organisation part of a bundled entity (its entities row is written by entities.ts first). */
export function upsertOrganisation(
  db: WritableDB,
  o: { id: string; type: OrganisationType; code: string | null; county: string | null; aliases: string[] },
): void {
  statements(db).upsertOrganisation.run(o.id, o.type, o.code, o.county)
  for (const alias of o.aliases) statements(db).insertAlias.run(o.id, alias)
  emit(db, { kind: 'entities', ids: [o.id] })
}
