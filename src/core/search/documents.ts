// What the search index holds, read from the database (the truth; the index is a cache of it). Sections,
// facts and survey values are documents of their own, so a hit points to the exact passage, not only its case.
// Every reader takes a scope (the ids a change named), so a change re-reads only its own documents.
import type { EntityType, HitParentType } from '../../shared/domain'
import type { ReadableDB } from '../db/connection'
import type { SearchDocument } from './engine'
import type { HitType } from '../../shared/search-query'

interface Place {
  counties: string[]
  kommuner: string[]
  names: string[]
}

const FACT_TITLE_LENGTH = 90

function excerpt(text: string, length: number): string {
  if (text.length <= length) return text
  const cut = text.lastIndexOf(' ', length)
  return `${text.slice(0, cut > length / 2 ? cut : length)} …`
}

/**
 * `column IN (the ids)` when a scope is given, else no restriction. Columns are this module's constants; the
 * ids are bound as one JSON parameter, never written into the SQL.
 */
const within = (column: string, ids: readonly string[] | undefined): string =>
  ids ? `${column} IN (SELECT value FROM json_each(@ids))` : '1'
const bind = (ids: readonly string[] | undefined): { ids: string } | Record<string, never> => (ids ? { ids: JSON.stringify(ids) } : {})

/**
 * The catalogue's search documents — cases, reports, surveys, organisations and their facts, sections and
 * survey values — built in a handful of queries: all of them, or those of the entities in `entityIds`.
 */
export function readSearchDocuments(db: ReadableDB, entityIds?: readonly string[]): SearchDocument[] {
  const params = bind(entityIds)
  const places = new Map<string, Place>()
  const placeOf = (id: string): Place => {
    let p = places.get(id)
    if (!p) places.set(id, (p = { counties: [], kommuner: [], names: [] }))
    return p
  }
  const participations = db
    .prepare(
      `SELECT p.entity_id, e.name, o.org_type, o.code, o.county_code FROM participations p
       JOIN organisations o ON o.entity_id = p.organisation_id JOIN entities e ON e.id = o.entity_id
       WHERE ${within('p.entity_id', entityIds)}`,
    )
    .all(params) as { entity_id: string; name: string; org_type: string; code: string | null; county_code: string | null }[]
  for (const row of participations) {
    const p = placeOf(row.entity_id)
    if (!p.names.includes(row.name)) p.names.push(row.name)
    if (row.county_code && !p.counties.includes(row.county_code)) p.counties.push(row.county_code)
    if (row.org_type === 'kommun' && row.code && !p.kommuner.includes(row.code)) p.kommuner.push(row.code)
  }
  const themes = new Map<string, string[]>()
  const themeRows = db.prepare(`SELECT entity_id, theme FROM themes WHERE ${within('entity_id', entityIds)}`).all(params)
  for (const t of themeRows as { entity_id: string; theme: string }[]) {
    themes.set(t.entity_id, [...(themes.get(t.entity_id) ?? []), t.theme])
  }
  const funders = new Map<string, string[]>()
  const funderRows = db.prepare(`SELECT entity_id, name FROM funders WHERE ${within('entity_id', entityIds)}`).all(params)
  for (const f of funderRows as { entity_id: string; name: string }[]) {
    funders.set(f.entity_id, [...(funders.get(f.entity_id) ?? []), f.name])
  }
  const entities = db
    .prepare(
      `SELECT e.id, e.type, e.name, e.summary, e.start_year, r.year AS report_year, r.publisher,
         s.population_description, s.producer, s.fieldwork_year
       FROM entities e LEFT JOIN reports r ON r.entity_id = e.id LEFT JOIN surveys s ON s.entity_id = e.id
       WHERE e.type <> 'organisation' AND NOT (e.origin = 'own' AND e.type = 'report') AND ${within('e.id', entityIds)}`,
    )
    .all(params) as {
    id: string
    type: HitType
    name: string
    summary: string
    start_year: number | null
    report_year: number | null
    publisher: string | null
    population_description: string | null
    producer: string | null
    fieldwork_year: number | null
  }[]

  const docs: SearchDocument[] = []
  const byId = new Map(entities.map((e) => [e.id, e]))
  const yearOf = (e: (typeof entities)[number]): number | null => e.start_year ?? e.report_year ?? e.fieldwork_year
  for (const e of entities) {
    const place = placeOf(e.id)
    docs.push({
      id: `${e.type}:${e.id}`,
      type: e.type,
      targetId: e.id,
      title: e.name,
      name: e.name,
      text: [e.summary, e.population_description].filter(Boolean).join('\n'),
      tags: [...(themes.get(e.id) ?? []), ...place.names, ...(funders.get(e.id) ?? []), e.publisher, e.producer]
        .filter(Boolean)
        .join(' · '),
      parentId: null,
      parentTitle: null,
      parentType: null,
      year: yearOf(e),
      counties: place.counties,
      kommuner: place.kommuner,
    })
  }

  const facts = db
    .prepare(
      `SELECT f.id, f.entity_id, f.text, e.name AS entity_name, e.type AS entity_type FROM facts f
       JOIN entities e ON e.id = f.entity_id WHERE ${within('f.entity_id', entityIds)}`,
    )
    .all(params) as { id: string; entity_id: string; text: string; entity_name: string; entity_type: EntityType }[]
  for (const f of facts) {
    const parent = byId.get(f.entity_id)
    const place = placeOf(f.entity_id)
    docs.push({
      id: `fact:${f.id}`,
      type: 'fact',
      targetId: f.id,
      title: excerpt(f.text, FACT_TITLE_LENGTH),
      name: '',
      text: f.text,
      tags: '',
      parentId: f.entity_id,
      parentTitle: f.entity_name,
      parentType: f.entity_type,
      year: parent ? yearOf(parent) : null,
      counties: place.counties,
      kommuner: place.kommuner,
    })
  }

  // The sections of the researcher's imported documents are in the library index (FTS5), not here.
  const sections = db.prepare(`SELECT id, report_id, heading, text FROM sections WHERE origin = 'bundled' AND ${within('report_id', entityIds)}`).all(params) as {
    id: string
    report_id: string
    heading: string
    text: string
  }[]
  for (const s of sections) {
    const report = byId.get(s.report_id)
    const place = placeOf(s.report_id)
    docs.push({
      id: `section:${s.id}`,
      type: 'section',
      targetId: s.id,
      title: s.heading,
      name: s.heading,
      text: s.text,
      tags: '',
      parentId: s.report_id,
      parentTitle: report?.name ?? null,
      parentType: 'report',
      year: report?.report_year ?? null,
      counties: place.counties,
      kommuner: place.kommuner,
    })
  }

  const values = db
    .prepare(`SELECT id, survey_id, indicator, population, period, unit FROM survey_values WHERE ${within('survey_id', entityIds)}`)
    .all(params) as { id: string; survey_id: string; indicator: string; population: string; period: string; unit: string }[]
  for (const v of values) {
    const survey = byId.get(v.survey_id)
    const year = /\d{4}/.exec(v.period)
    docs.push({
      id: `value:${v.id}`,
      type: 'value',
      targetId: v.id,
      title: v.indicator,
      name: v.indicator,
      text: `${v.population} · ${v.period} · ${v.unit}`,
      tags: '',
      parentId: v.survey_id,
      parentTitle: survey?.name ?? null,
      parentType: 'survey',
      year: year ? Number(year[0]) : null,
      counties: [],
      kommuner: [],
    })
  }

  const organisations = db
    .prepare(
      `SELECT e.id, e.name, e.summary, o.org_type, o.code, o.county_code, c.name AS county_name,
         (SELECT group_concat(alias, ' · ') FROM organisation_aliases a WHERE a.organisation_id = e.id) AS aliases
       FROM organisations o JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code
       WHERE ${within('e.id', entityIds)}`,
    )
    .all(params) as {
    id: string
    name: string
    summary: string
    org_type: string
    code: string | null
    county_code: string | null
    county_name: string | null
    aliases: string | null
  }[]
  for (const o of organisations) {
    docs.push({
      id: `organisation:${o.id}`,
      type: 'organisation',
      targetId: o.id,
      title: o.name,
      name: [o.name, o.aliases].filter(Boolean).join(' · '),
      text: o.summary,
      tags: [o.org_type, o.code, o.county_name].filter(Boolean).join(' · '),
      parentId: null,
      parentTitle: null,
      parentType: null,
      year: null,
      counties: o.county_code ? [o.county_code] : [],
      kommuner: o.org_type === 'kommun' && o.code ? [o.code] : [],
    })
  }
  return docs
}

/** The full text of a document, for phrase checks and snippets. */
export function createTextLookup(db: ReadableDB): (docId: string) => string {
  const statements: Record<string, ReturnType<ReadableDB['prepare']>> = {
    highlight: db.prepare("SELECT exact || CASE WHEN note <> '' THEN char(10) || note ELSE '' END AS text FROM highlights WHERE id = ?"),
    memo: db.prepare('SELECT body AS text FROM memos WHERE id = ?'),
    code: db.prepare('SELECT description AS text FROM codes WHERE id = ?'),
    fact: db.prepare('SELECT text FROM facts WHERE id = ?'),
    section: db.prepare('SELECT text FROM sections WHERE id = ?'),
    value: db.prepare("SELECT population || ' · ' || period || ' · ' || unit AS text FROM survey_values WHERE id = ?"),
    entity: db.prepare('SELECT summary AS text FROM entities WHERE id = ?'),
  }
  return (docId) => {
    const colon = docId.indexOf(':')
    let type = docId.slice(0, colon)
    const id = docId.slice(colon + 1)
    // A library hit is a passage of an imported document (a section) or the document's record (its summary).
    if (type === 'document') type = id.includes('#') ? 'section' : 'entity'
    const statement = statements[type] ?? statements.entity
    return (statement?.get(id) as { text: string } | undefined)?.text ?? ''
  }
}

/** Which of the researcher's notes to read: all of them, or the codes, highlights and memos named. */
export interface NoteScope {
  codes: readonly string[]
  highlights: readonly string[]
  memos: readonly string[]
}

/**
 * The researcher's own notes as search documents: highlights (quote, note, code paths), memos and codes. They
 * live in a small index of their own, never saved, so the large corpus index is never rewritten for a note.
 */
export function readNoteDocuments(db: ReadableDB, scope?: NoteScope): SearchDocument[] {
  // Every code is read: a code's path (its tags, and the tags of highlights coded with it) runs through its parents.
  const codes = db.prepare('SELECT id, parent_id, name, description FROM codes').all() as {
    id: string
    parent_id: string | null
    name: string
    description: string
  }[]
  const byId = new Map(codes.map((c) => [c.id, c]))
  const path = (id: string): string[] => {
    const out: string[] = []
    for (let c = byId.get(id); c; c = c.parent_id ? byId.get(c.parent_id) : undefined) out.unshift(c.name)
    return out
  }
  const docs: SearchDocument[] = []
  const none = { counties: [], kommuner: [], year: null }
  const wantedCodes = scope ? new Set(scope.codes) : null
  for (const c of codes) {
    if (wantedCodes && !wantedCodes.has(c.id)) continue
    docs.push({ id: `code:${c.id}`, type: 'code', targetId: c.id, title: c.name, name: c.name, text: c.description, tags: path(c.id).join(' · '), parentId: null, parentTitle: null, parentType: null, ...none })
  }
  const highlightParams = bind(scope?.highlights)
  const codingsOf = new Map<string, string[]>()
  const codings = db.prepare(`SELECT highlight_id, code_id FROM highlight_codes WHERE ${within('highlight_id', scope?.highlights)}`).all(highlightParams)
  for (const row of codings as { highlight_id: string; code_id: string }[]) {
    codingsOf.set(row.highlight_id, [...(codingsOf.get(row.highlight_id) ?? []), row.code_id])
  }
  const owner = db.prepare(`SELECT e.id, e.name, e.type FROM entities e WHERE e.id = (
      CASE @type WHEN 'summary' THEN @target
        WHEN 'section' THEN (SELECT report_id FROM sections WHERE id = @target)
        ELSE (SELECT entity_id FROM facts WHERE id = @target) END)`)
  const highlights = db.prepare(`SELECT id, target_type, target_id, exact, note FROM highlights WHERE ${within('id', scope?.highlights)}`).all(highlightParams) as {
    id: string
    target_type: string
    target_id: string
    exact: string
    note: string
  }[]
  for (const h of highlights) {
    const entity = owner.get({ type: h.target_type, target: h.target_id }) as { id: string; name: string; type: EntityType } | undefined
    docs.push({
      id: `highlight:${h.id}`,
      type: 'highlight',
      targetId: h.id,
      title: excerpt(h.exact, FACT_TITLE_LENGTH),
      name: '',
      text: [h.exact, h.note].filter(Boolean).join('\n'),
      tags: (codingsOf.get(h.id) ?? []).map((c) => path(c).join(' › ')).join(' · '),
      parentId: entity?.id ?? null,
      parentTitle: entity?.name ?? null,
      parentType: entity?.type ?? null,
      ...none,
    })
  }
  const memos = db.prepare(`SELECT id, target_type, target_id, title, body FROM memos WHERE ${within('id', scope?.memos)}`).all(bind(scope?.memos)) as {
    id: string
    target_type: string
    target_id: string | null
    title: string
    body: string
  }[]
  const entityOf = db.prepare('SELECT name, type FROM entities WHERE id = ?')
  /** What a memo is about, while that still exists: a code or an entity. A project memo has no parent. */
  const parentOf = (m: (typeof memos)[number]): { title: string; type: HitParentType } | null => {
    if (m.target_type === 'project' || m.target_id === null) return null
    if (m.target_type === 'code') {
      const code = byId.get(m.target_id)
      return code ? { title: code.name, type: 'code' } : null
    }
    const row = entityOf.get(m.target_id) as { name: string; type: EntityType } | undefined
    return row ? { title: row.name, type: row.type } : null
  }
  for (const m of memos) {
    const parent = parentOf(m)
    docs.push({
      id: `memo:${m.id}`,
      type: 'memo',
      targetId: m.id,
      title: m.title || excerpt(m.body.split('\n')[0] ?? '', FACT_TITLE_LENGTH),
      name: m.title,
      text: m.body,
      tags: '',
      parentId: parent ? m.target_id : null,
      parentTitle: m.target_type === 'project' ? 'Projektet' : (parent?.title ?? null),
      parentType: parent?.type ?? null,
      ...none,
    })
  }
  return docs
}

/**
 * The notes whose documents show something of these entities or codes: highlights in an entity's texts (or
 * coded with one of the codes) and memos about them. A section's or fact's id begins with its entity's id and
 * '#' (the corpus and every import write them so), which still finds a highlight whose text is gone.
 */
export function notesShowing(db: ReadableDB, changed: { entities: readonly string[]; codes: readonly string[] }): NoteScope {
  const ids = (sql: string, list: readonly string[]): string[] =>
    list.length === 0 ? [] : (db.prepare(sql).all(bind(list)) as { id: string }[]).map((r) => r.id)
  const codes = codesBelow(db, changed.codes)
  return {
    codes,
    highlights: [
      ...ids(
        `SELECT id FROM highlights WHERE (CASE target_type WHEN 'summary' THEN target_id
           ELSE substr(target_id, 1, instr(target_id, '#') - 1) END) IN (SELECT value FROM json_each(@ids))`,
        changed.entities,
      ),
      ...ids('SELECT DISTINCT highlight_id AS id FROM highlight_codes WHERE code_id IN (SELECT value FROM json_each(@ids))', codes),
    ],
    memos: [
      ...ids(`SELECT id FROM memos WHERE target_type NOT IN ('code','project') AND target_id IN (SELECT value FROM json_each(@ids))`, changed.entities),
      ...ids(`SELECT id FROM memos WHERE target_type = 'code' AND target_id IN (SELECT value FROM json_each(@ids))`, changed.codes),
    ],
  }
}

/** The codes and every code below them (a renamed code's name is in its descendants' paths). */
function codesBelow(db: ReadableDB, ids: readonly string[]): string[] {
  if (ids.length === 0) return []
  const rows = db.prepare('SELECT id, parent_id FROM codes').all() as { id: string; parent_id: string | null }[]
  const out = new Set(ids)
  const visit = (parent: string): void => {
    for (const r of rows) {
      if (r.parent_id !== parent || out.has(r.id)) continue
      out.add(r.id)
      visit(r.id)
    }
  }
  for (const id of ids) visit(id)
  return [...out]
}
