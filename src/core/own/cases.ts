// The researcher's own cases: created and edited with the same fields as bundled ones. Bundled cases stay
// read-only, but any case can carry the researcher's own attributes (variables), memos and documents.
import { randomUUID } from 'node:crypto'
import type { CaseKind, Role } from '../../shared/domain'
import { transaction } from '../db/changes'
import { untrackedWriter } from '../db/history'
import { deleteOwnEntity, insertOwnEntity, removeAttribute, setAttribute, setOwnLinks, updateOwnEntity, type OwnEntity } from '../db/entities'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { normaliseText } from '../text'

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

export function createOwnCases(db: AtlasDatabase) {
  const q = {
    entity: db.prepare('SELECT id, type, origin FROM entities WHERE id = ?'),
    organisation: db.prepare('SELECT entity_id FROM organisations WHERE entity_id = ?'),
    organisationNamed: db.prepare('SELECT o.entity_id FROM organisations o JOIN entities e ON e.id = o.entity_id WHERE e.name = ? LIMIT 1'),
    attributes: db.prepare('SELECT name, value, value_type AS type FROM case_attributes WHERE entity_id = ? ORDER BY name'),
    relationsTo: db.prepare(`SELECT count(*) AS n FROM relations WHERE to_id = ? AND origin = 'bundled'`),
  }

  function check(draft: CaseDraft): CaseDraft {
    const name = normaliseText(draft.name).trim()
    if (!name) throw new UserError('ownCases.nameMissing')
    for (const y of [draft.startYear, draft.endYear]) {
      if (y !== null && (!Number.isInteger(y) || y < 1900 || y > 2100)) throw new UserError('ownCases.implausibleYear', { year: y })
    }
    if (draft.startYear !== null && draft.endYear !== null && draft.endYear < draft.startYear) {
      throw new UserError('ownCases.endBeforeStart', { end: draft.endYear, start: draft.startYear })
    }
    for (const o of draft.organisations) if (!q.organisation.get(o.id)) throw new UserError('ownCases.organisationNotFound', { id: o.id })
    for (const r of draft.related) if (!q.entity.get(r)) throw new UserError('ownCases.relatedNotFound', { id: r })
    return { ...draft, name, summary: normaliseText(draft.summary).trim() }
  }

  function ownCase(id: string): void {
    const row = q.entity.get(id) as { type: string; origin: string } | undefined
    if (!row || (row.type !== 'initiative' && row.type !== 'programme')) throw new UserError('ownCases.caseNotFound', { id })
    if (row.origin !== 'own') throw new UserError('ownCases.bundledReadOnly')
  }

  /** A funder named like an organisation of the atlas is linked to it. */
  function writeLinks(id: string, draft: CaseDraft): void {
    setOwnLinks(db, id, {
      themes: [...new Set(draft.themes.map((t) => normaliseText(t).trim()).filter(Boolean))],
      funders: draft.funders
        .map((f) => f.trim())
        .filter(Boolean)
        .map((name) => ({ name, organisationId: (q.organisationNamed.get(name) as { entity_id: string } | undefined)?.entity_id ?? null })),
      participations: draft.organisations.map((o) => ({ organisationId: o.id, role: o.role })),
      related: draft.related.filter((r) => r !== id),
    })
  }

  const entity = (id: string, d: CaseDraft): OwnEntity => ({
    id,
    type: d.kind,
    name: d.name,
    summary: d.summary,
    startYear: d.startYear,
    endYear: d.endYear,
  })

  return {
    /** Writes a case; `id` lets an import keep the id its CSV carried (own ids only). */
    create(draft: CaseDraft, id = `own-case-${randomUUID()}`): string {
      const clean = check(draft)
      if (q.entity.get(id)) throw new UserError('ownCases.idTaken', { id })
      transaction(db, () => {
        insertOwnEntity(untrackedWriter(db), entity(id, clean))
        writeLinks(id, clean)
      })
      return id
    },
    /** Inside a caller's transaction (the CSV import writes all rows or none). */
    createIn(draft: CaseDraft, id = `own-case-${randomUUID()}`): string {
      const clean = check(draft)
      if (q.entity.get(id)) throw new UserError('ownCases.idTaken', { id })
      insertOwnEntity(untrackedWriter(db), entity(id, clean))
      writeLinks(id, clean)
      return id
    },
    update(id: string, draft: CaseDraft): void {
      ownCase(id)
      const clean = check(draft)
      transaction(db, () => {
        updateOwnEntity(db, entity(id, clean))
        writeLinks(id, clean)
      })
    },
    remove(id: string): void {
      ownCase(id)
      deleteOwnEntity(db, id)
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
      if (!row || (row.type !== 'initiative' && row.type !== 'programme')) throw new UserError('ownCases.caseNotFound', { id })
      transaction(db, () => {
        for (const a of attributes) {
          const name = a.name.trim()
          if (!name) throw new UserError('ownCases.attributeNameMissing')
          if (a.value.trim() === '') removeAttribute(db, id, name)
          else setAttribute(untrackedWriter(db), id, { name, value: a.value.trim(), type: a.type })
        }
      })
      return q.attributes.all(id) as CaseAttribute[]
    },
  }
}

export type OwnCases = ReturnType<typeof createOwnCases>
