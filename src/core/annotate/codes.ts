// The codebook: a tree of codes with name, colour and description. Every change runs through History, so
// it can be undone; deletes and merges move or remove the codings explicitly rather than by cascade, so
// that the undo record holds every row they touched.
import { randomUUID } from 'node:crypto'
import type { Code, CodeNode } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import type { History, Writer } from './history'

export class CodebookError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CodebookError'
  }
}

interface CodeRow {
  id: string
  parent_id: string | null
  position: number
  name: string
  color: string
  description: string
}

/** Colours offered to new codes in turn (readable as a highlight background and as a swatch). */
export const CODE_PALETTE = ['#4c6ef5', '#12b886', '#f59f00', '#e64980', '#7048e8', '#1098ad', '#fa5252', '#82c91e', '#fd7e14', '#228be6']

const now = (): string => new Date().toISOString()

export function createCodebook(db: AtlasDatabase, history: History) {
  const q = {
    all: db.prepare('SELECT id, parent_id, position, name, color, description FROM codes ORDER BY position, name'),
    one: db.prepare('SELECT id, parent_id, position, name, color, description FROM codes WHERE id = ?'),
    counts: db.prepare('SELECT code_id, count(*) AS n FROM highlight_codes GROUP BY code_id'),
    siblings: db.prepare('SELECT id, position FROM codes WHERE parent_id IS ? ORDER BY position, name'),
    codingsOf: db.prepare('SELECT highlight_id FROM highlight_codes WHERE code_id = ?'),
    hasCoding: db.prepare('SELECT 1 FROM highlight_codes WHERE highlight_id = ? AND code_id = ?'),
    byName: db.prepare('SELECT id FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)'),
    count: db.prepare('SELECT count(*) AS n FROM codes'),
    summariesOf: db.prepare('SELECT * FROM cell_summaries WHERE code_id = ?'),
    summary: db.prepare('SELECT * FROM cell_summaries WHERE case_id = ? AND code_id = ?'),
    evidenceOf: db.prepare('SELECT * FROM cell_evidence WHERE case_id = ? AND code_id = ?'),
  }

  type SummaryRow = { case_id: string; code_id: string; text: string; author: string; created_at: string; updated_at: string }
  type EvidenceRow = { case_id: string; code_id: string; highlight_id: string; quote: string }

  /** Removes a code's cell summaries (and their evidence) through the writer, so undo restores them. */
  function removeSummaries(w: Writer, codeId: string): void {
    for (const summary of q.summariesOf.all(codeId) as SummaryRow[]) {
      for (const e of q.evidenceOf.all(summary.case_id, codeId) as EvidenceRow[]) {
        w.remove('cell_evidence', { case_id: e.case_id, code_id: e.code_id, highlight_id: e.highlight_id })
      }
      w.remove('cell_summaries', { case_id: summary.case_id, code_id: codeId })
    }
  }

  /** Moves the source code's cell summaries to the target; where both have one for a case, the texts join. */
  function moveSummaries(w: Writer, sourceId: string, targetId: string): void {
    for (const summary of q.summariesOf.all(sourceId) as SummaryRow[]) {
      const evidence = q.evidenceOf.all(summary.case_id, sourceId) as EvidenceRow[]
      const existing = q.summary.get(summary.case_id, targetId) as SummaryRow | undefined
      if (existing) {
        w.update('cell_summaries', { case_id: summary.case_id, code_id: targetId }, {
          text: `${existing.text}\n\n${summary.text}`,
          updated_at: now(),
        })
      } else {
        w.insert('cell_summaries', { ...summary, code_id: targetId, updated_at: now() })
      }
      const have = new Set((q.evidenceOf.all(summary.case_id, targetId) as EvidenceRow[]).map((e) => e.highlight_id))
      for (const e of evidence) {
        if (!have.has(e.highlight_id)) w.insert('cell_evidence', { ...e, code_id: targetId })
        w.remove('cell_evidence', { case_id: e.case_id, code_id: sourceId, highlight_id: e.highlight_id })
      }
      w.remove('cell_summaries', { case_id: summary.case_id, code_id: sourceId })
    }
  }

  function get(id: string): CodeRow {
    const row = q.one.get(id) as CodeRow | undefined
    if (!row) throw new CodebookError(`Koden "${id}" finns inte.`)
    return row
  }

  /** The code and every code below it, deepest first. */
  function subtree(id: string): CodeRow[] {
    const rows = q.all.all() as CodeRow[]
    const out: CodeRow[] = []
    const visit = (code: CodeRow): void => {
      for (const child of rows.filter((r) => r.parent_id === code.id)) visit(child)
      out.push(code)
    }
    visit(get(id))
    return out
  }

  function tree(): CodeNode[] {
    const rows = q.all.all() as CodeRow[]
    const counts = new Map((q.counts.all() as { code_id: string; n: number }[]).map((c) => [c.code_id, c.n]))
    const build = (parentId: string | null, path: string[]): CodeNode[] =>
      rows
        .filter((r) => r.parent_id === parentId)
        .map((r) => {
          const ownPath = [...path, r.name]
          const children = build(r.id, ownPath)
          const count = counts.get(r.id) ?? 0
          return {
            id: r.id,
            parentId: r.parent_id,
            position: r.position,
            name: r.name,
            color: r.color,
            description: r.description,
            count,
            totalCount: count + children.reduce((n, c) => n + c.totalCount, 0),
            path: ownPath,
            children,
          }
        })
    return build(null, [])
  }

  function checkName(name: string, parentId: string | null, except?: string): string {
    const clean = name.trim()
    if (!clean) throw new CodebookError('En kod måste ha ett namn.')
    const clash = q.byName.get(parentId, clean) as { id: string } | undefined
    if (clash && clash.id !== except) throw new CodebookError(`Det finns redan en kod som heter "${clean}" på den nivån.`)
    return clean
  }

  function insertCode(w: Writer, draft: { name: string; color?: string; description?: string; parentId?: string | null }): Code {
    const parentId = draft.parentId ?? null
    if (parentId) get(parentId)
    const name = checkName(draft.name, parentId)
    const total = (q.count.get() as { n: number }).n
    const siblings = q.siblings.all(parentId) as { id: string; position: number }[]
    const row = {
      id: randomUUID(),
      parent_id: parentId,
      position: siblings.length,
      name,
      color: (draft.color ?? CODE_PALETTE[total % CODE_PALETTE.length]!).toLowerCase(),
      description: draft.description?.trim() ?? '',
      created_at: now(),
      updated_at: now(),
    }
    w.insert('codes', row)
    return toCode(row)
  }

  /** Renumbers siblings 0..n so positions stay dense after a move or delete. */
  function renumber(w: Writer, parentId: string | null, order: string[]): void {
    order.forEach((id, position) => {
      const current = get(id)
      if (current.position !== position || current.parent_id !== parentId) {
        w.update('codes', { id }, { position, parent_id: parentId })
      }
    })
  }

  return {
    tree,
    get: (id: string): Code => toCode(get(id)),

    create(draft: { name: string; color?: string; description?: string; parentId?: string | null }): Code {
      return history.record(`Skapa koden "${draft.name.trim()}"`, (w) => insertCode(w, draft))
    },

    /** Inside another recorded action (a highlight coded with a new code): one undo takes back both. */
    insertWith: insertCode,

    update(id: string, patch: { name?: string; color?: string; description?: string }): Code {
      const current = get(id)
      const label =
        patch.name !== undefined && patch.name.trim() !== current.name
          ? `Byt namn på koden "${current.name}"`
          : patch.color !== undefined
            ? `Byt färg på koden "${current.name}"`
            : `Ändra beskrivningen av "${current.name}"`
      return history.record(label, (w) => {
        const changes: Record<string, string> = { updated_at: now() }
        if (patch.name !== undefined) changes.name = checkName(patch.name, current.parent_id, id)
        if (patch.color !== undefined) changes.color = patch.color.toLowerCase()
        if (patch.description !== undefined) changes.description = patch.description.trim()
        w.update('codes', { id }, changes)
        return toCode(get(id))
      })
    },

    /** Moves a code under `parentId` (null: top level) at `position` among its new siblings. */
    move(id: string, parentId: string | null, position: number): Code {
      const code = get(id)
      if (parentId && subtree(id).some((c) => c.id === parentId)) {
        throw new CodebookError('En kod kan inte flyttas in under sig själv.')
      }
      if (parentId) get(parentId)
      checkName(code.name, parentId, id)
      return history.record(`Flytta koden "${code.name}"`, (w) => {
        const oldSiblings = (q.siblings.all(code.parent_id) as { id: string }[]).map((s) => s.id).filter((s) => s !== id)
        const newSiblings = (q.siblings.all(parentId) as { id: string }[]).map((s) => s.id).filter((s) => s !== id)
        newSiblings.splice(Math.max(0, Math.min(position, newSiblings.length)), 0, id)
        if (code.parent_id !== parentId) renumber(w, code.parent_id, oldSiblings)
        renumber(w, parentId, newSiblings)
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

    /** Deletes the code and the codes below it; highlights stay, without these codes. */
    remove(id: string): void {
      const code = get(id)
      history.record(`Ta bort koden "${code.name}"`, (w) => {
        for (const c of subtree(id)) {
          for (const h of q.codingsOf.all(c.id) as { highlight_id: string }[]) {
            w.remove('highlight_codes', { highlight_id: h.highlight_id, code_id: c.id })
          }
          removeSummaries(w, c.id)
          w.remove('codes', { id: c.id })
        }
        const rest = (q.siblings.all(code.parent_id) as { id: string }[]).map((s) => s.id)
        renumber(w, code.parent_id, rest)
      })
    },

    /**
     * Merges `sourceId` into `targetId`: every highlight coded with the source is coded with the target,
     * the source's child codes move under the target, and the source is removed.
     */
    merge(sourceId: string, targetId: string): Code {
      if (sourceId === targetId) throw new CodebookError('En kod kan inte slås ihop med sig själv.')
      const source = get(sourceId)
      const target = get(targetId)
      if (subtree(sourceId).some((c) => c.id === targetId)) {
        throw new CodebookError(`"${target.name}" ligger under "${source.name}": flytta den först.`)
      }
      return history.record(`Slå ihop "${source.name}" med "${target.name}"`, (w) => {
        for (const h of q.codingsOf.all(sourceId) as { highlight_id: string }[]) {
          w.remove('highlight_codes', { highlight_id: h.highlight_id, code_id: sourceId })
          if (!q.hasCoding.get(h.highlight_id, targetId)) w.insert('highlight_codes', { highlight_id: h.highlight_id, code_id: targetId })
        }
        moveSummaries(w, sourceId, targetId)
        const children = (q.siblings.all(sourceId) as { id: string }[]).map((s) => s.id)
        const targetChildren = (q.siblings.all(targetId) as { id: string }[]).map((s) => s.id)
        renumber(w, targetId, [...targetChildren, ...children])
        w.remove('codes', { id: sourceId })
        renumber(w, source.parent_id, (q.siblings.all(source.parent_id) as { id: string }[]).map((s) => s.id))
        w.update('codes', { id: targetId }, { updated_at: now() })
        return toCode(get(targetId))
      })
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
