// Memos: the researcher's own notes in Markdown, about a case, a report, a survey, an organisation, a code or
// the project as a whole. Every change is undoable and committed before it returns.
import { randomUUID } from 'node:crypto'
import type { Memo, MemoTargetType } from '../../shared/domain'
import { newMemoTarget } from '../../shared/drafts'
import { message } from '../../shared/messages'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import type { History } from '../db/history'
import { deleteMemo, insertMemo, updateMemo, type MemoRow } from '../db/memos'
import { deleteDraft } from '../db/drafts'

export type { MemoRow } from '../db/memos'

export function createMemos(db: AtlasDatabase, history: History, author: () => string) {
  const q = {
    one: db.prepare('SELECT * FROM memos WHERE id = ?'),
    entityName: db.prepare('SELECT name, type FROM entities WHERE id = ?'),
    codeName: db.prepare('SELECT name FROM codes WHERE id = ?'),
    all: db.prepare('SELECT * FROM memos ORDER BY updated_at DESC'),
  }

  function row(id: string): MemoRow {
    const r = q.one.get(id) as MemoRow | undefined
    if (!r) throw new UserError('memos.notFound', { id })
    return r
  }

  /** The name of what a memo is about; a code or case that no longer exists is said so. */
  function targetName(type: MemoTargetType, id: string | null): string {
    if (type === 'project') return message('memos.project')
    if (type === 'code') return (q.codeName.get(id) as { name: string } | undefined)?.name ?? message('memos.deletedCode')
    return (q.entityName.get(id) as { name: string } | undefined)?.name ?? id ?? ''
  }

  function checkTarget(type: MemoTargetType, id: string | null): void {
    if (type === 'project') {
      if (id !== null) throw new UserError('memos.projectMemoWithId')
      return
    }
    if (!id) throw new UserError('memos.aboutMissing')
    if (type === 'code') {
      if (!q.codeName.get(id)) throw new UserError('memos.codeNotFound', { id })
      return
    }
    const entity = q.entityName.get(id) as { type: string } | undefined
    const expected = type === 'case' ? ['initiative', 'programme'] : [type]
    if (!entity || !expected.includes(entity.type)) {
      throw type === 'case' ? new UserError('memos.notACase', { id }) : new UserError('memos.notOfType', { id, type })
    }
  }

  const toMemo = (r: MemoRow): Memo => ({
    id: r.id,
    target: { type: r.target_type, id: r.target_id },
    targetName: targetName(r.target_type, r.target_id),
    title: r.title,
    body: r.body,
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  })

  return {
    toMemo,
    get: (id: string): Memo => toMemo(row(id)),
    all: (): MemoRow[] => q.all.all() as MemoRow[],

    create(draft: { target: { type: MemoTargetType; id: string | null }; title?: string; body: string }): Memo {
      checkTarget(draft.target.type, draft.target.id)
      const id = randomUUID()
      const name = author()
      // The new memo's draft is saved now: it leaves with the same commit.
      history.record(message('history.writeMemo'), (w) => {
        insertMemo(w, { id, target: draft.target, title: draft.title?.trim() ?? '', body: draft.body, author: name })
        deleteDraft(w.db, 'memo-new', newMemoTarget(draft.target))
      })
      return toMemo(row(id))
    },

    update(id: string, patch: { title?: string; body?: string }): Memo {
      row(id)
      history.record(message('history.editMemo'), (w) => {
        updateMemo(w, id, { title: patch.title?.trim(), body: patch.body })
        deleteDraft(w.db, 'memo', id)
      })
      return toMemo(row(id))
    },

    remove(id: string): void {
      const r = row(id)
      const label = r.title ? message('history.deleteNamedMemo', { title: r.title }) : message('history.deleteMemo')
      history.record(label, (w) => {
        deleteMemo(w, id)
        deleteDraft(w.db, 'memo', id)
      })
    },
  }
}
