// Exchange with other qualitative-analysis tools (REFI-QDA): what an import wrote and what it left.

export interface RefiImportResult {
  documents: number
  codes: { created: number; merged: number }
  highlights: number
  memos: number
  cases: { matched: number; created: number }
  attributes: number
  /** Things read but placed differently than the file asked, or left out, in Swedish. */
  remarks: string[]
  /** Already in the project under the same GUIDs: counted, not written again. */
  unchanged: { documents: number; highlights: number; memos: number }
  /** Conflicts settled, by the choice that settled them. */
  conflicts: Record<ConflictChoice, number>
  /**
   * The automatic copy of the project made just before the import (in säkerhetskopior/), by file name: the
   * way back from a merge (backup:restoreSafetyCopy restores the newest). Null for a project in memory.
   */
  safetyCopy?: string | null
}

/** What to do when the file and the project hold the same GUID with different content. */
export type ConflictChoice = 'mine' | 'theirs' | 'both'
export const CONFLICT_CHOICES: readonly ConflictChoice[] = ['mine', 'theirs', 'both']

/** One GUID found in both the project and the file, with different content: shown before anything is written. */
export interface RefiConflict {
  kind: 'code' | 'document' | 'highlight' | 'memo'
  guid: string
  /** The thing's name as the researcher knows it (code name, document title, quote, memo title). */
  name: string
  /** What differs, in the project and in the file: one short line each. */
  mine: string
  theirs: string
}
