// Which highlights count for which case, and with which codes: the comparison matrix's counts, the codes a
// case's texts carry (similar cases), the highlights behind the map's evidence. It is one read of every
// anchored highlight in the cases' texts — about 250 ms when 12 cases hold 50,000 highlights — so the app runs
// it in its read worker (reads/worker.ts), never on the main thread; the CLI, the tests and the parse process
// run it where they are. Plain data in and out, so that it can cross to a worker.
import { preparedOnce, type ReadableDB } from '../db/connection'

export interface CodingsRequest {
  /** The entities whose texts count, each with the cases it counts for (a case itself, a report for its cases). */
  owners: [entity: string, cases: string[]][]
  /** Count only these coders' highlights (author names); everyone's when absent or empty. */
  coders?: string[] | undefined
  /**
   * The codebook as child → parent. Given, each highlight counts once for each of its codes and each code
   * above them (a code's row holds its subcodes' highlights, each once); without it, for its own codes only.
   */
  parentOf?: [code: string, parent: string | null][] | undefined
  /** Also list, per case, the highlights coded with one of these codes. */
  within?: string[] | undefined
}

export interface CaseCodings {
  /** How many highlights carry each code (rolled up to the codes above when `parentOf` was given). */
  counts: Record<string, number>
  /** The highlights coded with one of `within`, in the order read (none without `within`). */
  highlights: string[]
}

const statements = preparedOnce((db: ReadableDB) => ({
  // The anchored highlights in the texts of the given entities (summaries, sections, facts), each with the
  // entity whose text it is and its code ids: driven by the indexes from the entities, so a comparison reads
  // the highlights of its cases, not every highlight of the project.
  coded: db.prepare(`WITH wanted(entity) AS (SELECT DISTINCT value FROM json_each(?)),
      placed(id, author, entity) AS (
        SELECT h.id, h.author, w.entity FROM wanted w
          JOIN highlights h ON h.target_type = 'summary' AND h.target_id = w.entity WHERE h.status = 'anchored'
        UNION ALL
        SELECT h.id, h.author, w.entity FROM wanted w JOIN sections s ON s.report_id = w.entity
          JOIN highlights h ON h.target_type = 'section' AND h.target_id = s.id WHERE h.status = 'anchored'
        UNION ALL
        SELECT h.id, h.author, w.entity FROM wanted w JOIN facts f ON f.entity_id = w.entity
          JOIN highlights h ON h.target_type = 'fact' AND h.target_id = f.id WHERE h.status = 'anchored')
      SELECT p.id, p.author, p.entity, (SELECT group_concat(c.code_id, char(31)) FROM highlight_codes c WHERE c.highlight_id = p.id) AS codes
      FROM placed p`),
}))

/** Every case named in `owners`, with its codings; orphans are not counted: they are nowhere in the text. */
export function codingsByCase(db: ReadableDB, request: CodingsRequest): Record<string, CaseCodings> {
  const owners = new Map(request.owners)
  const byCoder = request.coders?.length ? new Set(request.coders) : null
  const parentOf = request.parentOf ? new Map(request.parentOf) : null
  const within = request.within ? new Set(request.within) : null
  const result: Record<string, CaseCodings> = {}
  for (const cases of owners.values()) for (const caseId of cases) result[caseId] ??= { counts: {}, highlights: [] }

  // Row by row: 50,000 rows need not be held at once.
  const rows = statements(db).coded.iterate(JSON.stringify([...owners.keys()])) as IterableIterator<{ id: string; author: string; entity: string; codes: string | null }>
  for (const row of rows) {
    if (byCoder && !byCoder.has(row.author)) continue
    const codeIds = row.codes ? row.codes.split('\u001f') : []
    const counted = parentOf ? withCodesAbove(codeIds, parentOf) : new Set(codeIds)
    const inside = within !== null && codeIds.some((c) => within.has(c))
    for (const caseId of owners.get(row.entity) ?? []) {
      const codings = result[caseId]!
      for (const code of counted) codings.counts[code] = (codings.counts[code] ?? 0) + 1
      if (inside) codings.highlights.push(row.id)
    }
  }
  return result
}

/** A highlight's codes and every code above them, each once. */
function withCodesAbove(codeIds: string[], parentOf: Map<string, string | null>): Set<string> {
  const above = new Set<string>()
  for (const codeId of codeIds) {
    // Up to the top, or to a code another of its codes already reached (everything above it is in).
    for (let at: string | null | undefined = codeId; at && parentOf.has(at) && !above.has(at); at = parentOf.get(at)) above.add(at)
  }
  return above
}
