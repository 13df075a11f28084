// Where a highlight sits, in the words of a report or a CSV column: the case(s) it speaks about, the document
// (the report, case, survey or organisation whose text it is), the section, and the source's web address.
// Shared by the CSV, PDF and REFI-QDA exports so that all three name places the same way.
import type { TextOrigin } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import type { TextTargetRef, ValueType } from './types'
import type { AtlasDatabase } from '../../db/open'

export interface CaseRef {
  id: string
  name: string
}

export interface TextPlace {
  /** The cases this text is about: the case itself, or the cases related to its report; none for others. */
  cases: CaseRef[]
  document: string
  /** A report section's heading, "Faktauppgift" or "Sammanfattning". */
  section: string
  sourceUrl: string | null
  /** A paraphrase (bundled text) is cited as "ur sammanfattningen av …", never in quotation marks. */
  textOrigin: TextOrigin
}

export function createPlaces(db: AtlasDatabase) {
  const q = {
    entity: db.prepare('SELECT id, name, type, origin FROM entities WHERE id = ?'),
    section: db.prepare(`SELECT s.heading, s.report_id, s.origin, r.url FROM sections s LEFT JOIN reports r ON r.entity_id = s.report_id WHERE s.id = ?`),
    fact: db.prepare(`SELECT f.entity_id, src.url FROM facts f JOIN sources src ON src.id = f.source_id WHERE f.id = ?`),
    firstLink: db.prepare(`SELECT src.url FROM entity_links l JOIN sources src ON src.id = l.source_id WHERE l.entity_id = ? ORDER BY l.position LIMIT 1`),
    reportUrl: db.prepare('SELECT url FROM reports WHERE entity_id = ?'),
    relatedCases: db.prepare(`SELECT DISTINCT e.id, e.name FROM relations r
      JOIN entities e ON e.id = CASE WHEN r.from_id = @id THEN r.to_id ELSE r.from_id END
      WHERE (r.from_id = @id OR r.to_id = @id) AND e.type IN ('initiative','programme') ORDER BY e.name`),
  }

  function casesOf(entityId: string): CaseRef[] {
    const e = q.entity.get(entityId) as { id: string; name: string; type: string } | undefined
    if (!e) return []
    if (e.type === 'initiative' || e.type === 'programme') return [{ id: e.id, name: e.name }]
    // As in the comparison matrix: a report's texts count for the cases it is related to; a survey's or an
    // organisation's texts belong to no case.
    if (e.type === 'report') return q.relatedCases.all({ id: entityId }) as CaseRef[]
    return []
  }

  /** The entity whose text a target is, or null when the text is gone. */
  function entityOf(target: TextTargetRef): string | null {
    if (target.type === 'summary') return (q.entity.get(target.id) as { id: string } | undefined)?.id ?? null
    if (target.type === 'section') return (q.section.get(target.id) as { report_id: string } | undefined)?.report_id ?? null
    return (q.fact.get(target.id) as { entity_id: string } | undefined)?.entity_id ?? null
  }

  function place(target: TextTargetRef, entityId: string, entityName: string): TextPlace {
    const cases = casesOf(entityId)
    // Bundled texts are the atlas's paraphrases; own ones are the researcher's documents and words.
    const entityOrigin = (q.entity.get(entityId) as { origin: string } | undefined)?.origin
    const textOrigin: TextOrigin = entityOrigin === 'own' ? 'original' : 'summary'
    if (target.type === 'section') {
      const s = q.section.get(target.id) as { heading: string; url: string | null; origin: string } | undefined
      return { cases, document: entityName, section: s?.heading ?? '', sourceUrl: s?.url ?? null, textOrigin: s?.origin === 'own' ? 'original' : textOrigin }
    }
    if (target.type === 'fact') {
      const f = q.fact.get(target.id) as { url: string } | undefined
      return { cases, document: entityName, section: message('places.fact'), sourceUrl: f?.url ?? null, textOrigin }
    }
    const url =
      (q.reportUrl.get(entityId) as { url: string | null } | undefined)?.url ??
      (q.firstLink.get(entityId) as { url: string } | undefined)?.url ??
      null
    return { cases, document: entityName, section: message('places.summary'), sourceUrl: url, textOrigin }
  }

  return { casesOf, entityOf, place }
}

export interface CaseVariable {
  name: string
  type: ValueType
  value: string
  /** 'atlas' for what the corpus says about the case, 'own' for the researcher's case_attributes. */
  origin: 'atlas' | 'own'
}

/** Variables the corpus gives every case; an own attribute of the same name takes their place. */
export const ATLAS_VARIABLES = {
  kind: message('places.variables.kind'),
  codes: message('places.variables.codes'),
  counties: message('places.variables.counties'),
  organisationTypes: message('places.variables.organisationTypes'),
  owners: message('places.variables.owners'),
  startYear: message('places.variables.startYear'),
  endYear: message('places.variables.endYear'),
  themes: message('places.variables.themes'),
  funders: message('places.variables.funders'),
}

/** A case's variables: what the atlas knows (municipality code, county, …) and the researcher's own attributes. */
export function createCaseVariables(db: AtlasDatabase) {
  const q = {
    row: db.prepare('SELECT id, name, type, summary, start_year, end_year FROM entities WHERE id = ?'),
    orgs: db.prepare(`SELECT p.role, e.name, o.org_type, o.code, c.name AS county FROM participations p
      JOIN organisations o ON o.entity_id = p.organisation_id JOIN entities e ON e.id = o.entity_id
      LEFT JOIN counties c ON c.code = o.county_code WHERE p.entity_id = ? ORDER BY e.name`),
    themes: db.prepare('SELECT theme FROM themes WHERE entity_id = ? ORDER BY theme'),
    funders: db.prepare('SELECT name FROM funders WHERE entity_id = ? ORDER BY position'),
    attributes: db.prepare('SELECT name, value, value_type FROM case_attributes WHERE entity_id = ? ORDER BY name'),
  }
  const unique = (values: (string | null)[]): string => [...new Set(values.filter((v): v is string => !!v))].join(', ')

  function atlasVariables(caseId: string): CaseVariable[] {
    const row = q.row.get(caseId) as { type: string; start_year: number | null; end_year: number | null } | undefined
    if (!row) return []
    const orgs = q.orgs.all(caseId) as { role: string; name: string; org_type: string; code: string | null; county: string | null }[]
    const out: CaseVariable[] = []
    const add = (name: string, type: ValueType, value: string | number | null): void => {
      if (value !== null && value !== '') out.push({ name, type, value: String(value), origin: 'atlas' })
    }
    add(ATLAS_VARIABLES.kind, 'Text', message(row.type === 'programme' ? 'places.programme' : 'places.initiative'))
    add(ATLAS_VARIABLES.codes, 'Text', unique(orgs.filter((o) => o.org_type === 'kommun' || o.org_type === 'region').map((o) => o.code)))
    add(ATLAS_VARIABLES.counties, 'Text', unique(orgs.map((o) => o.county)))
    add(ATLAS_VARIABLES.organisationTypes, 'Text', unique(orgs.map((o) => o.org_type)))
    add(ATLAS_VARIABLES.owners, 'Text', unique(orgs.filter((o) => o.role === 'ägare').map((o) => o.name)))
    add(ATLAS_VARIABLES.startYear, 'Integer', row.start_year)
    add(ATLAS_VARIABLES.endYear, 'Integer', row.end_year)
    add(ATLAS_VARIABLES.themes, 'Text', (q.themes.all(caseId) as { theme: string }[]).map((t) => t.theme).join(', '))
    add(ATLAS_VARIABLES.funders, 'Text', (q.funders.all(caseId) as { name: string }[]).map((f) => f.name).join(', '))
    return out
  }

  function ownVariables(caseId: string): CaseVariable[] {
    return (q.attributes.all(caseId) as { name: string; value: string; value_type: ValueType }[]).map((a) => ({
      name: a.name,
      type: a.value_type,
      value: a.value,
      origin: 'own' as const,
    }))
  }

  /** Every variable of a case; an own attribute replaces an atlas variable of the same name. */
  function variables(caseId: string): CaseVariable[] {
    const own = ownVariables(caseId)
    const ownNames = new Set(own.map((v) => v.name))
    return [...atlasVariables(caseId).filter((v) => !ownNames.has(v.name)), ...own]
  }

  return { atlasVariables, ownVariables, variables, caseRow: (id: string) => q.row.get(id) as { id: string; name: string; type: string; summary: string } | undefined }
}
