// Highlights: coded passages of a stored text, anchored by position, quote and text version. Creating,
// recoding, editing the note, deleting and re-attaching all run through History (undoable) and are committed
// before they return. When a text changes, `reanchorChanged` places every highlight again or makes it an
// orphan — kept with its quote, codes and note, listed for review.
import { randomUUID } from 'node:crypto'
import { codePointLength, createAnchor, reanchor } from '../../shared/anchor'
import type { CodeNode, EntityType, Highlight, TextTargetRef } from '../../shared/domain'
import { message } from '../../shared/messages'
import { deleteDraft } from '../db/drafts'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import type { createCodebook } from './codes'
import {
  codesOfHighlight,
  deleteHighlight,
  insertHighlight,
  OF_ENTITY,
  onChangedTextsSql,
  orphanHighlight,
  placeHighlightAgain,
  reattachHighlight,
  updateHighlight,
  type HighlightRow,
} from '../db/highlights'
import { writeWithoutHistory, type History, type Writer } from '../db/history'
import { createPlaceReader, createTextReader, textNotFound } from './texts'

export type { HighlightRow } from '../db/highlights'

export interface HighlightDraft {
  target: TextTargetRef
  start: number
  end: number
  codeIds: string[]
  /** Codes to create on the way ("type a new name + Enter"), at the top level of the codebook. */
  newCodeNames?: string[]
  note?: string
}

export function createHighlights(
  db: AtlasDatabase,
  history: History,
  codebook: ReturnType<typeof createCodebook>,
  author: () => string,
) {
  const readText = createTextReader(db)
  const placeOf = createPlaceReader(db)
  const q = {
    one: db.prepare('SELECT * FROM highlights WHERE id = ?'),
    // Each highlight's codes in the order its key gives them (by code id), as they were always listed.
    codingsOf: db.prepare('SELECT highlight_id, code_id FROM highlight_codes WHERE highlight_id IN (SELECT value FROM json_each(?)) ORDER BY highlight_id, code_id'),
    all: db.prepare('SELECT * FROM highlights'),
    // An entity's highlights: in its summary, its facts and its sections. A highlight whose fact or section is
    // gone still belongs to the entity its id begins with (section and fact ids are `<entity>#…`).
    ofEntity: db.prepare(`SELECT h.* FROM highlights h WHERE ${OF_ENTITY}`),
  }

  function row(id: string): HighlightRow {
    const r = q.one.get(id) as HighlightRow | undefined
    if (!r) throw new UserError('highlights.notFound', { id })
    return r
  }

  function anchorIn(target: TextTargetRef, start: number, end: number) {
    const text = readText(target)
    if (!text) throw textNotFound(target)
    const length = codePointLength(text.text)
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length)) {
      throw new UserError('highlights.outsideText', { start, end, length })
    }
    const anchor = createAnchor(text.text, start, end)
    if (!anchor.exact.trim()) throw new UserError('highlights.blank')
    return { anchor, hash: text.hash }
  }

  /** Every code must exist before a highlight is coded with it. */
  function checkCodes(codeIds: string[]): string[] {
    for (const codeId of codeIds) codebook.get(codeId)
    return codeIds
  }

  function codeNodes(): Map<string, CodeNode> {
    const nodes = new Map<string, CodeNode>()
    const visit = (list: CodeNode[]): void =>
      list.forEach((n) => {
        nodes.set(n.id, n)
        visit(n.children)
      })
    visit(codebook.tree({ counted: false }))
    return nodes
  }

  /**
   * Domain objects for rows; the code tree is read once per call, the codings of all rows in one query, and
   * each text's place once (a page of the notes view has many highlights in few texts).
   */
  function toHighlights(rows: HighlightRow[]): Highlight[] {
    const nodes = codeNodes()
    const codesOf = new Map<string, string[]>()
    for (const c of q.codingsOf.all(JSON.stringify(rows.map((r) => r.id))) as { highlight_id: string; code_id: string }[]) {
      const list = codesOf.get(c.highlight_id)
      if (list) list.push(c.code_id)
      else codesOf.set(c.highlight_id, [c.code_id])
    }
    const places = new Map<string, ReturnType<typeof placeOf> | ReturnType<typeof entityOfMissingTarget>>()
    return rows.map((r) => {
      const key = `${r.target_type}:${r.target_id}`
      let entity = places.get(key)
      if (!entity) places.set(key, (entity = placeOf({ type: r.target_type, id: r.target_id }) ?? entityOfMissingTarget(db, r)))
      return {
        id: r.id,
        target: { type: r.target_type, id: r.target_id },
        entityId: entity.entityId,
        entityName: entity.entityName,
        entityType: entity.entityType,
        start: r.start_cp,
        end: r.end_cp,
        quote: r.exact,
        prefix: r.prefix,
        suffix: r.suffix,
        note: r.note,
        author: r.author,
        status: r.status,
        codes: (codesOf.get(r.id) ?? [])
          .map((id) => nodes.get(id))
          .filter((n): n is CodeNode => n !== undefined)
          .map((n) => ({ id: n.id, name: n.name, color: n.color, path: n.path })),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }
    })
  }

  return {
    get: (id: string): Highlight => toHighlights([row(id)])[0]!,
    toHighlights,
    /** Where a new highlight at [start, end) of `target` would sit: its anchor and the text's hash (checked). */
    placeIn: (target: TextTargetRef, start: number, end: number) => ({ target, ...anchorIn(target, start, end) }),

    create(draft: HighlightDraft): Highlight {
      const { anchor, hash } = anchorIn(draft.target, draft.start, draft.end)
      const name = author()
      const id = randomUUID()
      const short = anchor.exact.length > 40 ? `${anchor.exact.slice(0, 40)}…` : anchor.exact
      history.record(message('history.highlight', { quote: short }), (w) => {
        const created = (draft.newCodeNames ?? []).map((n) => codebook.insertWith(w, { name: n }).id)
        insertHighlight(w, {
          id,
          target: draft.target,
          anchor,
          hash,
          note: draft.note?.trim() ?? '',
          author: name,
          codeIds: checkCodes([...new Set([...draft.codeIds, ...created])]),
        })
      })
      return toHighlights([row(id)])[0]!
    },

    update(id: string, patch: { note?: string; codeIds?: string[]; newCodeNames?: string[] }): Highlight {
      row(id)
      const label = message(patch.codeIds || patch.newCodeNames ? 'history.recodeHighlight' : 'history.editNote')
      history.record(label, (w) => {
        const recode = patch.codeIds || patch.newCodeNames
        const created = recode ? (patch.newCodeNames ?? []).map((n) => codebook.insertWith(w, { name: n }).id) : []
        const base = patch.codeIds ?? codesOfHighlight(db, id)
        updateHighlight(w, id, {
          note: patch.note?.trim(),
          codeIds: recode ? checkCodes([...new Set([...base, ...created])]) : undefined,
        })
        // The note is saved now: its draft leaves with the same commit.
        if (patch.note !== undefined) deleteDraft(w.db, 'highlight-note', id)
      })
      return toHighlights([row(id)])[0]!
    },

    remove(id: string): void {
      const current = row(id)
      history.record(message('history.deleteHighlight', { quote: current.exact.slice(0, 40) }), (w) => {
        deleteHighlight(w, id)
        deleteDraft(w.db, 'highlight-note', id)
      })
    },

    /** Places an orphan (or any highlight) on a new selection; its codes and note stay. */
    reattach(id: string, target: TextTargetRef, start: number, end: number): Highlight {
      row(id)
      const { anchor, hash } = anchorIn(target, start, end)
      history.record(message('history.reattachHighlight'), (w) => reattachHighlight(w, id, { target, anchor, hash }))
      return toHighlights([row(id)])[0]!
    },

    reanchorChanged: createReanchor(db),

    all: (): HighlightRow[] => q.all.all() as HighlightRow[],
    /** The rows of an entity's highlights (in its summary, facts and sections), unordered. */
    rowsOfEntity: (entityId: string): HighlightRow[] => q.ofEntity.all({ entityId }) as HighlightRow[],
    /** An entity's highlights, in the order of its texts (the reader's margin lists them so). */
    forEntity(entityId: string): Highlight[] {
      const rows = q.ofEntity.all({ entityId }) as HighlightRow[]
      return toHighlights(rows.sort((a, b) => a.target_id.localeCompare(b.target_id) || a.start_cp - b.start_cp))
    },
  }
}

/**
 * Re-anchors every highlight whose text changed since it was placed. After a corpus update it is not an
 * undoable action (it follows the corpus); a merge passes its own writer, so that undoing the merge puts the
 * highlights back where they were too. Returns how many moved and how many became orphans.
 */
export function createReanchor(db: AtlasDatabase): (writer?: Writer) => { moved: number; orphaned: number } {
  const readText = createTextReader(db)
  const q = {
    // Highlights whose text may have changed since they were made (or placed last).
    onSections: db.prepare(onChangedTextsSql(db, 'section', 'h.*')),
    onFacts: db.prepare(onChangedTextsSql(db, 'fact', 'h.*')),
    onSummaries: db.prepare(`SELECT * FROM highlights WHERE target_type = 'summary' AND status = 'anchored'`),
  }
  return (writer) => {
    let moved = 0
    let orphaned = 0
    const place = (w: Writer): void => {
      const rows = [
        ...(q.onSections.all() as HighlightRow[]),
        ...(q.onFacts.all() as HighlightRow[]),
        ...(q.onSummaries.all() as HighlightRow[]),
      ]
      for (const r of rows) {
        const text = readText({ type: r.target_type, id: r.target_id })
        if (text && text.hash === r.text_hash) continue
        const placed = text
          ? reanchor({ start: r.start_cp, end: r.end_cp, exact: r.exact, prefix: r.prefix, suffix: r.suffix }, text.text)
          : { status: 'orphan' as const }
        if (placed.status === 'orphan' || !text) {
          orphaned++
          orphanHighlight(w, r.id)
          continue
        }
        const anchor = createAnchor(text.text, placed.start, placed.end)
        placeHighlightAgain(w, r.id, anchor, text.hash)
        if (placed.status !== 'position') moved++
      }
    }
    if (writer) place(writer)
    else writeWithoutHistory(db, place)
    return { moved, orphaned }
  }
}

/** An orphan whose section or fact is gone still names the case or report it belonged to, if that remains. */
function entityOfMissingTarget(db: AtlasDatabase, r: HighlightRow): { entityId: string; entityName: string; entityType: EntityType } {
  const entityId = r.target_type === 'summary' ? r.target_id : r.target_id.split('#')[0]!
  const row = db.prepare('SELECT id, name, type FROM entities WHERE id = ?').get(entityId) as
    | { id: string; name: string; type: EntityType }
    | undefined
  return row ? { entityId: row.id, entityName: row.name, entityType: row.type } : { entityId, entityName: entityId, entityType: 'report' }
}
