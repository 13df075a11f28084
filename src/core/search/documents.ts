// What the search index holds, read from the database (the truth; the index is a cache of it). Sections,
// facts and survey values are documents of their own, so a hit points to the exact passage, not only its case.
import type { AtlasDatabase } from '../db/open'
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

/** Every search document in the database, built in a handful of queries. */
export function readSearchDocuments(db: AtlasDatabase): SearchDocument[] {
  const places = new Map<string, Place>()
  const placeOf = (id: string): Place => {
    let p = places.get(id)
    if (!p) places.set(id, (p = { counties: [], kommuner: [], names: [] }))
    return p
  }
  const participations = db
    .prepare(
      `SELECT p.entity_id, e.name, o.org_type, o.code, o.county_code FROM participations p
       JOIN organisations o ON o.entity_id = p.organisation_id JOIN entities e ON e.id = o.entity_id`,
    )
    .all() as { entity_id: string; name: string; org_type: string; code: string | null; county_code: string | null }[]
  for (const row of participations) {
    const p = placeOf(row.entity_id)
    if (!p.names.includes(row.name)) p.names.push(row.name)
    if (row.county_code && !p.counties.includes(row.county_code)) p.counties.push(row.county_code)
    if (row.org_type === 'kommun' && row.code && !p.kommuner.includes(row.code)) p.kommuner.push(row.code)
  }
  const themes = new Map<string, string[]>()
  for (const t of db.prepare('SELECT entity_id, theme FROM themes').all() as { entity_id: string; theme: string }[]) {
    themes.set(t.entity_id, [...(themes.get(t.entity_id) ?? []), t.theme])
  }
  const funders = new Map<string, string[]>()
  for (const f of db.prepare('SELECT entity_id, name FROM funders').all() as { entity_id: string; name: string }[]) {
    funders.set(f.entity_id, [...(funders.get(f.entity_id) ?? []), f.name])
  }
  const entities = db
    .prepare(
      `SELECT e.id, e.type, e.name, e.summary, e.start_year, r.year AS report_year, r.publisher,
         s.population_description, s.producer, s.fieldwork_year
       FROM entities e LEFT JOIN reports r ON r.entity_id = e.id LEFT JOIN surveys s ON s.entity_id = e.id
       WHERE e.type <> 'organisation'`,
    )
    .all() as {
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
      year: yearOf(e),
      counties: place.counties,
      kommuner: place.kommuner,
    })
  }

  const names = new Map((db.prepare('SELECT id, name FROM entities').all() as { id: string; name: string }[]).map((e) => [e.id, e.name]))
  const facts = db.prepare('SELECT id, entity_id, text FROM facts').all() as { id: string; entity_id: string; text: string }[]
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
      parentTitle: names.get(f.entity_id) ?? null,
      year: parent ? yearOf(parent) : null,
      counties: place.counties,
      kommuner: place.kommuner,
    })
  }

  const sections = db.prepare('SELECT id, report_id, heading, text FROM sections').all() as {
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
      year: report?.report_year ?? null,
      counties: place.counties,
      kommuner: place.kommuner,
    })
  }

  const values = db
    .prepare('SELECT id, survey_id, indicator, population, period, unit FROM survey_values')
    .all() as { id: string; survey_id: string; indicator: string; population: string; period: string; unit: string }[]
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
      year: year ? Number(year[0]) : null,
      counties: [],
      kommuner: [],
    })
  }

  const organisations = db
    .prepare(
      `SELECT e.id, e.name, e.summary, o.org_type, o.code, o.county_code, c.name AS county_name,
         (SELECT group_concat(alias, ' · ') FROM organisation_aliases a WHERE a.organisation_id = e.id) AS aliases
       FROM organisations o JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code`,
    )
    .all() as {
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
      year: null,
      counties: o.county_code ? [o.county_code] : [],
      kommuner: o.org_type === 'kommun' && o.code ? [o.code] : [],
    })
  }
  return docs
}

/** The full text of a document, for phrase checks and snippets. */
export function createTextLookup(db: AtlasDatabase): (docId: string) => string {
  const statements: Record<string, ReturnType<AtlasDatabase['prepare']>> = {
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
    const type = docId.slice(0, colon)
    const id = docId.slice(colon + 1)
    const statement = statements[type] ?? statements.entity
    return (statement?.get(id) as { text: string } | undefined)?.text ?? ''
  }
}

/**
 * The researcher's own notes as search documents: highlights (quote, note, code paths), memos and codes. They
 * live in a small index of their own, rebuilt from the database whenever they change (milliseconds), so the
 * large corpus index never has to be rewritten for a note.
 */
export function readNoteDocuments(db: AtlasDatabase): SearchDocument[] {
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
  for (const c of codes) {
    docs.push({ id: `code:${c.id}`, type: 'code', targetId: c.id, title: c.name, name: c.name, text: c.description, tags: path(c.id).join(' · '), parentId: null, parentTitle: null, ...none })
  }
  const codingsOf = new Map<string, string[]>()
  for (const row of db.prepare('SELECT highlight_id, code_id FROM highlight_codes').all() as { highlight_id: string; code_id: string }[]) {
    codingsOf.set(row.highlight_id, [...(codingsOf.get(row.highlight_id) ?? []), row.code_id])
  }
  const owner = db.prepare(`SELECT e.id, e.name FROM entities e WHERE e.id = (
      CASE @type WHEN 'summary' THEN @target
        WHEN 'section' THEN (SELECT report_id FROM sections WHERE id = @target)
        ELSE (SELECT entity_id FROM facts WHERE id = @target) END)`)
  const highlights = db.prepare('SELECT id, target_type, target_id, exact, note FROM highlights').all() as {
    id: string
    target_type: string
    target_id: string
    exact: string
    note: string
  }[]
  for (const h of highlights) {
    const entity = owner.get({ type: h.target_type, target: h.target_id }) as { id: string; name: string } | undefined
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
      ...none,
    })
  }
  const memos = db.prepare('SELECT id, target_type, target_id, title, body FROM memos').all() as {
    id: string
    target_type: string
    target_id: string | null
    title: string
    body: string
  }[]
  const entityName = db.prepare('SELECT name FROM entities WHERE id = ?')
  for (const m of memos) {
    const parentTitle =
      m.target_type === 'project'
        ? 'Projektet'
        : m.target_type === 'code'
          ? (byId.get(m.target_id ?? '')?.name ?? null)
          : ((entityName.get(m.target_id) as { name: string } | undefined)?.name ?? null)
    docs.push({
      id: `memo:${m.id}`,
      type: 'memo',
      targetId: m.id,
      title: m.title || excerpt(m.body.split('\n')[0] ?? '', FACT_TITLE_LENGTH),
      name: m.title,
      text: m.body,
      tags: '',
      parentId: m.target_id,
      parentTitle,
      ...none,
    })
  }
  return docs
}
