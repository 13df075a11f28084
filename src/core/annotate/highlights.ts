// Highlights: coded passages of a stored text, anchored by position, quote and text version. Creating,
// recoding, editing the note, deleting and re-attaching all run through History (undoable) and are committed
// before they return. When a text changes, `reanchorChanged` places every highlight again or makes it an
// orphan — kept with its quote, codes and note, listed for review.
import { randomUUID } from 'node:crypto'
import { codePointLength, createAnchor, reanchor } from '../../shared/anchor'
import type { CodeNode, EntityType, Highlight, TextTargetRef, TextTargetType } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import type { createCodebook } from './codes'
import type { History } from './history'
import { createTextReader, TargetNotFoundError } from './texts'

export class HighlightError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'HighlightError'
  }
}

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

export interface HighlightDraft {
  target: TextTargetRef
  start: number
  end: number
  codeIds: string[]
  /** Codes to create on the way ("type a new name + Enter"), at the top level of the codebook. */
  newCodeNames?: string[]
  note?: string
}

const now = (): string => new Date().toISOString()

export function createHighlights(
  db: AtlasDatabase,
  history: History,
  codebook: ReturnType<typeof createCodebook>,
  author: () => string,
) {
  const readText = createTextReader(db)
  const q = {
    one: db.prepare('SELECT * FROM highlights WHERE id = ?'),
    codesOf: db.prepare('SELECT code_id FROM highlight_codes WHERE highlight_id = ?'),
    all: db.prepare('SELECT * FROM highlights'),
    // Highlights whose text may have changed since they were made (or placed last).
    onSections: db.prepare(`SELECT h.* FROM highlights h LEFT JOIN sections s ON s.id = h.target_id
      WHERE h.target_type = 'section' AND h.status = 'anchored' AND (s.id IS NULL OR s.text_hash <> h.text_hash)`),
    onFacts: db.prepare(`SELECT h.* FROM highlights h LEFT JOIN facts f ON f.id = h.target_id
      WHERE h.target_type = 'fact' AND h.status = 'anchored' AND (f.id IS NULL OR f.text_hash <> h.text_hash)`),
    onSummaries: db.prepare(`SELECT * FROM highlights WHERE target_type = 'summary' AND status = 'anchored'`),
  }

  function row(id: string): HighlightRow {
    const r = q.one.get(id) as HighlightRow | undefined
    if (!r) throw new HighlightError(`Markeringen "${id}" finns inte.`)
    return r
  }

  function anchorIn(target: TextTargetRef, start: number, end: number) {
    const text = readText(target)
    if (!text) throw new TargetNotFoundError(target)
    const length = codePointLength(text.text)
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length)) {
      throw new HighlightError(`Markeringen ${start}–${end} ligger utanför texten (0–${length}).`)
    }
    const anchor = createAnchor(text.text, start, end)
    if (!anchor.exact.trim()) throw new HighlightError('Markera minst ett tecken som inte är blanksteg.')
    return { anchor, hash: text.hash }
  }

  function setCodes(w: Parameters<Parameters<History['record']>[1]>[0], id: string, codeIds: string[]): void {
    const current = new Set((q.codesOf.all(id) as { code_id: string }[]).map((c) => c.code_id))
    const wanted = new Set(codeIds)
    for (const codeId of wanted) {
      codebook.get(codeId)
      if (!current.has(codeId)) w.insert('highlight_codes', { highlight_id: id, code_id: codeId })
    }
    for (const codeId of current) if (!wanted.has(codeId)) w.remove('highlight_codes', { highlight_id: id, code_id: codeId })
  }

  function codeNodes(): Map<string, CodeNode> {
    const nodes = new Map<string, CodeNode>()
    const visit = (list: CodeNode[]): void =>
      list.forEach((n) => {
        nodes.set(n.id, n)
        visit(n.children)
      })
    visit(codebook.tree())
    return nodes
  }

  /** Domain objects for rows; the code tree and entity names are read once per call. */
  function toHighlights(rows: HighlightRow[]): Highlight[] {
    const nodes = codeNodes()
    return rows.map((r) => {
      const text = readText({ type: r.target_type, id: r.target_id })
      const entity = text ?? entityOfMissingTarget(db, r)
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
        codes: (q.codesOf.all(r.id) as { code_id: string }[])
          .map((c) => nodes.get(c.code_id))
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

    create(draft: HighlightDraft): Highlight {
      const { anchor, hash } = anchorIn(draft.target, draft.start, draft.end)
      const name = author()
      const id = randomUUID()
      const short = anchor.exact.length > 40 ? `${anchor.exact.slice(0, 40)}…` : anchor.exact
      history.record(`Markera "${short}"`, (w) => {
        const created = (draft.newCodeNames ?? []).map((n) => codebook.insertWith(w, { name: n }).id)
        w.insert('highlights', {
          id,
          target_type: draft.target.type,
          target_id: draft.target.id,
          start_cp: anchor.start,
          end_cp: anchor.end,
          exact: anchor.exact,
          prefix: anchor.prefix,
          suffix: anchor.suffix,
          text_hash: hash,
          note: draft.note?.trim() ?? '',
          author: name,
          status: 'anchored',
          created_at: now(),
          updated_at: now(),
        })
        setCodes(w, id, [...new Set([...draft.codeIds, ...created])])
      })
      return toHighlights([row(id)])[0]!
    },

    update(id: string, patch: { note?: string; codeIds?: string[]; newCodeNames?: string[] }): Highlight {
      row(id)
      const label = patch.codeIds || patch.newCodeNames ? 'Ändra koder på markering' : 'Ändra anteckning'
      history.record(label, (w) => {
        if (patch.note !== undefined) w.update('highlights', { id }, { note: patch.note.trim(), updated_at: now() })
        if (patch.codeIds || patch.newCodeNames) {
          const created = (patch.newCodeNames ?? []).map((n) => codebook.insertWith(w, { name: n }).id)
          const base = patch.codeIds ?? (q.codesOf.all(id) as { code_id: string }[]).map((c) => c.code_id)
          setCodes(w, id, [...new Set([...base, ...created])])
          if (patch.note === undefined) w.update('highlights', { id }, { updated_at: now() })
        }
      })
      return toHighlights([row(id)])[0]!
    },

    remove(id: string): void {
      const current = row(id)
      history.record(`Ta bort markeringen "${current.exact.slice(0, 40)}"`, (w) => {
        for (const c of q.codesOf.all(id) as { code_id: string }[]) w.remove('highlight_codes', { highlight_id: id, code_id: c.code_id })
        w.remove('highlights', { id })
      })
    },

    /** Places an orphan (or any highlight) on a new selection; its codes and note stay. */
    reattach(id: string, target: TextTargetRef, start: number, end: number): Highlight {
      row(id)
      const { anchor, hash } = anchorIn(target, start, end)
      history.record('Fäst markering på nytt', (w) =>
        w.update('highlights', { id }, {
          target_type: target.type,
          target_id: target.id,
          start_cp: anchor.start,
          end_cp: anchor.end,
          exact: anchor.exact,
          prefix: anchor.prefix,
          suffix: anchor.suffix,
          text_hash: hash,
          status: 'anchored',
          updated_at: now(),
        }),
      )
      return toHighlights([row(id)])[0]!
    },

    /**
     * Re-anchors every highlight whose text changed since it was placed. Not an undoable action: it follows a
     * corpus update. Returns how many moved and how many became orphans.
     */
    reanchorChanged(): { moved: number; orphaned: number } {
      let moved = 0
      let orphaned = 0
      db.transaction(() => {
        const rows = [
          ...(q.onSections.all() as HighlightRow[]),
          ...(q.onFacts.all() as HighlightRow[]),
          ...(q.onSummaries.all() as HighlightRow[]),
        ]
        const update = db.prepare(`UPDATE highlights SET start_cp = @start, end_cp = @end, exact = @exact, prefix = @prefix,
          suffix = @suffix, text_hash = @hash, status = @status WHERE id = @id`)
        for (const r of rows) {
          const text = readText({ type: r.target_type, id: r.target_id })
          if (text && text.hash === r.text_hash) continue
          const placed = text
            ? reanchor({ start: r.start_cp, end: r.end_cp, exact: r.exact, prefix: r.prefix, suffix: r.suffix }, text.text)
            : { status: 'orphan' as const }
          if (placed.status === 'orphan' || !text) {
            orphaned++
            db.prepare("UPDATE highlights SET status = 'orphan' WHERE id = ?").run(r.id)
            continue
          }
          const anchor = createAnchor(text.text, placed.start, placed.end)
          update.run({ id: r.id, ...anchor, hash: text.hash, status: 'anchored' })
          if (placed.status !== 'position') moved++
        }
      }).immediate()
      return { moved, orphaned }
    },

    all: (): HighlightRow[] => q.all.all() as HighlightRow[],
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
