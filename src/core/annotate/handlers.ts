// The researcher's own work on the texts: codebook, highlights, memos, the notes view, undo/redo, and who is
// writing (the author's name on every note).
import type { DomainContext, DomainHandlers } from '../handlers'
import { createDrafts } from './drafts'

type AnnotateChannel =
  | 'codes:list'
  | 'codes:create'
  | 'codes:update'
  | 'codes:move'
  | 'codes:merge'
  | 'codes:impact'
  | 'codes:delete'
  | 'highlights:create'
  | 'highlights:update'
  | 'highlights:delete'
  | 'highlights:reattach'
  | 'highlights:forEntity'
  | 'memos:create'
  | 'memos:update'
  | 'memos:delete'
  | 'drafts:get'
  | 'drafts:save'
  | 'drafts:discard'
  | 'notes:list'
  | 'notes:page'
  | 'history:undo'
  | 'history:redo'
  | 'history:state'
  | 'preferences:get'
  | 'preferences:set'

export function createAnnotateHandlers({ db, annotations }: DomainContext): DomainHandlers<AnnotateChannel> {
  const { codebook, highlights, memos, history } = annotations
  const drafts = createDrafts(db)
  const historyState = (done?: string | null) => ({ ...history.state(), done: done ?? null })
  return {
    'codes:list': () => codebook.tree(),
    'codes:create': (draft) => codebook.create(draft),
    'codes:update': ({ id, ...patch }) => codebook.update(id, patch),
    'codes:move': ({ id, parentId, position }) => codebook.move(id, parentId, position),
    'codes:merge': ({ sourceId, targetId }) => codebook.merge(sourceId, targetId),
    'codes:impact': ({ id }) => codebook.impact(id),
    'codes:delete': async ({ id }) => {
      await codebook.remove(id)
      return { deleted: true }
    },
    'highlights:create': (draft) => highlights.create(draft),
    'highlights:update': ({ id, ...patch }) => highlights.update(id, patch),
    'highlights:delete': ({ id }) => {
      highlights.remove(id)
      return { deleted: true }
    },
    'highlights:reattach': ({ id, target, start, end }) => highlights.reattach(id, target, start, end),
    'highlights:forEntity': ({ entityId }) => highlights.forEntity(entityId),
    'memos:create': (draft) => memos.create(draft),
    'memos:update': ({ id, ...patch }) => memos.update(id, patch),
    'memos:delete': ({ id }) => {
      memos.remove(id)
      return { deleted: true }
    },
    'drafts:get': ({ kind, target }) => drafts.get(kind, target),
    'drafts:save': ({ kind, target, body }) => drafts.save(kind, target, body),
    'drafts:discard': ({ kind, target }) => {
      drafts.discard(kind, target)
      return { discarded: true }
    },
    'notes:list': ({ filter, sort }) => annotations.notes(filter, sort),
    'notes:page': ({ filter, sort, limit }) => annotations.notesPage(filter, sort, limit),
    'history:undo': async () => historyState(await history.undo()),
    'history:redo': async () => historyState(await history.redo()),
    'history:state': () => historyState(),
    'preferences:get': () => annotations.preferences(),
    'preferences:set': (change) => annotations.setPreferences(change),
  }
}
