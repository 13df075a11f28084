// The researcher's own cases: created and edited with the same fields as bundled ones. Bundled cases stay
// read-only, but any case can carry the researcher's own attributes (variables), memos and documents.
import { randomUUID } from 'node:crypto'
import type { CaseKind, Role } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import { normaliseText } from '../text'

export class OwnCaseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OwnCaseError'
  }
}

export interface CaseDraft {
  kind: CaseKind
  name: string
  summary: string
  startYear: number | null
  endYear: number | null
  themes: string[]
  funders: string[]
  organisations: { id: string; role: Role }[]
  related: string[]
}

export interface CaseAttribute {
  name: string
  value: string
  type: 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime'
}

const now = (): string => new Date().toISOString()

export function createOwnCases(db: AtlasDatabase) {
  const q = {
    entity: db.prepare('SELECT id, type, origin FROM entities WHERE id = ?'),
    organisation: db.prepare('SELECT entity_id FROM organisations WHERE entity_id = ?'),
    insertEntity: db.prepare(`INSERT INTO entities (id, type, name, summary, start_year, end_year, origin, created_at, updated_at)
      VALUES (@id, @type, @name, @summary, @start_year, @end_year, 'own', @now, @now)`),
    updateEntity: db.prepare(`UPDATE entities SET type = @type, name = @name, summary = @summary, start_year = @start_year,
      end_year = @end_year, updated_at = @now WHERE id = @id AND origin = 'own'`),
    clearOwn: {
      themes: db.prepare(`DELETE FROM themes WHERE entity_id = ? AND origin = 'own'`),
      funders: db.prepare(`DELETE FROM funders WHERE entity_id = ? AND origin = 'own'`),
      participations: db.prepare(`DELETE FROM participations WHERE entity_id = ? AND origin = 'own'`),
      relations: db.prepare(`DELETE FROM relations WHERE from_id = ? AND origin = 'own'`),
    },
    theme: db.prepare(`INSERT OR IGNORE INTO themes (entity_id, theme, origin) VALUES (?, ?, 'own')`),
    funder: db.prepare(`INSERT OR IGNORE INTO funders (entity_id, position, name, organisation_id, origin)
      VALUES (@id, @position, @name, (SELECT o.entity_id FROM organisations o JOIN entities e ON e.id = o.entity_id WHERE e.name = @name LIMIT 1), 'own')`),
    participation: db.prepare(`INSERT OR IGNORE INTO participations (entity_id, organisation_id, role, origin) VALUES (?, ?, ?, 'own')`),
    relation: db.prepare(`INSERT OR IGNORE INTO relations (from_id, to_id, origin) VALUES (?, ?, 'own')`),
    deleteEntity: db.prepare(`DELETE FROM entities WHERE id = ? AND origin = 'own'`),
    deleteAttributes: db.prepare('DELETE FROM case_attributes WHERE entity_id = ?'),
    attributes: db.prepare('SELECT name, value, value_type AS type FROM case_attributes WHERE entity_id = ? ORDER BY name'),
    upsertAttribute: db.prepare(`INSERT INTO case_attributes (entity_id, name, value, value_type, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(entity_id, name) DO UPDATE SET value = excluded.value, value_type = excluded.value_type, updated_at = excluded.updated_at`),
    removeAttribute: db.prepare('DELETE FROM case_attributes WHERE entity_id = ? AND name = ?'),
    relationsTo: db.prepare(`SELECT count(*) AS n FROM relations WHERE to_id = ? AND origin = 'bundled'`),
  }

  function check(draft: CaseDraft): CaseDraft {
    const name = normaliseText(draft.name).trim()
    if (!name) throw new OwnCaseError('Ett fall måste ha ett namn.')
    for (const y of [draft.startYear, draft.endYear]) {
      if (y !== null && (!Number.isInteger(y) || y < 1900 || y > 2100)) throw new OwnCaseError(`Årtalet ${y} är inte rimligt (1900–2100).`)
    }
    if (draft.startYear !== null && draft.endYear !== null && draft.endYear < draft.startYear) {
      throw new OwnCaseError(`Slutåret ${draft.endYear} ligger före startåret ${draft.startYear}.`)
    }
    for (const o of draft.organisations) if (!q.organisation.get(o.id)) throw new OwnCaseError(`Organisationen "${o.id}" finns inte i atlasen.`)
    for (const r of draft.related) if (!q.entity.get(r)) throw new OwnCaseError(`"${r}" finns inte i atlasen.`)
    return { ...draft, name, summary: normaliseText(draft.summary).trim() }
  }

  function ownCase(id: string): void {
    const row = q.entity.get(id) as { type: string; origin: string } | undefined
    if (!row || (row.type !== 'initiative' && row.type !== 'programme')) throw new OwnCaseError(`Fallet "${id}" finns inte.`)
    if (row.origin !== 'own') {
      throw new OwnCaseError('Fall från den medföljande korpusen kan inte ändras; lägg till egna attribut, memon eller dokument i stället.')
    }
  }

  function writeLinks(id: string, draft: CaseDraft): void {
    for (const statement of Object.values(q.clearOwn)) statement.run(id)
    for (const theme of new Set(draft.themes.map((t) => normaliseText(t).trim()).filter(Boolean))) q.theme.run(id, theme)
    draft.funders.map((f) => f.trim()).filter(Boolean).forEach((name, position) => q.funder.run({ id, position, name }))
    for (const o of draft.organisations) q.participation.run(id, o.id, o.role)
    for (const r of draft.related) if (r !== id) q.relation.run(id, r)
  }

  const row = (id: string, d: CaseDraft) => ({
    id,
    type: d.kind,
    name: d.name,
    summary: d.summary,
    start_year: d.startYear,
    end_year: d.endYear,
    now: now(),
  })

  return {
    /** Writes a case; `id` lets an import keep the id its CSV carried (own ids only). */
    create(draft: CaseDraft, id = `own-case-${randomUUID()}`): string {
      const clean = check(draft)
      if (q.entity.get(id)) throw new OwnCaseError(`Id:t "${id}" används redan.`)
      db.transaction(() => {
        q.insertEntity.run(row(id, clean))
        writeLinks(id, clean)
      }).immediate()
      return id
    },
    /** Inside a caller's transaction (the CSV import writes all rows or none). */
    createIn(draft: CaseDraft, id = `own-case-${randomUUID()}`): string {
      const clean = check(draft)
      if (q.entity.get(id)) throw new OwnCaseError(`Id:t "${id}" används redan.`)
      q.insertEntity.run(row(id, clean))
      writeLinks(id, clean)
      return id
    },
    update(id: string, draft: CaseDraft): void {
      ownCase(id)
      const clean = check(draft)
      db.transaction(() => {
        q.updateEntity.run(row(id, clean))
        writeLinks(id, clean)
      }).immediate()
    },
    remove(id: string): void {
      ownCase(id)
      db.transaction(() => {
        q.deleteAttributes.run(id)
        q.deleteEntity.run(id)
      }).immediate()
    },
    isOwn(id: string): boolean {
      return (q.entity.get(id) as { origin: string } | undefined)?.origin === 'own'
    },
    attributes(id: string): CaseAttribute[] {
      return q.attributes.all(id) as CaseAttribute[]
    },
    /** Sets the researcher's own attributes on any case; an empty value removes the attribute. */
    setAttributes(id: string, attributes: CaseAttribute[]): CaseAttribute[] {
      const row = q.entity.get(id) as { type: string } | undefined
      if (!row || (row.type !== 'initiative' && row.type !== 'programme')) throw new OwnCaseError(`Fallet "${id}" finns inte.`)
      db.transaction(() => {
        for (const a of attributes) {
          const name = a.name.trim()
          if (!name) throw new OwnCaseError('Ett attribut måste ha ett namn.')
          if (a.value.trim() === '') q.removeAttribute.run(id, name)
          else q.upsertAttribute.run(id, name, a.value.trim(), a.type, now())
        }
      }).immediate()
      return q.attributes.all(id) as CaseAttribute[]
    },
  }
}

export type OwnCases = ReturnType<typeof createOwnCases>
