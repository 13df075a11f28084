// The researcher's work: codes, highlights on texts, memos, the notes view's filter, and who writes.
import type { EntityType } from './catalogue'

/** The texts a highlight can sit in: a report section, a fact, or an entity's summary. */
export const TEXT_TARGET_TYPES = ['section', 'fact', 'summary'] as const
export type TextTargetType = (typeof TEXT_TARGET_TYPES)[number]

export interface TextTargetRef {
  type: TextTargetType
  id: string
}

export interface Code {
  id: string
  parentId: string | null
  position: number
  name: string
  /** #rrggbb */
  color: string
  description: string
}

/**
 * The deepest a codebook may be: a top-level code is level 1. Real codebooks stay within a handful of levels;
 * the limit keeps every walk over the tree (import, export, display) far from the call stack's end, and an
 * import or a move that would go deeper is refused with a message naming it.
 */
export const MAX_CODE_DEPTH = 50

export interface CodeNode extends Code {
  /** Highlights coded with this code itself. */
  count: number
  /** Highlights coded with this code or any code below it. */
  totalCount: number
  /** Names from the root down to this code, e.g. ["Innovationens fas", "Pilot"]. */
  path: string[]
  children: CodeNode[]
}

export interface Highlight {
  id: string
  target: TextTargetRef
  /** The case, report, survey or organisation whose text it is. */
  entityId: string
  entityName: string
  entityType: EntityType
  /** Code points in the normalised text. */
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
  note: string
  author: string
  status: 'anchored' | 'orphan'
  codes: { id: string; name: string; color: string; path: string[] }[]
  createdAt: string
  updatedAt: string
}

export const MEMO_TARGET_TYPES = ['case', 'report', 'survey', 'organisation', 'code', 'project'] as const
export type MemoTargetType = (typeof MEMO_TARGET_TYPES)[number]

export interface Memo {
  id: string
  target: { type: MemoTargetType; id: string | null }
  /** What the memo is about, for lists: the case's or code's name, "Projektet". */
  targetName: string
  title: string
  body: string
  author: string
  createdAt: string
  updatedAt: string
}

export interface NotesFilter {
  /** Highlights coded with any of these codes (and, with includeChildren, any code below them). */
  codeIds?: string[]
  includeChildren?: boolean
  /** Highlights and memos on this case, report, survey or organisation. */
  entityId?: string
  /** Highlights in this report section or fact. */
  targetId?: string
  author?: string
  /** ISO dates, inclusive, on created time. */
  from?: string
  to?: string
  kind?: 'highlight' | 'memo'
  status?: 'anchored' | 'orphan'
}

export type NotesSort = 'created-desc' | 'created-asc' | 'updated-desc' | 'place'

export type NoteEntry = { kind: 'highlight'; highlight: Highlight } | { kind: 'memo'; memo: Memo }

/** How many entries a page of the notes view adds: enough to read on, few enough to render at once. */
export const NOTES_PAGE = 200

/** A case, document, survey or organisation that has notes: a choice of the notes view's filter. */
export interface NoteEntity {
  id: string
  name: string
  /** `case` for a memo's case that the project no longer holds (an initiative or programme). */
  type: EntityType | 'case'
}

/**
 * One page of the notes view: the first `limit` entries in the chosen order, how many match in all, and what
 * the filters can offer (every entity and author with notes, whatever the filter) — built without building
 * the entries that are not shown, so a project of 50,000 highlights answers as fast as a small one.
 */
export interface NotesPage {
  entries: NoteEntry[]
  total: number
  /** Whether the project has any highlight or memo at all: "no notes yet" rather than "none match". */
  any: boolean
  entities: NoteEntity[]
  authors: string[]
}

export const UI_LANGUAGES = ['sv', 'en'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]
export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export interface Preferences {
  /** The researcher's name, stamped on every highlight and memo; null until asked. */
  author: string | null
  /** The language of the app, as chosen in Settings; null: follow the system's language. */
  language: UiLanguage | null
  /** Light, dark, or as the system is set (the default). */
  theme: Theme
  /** The first-start introduction was dismissed (false on a fresh project: it is shown). */
  orientationSeen: boolean
}
