// Drafts: what the researcher is writing and has not saved yet, kept in the project as they type (the core's
// db/drafts.ts) so that leaving, a crash or a closed window loses at most the last half second. Shared by the
// core, which stores and compares them, and the renderer, whose editors write and restore them.
import type { MemoTargetType } from './domain'

/** The editors that keep drafts. */
export const DRAFT_KINDS = ['memo', 'memo-new', 'highlight-note', 'cell-summary'] as const
export type DraftKind = (typeof DRAFT_KINDS)[number]

/**
 * The texts drafts become hold at most 100,000 characters (a memo's body, a note); a memo's draft also holds
 * its title, in JSON, whose escapes (a line break is two characters) may double the length.
 */
export const DRAFT_MAX = 201_000

export interface Draft {
  body: string
  updatedAt: string
}

/** Which draft: an editor and what it edits. */
export interface DraftKey {
  kind: DraftKind
  target: string
}

/** A new memo about a thing has no id yet: its draft belongs to what it is about, "type:id" ("project:"). */
export const newMemoTarget = (target: { type: MemoTargetType; id: string | null }): string => `${target.type}:${target.id ?? ''}`

/** A cell summary's draft belongs to its case × code, the same key its change events use. */
export const cellTarget = (cell: { caseId: string; codeId: string }): string => `${cell.caseId}|${cell.codeId}`

/** A memo has a title and a body; its draft holds both, as one text. */
export function memoDraftBody(memo: { title: string; body: string }): string {
  return memo.title === '' && memo.body === '' ? '' : JSON.stringify({ title: memo.title, body: memo.body })
}

/** The title and body a memo draft holds; a draft that is not one (written by hand?) is read as a body. */
export function readMemoDraft(body: string): { title: string; body: string } {
  try {
    const value: unknown = JSON.parse(body)
    if (value && typeof value === 'object' && 'title' in value && 'body' in value) {
      return { title: String(value.title), body: String(value.body) }
    }
  } catch {
    // not JSON: fall through
  }
  return { title: '', body }
}
