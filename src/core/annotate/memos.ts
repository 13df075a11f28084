// Memos: the researcher's own notes in Markdown, about a case, a report, a survey, an organisation, a code or
// the project as a whole. Every change is undoable and committed before it returns.
import { randomUUID } from 'node:crypto'
import type { Memo, MemoTargetType } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import type { History } from './history'

export class MemoError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MemoError'
  }
}

export interface MemoRow {
  id: string
  target_type: MemoTargetType
  target_id: string | null
  title: string
  body: string
  author: string
  created_at: string
  updated_at: string
}

const now = (): string => new Date().toISOString()

export function createMemos(db: AtlasDatabase, history: History, author: () => string) {
  const q = {
    one: db.prepare('SELECT * FROM memos WHERE id = ?'),
    entityName: db.prepare('SELECT name, type FROM entities WHERE id = ?'),
    codeName: db.prepare('SELECT name FROM codes WHERE id = ?'),
    all: db.prepare('SELECT * FROM memos ORDER BY updated_at DESC'),
  }

  function row(id: string): MemoRow {
    const r = q.one.get(id) as MemoRow | undefined
    if (!r) throw new MemoError(`Memot "${id}" finns inte.`)
    return r
  }

  /** The name of what a memo is about; a code or case that no longer exists is said so. */
  function targetName(type: MemoTargetType, id: string | null): string {
    if (type === 'project') return 'Projektet'
    if (type === 'code') return (q.codeName.get(id) as { name: string } | undefined)?.name ?? 'borttagen kod'
    return (q.entityName.get(id) as { name: string } | undefined)?.name ?? id ?? ''
  }

  function checkTarget(type: MemoTargetType, id: string | null): void {
    if (type === 'project') {
      if (id !== null) throw new MemoError('Ett projektmemo hör inte till något id.')
      return
    }
    if (!id) throw new MemoError('Ange vad memot handlar om.')
    if (type === 'code') {
      if (!q.codeName.get(id)) throw new MemoError(`Koden "${id}" finns inte.`)
      return
    }
    const entity = q.entityName.get(id) as { type: string } | undefined
    const expected = type === 'case' ? ['initiative', 'programme'] : [type]
    if (!entity || !expected.includes(entity.type)) throw new MemoError(`"${id}" är inget ${type === 'case' ? 'fall' : type} i atlasen.`)
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
      history.record('Skriv memo', (w) =>
        w.insert('memos', {
          id,
          target_type: draft.target.type,
          target_id: draft.target.id,
          title: draft.title?.trim() ?? '',
          body: draft.body,
          author: name,
          created_at: now(),
          updated_at: now(),
        }),
      )
      return toMemo(row(id))
    },

    update(id: string, patch: { title?: string; body?: string }): Memo {
      row(id)
      history.record('Ändra memo', (w) => {
        const changes: Record<string, string> = { updated_at: now() }
        if (patch.title !== undefined) changes.title = patch.title.trim()
        if (patch.body !== undefined) changes.body = patch.body
        w.update('memos', { id }, changes)
      })
      return toMemo(row(id))
    },

    remove(id: string): void {
      const r = row(id)
      history.record(`Ta bort memot${r.title ? ` "${r.title}"` : ''}`, (w) => w.remove('memos', { id }))
    },
  }
}
