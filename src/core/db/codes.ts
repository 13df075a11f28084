// The codebook's rows: a tree of codes kept in dense positions (0..n-1 among siblings). Every write goes
// through a History writer, so it can be undone; a code leaves with its child codes, its codings and its cell
// summaries, each removed explicitly (never by cascade), so that the undo record holds every row it touched.
import { preparedOnce, type WritableDB } from './connection'
import { moveSummaries, removeSummariesOfCode } from './comparisons'
import { codingRows } from './highlights'
import { trackedRows, type Writer } from './history'

export interface CodeRow {
  id: string
  parent_id: string | null
  position: number
  name: string
  color: string
  description: string
  created_at: string
  updated_at: string
}

const statements = preparedOnce((db) => ({
  one: db.prepare('SELECT * FROM codes WHERE id = @id'),
  write: db.prepare(`INSERT INTO codes (id, parent_id, position, name, color, description, created_at, updated_at)
    VALUES (@id, @parent_id, @position, @name, @color, @description, @created_at, @updated_at)
    ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, position = excluded.position, name = excluded.name,
      color = excluded.color, description = excluded.description, created_at = excluded.created_at,
      updated_at = excluded.updated_at`),
  remove: db.prepare('DELETE FROM codes WHERE id = @id'),
  all: db.prepare('SELECT id, parent_id FROM codes'),
  siblings: db.prepare('SELECT id, position, parent_id FROM codes WHERE parent_id IS ? ORDER BY position, name'),
  codingsOf: db.prepare('SELECT highlight_id FROM highlight_codes WHERE code_id = ?'),
  hasCoding: db.prepare('SELECT 1 FROM highlight_codes WHERE highlight_id = ? AND code_id = ?'),
}))

export const codeRows = trackedRows<CodeRow>('codes', ['id'], statements, (key) => ({ kind: 'codes', ids: [key.id!] }))

const now = (): string => new Date().toISOString()

function siblingIds(db: WritableDB, parentId: string | null): string[] {
  return (statements(db).siblings.all(parentId) as { id: string }[]).map((s) => s.id)
}

/** The code and every code below it, deepest first (the order a delete must take). */
export function codeSubtree(db: WritableDB, id: string): string[] {
  const rows = statements(db).all.all() as { id: string; parent_id: string | null }[]
  const out: string[] = []
  const visit = (code: string): void => {
    for (const child of rows.filter((r) => r.parent_id === code)) visit(child.id)
    out.push(code)
  }
  visit(id)
  return out
}

/** A new code, last among its siblings. `at` fixes the timestamps (an import's clock). */
export function insertCode(
  w: Writer,
  code: { id: string; parentId: string | null; name: string; color: string; description: string },
  at = now(),
): CodeRow {
  const row: CodeRow = {
    id: code.id,
    parent_id: code.parentId,
    position: siblingIds(w.db, code.parentId).length,
    name: code.name,
    color: code.color,
    description: code.description,
    created_at: at,
    updated_at: at,
  }
  w.insert(codeRows, row)
  return row
}

export function updateCode(w: Writer, id: string, patch: Partial<Pick<CodeRow, 'name' | 'color' | 'description'>>, at = now()): void {
  w.update(codeRows, { id }, { ...patch, updated_at: at })
}

/** Puts `order` under `parentId` at positions 0..n-1, writing only the codes whose place changed. */
export function placeCodes(w: Writer, parentId: string | null, order: string[]): void {
  order.forEach((id, position) => {
    const current = codeRows.read(w.db, { id })
    if (current && (current.position !== position || current.parent_id !== parentId)) {
      w.update(codeRows, { id }, { position, parent_id: parentId })
    }
  })
}

/** Moves a code under `parentId` at `position` among its new siblings; both sibling lists stay dense. */
export function moveCode(w: Writer, id: string, parentId: string | null, position: number): void {
  const code = codeRows.read(w.db, { id })
  if (!code) return
  const oldSiblings = siblingIds(w.db, code.parent_id).filter((s) => s !== id)
  const newSiblings = siblingIds(w.db, parentId).filter((s) => s !== id)
  newSiblings.splice(Math.max(0, Math.min(position, newSiblings.length)), 0, id)
  if (code.parent_id !== parentId) placeCodes(w, code.parent_id, oldSiblings)
  placeCodes(w, parentId, newSiblings)
}

/** Deletes the code and the codes below it with their codings and cell summaries; highlights stay. */
export function deleteCode(w: Writer, id: string): void {
  const code = codeRows.read(w.db, { id })
  if (!code) return
  for (const c of codeSubtree(w.db, id)) {
    for (const h of statements(w.db).codingsOf.all(c) as { highlight_id: string }[]) {
      w.remove(codingRows, { highlight_id: h.highlight_id, code_id: c })
    }
    removeSummariesOfCode(w, c)
    w.remove(codeRows, { id: c })
  }
  placeCodes(w, code.parent_id, siblingIds(w.db, code.parent_id))
}

/**
 * Merges `sourceId` into `targetId`: every highlight coded with the source is coded with the target, the
 * source's cell summaries and child codes move to the target, and the source is removed.
 */
export function mergeCode(w: Writer, sourceId: string, targetId: string): void {
  const source = codeRows.read(w.db, { id: sourceId })
  if (!source) return
  for (const h of statements(w.db).codingsOf.all(sourceId) as { highlight_id: string }[]) {
    w.remove(codingRows, { highlight_id: h.highlight_id, code_id: sourceId })
    if (!statements(w.db).hasCoding.get(h.highlight_id, targetId)) w.insert(codingRows, { highlight_id: h.highlight_id, code_id: targetId })
  }
  moveSummaries(w, sourceId, targetId)
  placeCodes(w, targetId, [...siblingIds(w.db, targetId), ...siblingIds(w.db, sourceId)])
  w.remove(codeRows, { id: sourceId })
  placeCodes(w, source.parent_id, siblingIds(w.db, source.parent_id))
  w.update(codeRows, { id: targetId }, { updated_at: now() })
}
