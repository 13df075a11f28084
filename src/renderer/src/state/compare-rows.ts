// The comparison matrix's row logic, pure and DOM-free so unit tests can run it without Svelte: the code rows in
// the researcher's order, which are visible under folded parents, moving a row, and a summary's lost evidence.
import type { CellSummary, MatrixCodeRow } from '../../../shared/domain'

export interface CellRef {
  caseId: string
  codeId: string
}

export const cellKey = (cell: CellRef): string => `${cell.caseId}|${cell.codeId}`

/** An element id from ids that may hold any character (a code's or an own case's id). */
export const domId = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_')

/** The id of a cell's count button; its open panel's parts are named from it too. */
export const cellDomId = (cell: CellRef): string => domId(`cell-${cell.caseId}-${cell.codeId}`)

/**
 * The code rows as a tree walk, siblings in the researcher's order: ids in `order` first, by their place there,
 * the rest after them in the codebook's order. A parent always comes before its children.
 */
export function orderCodeRows(rows: readonly MatrixCodeRow[], order: readonly string[]): MatrixCodeRow[] {
  const rank = new Map(order.map((id, i) => [id, i]))
  const original = new Map(rows.map((row, i) => [row.id, i]))
  const key = (row: MatrixCodeRow): number => rank.get(row.id) ?? order.length + (original.get(row.id) ?? 0)
  const known = new Set(rows.map((row) => row.id))
  const children = new Map<string | null, MatrixCodeRow[]>()
  for (const row of rows) {
    // A row whose parent is not in the matrix is shown at the top level rather than lost.
    const parent = row.parentId !== null && known.has(row.parentId) ? row.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), row])
  }
  const out: MatrixCodeRow[] = []
  const walk = (parent: string | null): void => {
    for (const row of [...(children.get(parent) ?? [])].sort((a, b) => key(a) - key(b))) {
      out.push(row)
      walk(row.id)
    }
  }
  walk(null)
  return out
}

/** Rows whose ancestors are all expanded; `ordered` must list parents before their children. */
export function visibleCodeRows(ordered: readonly MatrixCodeRow[], expanded: readonly string[]): MatrixCodeRow[] {
  const open = new Set(expanded)
  const shown = new Set<string>()
  const known = new Set(ordered.map((row) => row.id))
  return ordered.filter((row) => {
    const visible = row.parentId === null || !known.has(row.parentId) || (shown.has(row.parentId) && open.has(row.parentId))
    if (visible) shown.add(row.id)
    return visible
  })
}

/**
 * The order after moving `id` one place up (-1) or down (+1) among its siblings, as a full list of ids; null
 * when it is already first or last.
 */
export function moveCodeRow(ordered: readonly MatrixCodeRow[], id: string, direction: -1 | 1): string[] | null {
  const row = ordered.find((r) => r.id === id)
  if (!row) return null
  const siblings = ordered.filter((r) => r.parentId === row.parentId)
  const at = siblings.indexOf(row)
  const neighbour = siblings[at + direction]
  if (!neighbour) return null
  const ids = ordered.map((r) => r.id)
  const a = ids.indexOf(id)
  const b = ids.indexOf(neighbour.id)
  ids[a] = neighbour.id
  ids[b] = id
  return ids
}

/** Evidence a summary lost: highlights deleted since, or orphaned by a changed text. */
export function missingEvidence(summary: CellSummary): { deleted: number; orphan: number; total: number } {
  let deleted = 0
  let orphan = 0
  for (const e of summary.evidence) {
    if (e.state === 'deleted') deleted++
    else if (e.state === 'orphan') orphan++
  }
  return { deleted, orphan, total: summary.evidence.length }
}
