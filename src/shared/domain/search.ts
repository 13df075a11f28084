// Search hits and responses, and the index's loading progress.
import type { EntityType } from './catalogue'

export type { HitType } from '../search-query'

/** What a hit's parent is: an entity, or (for a memo on a code) a code. */
export type HitParentType = EntityType | 'code'

export interface SearchHit {
  type: import('../search-query').HitType
  /** The case, report, survey, organisation, section, fact or survey value the hit points to. */
  id: string
  title: string
  snippet: string
  /** UTF-16 ranges in `snippet` of the matched words, for highlighting. */
  highlights: [number, number][]
  score: number
  /** For a section, fact or value: the report, case, survey or organisation it belongs to. */
  parentId?: string
  parentTitle?: string
  /** Set whenever parentId is: what the parent is, so the hit knows which page to open. */
  parentType?: HitParentType
  /** For a highlight: the section or fact it sits in (absent for a summary). */
  textId?: string
}

export interface SearchResponse {
  query: string
  total: number
  hits: SearchHit[]
  /** Hits per type over all matches, not only the returned ones. */
  groups: { type: import('../search-query').HitType; count: number }[]
  /** Parts of the query that could not be used, as typed, each with the reason. */
  ignored: { part: string; reason: string }[]
}

/** Loading or building the search index: shown as progress until `phase` is 'ready'. */
export interface SearchStatus {
  /** `library`: documents of the library are being indexed again (an older project, a new analysis). */
  phase: 'loading' | 'building' | 'saving' | 'library' | 'ready'
  done: number
  total: number
}
