// The codebook: a tree of codes with name, colour and description. Every change runs through History, so
// it can be undone; deletes and merges move or remove the codings explicitly rather than by cascade, so
// that the undo record holds every row they touched.
import { randomUUID } from 'node:crypto'
import { MAX_CODE_DEPTH, type Code, type CodeNode } from '../../shared/domain'
import { message } from '../../shared/messages'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import {
  codeDepth,
  codeSubtree,
  insertCode as insertCodeRow,
  moveCode,
  subtreeHeight,
  updateCode,
  type CodeRow as StoredCode,
} from '../db/codes'
import type { History, Writer } from '../db/history'
import type { Writes } from '../writes/writes'

type CodeRow = Omit<StoredCode, 'created_at' | 'updated_at'>

/** Colours offered to new codes in turn (readable as a highlight background and as a swatch). */
export const CODE_PALETTE = ['#4c6ef5', '#12b886', '#f59f00', '#e64980', '#7048e8', '#1098ad', '#fa5252', '#82c91e', '#fd7e14', '#228be6']

export function createCodebook(db: AtlasDatabase, history: History, writesFor: () => Promise<Writes>) {
  const q = {
    all: db.prepare('SELECT id, parent_id, position, name, color, description FROM codes ORDER BY position, name'),
    one: db.prepare('SELECT id, parent_id, position, name, color, description FROM codes WHERE id = ?'),
    counts: db.prepare('SELECT code_id, count(*) AS n FROM highlight_codes GROUP BY code_id'),
    codingsOf: db.prepare('SELECT highlight_id FROM highlight_codes WHERE code_id = ?'),
    byName: db.prepare('SELECT id FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)'),
    count: db.prepare('SELECT count(*) AS n FROM codes'),
  }

  function get(id: string): CodeRow {
    const row = q.one.get(id) as CodeRow | undefined
    if (!row) throw new UserError('codes.notFound', { id })
    return row
  }

  /** The code and every code below it, deepest first. */
  function subtree(id: string): CodeRow[] {
    get(id)
    const rows = new Map((q.all.all() as CodeRow[]).map((r) => [r.id, r]))
    return codeSubtree(db, id).map((c) => rows.get(c)!)
  }

  /** Refuses a change that would put `name` (and the `height` levels it spans) below level MAX_CODE_DEPTH. */
  function checkDepth(parentId: string | null, height: number, name: string): void {
    const parentDepth = parentId ? codeDepth(db, parentId) : 0
    if (parentDepth + height > MAX_CODE_DEPTH) throw new UserError('codes.tooDeep', { limit: MAX_CODE_DEPTH, name })
  }

  /**
   * The codebook as a tree, built without recursion: every code is made in preorder, then the counts are
   * summed from the deepest up (the reverse of preorder visits every child before its parent). Without
   * `counted` the counts are left at 0: names, paths and descendants need no pass over every coding.
   */
  function tree(options: { counted?: boolean } = {}): CodeNode[] {
    const rows = q.all.all() as CodeRow[]
    const counted = options.counted === false ? [] : (q.counts.all() as { code_id: string; n: number }[])
    const counts = new Map(counted.map((c) => [c.code_id, c.n]))
    const byParent = new Map<string | null, CodeRow[]>()
    for (const r of rows) {
      const list = byParent.get(r.parent_id)
      if (list) list.push(r)
      else byParent.set(r.parent_id, [r])
    }
    const roots: CodeNode[] = []
    const made: CodeNode[] = []
    const pending: { row: CodeRow; path: string[]; into: CodeNode[] }[] = []
    const later = (list: CodeRow[], path: string[], into: CodeNode[]): void => {
      for (let i = list.length - 1; i >= 0; i--) pending.push({ row: list[i]!, path, into })
    }
    later(byParent.get(null) ?? [], [], roots)
    while (pending.length > 0) {
      const { row: r, path, into } = pending.pop()!
      const count = counts.get(r.id) ?? 0
      const node: CodeNode = {
        id: r.id,
        parentId: r.parent_id,
        position: r.position,
        name: r.name,
        color: r.color,
        description: r.description,
        count,
        totalCount: count,
        path: [...path, r.name],
        children: [],
      }
      into.push(node)
      made.push(node)
      later(byParent.get(r.id) ?? [], node.path, node.children)
    }
    for (let i = made.length - 1; i >= 0; i--) {
      const node = made[i]!
      node.totalCount = node.count + node.children.reduce((n, c) => n + c.totalCount, 0)
    }
    return roots
  }

  function checkName(name: string, parentId: string | null, except?: string): string {
    const clean = name.trim()
    if (!clean) throw new UserError('codes.nameMissing')
    const clash = q.byName.get(parentId, clean) as { id: string } | undefined
    if (clash && clash.id !== except) throw new UserError('codes.nameTaken', { name: clean })
    return clean
  }

  function insertCode(w: Writer, draft: { name: string; color?: string; description?: string; parentId?: string | null }): Code {
    const parentId = draft.parentId ?? null
    if (parentId) get(parentId)
    const name = checkName(draft.name, parentId)
    checkDepth(parentId, 1, name)
    const total = (q.count.get() as { n: number }).n
    return toCode(
      insertCodeRow(w, {
        id: randomUUID(),
        parentId,
        name,
        color: (draft.color ?? CODE_PALETTE[total % CODE_PALETTE.length]!).toLowerCase(),
        description: draft.description?.trim() ?? '',
      }),
    )
  }

  return {
    tree,
    get: (id: string): Code => toCode(get(id)),

    create(draft: { name: string; color?: string; description?: string; parentId?: string | null }): Code {
      return history.record(message('history.createCode', { name: draft.name.trim() }), (w) => insertCode(w, draft))
    },

    /** Inside another recorded action (a highlight coded with a new code): one undo takes back both. */
    insertWith: insertCode,

    update(id: string, patch: { name?: string; color?: string; description?: string }): Code {
      const current = get(id)
      const label =
        patch.name !== undefined && patch.name.trim() !== current.name
          ? message('history.renameCode', { name: current.name })
          : patch.color !== undefined
            ? message('history.recolourCode', { name: current.name })
            : message('history.describeCode', { name: current.name })
      return history.record(label, (w) => {
        updateCode(w, id, {
          name: patch.name === undefined ? undefined : checkName(patch.name, current.parent_id, id),
          color: patch.color?.toLowerCase(),
          description: patch.description?.trim(),
        })
        return toCode(get(id))
      })
    },

    /** Moves a code under `parentId` (null: top level) at `position` among its new siblings. */
    move(id: string, parentId: string | null, position: number): Code {
      const code = get(id)
      if (parentId && subtree(id).some((c) => c.id === parentId)) {
        throw new UserError('codes.moveIntoItself')
      }
      if (parentId) get(parentId)
      checkName(code.name, parentId, id)
      checkDepth(parentId, subtreeHeight(db, id), code.name)
      return history.record(message('history.moveCode', { name: code.name }), (w) => {
        moveCode(w, id, parentId, position)
        return toCode(get(id))
      })
    },

    /** How many highlights and child codes a delete would touch, for the confirmation. */
    impact(id: string): { highlights: number; codes: number } {
      const codes = subtree(id)
      const highlights = new Set<string>()
      for (const c of codes) for (const h of q.codingsOf.all(c.id) as { highlight_id: string }[]) highlights.add(h.highlight_id)
      return { highlights: highlights.size, codes: codes.length - 1 }
    },

    /**
     * Deletes the code and the codes below it; highlights stay, without these codes. A code may hold thousands
     * of highlights: the delete runs where the large writes run (writes/), its undo step kept there.
     */
    async remove(id: string): Promise<void> {
      const code = get(id)
      const writes = await writesFor()
      const { step } = await writes.deleteCode(id)
      if (step !== null) history.remember(message('history.deleteCode', { name: code.name }), step, writes)
    },

    /**
     * Merges `sourceId` into `targetId`: every highlight coded with the source is coded with the target,
     * the source's child codes move under the target, and the source is removed.
     */
    async merge(sourceId: string, targetId: string): Promise<Code> {
      if (sourceId === targetId) throw new UserError('codes.mergeWithItself')
      const source = get(sourceId)
      const target = get(targetId)
      if (subtree(sourceId).some((c) => c.id === targetId)) {
        throw new UserError('codes.mergeIntoOwnChild', { target: target.name, source: source.name })
      }
      // The source's child codes move under the target: one level for the source itself drops out.
      checkDepth(targetId, subtreeHeight(db, sourceId) - 1, source.name)
      // Every highlight of the source is coded again: a large write, run where those run (writes/).
      const writes = await writesFor()
      const { step } = await writes.mergeCode(sourceId, targetId)
      if (step !== null) history.remember(message('history.mergeCodes', { source: source.name, target: target.name }), step, writes)
      return toCode(get(targetId))
    },
  }
}

function toCode(row: CodeRow): Code {
  return {
    id: row.id,
    parentId: row.parent_id,
    position: row.position,
    name: row.name,
    color: row.color,
    description: row.description,
  }
}
