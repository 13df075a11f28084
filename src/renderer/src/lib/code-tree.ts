// Pure helpers over the codebook tree (CodeNode[] from `codes:list`): walking it, and turning a keyboard
// shortcut or a drop into the `codes:move` the core understands. No DOM, no state: unit-tested on their own.
import type { CodeNode } from '../../../shared/domain'

export interface CodePlace {
  node: CodeNode
  /** 1 for top-level codes, as aria-level counts. */
  level: number
  parent: CodeNode | null
  /** The node's siblings in order, itself included. */
  siblings: CodeNode[]
  index: number
}

/** Every code in tree order (depth first), each with where it sits. */
export function flattenCodes(tree: CodeNode[]): CodePlace[] {
  const out: CodePlace[] = []
  const walk = (nodes: CodeNode[], parent: CodeNode | null, level: number): void => {
    nodes.forEach((node, index) => {
      out.push({ node, level, parent, siblings: nodes, index })
      walk(node.children, node, level + 1)
    })
  }
  walk(tree, null, 1)
  return out
}

/** The codes a person can see: children of collapsed codes are left out. */
export function visibleCodes(tree: CodeNode[], collapsed: ReadonlySet<string>): CodePlace[] {
  const out: CodePlace[] = []
  const walk = (nodes: CodeNode[], parent: CodeNode | null, level: number): void => {
    nodes.forEach((node, index) => {
      out.push({ node, level, parent, siblings: nodes, index })
      if (!collapsed.has(node.id)) walk(node.children, node, level + 1)
    })
  }
  walk(tree, null, 1)
  return out
}

export function findCode(tree: CodeNode[], id: string): CodePlace | null {
  return flattenCodes(tree).find((p) => p.node.id === id) ?? null
}

/** The code and every code below it. */
export function subtreeIds(node: CodeNode): Set<string> {
  const out = new Set<string>([node.id])
  for (const child of node.children) for (const id of subtreeIds(child)) out.add(id)
  return out
}

export interface CodeMove {
  id: string
  parentId: string | null
  /** Among the new siblings, not counting the moved code itself (what `codes:move` expects). */
  position: number
}

export type KeyboardMove = 'up' | 'down' | 'indent' | 'outdent'

/**
 * Alt+ArrowUp/Down swap a code with its neighbour, Alt+ArrowRight makes it the last child of the sibling
 * above, Alt+ArrowLeft moves it out of its parent to just after it. Null when there is nowhere to go.
 */
export function keyboardMove(tree: CodeNode[], id: string, move: KeyboardMove): CodeMove | null {
  const place = findCode(tree, id)
  if (!place) return null
  const parentId = place.parent?.id ?? null
  switch (move) {
    case 'up':
      return place.index > 0 ? { id, parentId, position: place.index - 1 } : null
    case 'down':
      return place.index < place.siblings.length - 1 ? { id, parentId, position: place.index + 1 } : null
    case 'indent': {
      const above = place.siblings[place.index - 1]
      return above ? { id, parentId: above.id, position: above.children.length } : null
    }
    case 'outdent': {
      if (!place.parent) return null
      const parentPlace = findCode(tree, place.parent.id)
      if (!parentPlace) return null
      return { id, parentId: parentPlace.parent?.id ?? null, position: parentPlace.index + 1 }
    }
  }
}

export type DropZone = 'before' | 'inside' | 'after'

/** Which part of a row the pointer is over: the top and bottom quarters insert between codes. */
export function dropZone(offsetY: number, height: number): DropZone {
  if (height <= 0) return 'inside'
  const ratio = offsetY / height
  if (ratio < 0.25) return 'before'
  if (ratio > 0.75) return 'after'
  return 'inside'
}

/** Dropping code `id` on code `targetId`; null when that would put a code inside itself or change nothing. */
export function dropMove(tree: CodeNode[], id: string, targetId: string, zone: DropZone): CodeMove | null {
  if (id === targetId) return null
  const moving = findCode(tree, id)
  const target = findCode(tree, targetId)
  if (!moving || !target) return null
  if (subtreeIds(moving.node).has(targetId)) return null
  if (zone === 'inside') {
    if (moving.parent?.id === targetId) return null
    return { id, parentId: targetId, position: target.node.children.filter((c) => c.id !== id).length }
  }
  const parentId = target.parent?.id ?? null
  const others = target.siblings.filter((c) => c.id !== id)
  const at = others.findIndex((c) => c.id === targetId)
  const position = zone === 'before' ? at : at + 1
  const currentParent = moving.parent?.id ?? null
  if (currentParent === parentId && moving.index === position) return null
  return { id, parentId, position }
}

/** Codes a source may be merged into: any code but itself and the codes below it. */
export function mergeTargets(tree: CodeNode[], sourceId: string): CodePlace[] {
  const source = findCode(tree, sourceId)
  if (!source) return []
  const excluded = subtreeIds(source.node)
  return flattenCodes(tree).filter((p) => !excluded.has(p.node.id))
}

/** "Innovationens fas › Pilot" */
export function codePath(path: string[]): string {
  return path.join(' › ')
}
