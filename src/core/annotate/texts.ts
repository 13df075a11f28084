// The texts a highlight can sit in, read from the database as stored (normalised), with their version.
import type { EntityType, TextTargetRef } from '../../shared/domain'
import { indexedBy } from '../db/connection'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { textHash } from '../text'

export interface TargetText {
  text: string
  hash: string
  entityId: string
  entityName: string
  entityType: EntityType
}

export function textNotFound(target: TextTargetRef): UserError {
  return new UserError('annotate.textNotFound', { type: target.type, id: target.id }, 'not-found')
}

export function createTextReader(db: AtlasDatabase) {
  const q = {
    section: db.prepare(`SELECT s.text, s.text_hash AS hash, e.id AS entity_id, e.name AS entity_name, e.type AS entity_type
      FROM sections s JOIN entities e ON e.id = s.report_id WHERE s.id = ?`),
    fact: db.prepare(`SELECT f.text, f.text_hash AS hash, e.id AS entity_id, e.name AS entity_name, e.type AS entity_type
      FROM facts f JOIN entities e ON e.id = f.entity_id WHERE f.id = ?`),
    summary: db.prepare(`SELECT e.summary AS text, NULL AS hash, e.id AS entity_id, e.name AS entity_name, e.type AS entity_type
      FROM entities e WHERE e.id = ?`),
  }
  return (target: TextTargetRef): TargetText | null => {
    const row = q[target.type].get(target.id) as
      | { text: string; hash: string | null; entity_id: string; entity_name: string; entity_type: EntityType }
      | undefined
    if (!row) return null
    return {
      text: row.text,
      // Summaries carry no stored hash: their version is computed from the text itself.
      hash: row.hash ?? textHash(row.text),
      entityId: row.entity_id,
      entityName: row.entity_name,
      entityType: row.entity_type,
    }
  }
}

export type TargetPlace = Omit<TargetText, 'text' | 'hash'>

/**
 * What a text belongs to — its case, report, survey or organisation — without reading the text: for lists of
 * highlights (a page of the notes view), where reading 200 section texts only to name their reports was most
 * of the time.
 */
export function createPlaceReader(db: AtlasDatabase) {
  const q = {
    section: db.prepare(`SELECT e.id AS entityId, e.name AS entityName, e.type AS entityType
      FROM sections s ${indexedBy(db, 'sections_report_of')} JOIN entities e ON e.id = s.report_id WHERE s.id = ?`),
    fact: db.prepare(`SELECT e.id AS entityId, e.name AS entityName, e.type AS entityType
      FROM facts f JOIN entities e ON e.id = f.entity_id WHERE f.id = ?`),
    summary: db.prepare(`SELECT e.id AS entityId, e.name AS entityName, e.type AS entityType FROM entities e WHERE e.id = ?`),
  }
  return (target: TextTargetRef): TargetPlace | null => (q[target.type].get(target.id) as TargetPlace | undefined) ?? null
}
