// Entities — cases, reports, surveys, organisations — with what hangs on them: facts, links to sources,
// themes, gaps, funders, participations, relations and the researcher's own attributes. `origin` keeps the
// bundled corpus (replaced on a corpus update) apart from the researcher's own rows (never touched by one):
// bundled writes touch only bundled rows, own writes only own rows. Every write announces the entities it
// changed; a relation changes both of its ends.
import type { EntityType, Origin, Role } from '../../shared/domain'
import { textHash } from '../text'
import { emit, transaction } from './changes'
import { preparedOnce, type WritableDB } from './connection'
import { trackedRows, type Writer } from './history'

export type AttributeType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime'

/** Where an entity hangs in the atlas besides its own row; every list may be empty. */
export interface EntityLinks {
  /** Source URLs the entity links to, in order (bundled entities only). */
  sources?: string[]
  themes?: string[]
  gaps?: string[]
  funders?: { name: string; organisationId: string | null }[]
  participations?: { organisationId: string; role: Role }[]
  related?: string[]
}

/** Link tables without identity of their own: a corpus load drops the bundled rows and writes them again. */
const LINK_TABLES = ['themes', 'funders', 'participations', 'relations', 'entity_links', 'gaps'] as const

/** Researcher rows that point at an entity; while any exists, a vanished bundled entity must not be deleted. */
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
const VANISHED = `e.origin = 'bundled' AND e.id NOT IN (SELECT value FROM json_each(?))`

const statements = preparedOnce((db) => ({
  upsertBundled: db.prepare(`
    INSERT INTO entities (id, type, name, summary, summary_en, start_year, end_year, origin)
    VALUES (@id, @type, @name, @summary, @summary_en, @start_year, @end_year, 'bundled')
    ON CONFLICT(id) DO UPDATE SET type = excluded.type, name = excluded.name, summary = excluded.summary,
      summary_en = excluded.summary_en, start_year = excluded.start_year, end_year = excluded.end_year,
      withdrawn = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE entities.origin = 'bundled'`),
  updateOwn: db.prepare(`UPDATE entities SET type = @type, name = @name, summary = @summary, start_year = @start_year,
    end_year = @end_year, updated_at = @at WHERE id = @id AND origin = 'own'`),
  deleteOwn: db.prepare(`DELETE FROM entities WHERE id = ? AND origin = 'own'`),
  clearBundled: LINK_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE origin = 'bundled'`)),
  vanished: db.prepare(`SELECT e.id FROM entities AS e WHERE ${VANISHED}`),
  withdraw: db.prepare(`UPDATE entities AS e SET withdrawn = 1 WHERE ${VANISHED} AND (${REFERENCED_BY_RESEARCHER})`),
  deleteVanished: db.prepare(`DELETE FROM entities AS e WHERE ${VANISHED} AND e.withdrawn = 0`),
  upsertFact: db.prepare(`
    INSERT INTO facts (id, entity_id, position, text, text_hash, source_id, origin) VALUES (?, ?, ?, ?, ?, ?, 'bundled')
    ON CONFLICT(id) DO UPDATE SET entity_id = excluded.entity_id, position = excluded.position, text = excluded.text,
      text_hash = excluded.text_hash, source_id = excluded.source_id`),
  deleteStaleFacts: db.prepare(`DELETE FROM facts WHERE origin = 'bundled' AND id NOT IN (SELECT value FROM json_each(?))`),
  insertSource: db.prepare('INSERT INTO sources (url) VALUES (?) ON CONFLICT(url) DO NOTHING'),
  sourceByUrl: db.prepare('SELECT id FROM sources WHERE url = ?'),
  link: db.prepare('INSERT OR IGNORE INTO entity_links (entity_id, position, source_id, origin) VALUES (?, ?, ?, ?)'),
  theme: db.prepare('INSERT OR IGNORE INTO themes (entity_id, theme, origin) VALUES (?, ?, ?)'),
  gap: db.prepare('INSERT INTO gaps (entity_id, position, text, origin) VALUES (?, ?, ?, ?)'),
  funder: db.prepare('INSERT OR IGNORE INTO funders (entity_id, position, name, organisation_id, origin) VALUES (?, ?, ?, ?, ?)'),
  participation: db.prepare('INSERT OR IGNORE INTO participations (entity_id, organisation_id, role, origin) VALUES (?, ?, ?, ?)'),
  relation: db.prepare('INSERT OR IGNORE INTO relations (from_id, to_id, origin) VALUES (?, ?, ?)'),
  clearOwn: [
    db.prepare(`DELETE FROM themes WHERE entity_id = ? AND origin = 'own'`),
    db.prepare(`DELETE FROM funders WHERE entity_id = ? AND origin = 'own'`),
    db.prepare(`DELETE FROM participations WHERE entity_id = ? AND origin = 'own'`),
    db.prepare(`DELETE FROM relations WHERE from_id = ? AND origin = 'own'`),
  ],
  ownRelationsFrom: db.prepare(`SELECT to_id FROM relations WHERE from_id = ? AND origin = 'own'`),
  relatedTo: db.prepare(`SELECT CASE WHEN from_id = @id THEN to_id ELSE from_id END AS id FROM relations
    WHERE from_id = @id OR to_id = @id`),
  attribute: db.prepare('SELECT value FROM case_attributes WHERE entity_id = ? AND name = ?'),
  removeAttribute: db.prepare('DELETE FROM case_attributes WHERE entity_id = ? AND name = ?'),
  removeAttributes: db.prepare('DELETE FROM case_attributes WHERE entity_id = ?'),
}))

// The rows a REFI-QDA merge writes besides codes, highlights and memos: tracked like them, so that the merge is
// one undo step (db/history.ts) — an own case or document, its relations and its attributes.
export interface EntityRow {
  id: string
  type: EntityType
  name: string
  summary: string
  summary_en: string | null
  start_year: number | null
  end_year: number | null
  origin: Origin
  withdrawn: 0 | 1
  created_at: string
  updated_at: string
}

export interface RelationRow {
  from_id: string
  to_id: string
  origin: Origin
}

export interface AttributeRow {
  entity_id: string
  name: string
  value: string
  value_type: AttributeType
  updated_at: string
}

const tracked = preparedOnce((db) => ({
  entities: {
    one: db.prepare('SELECT * FROM entities WHERE id = @id'),
    write: db.prepare(`INSERT INTO entities (id, type, name, summary, summary_en, start_year, end_year, origin, withdrawn, created_at, updated_at)
      VALUES (@id, @type, @name, @summary, @summary_en, @start_year, @end_year, @origin, @withdrawn, @created_at, @updated_at)
      ON CONFLICT(id) DO UPDATE SET type = excluded.type, name = excluded.name, summary = excluded.summary,
        summary_en = excluded.summary_en, start_year = excluded.start_year, end_year = excluded.end_year,
        origin = excluded.origin, withdrawn = excluded.withdrawn, created_at = excluded.created_at, updated_at = excluded.updated_at`),
    remove: db.prepare('DELETE FROM entities WHERE id = @id'),
  },
  relations: {
    one: db.prepare('SELECT * FROM relations WHERE from_id = @from_id AND to_id = @to_id'),
    write: db.prepare(`INSERT INTO relations (from_id, to_id, origin) VALUES (@from_id, @to_id, @origin)
      ON CONFLICT(from_id, to_id) DO UPDATE SET origin = excluded.origin`),
    remove: db.prepare('DELETE FROM relations WHERE from_id = @from_id AND to_id = @to_id'),
  },
  attributes: {
    one: db.prepare('SELECT * FROM case_attributes WHERE entity_id = @entity_id AND name = @name'),
    write: db.prepare(`INSERT INTO case_attributes (entity_id, name, value, value_type, updated_at)
      VALUES (@entity_id, @name, @value, @value_type, @updated_at)
      ON CONFLICT(entity_id, name) DO UPDATE SET value = excluded.value, value_type = excluded.value_type, updated_at = excluded.updated_at`),
    remove: db.prepare('DELETE FROM case_attributes WHERE entity_id = @entity_id AND name = @name'),
  },
}))

export const entityRows = trackedRows<EntityRow>('entities', ['id'], (db) => tracked(db).entities, (key) => ({ kind: 'entities', ids: [key.id!] }))
/**
 * A relation names both of its ends, as a change of its own: attaching a document to a case changes neither's
 * text, so the document library does not analyse the document again (50-250 ms for 100 sections).
 */
export const relationRows = trackedRows<RelationRow>('relations', ['from_id', 'to_id'], (db) => tracked(db).relations, (key) => ({
  kind: 'relations',
  ids: [key.from_id!, key.to_id!],
}))
export const attributeRows = trackedRows<AttributeRow>('case_attributes', ['entity_id', 'name'], (db) => tracked(db).attributes, (key) => ({
  kind: 'entities',
  ids: [key.entity_id!],
}))

const now = (): string => new Date().toISOString()
const changed = (db: WritableDB, ids: string[]): void => emit(db, { kind: 'entities', ids })

/** The id of a source URL, added on first use. */
export function sourceId(db: WritableDB, url: string): number {
  statements(db).insertSource.run(url)
  return (statements(db).sourceByUrl.get(url) as { id: number }).id
}

// ── The bundled corpus ──────────────────────────────────────────────────────────────────────────────────

/** Inserts or updates a bundled entity (never an own one with the same id) and makes it current again. */
export function upsertBundledEntity(
  db: WritableDB,
  e: { id: string; type: EntityType; name: string; summary: string; summaryEn: string | null; startYear: number | null; endYear: number | null },
): void {
  statements(db).upsertBundled.run({
    id: e.id,
    type: e.type,
    name: e.name,
    summary: e.summary,
    summary_en: e.summaryEn,
    start_year: e.startYear,
    end_year: e.endYear,
  })
  changed(db, [e.id])
}

/** Drops every bundled link row; the load writes them again. Own links stay. */
export function clearBundledLinks(db: WritableDB): void {
  for (const statement of statements(db).clearBundled) statement.run()
}

/** A bundled fact, with its text's version for the highlights anchored in it. */
export function upsertBundledFact(db: WritableDB, fact: { id: string; entityId: string; position: number; text: string; source: string }): void {
  statements(db).upsertFact.run(fact.id, fact.entityId, fact.position, fact.text, textHash(fact.text), sourceId(db, fact.source))
  changed(db, [fact.entityId])
}

export function deleteStaleFacts(db: WritableDB, keepIds: string[]): void {
  statements(db).deleteStaleFacts.run(JSON.stringify(keepIds))
}

/**
 * A bundled entity the corpus no longer holds is deleted — unless researcher data still refers to it: then it
 * stays, marked withdrawn, so nothing the researcher made loses its anchor.
 */
export function retireVanishedEntities(db: WritableDB, keepIds: string[]): void {
  const keep = JSON.stringify(keepIds)
  const vanished = (statements(db).vanished.all(keep) as { id: string }[]).map((r) => r.id)
  statements(db).withdraw.run(keep)
  statements(db).deleteVanished.run(keep)
  changed(db, vanished)
}

// ── Links, either origin ────────────────────────────────────────────────────────────────────────────────

/** Adds link rows of one origin; positions follow the lists' order. */
export function addLinks(db: WritableDB, id: string, origin: Origin, links: EntityLinks): void {
  const s = statements(db)
  links.sources?.forEach((url, i) => s.link.run(id, i, sourceId(db, url), origin))
  for (const theme of links.themes ?? []) s.theme.run(id, theme, origin)
  links.gaps?.forEach((gap, i) => s.gap.run(id, i, gap, origin))
  links.funders?.forEach((f, i) => s.funder.run(id, i, f.name, f.organisationId, origin))
  for (const p of links.participations ?? []) s.participation.run(id, p.organisationId, p.role, origin)
  for (const to of links.related ?? []) s.relation.run(id, to, origin)
  changed(db, [id, ...(links.related ?? [])])
}

/**
 * Relates an own document or case to another entity; returns whether the relation is new. A relation has no
 * direction in the atlas, so one the other way round (a bundled report naming the case) is the same.
 */
export function relate(w: Writer, fromId: string, toId: string): boolean {
  if (relationRows.read(w.db, { from_id: fromId, to_id: toId }) || relationRows.read(w.db, { from_id: toId, to_id: fromId })) return false
  w.insert(relationRows, { from_id: fromId, to_id: toId, origin: 'own' })
  return true
}

// ── The researcher's own entities ───────────────────────────────────────────────────────────────────────

export interface OwnEntity {
  id: string
  type: EntityType
  name: string
  summary: string
  startYear?: number | null
  endYear?: number | null
}

/** `at` fixes the timestamps (an import's clock); otherwise now. */
export function insertOwnEntity(w: Writer, e: OwnEntity, at = now()): void {
  if (entityRows.read(w.db, { id: e.id })) throw new Error(`Entity ${e.id} exists already`)
  w.insert(entityRows, {
    id: e.id,
    type: e.type,
    name: e.name,
    summary: e.summary,
    summary_en: null,
    start_year: e.startYear ?? null,
    end_year: e.endYear ?? null,
    origin: 'own',
    withdrawn: 0,
    created_at: at,
    updated_at: at,
  })
}

/** Rewrites an own entity's fields; a bundled one is never touched. */
export function updateOwnEntity(db: WritableDB, e: OwnEntity): void {
  statements(db).updateOwn.run({ id: e.id, type: e.type, name: e.name, summary: e.summary, start_year: e.startYear ?? null, end_year: e.endYear ?? null, at: now() })
  changed(db, [e.id])
}

/** Replaces an own entity's own themes, funders, participations and relations. */
export function setOwnLinks(db: WritableDB, id: string, links: EntityLinks): void {
  transaction(db, () => {
    const before = (statements(db).ownRelationsFrom.all(id) as { to_id: string }[]).map((r) => r.to_id)
    for (const statement of statements(db).clearOwn) statement.run(id)
    addLinks(db, id, 'own', links)
    changed(db, before)
  })
}

/** Deletes an own entity with its attributes; its facts, sections, links and relations go by cascade. */
export function deleteOwnEntity(db: WritableDB, id: string): void {
  transaction(db, () => {
    const related = (statements(db).relatedTo.all({ id }) as { id: string }[]).map((r) => r.id)
    statements(db).removeAttributes.run(id)
    statements(db).deleteOwn.run(id)
    changed(db, [id, ...related])
  })
}

// ── Attributes (the researcher's variables on any case) ─────────────────────────────────────────────────

export function attributeValue(db: WritableDB, entityId: string, name: string): string | null {
  return (statements(db).attribute.get(entityId, name) as { value: string } | undefined)?.value ?? null
}

export function setAttribute(w: Writer, entityId: string, attribute: { name: string; value: string; type: AttributeType }, at = now()): void {
  const key = { entity_id: entityId, name: attribute.name }
  const row = { value: attribute.value, value_type: attribute.type, updated_at: at }
  if (attributeRows.read(w.db, key)) w.update(attributeRows, key, row)
  else w.insert(attributeRows, { ...key, ...row })
}

export function removeAttribute(db: WritableDB, entityId: string, name: string): void {
  statements(db).removeAttribute.run(entityId, name)
  changed(db, [entityId])
}
