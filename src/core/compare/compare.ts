// The comparison matrix: cases side by side with their attributes, how often each code occurs in each case's
// texts, and the researcher's cell summaries with the highlights they rest on (a framework matrix).
//
// A case's texts are its own summary and facts plus the summaries, sections and facts of the reports related
// to it: an evaluator's evidence about Kiruna's platform is mostly in the reports about it.
import type {
  CellSummary,
  CodeNode,
  ComparisonCase,
  ComparisonMatrix,
  ComparisonState,
  County,
  EntityRef,
  Highlight,
  MatrixCodeRow,
  OrganisationType,
  Role,
  SavedComparison,
  SimilarCase,
} from '../../shared/domain'
import { cellTarget } from '../../shared/drafts'
import { message } from '../../shared/messages'
import type { Annotations } from '../annotate/annotations'
import type { HighlightRow } from '../annotate/highlights'
import { deleteComparison, insertComparison, renameComparison, setCellSummary, updateComparison } from '../db/comparisons'
import { deleteDraft } from '../db/drafts'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { inProcessReads, type Reads } from '../reads/reads'
import { codingsByCase, type CaseCodings, type CodingsRequest } from './codings'

export const MIN_CASES = 2
export const MAX_CASES = 12

/** `reads` runs the heavy read of the compared cases' highlights: in the app, in its read worker. */
export function createCompare(db: AtlasDatabase, annotations: Annotations, reads: Reads = inProcessReads({ db })) {
  const q = {
    caseRow: db.prepare(`SELECT id, name, type, start_year, end_year FROM entities WHERE id = ? AND type IN ('initiative','programme')`),
    participations: db.prepare(`
      SELECT p.role, e.id, e.name, o.org_type AS type, o.code, o.county_code, c.name AS county_name
      FROM participations p JOIN organisations o ON o.entity_id = p.organisation_id
      JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code
      WHERE p.entity_id = ? ORDER BY CASE p.role WHEN 'ägare' THEN 0 WHEN 'finansiär' THEN 1 ELSE 2 END, e.name`),
    funders: db.prepare('SELECT name FROM funders WHERE entity_id = ? ORDER BY position'),
    themes: db.prepare('SELECT theme FROM themes WHERE entity_id = ? ORDER BY theme'),
    related: db.prepare(`SELECT DISTINCT e.id, e.type, e.name FROM relations r
      JOIN entities e ON e.id = CASE WHEN r.from_id = @id THEN r.to_id ELSE r.from_id END
      WHERE r.from_id = @id OR r.to_id = @id`),
    sourceCount: db.prepare(`SELECT count(DISTINCT source_id) AS n FROM (
      SELECT source_id FROM facts WHERE entity_id = @id UNION ALL SELECT source_id FROM entity_links WHERE entity_id = @id)`),
    allCases: db.prepare(`SELECT id, name, type FROM entities WHERE type IN ('initiative','programme') AND withdrawn = 0`),
    rows: db.prepare('SELECT * FROM highlights WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid'),
    summaries: db.prepare('SELECT * FROM cell_summaries'),
    summary: db.prepare('SELECT * FROM cell_summaries WHERE case_id = ? AND code_id = ?'),
    evidence: db.prepare('SELECT * FROM cell_evidence WHERE case_id = ? AND code_id = ?'),
    highlightStatus: db.prepare('SELECT status FROM highlights WHERE id = ?'),
    comparisons: db.prepare('SELECT * FROM comparisons ORDER BY updated_at DESC'),
    comparison: db.prepare('SELECT * FROM comparisons WHERE id = ?'),
  }

  function caseRow(id: string) {
    const row = q.caseRow.get(id) as
      | { id: string; name: string; type: 'initiative' | 'programme'; start_year: number | null; end_year: number | null }
      | undefined
    if (!row) throw new UserError('compare.notACase', { id })
    return row
  }

  const related = (id: string): EntityRef[] => q.related.all({ id }) as EntityRef[]

  function attributes(id: string): ComparisonCase {
    const row = caseRow(id)
    const orgs = (
      q.participations.all(id) as {
        role: Role
        id: string
        name: string
        type: OrganisationType
        code: string | null
        county_code: string | null
        county_name: string | null
      }[]
    ).map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      role: o.role,
      code: o.code,
      county: o.county_code ? { code: o.county_code, name: o.county_name ?? o.county_code } : null,
    }))
    const counties = new Map<string, County>()
    for (const o of orgs) if (o.county) counties.set(o.county.code, o.county)
    const rel = related(id)
    return {
      id: row.id,
      name: row.name,
      kind: row.type,
      startYear: row.start_year,
      endYear: row.end_year,
      organisations: orgs,
      organisationTypes: [...new Set(orgs.map((o) => o.type))],
      codes: [...new Set(orgs.filter((o) => o.type === 'kommun' || o.type === 'region').flatMap((o) => (o.code ? [o.code] : [])))],
      counties: [...counties.values()].sort((a, b) => a.code.localeCompare(b.code)),
      funders: (q.funders.all(id) as { name: string }[]).map((f) => f.name),
      themes: (q.themes.all(id) as { theme: string }[]).map((t) => t.theme),
      programmes: rel.filter((r) => r.type === 'programme' && r.id !== id),
      reportCount: rel.filter((r) => r.type === 'report').length,
      sourceCount: (q.sourceCount.get({ id }) as { n: number }).n,
    }
  }

  /** Which cases each entity's texts count for: a case for itself, a report for every case related to it. */
  function casesOfEntities(): Map<string, Set<string>> {
    const map = new Map<string, Set<string>>()
    const add = (entity: string, caseId: string): void => {
      let set = map.get(entity)
      if (!set) map.set(entity, (set = new Set()))
      set.add(caseId)
    }
    for (const c of q.allCases.all() as { id: string }[]) {
      add(c.id, c.id)
      for (const r of related(c.id)) if (r.type === 'report') add(r.id, c.id)
    }
    return map
  }

  /**
   * The codings of each of `caseIds` (compare/codings.ts), read by `reads`: only the texts that count for one
   * of them are read. Every case asked for has an entry.
   */
  async function codingsOfCases(caseIds: string[], options: Omit<CodingsRequest, 'owners'> = {}): Promise<Map<string, CaseCodings>> {
    return byCaseOf(caseIds, await reads.codings(codingsRequest(caseIds, options)))
  }

  function codingsRequest(caseIds: string[], options: Omit<CodingsRequest, 'owners'>): CodingsRequest {
    const wanted = new Set(caseIds)
    const owners: CodingsRequest['owners'] = []
    for (const [entity, cases] of casesOfEntities()) {
      const counted = [...cases].filter((c) => wanted.has(c))
      if (counted.length) owners.push([entity, counted])
    }
    return { ...options, owners }
  }

  const byCaseOf = (caseIds: string[], found: Record<string, CaseCodings>): Map<string, CaseCodings> =>
    new Map(caseIds.map((id) => [id, found[id] ?? { counts: {}, highlights: [] }]))

  /** Anchored highlights coded with `codeId` or one of its subcodes, by the case they count for (the map). */
  async function codedHighlightsByCase(codeId: string): Promise<Map<string, Set<string>>> {
    const codes = flatten(annotations.codebook.tree({ counted: false })).find((c) => c.node.id === codeId)?.ids
    if (!codes) throw new UserError('compare.codeNotFound', { id: codeId })
    const caseIds = (q.allCases.all() as { id: string }[]).map((c) => c.id)
    const out = new Map<string, Set<string>>()
    for (const [caseId, codings] of await codingsOfCases(caseIds, { within: [...codes] })) {
      if (codings.highlights.length > 0) out.set(caseId, new Set(codings.highlights))
    }
    return out
  }

  function flatten(nodes: CodeNode[], depth = 0): { node: CodeNode; depth: number; ids: Set<string> }[] {
    return nodes.flatMap((n) => {
      const below = flatten(n.children, depth + 1)
      const ids = new Set([n.id, ...below.filter((b) => b.depth === depth + 1).flatMap((b) => [...b.ids])])
      return [{ node: n, depth, ids }, ...below]
    })
  }

  function summaryOf(caseId: string, codeId: string): CellSummary | null {
    const row = q.summary.get(caseId, codeId) as
      | { case_id: string; code_id: string; text: string; author: string; updated_at: string }
      | undefined
    if (!row) return null
    const evidence = (q.evidence.all(caseId, codeId) as { highlight_id: string; quote: string }[]).map((e) => {
      const status = (q.highlightStatus.get(e.highlight_id) as { status: 'anchored' | 'orphan' } | undefined)?.status
      return { highlightId: e.highlight_id, quote: e.quote, state: status ?? ('deleted' as const) }
    })
    const missing = evidence.filter((e) => e.state !== 'anchored').length
    return {
      caseId,
      codeId,
      text: row.text,
      author: row.author,
      updatedAt: row.updated_at,
      evidence,
      evidenceState: missing === 0 ? 'ok' : missing === evidence.length ? 'all-missing' : 'some-missing',
    }
  }

  function checkCases(caseIds: string[]): void {
    const unique = [...new Set(caseIds)]
    if (unique.length !== caseIds.length) throw new UserError('compare.sameCaseTwice')
    if (caseIds.length < MIN_CASES || caseIds.length > MAX_CASES) {
      throw new UserError('compare.caseCount', { min: MIN_CASES, max: MAX_CASES, count: caseIds.length })
    }
    for (const id of caseIds) caseRow(id)
  }

  /** `coders` (names): count only their highlights — one evaluator's view, or the team's consensus. */
  async function matrix(caseIds: string[], coders?: string[]): Promise<ComparisonMatrix> {
    const planned = planMatrix(caseIds, coders)
    return planned.finish(await reads.codings(planned.request))
  }

  /** The matrix read in this thread, in one go: for the parse process's export, inside its read transaction. */
  function matrixHere(caseIds: string[], coders?: string[]): ComparisonMatrix {
    const planned = planMatrix(caseIds, coders)
    return planned.finish(codingsByCase(db, planned.request))
  }

  /** What the matrix asks of the heavy read, and how it is built from the answer. */
  function planMatrix(caseIds: string[], coders?: string[]) {
    checkCases(caseIds)
    const codes = flatten(annotations.codebook.tree({ counted: false }))
    // A highlight counts once for each of its codes and each code above them (a code's row counts its
    // subcodes' highlights too), counted where the read runs.
    const parentOf = codes.map(({ node }): [string, string | null] => [node.id, node.parentId])
    const request = codingsRequest(caseIds, { coders, parentOf })
    return { request, finish: (found: Record<string, CaseCodings>) => matrixFrom(caseIds, codes, byCaseOf(caseIds, found)) }
  }

  function matrixFrom(caseIds: string[], codes: ReturnType<typeof flatten>, byCase: Map<string, CaseCodings>): ComparisonMatrix {
    const cases = caseIds.map(attributes)
    const rows: MatrixCodeRow[] = codes.map(({ node, depth }) => {
      const counts: Record<string, number> = {}
      for (const caseId of caseIds) counts[caseId] = byCase.get(caseId)?.counts[node.id] ?? 0
      return {
        id: node.id,
        name: node.name,
        color: node.color,
        path: node.path,
        depth,
        parentId: node.parentId,
        hasChildren: node.children.length > 0,
        counts,
      }
    })
    const summaries: Record<string, CellSummary> = {}
    const shown = new Set(caseIds)
    for (const s of q.summaries.all() as { case_id: string; code_id: string }[]) {
      if (!shown.has(s.case_id)) continue
      const summary = summaryOf(s.case_id, s.code_id)
      if (summary) summaries[`${s.case_id}|${s.code_id}`] = summary
    }
    const maxCount = Math.max(0, ...rows.flatMap((r) => Object.values(r.counts)))
    return { cases, codes: rows, summaries, maxCount }
  }

  async function excerpts(caseId: string, codeId: string, coders?: string[]): Promise<Highlight[]> {
    caseRow(caseId)
    const ids = flatten(annotations.codebook.tree({ counted: false })).find((f) => f.node.id === codeId)?.ids
    if (!ids) throw new UserError('compare.codeNotFound', { id: codeId })
    const chosen = (await codingsOfCases([caseId], { coders, within: [...ids] })).get(caseId)!.highlights
    return annotations.highlights.toHighlights(q.rows.all(JSON.stringify(chosen)) as HighlightRow[])
  }

  function setSummary(caseId: string, codeId: string, text: string, highlightIds: string[]): CellSummary | null {
    caseRow(caseId)
    annotations.codebook.get(codeId)
    const author = annotations.preferences().author
    if (!author) throw new UserError('compare.authorMissing')
    const quotes = new Map(annotations.highlights.toHighlights(q.rows.all(JSON.stringify(highlightIds)) as HighlightRow[]).map((h) => [h.id, h.quote]))
    for (const id of highlightIds) if (!quotes.has(id)) throw new UserError('compare.highlightNotFound', { id })
    const clean = text.trim()
    annotations.history.record(message(clean ? 'history.writeSummary' : 'history.deleteSummary'), (w) => {
      setCellSummary(w, { caseId, codeId }, { text: clean, author, evidence: highlightIds.map((id) => ({ highlightId: id, quote: quotes.get(id)! })) })
      // The summary is saved (or removed) now: its draft leaves with the same commit.
      deleteDraft(w.db, 'cell-summary', cellTarget({ caseId, codeId }))
    })
    return summaryOf(caseId, codeId)
  }

  /**
   * Other cases ranked by what they share with this one: themes, codes used in their texts, organisation
   * types and counties. Each suggestion says why.
   */
  async function similar(caseId: string, limit = 8): Promise<SimilarCase[]> {
    const self = attributes(caseId)
    const all = (q.allCases.all() as { id: string }[]).map((c) => c.id).filter((id) => id !== caseId)
    const byCase = await codingsOfCases([caseId, ...all])
    const codesOf = (id: string): Set<string> => new Set(Object.keys(byCase.get(id)?.counts ?? {}))
    const codeNames = new Map(flatten(annotations.codebook.tree({ counted: false })).map((f) => [f.node.id, f.node.name]))
    const ownCodes = codesOf(caseId)
    const list = (items: string[]): string => (items.length > 3 ? `${items.slice(0, 3).join(', ')} …` : items.join(', '))
    return all
      .map((id) => {
        const other = attributes(id)
        const themes = other.themes.filter((t) => self.themes.includes(t))
        const codes = [...codesOf(id)].filter((c) => ownCodes.has(c))
        const types = other.organisationTypes.filter((t) => self.organisationTypes.includes(t) && (t === 'kommun' || t === 'region'))
        const counties = other.counties.filter((c) => self.counties.some((s) => s.code === c.code))
        const reasons: string[] = []
        if (themes.length) reasons.push(message('similar.themes', { count: themes.length, list: list(themes) }))
        if (codes.length) reasons.push(message('similar.codes', { count: codes.length, list: list(codes.map((c) => codeNames.get(c) ?? c)) }))
        if (types.length) reasons.push(message('similar.organisationTypes', { list: types.join(', ') }))
        if (counties.length) reasons.push(message('similar.counties', { list: list(counties.map((c) => c.name)) }))
        const score = themes.length * 2 + codes.length * 1.5 + types.length + counties.length
        return { case: { id, type: other.kind, name: other.name } as EntityRef, score, reasons }
      })
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.case.name.localeCompare(b.case.name, 'sv'))
      .slice(0, limit)
  }

  const toSaved = (row: { id: string; name: string; state: string; created_at: string; updated_at: string }): SavedComparison => ({
    id: row.id,
    name: row.name,
    state: JSON.parse(row.state) as ComparisonState,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  })

  function savedRow(id: string) {
    const row = q.comparison.get(id) as { id: string; name: string; state: string; created_at: string; updated_at: string } | undefined
    if (!row) throw new UserError('compare.comparisonNotFound', { id })
    return row
  }

  return {
    attributes,
    checkCases,
    matrix,
    matrixHere,
    codedHighlightsByCase,
    excerpts,
    setSummary,
    summaryOf,
    similar,
    listSaved: (): SavedComparison[] => (q.comparisons.all() as Parameters<typeof toSaved>[0][]).map(toSaved),
    getSaved: (id: string): SavedComparison => toSaved(savedRow(id)),
    save(name: string, state: ComparisonState, id?: string): SavedComparison {
      checkCases(state.caseIds)
      const clean = name.trim()
      if (!clean) throw new UserError('compare.nameMissing')
      if (id) {
        savedRow(id)
        updateComparison(db, id, clean, state)
        return toSaved(savedRow(id))
      }
      return toSaved(savedRow(insertComparison(db, clean, state)))
    },
    rename(id: string, name: string): SavedComparison {
      savedRow(id)
      const clean = name.trim()
      if (!clean) throw new UserError('compare.nameMissing')
      renameComparison(db, id, clean)
      return toSaved(savedRow(id))
    },
    remove(id: string): void {
      savedRow(id)
      deleteComparison(db, id)
    },
  }
}

export type Compare = ReturnType<typeof createCompare>
