// Where coders disagree, and the consensus the team settles on. A disagreement is a coded passage (a unit, as
// in the segment unit of agreement: passages overlapping by at least `overlap` of the longer one) on which
// the chosen coders gave different codes, or which some of them did not code at all.
//
// The consensus is a coder of its own, "Konsensus": accepting a coder's coding copies that passage and its
// codes as a Konsensus highlight; accepting none leaves a Konsensus highlight without codes, the team's "not
// coded here". The coders' own highlights are never changed, so agreement can be computed again at any time.
// A unit with a Konsensus highlight is settled. Each decision is one undo step.
import { randomUUID } from 'node:crypto'
import type { Disagreement, DisagreementsRequest } from '../../shared/domain'
import type { Annotations } from '../annotate/annotations'
import { insertHighlight } from '../db/highlights'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { message } from '../../shared/messages'
import { DEFAULT_OVERLAP } from './agreement'
import { clusterPassages } from './units'

/** The consensus layer's coder name, as it appears in the notes view and the agreement's list of coders. */
export const CONSENSUS_CODER = 'Konsensus'

interface Row {
  id: string
  author: string
  section: string
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
  hash: string
  codes: string
}

export function createConsensus(db: AtlasDatabase, annotations: Annotations) {
  // From the document's sections to their highlights: joined the other way, SQLite walked every highlight of
  // the project (40-80 ms at 50,000).
  const rowsIn = db.prepare(`SELECT h.id, h.author, h.target_id AS section, h.start_cp AS start, h.end_cp AS "end", h.exact, h.prefix, h.suffix,
      h.text_hash AS hash, (SELECT json_group_array(code_id) FROM highlight_codes WHERE highlight_id = h.id) AS codes
    FROM highlights h
    WHERE h.target_type = 'section' AND h.status = 'anchored' AND h.target_id IN (SELECT id FROM sections WHERE report_id = ?)`)
  const sections = db.prepare('SELECT id, heading, text, position FROM sections WHERE report_id = ? ORDER BY position')
  const codeNames = db.prepare('SELECT id, name, color FROM codes')
  const one = db.prepare('SELECT * FROM highlights WHERE id = ?')

  return {
    /** The units of one document where the chosen coders' codings differ, in reading order. */
    disagreements({ documentId, coders, overlap = DEFAULT_OVERLAP }: DisagreementsRequest): Disagreement[] {
      if (new Set(coders).size < 2) throw new UserError('agreement.tooFewCoders')
      const wanted = new Set([...coders, CONSENSUS_CODER])
      const rows = (rowsIn.all(documentId) as Row[]).filter((r) => wanted.has(r.author))
      const texts = new Map((sections.all(documentId) as { id: string; heading: string; text: string; position: number }[]).map((s) => [s.id, s]))
      const names = new Map((codeNames.all() as { id: string; name: string; color: string }[]).map((c) => [c.id, c]))
      const out: Disagreement[] = []
      for (const cluster of clusterPassages(rows, overlap)) {
        const byCoder = coders.map((coder) => cluster.filter((r) => r.author === coder))
        const combination = (list: Row[]) => [...new Set(list.flatMap((r) => JSON.parse(r.codes) as string[]))].sort().join('+')
        const combos = byCoder.map((list) => (list.length ? combination(list) : null))
        if (combos.every((c) => c !== null && c === combos[0])) continue
        const consensus = cluster.filter((r) => r.author === CONSENSUS_CODER)
        const section = texts.get(cluster[0]!.section)!
        const start = Math.min(...cluster.map((r) => r.start))
        const end = Math.max(...cluster.map((r) => r.end))
        const codesOf = (r: Row) =>
          (JSON.parse(r.codes) as string[]).flatMap((id) => (names.has(id) ? [names.get(id)!] : [])).sort((a, b) => a.name.localeCompare(b.name, 'sv'))
        out.push({
          sectionId: section.id,
          sectionHeading: section.heading,
          position: section.position,
          start,
          end,
          quote: [...section.text].slice(start, end).join(''),
          coders: coders.map((name, i) => ({
            name,
            passages: byCoder[i]!.map((r) => ({ highlightId: r.id, start: r.start, end: r.end, quote: r.exact, codes: codesOf(r) })),
          })),
          settled: consensus.length > 0,
          consensus: consensus.flatMap(codesOf),
        })
      }
      return out.sort((a, b) => a.position - b.position || a.start - b.start)
    },

    /**
     * Settles a unit: each chosen highlight's passage and codes become a Konsensus highlight; with none chosen,
     * `none` (the unit's section and span) becomes a Konsensus highlight without codes. One undo step.
     */
    accept(request: { highlightIds: string[]; none?: { sectionId: string; start: number; end: number } }): { created: string[] } {
      const chosen = request.highlightIds.map((id) => {
        const row = one.get(id) as { target_type: string; target_id: string; start_cp: number; end_cp: number; exact: string; prefix: string; suffix: string; text_hash: string } | undefined
        if (!row || row.target_type !== 'section') throw new UserError('highlights.notFound', { id }, 'not-found')
        return { ...row, codeIds: annotations.highlights.get(id).codes.map((c) => c.id) }
      })
      if (chosen.length === 0 && !request.none) throw new UserError('consensus.nothingChosen')
      const created: string[] = []
      annotations.history.record(message('history.consensus'), (w) => {
        for (const h of chosen) {
          const id = randomUUID()
          insertHighlight(w, {
            id,
            target: { type: 'section', id: h.target_id },
            anchor: { start: h.start_cp, end: h.end_cp, exact: h.exact, prefix: h.prefix, suffix: h.suffix },
            hash: h.text_hash,
            note: '',
            author: CONSENSUS_CODER,
            codeIds: h.codeIds,
          })
          created.push(id)
        }
        if (chosen.length === 0 && request.none) {
          const { sectionId, start, end } = request.none
          const place = annotations.highlights.placeIn({ type: 'section', id: sectionId }, start, end)
          const id = randomUUID()
          insertHighlight(w, { id, ...place, note: message('consensus.noneNote'), author: CONSENSUS_CODER, codeIds: [] })
          created.push(id)
        }
      })
      return { created }
    },
  }
}

export type Consensus = ReturnType<typeof createConsensus>
