// Highlights and their codings. A highlight is a passage of a stored text, anchored by code-point position,
// quote with context, and the text's version (hash). Every write goes through a Writer: the researcher's
// changes and a merge's re-anchoring through History (undoable), re-anchoring after a corpus update through
// an untracked one (it follows the corpus, not the researcher); each is announced like any other change.
import type { TextTargetType } from '../../shared/domain'
import { textHash } from '../text'
import { indexedBy, preparedOnce, type ReadableDB, type WritableDB } from './connection'
import { trackedRows, type Writer } from './history'

export interface HighlightRow {
  id: string
  target_type: TextTargetType
  target_id: string
  start_cp: number
  end_cp: number
  exact: string
  prefix: string
  suffix: string
  text_hash: string
  note: string
  author: string
  status: 'anchored' | 'orphan'
  created_at: string
  updated_at: string
}

/**
 * The placed highlights whose section or fact changed (or is gone) since they were placed: `columns` of them.
 * The texts' versions come from covering indexes (migration 0013); read from the rows, each sits behind its text.
 */
export function onChangedTextsSql(db: ReadableDB, target: 'section' | 'fact', columns: string): string {
  const [table, index] = target === 'section' ? ['sections', 'sections_text_hash'] : ['facts', 'facts_text_hash']
  return `SELECT ${columns} FROM highlights h LEFT JOIN ${table} t ${indexedBy(db, index)} ON t.id = h.target_id
    WHERE h.target_type = '${target}' AND h.status = 'anchored' AND (t.id IS NULL OR t.text_hash <> h.text_hash)`
}

/**
 * Whether any placed highlight's text changed since it was placed, i.e. whether re-anchoring has anything to
 * do. The app asks it with the check at open, in the parse process (it reads every highlight: ~40 ms at
 * 50,000), so that its main thread re-anchors only when there is something to place again.
 */
export function textsChangedUnderHighlights(db: ReadableDB): boolean {
  for (const target of ['section', 'fact'] as const) {
    if (db.prepare(`${onChangedTextsSql(db, target, '1')} LIMIT 1`).get() !== undefined) return true
  }
  // Summaries carry no stored version: it is computed from the text, as the reader does (annotate/texts.ts).
  const summaries = db
    .prepare(`SELECT h.text_hash, e.summary FROM highlights h LEFT JOIN entities e ON e.id = h.target_id
      WHERE h.target_type = 'summary' AND h.status = 'anchored'`)
    .all() as { text_hash: string; summary: string | null }[]
  return summaries.some((r) => r.summary === null || textHash(r.summary) !== r.text_hash)
}

/**
 * SQL naming a highlight's case or report as `entity`: its section's report, its fact's entity, a summary's own
 * — or, for a text that is gone, the one its id begins with. `from` joins what `of` needs; the section's report
 * is read from the covering index (migration 0011), so 50,000 highlights never visit their sections' text.
 */
export function highlightEntitySql(db: ReadableDB): { of: string; from: string } {
  return {
    of: `CASE h.target_type WHEN 'summary' THEN h.target_id
    ELSE coalesce(s.report_id, f.entity_id, substr(h.target_id, 1, instr(h.target_id, '#') - 1)) END`,
    from: `FROM highlights h
    LEFT JOIN sections s ${indexedBy(db, 'sections_report_of')} ON h.target_type = 'section' AND s.id = h.target_id
    LEFT JOIN facts f ON h.target_type = 'fact' AND f.id = h.target_id`,
  }
}

/**
 * A WHERE condition on `highlights h`: the highlights of the case or report `@entityId` — in its own texts
 * (its sections, its facts, its summary) through the indexes, and one whose section or fact is gone by the id it
 * begins with. What highlightEntitySql names, without computing it for every highlight of the project.
 */
export const OF_ENTITY = `(
      (h.target_type = 'section' AND h.target_id IN (SELECT id FROM sections WHERE report_id = @entityId))
      OR (h.target_type = 'fact' AND h.target_id IN (SELECT id FROM facts WHERE entity_id = @entityId))
      OR (h.target_type = 'summary' AND h.target_id = @entityId)
      OR (h.target_type = 'section' AND h.target_id >= @entityId || '#' AND h.target_id < @entityId || '$'
        AND NOT EXISTS (SELECT 1 FROM sections WHERE id = h.target_id))
      OR (h.target_type = 'fact' AND h.target_id >= @entityId || '#' AND h.target_id < @entityId || '$'
        AND NOT EXISTS (SELECT 1 FROM facts WHERE id = h.target_id)))`

/** Who made highlights, and the cases and reports they are in: the notes view's filter choices, before memos. */
export interface HighlightChoices {
  entityIds: string[]
  authors: string[]
}

/**
 * The notes view's filter choices from the highlights: one pass over all of them (about 50 ms at 50,000), so the
 * app reads it in its read worker (reads/worker.ts) and keeps it until the notes change.
 */
export function highlightChoices(db: ReadableDB): HighlightChoices {
  const entity = highlightEntitySql(db)
  return {
    entityIds: db.prepare(`SELECT DISTINCT ${entity.of} ${entity.from}`).pluck().all() as string[],
    authors: db.prepare('SELECT DISTINCT author FROM highlights').pluck().all() as string[],
  }
}

export interface CodingRow {
  highlight_id: string
  code_id: string
}

/** Where a highlight sits: its place in a text and that text's version. */
export interface HighlightPlace {
  target: { type: TextTargetType; id: string }
  anchor: { start: number; end: number; exact: string; prefix: string; suffix: string }
  hash: string
}

const statements = preparedOnce((db) => ({
  one: db.prepare('SELECT * FROM highlights WHERE id = @id'),
  write: db.prepare(`INSERT INTO highlights (id, target_type, target_id, start_cp, end_cp, exact, prefix, suffix, text_hash,
      note, author, status, created_at, updated_at)
    VALUES (@id, @target_type, @target_id, @start_cp, @end_cp, @exact, @prefix, @suffix, @text_hash, @note, @author,
      @status, @created_at, @updated_at)
    ON CONFLICT(id) DO UPDATE SET target_type = excluded.target_type, target_id = excluded.target_id,
      start_cp = excluded.start_cp, end_cp = excluded.end_cp, exact = excluded.exact, prefix = excluded.prefix,
      suffix = excluded.suffix, text_hash = excluded.text_hash, note = excluded.note, author = excluded.author,
      status = excluded.status, created_at = excluded.created_at, updated_at = excluded.updated_at`),
  remove: db.prepare('DELETE FROM highlights WHERE id = @id'),
  codings: {
    one: db.prepare('SELECT * FROM highlight_codes WHERE highlight_id = @highlight_id AND code_id = @code_id'),
    write: db.prepare(`INSERT INTO highlight_codes (highlight_id, code_id) VALUES (@highlight_id, @code_id)
      ON CONFLICT(highlight_id, code_id) DO NOTHING`),
    remove: db.prepare('DELETE FROM highlight_codes WHERE highlight_id = @highlight_id AND code_id = @code_id'),
  },
  codesOf: db.prepare('SELECT code_id FROM highlight_codes WHERE highlight_id = ?'),
}))

export const highlightRows = trackedRows<HighlightRow>('highlights', ['id'], statements, (key) => ({ kind: 'highlights', ids: [key.id!] }))

/** A coding belongs to its highlight: changing one changes the highlight. */
export const codingRows = trackedRows<CodingRow>(
  'highlight_codes',
  ['highlight_id', 'code_id'],
  (db) => statements(db).codings,
  (key) => ({ kind: 'highlights', ids: [key.highlight_id!] }),
)

const now = (): string => new Date().toISOString()

export function codesOfHighlight(db: WritableDB, id: string): string[] {
  return (statements(db).codesOf.all(id) as { code_id: string }[]).map((c) => c.code_id)
}

/**
 * A new highlight, anchored, with its codes. `created`/`updated` keep an imported highlight's own times;
 * a new one is stamped now.
 */
export function insertHighlight(
  w: Writer,
  highlight: HighlightPlace & { id: string; note: string; author: string; codeIds: string[]; created?: string; updated?: string },
): void {
  const created = highlight.created ?? now()
  w.insert(highlightRows, {
    id: highlight.id,
    target_type: highlight.target.type,
    target_id: highlight.target.id,
    start_cp: highlight.anchor.start,
    end_cp: highlight.anchor.end,
    exact: highlight.anchor.exact,
    prefix: highlight.anchor.prefix,
    suffix: highlight.anchor.suffix,
    text_hash: highlight.hash,
    note: highlight.note,
    author: highlight.author,
    status: 'anchored',
    created_at: created,
    updated_at: highlight.updated ?? created,
  })
  setCodings(w, highlight.id, highlight.codeIds)
}

/** Codes the highlight with exactly `codeIds` (codes must exist; the caller checks). */
export function setCodings(w: Writer, id: string, codeIds: string[]): void {
  const current = new Set(codesOfHighlight(w.db, id))
  const wanted = new Set(codeIds)
  for (const codeId of wanted) if (!current.has(codeId)) w.insert(codingRows, { highlight_id: id, code_id: codeId })
  for (const codeId of current) if (!wanted.has(codeId)) w.remove(codingRows, { highlight_id: id, code_id: codeId })
}

/** The researcher edited the highlight: its note, its codes, or both. */
export function updateHighlight(w: Writer, id: string, patch: { note?: string; codeIds?: string[] }): void {
  if (patch.note !== undefined) w.update(highlightRows, { id }, { note: patch.note, updated_at: now() })
  if (patch.codeIds) {
    setCodings(w, id, patch.codeIds)
    if (patch.note === undefined) w.update(highlightRows, { id }, { updated_at: now() })
  }
}

/** Places a highlight (an orphan, or any) on a new passage; its codes and note stay. */
export function reattachHighlight(w: Writer, id: string, place: HighlightPlace): void {
  w.update(highlightRows, { id }, {
    target_type: place.target.type,
    target_id: place.target.id,
    start_cp: place.anchor.start,
    end_cp: place.anchor.end,
    exact: place.anchor.exact,
    prefix: place.anchor.prefix,
    suffix: place.anchor.suffix,
    text_hash: place.hash,
    status: 'anchored',
    updated_at: now(),
  })
}

/** Removes the highlight and its codings explicitly, so that undo brings both back. */
export function deleteHighlight(w: Writer, id: string): void {
  for (const codeId of codesOfHighlight(w.db, id)) w.remove(codingRows, { highlight_id: id, code_id: codeId })
  w.remove(highlightRows, { id })
}

/**
 * After a text changed (a corpus update, a merge that took a colleague's text): the passage was found again,
 * here. Its position and context change, never the researcher's timestamp.
 */
export function placeHighlightAgain(w: Writer, id: string, anchor: HighlightPlace['anchor'], hash: string): void {
  w.update(highlightRows, { id }, {
    start_cp: anchor.start,
    end_cp: anchor.end,
    exact: anchor.exact,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
    text_hash: hash,
    status: 'anchored',
  })
}

/** After a text changed: the passage is gone; the highlight is kept with its quote, codes and note. */
export function orphanHighlight(w: Writer, id: string): void {
  w.update(highlightRows, { id }, { status: 'orphan' })
}
