// Drafts of the researcher's editors (src/shared/drafts.ts): kept while they differ from what is saved. A draft
// that is empty, or the same as the saved text, is no draft: saving one deletes it instead, so an editor that
// was opened and typed back to where it started leaves nothing to restore.
import { memoDraftBody, type Draft, type DraftKind } from '../../shared/drafts'
import type { AtlasDatabase } from '../db/open'
import { deleteDraft, readDraft, saveDraft } from '../db/drafts'

export function createDrafts(db: AtlasDatabase) {
  const q = {
    memo: db.prepare('SELECT title, body FROM memos WHERE id = ?'),
    note: db.prepare('SELECT note FROM highlights WHERE id = ?'),
    summary: db.prepare('SELECT text FROM cell_summaries WHERE case_id = ? AND code_id = ?'),
  }

  /** The text the editor would open with if there were no draft; null when the thing is not there (any more). */
  function savedText(kind: DraftKind, target: string): string | null {
    switch (kind) {
      case 'memo': {
        const memo = q.memo.get(target) as { title: string; body: string } | undefined
        return memo ? memoDraftBody(memo) : null
      }
      case 'memo-new':
        return ''
      case 'highlight-note':
        return (q.note.get(target) as { note: string } | undefined)?.note ?? null
      case 'cell-summary': {
        const [caseId = '', codeId = ''] = target.split('|')
        return (q.summary.get(caseId, codeId) as { text: string } | undefined)?.text ?? ''
      }
    }
  }

  return {
    get: (kind: DraftKind, target: string): Draft | null => readDraft(db, kind, target),

    /** Null when the body was no draft (empty, or what is saved) and whatever was kept is gone. */
    save(kind: DraftKind, target: string, body: string): Draft | null {
      // A note and a summary are saved trimmed: a draft that differs only by spaces at its ends is none.
      const text = kind === 'highlight-note' || kind === 'cell-summary' ? body.trim() : body
      if (text === '' || text === savedText(kind, target)) {
        deleteDraft(db, kind, target)
        return null
      }
      return saveDraft(db, kind, target, body)
    },

    discard(kind: DraftKind, target: string): void {
      deleteDraft(db, kind, target)
    },
  }
}

export type Drafts = ReturnType<typeof createDrafts>
