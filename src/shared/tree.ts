// Walking a tree of codes (or anything with `children`) without recursion: a codebook's depth comes from the
// researcher's files, and a walk that recursed would meet the end of the call stack long before the tree ended.
// Import and moves keep codebooks within MAX_CODE_DEPTH; these walks do not depend on it.

interface Branching<T> {
  children: readonly T[]
}

/** Every node of the trees, each before its children, siblings in order (the order of the file or the codebook). */
export function preorder<T extends Branching<T>>(roots: readonly T[]): T[] {
  const out: T[] = []
  walkTree<T, null>(roots, null, (node) => {
    out.push(node)
    return null
  })
  return out
}

/**
 * Visits every node in preorder, giving each what its parent's visit returned (`top` for the roots): the id a
 * parent code was written under, say, for its children.
 */
export function walkTree<T extends Branching<T>, P>(roots: readonly T[], top: P, visit: (node: T, parent: P) => P): void {
  const pending: { node: T; parent: P }[] = []
  // Pushed last to first, so the first sibling is taken first.
  const later = (list: readonly T[], parent: P): void => {
    for (let i = list.length - 1; i >= 0; i--) pending.push({ node: list[i]!, parent })
  }
  later(roots, top)
  while (pending.length > 0) {
    const { node, parent } = pending.pop()!
    later(node.children, visit(node, parent))
  }
}
