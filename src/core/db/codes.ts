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

/** Each code's children, in the codebook's order. */
function childrenByParent(db: WritableDB): Map<string | null, string[]> {
  const byParent = new Map<string | null, string[]>()
  for (const r of statements(db).all.all() as { id: string; parent_id: string | null }[]) {
    const list = byParent.get(r.parent_id)
    if (list) list.push(r.id)
    else byParent.set(r.parent_id, [r.id])
  }
  return byParent
}

/**
 * The code and every code below it, deepest first (the order a delete must take): each code after all of its
 * children, siblings in order. Walked with a stack rather than by recursion, so no depth reaches the call stack.
 */
export function codeSubtree(db: WritableDB, id: string): string[] {
  const byParent = childrenByParent(db)
  // Each code before its children, the last sibling first; reversed, each code comes after its children and
  // the first sibling first, as a recursive walk would give them.
  const out: string[] = []
  const seen = new Set<string>()
  const pending = [id]
  while (pending.length > 0) {
    const code = pending.pop()!
    // A parent_id cycle cannot be made through this module; were one in the file, it must not loop forever.
    if (seen.has(code)) continue
    seen.add(code)
    out.push(code)
    for (const child of byParent.get(code) ?? []) pending.push(child)
  }
  return out.reverse()
}

/** The level a code sits at: 1 at the top of the codebook. */
export function codeDepth(db: WritableDB, id: string): number {
  const seen = new Set<string>()
  let depth = 0
  for (let at: string | null = id; at !== null && !seen.has(at); depth++) {
    seen.add(at)
    at = (statements(db).one.get({ id: at }) as CodeRow | undefined)?.parent_id ?? null
  }
  return depth
}

/** How many levels the code and the codes below it span: 1 for a code without children. */
export function subtreeHeight(db: WritableDB, id: string): number {
  const byParent = childrenByParent(db)
  const seen = new Set<string>([id])
  let level = [id]
  let height = 0
  while (level.length > 0) {
    height++
    const next: string[] = []
    for (const code of level) {
      for (const child of byParent.get(code) ?? []) {
        if (seen.has(child)) continue
        seen.add(child)
        next.push(child)
      }
    }
    level = next
  }
  return height
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
