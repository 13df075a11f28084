// How search hits are shown and where they lead. Pure functions over the contract's SearchResponse, no DOM.
import type { SearchHit, SearchResponse } from '../../../shared/domain'
import type { HitType } from '../../../shared/search-query'
import { entityHref, href } from './routes'

/** The groups of the results list, in the order a researcher reads them; cases are initiatives and programmes. */
export const HIT_GROUPS = ['case', 'organisation', 'report', 'section', 'document', 'fact', 'survey', 'value', 'note', 'code'] as const
export type HitGroupKey = (typeof HIT_GROUPS)[number]

const GROUP_OF: Record<HitType, HitGroupKey> = {
  initiative: 'case',
  programme: 'case',
  organisation: 'organisation',
  report: 'report',
  section: 'section',
  document: 'document',
  fact: 'fact',
  survey: 'survey',
  value: 'value',
  highlight: 'note',
  memo: 'note',
  code: 'code',
}

export interface HitGroup {
  key: HitGroupKey
  /** Matches of this kind over the whole atlas, not only the hits returned. */
  count: number
  hits: SearchHit[]
}

export function groupHits(response: SearchResponse | null): HitGroup[] {
  if (!response) return []
  const counts = new Map<HitGroupKey, number>()
  for (const g of response.groups) counts.set(GROUP_OF[g.type], (counts.get(GROUP_OF[g.type]) ?? 0) + g.count)
  const hits = new Map<HitGroupKey, SearchHit[]>()
  for (const hit of response.hits) {
    const key = GROUP_OF[hit.type]
    const list = hits.get(key) ?? []
    list.push(hit)
    hits.set(key, list)
  }
  return HIT_GROUPS.flatMap((key): HitGroup[] => {
    const list = hits.get(key) ?? []
    const count = Math.max(counts.get(key) ?? 0, list.length)
    return count > 0 ? [{ key, count, hits: list }] : []
  })
}

export interface TextSegment {
  text: string
  marked: boolean
}

/**
 * The snippet cut into plain and marked runs from its [start, end) UTF-16 ranges. Ranges are clamped, sorted
 * and merged, so overlapping or out-of-range highlights from the core cannot duplicate or drop text.
 */
export function highlightSegments(text: string, highlights: readonly (readonly [number, number])[]): TextSegment[] {
  const ranges = highlights
    .map(([start, end]): [number, number] => [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([range[0], range[1]])
  }
  const segments: TextSegment[] = []
  let at = 0
  for (const [start, end] of merged) {
    if (start > at) segments.push({ text: text.slice(at, start), marked: false })
    segments.push({ text: text.slice(start, end), marked: true })
    at = end
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false })
  return segments
}

/**
 * Where a hit opens. A fact's page depends on what kind of entity it belongs to, which the hit says in
 * `parentType`; without it a fact has no address (null). A note whose parent is a code, or gone, opens the notes.
 */
export function hitHref(hit: SearchHit): string | null {
  const parentType = hit.parentType === 'code' ? null : (hit.parentType ?? null)
  switch (hit.type) {
    case 'initiative':
    case 'programme':
    case 'report':
    case 'survey':
    case 'organisation':
      return entityHref({ id: hit.id, type: hit.type })
    case 'section':
      return hit.parentId ? href.section(hit.parentId, hit.id) : null
    case 'document':
      // A passage opens the document at that section; the document's own record opens the document.
      return hit.parentId ? href.section(hit.parentId, hit.id) : entityHref({ id: hit.id, type: 'report' })
    case 'value':
      return hit.parentId ? href.value(hit.parentId, hit.id) : null
    case 'fact':
      return hit.parentId && parentType ? href.fact({ id: hit.parentId, type: parentType }, hit.id) : null
    case 'code':
      return href.codebook(hit.id)
    case 'highlight':
    case 'memo': {
      if (!hit.parentId || !parentType) return href.notes()
      if (hit.textId?.includes('#s')) return href.section(hit.parentId, hit.textId)
      if (hit.textId?.includes('#f')) return href.fact({ id: hit.parentId, type: parentType }, hit.textId)
      return entityHref({ id: hit.parentId, type: parentType })
    }
  }
}

/** Hits shown per group before a "show more" row, so several kinds of hit fit in the dialog at once. */
export const HITS_PER_GROUP = 3

export type ResultRow =
  | { kind: 'hit'; hit: SearchHit }
  /** Reveals the rest of a group's returned hits. */
  | { kind: 'more'; group: HitGroupKey; hidden: number }

export interface GroupView extends HitGroup {
  rows: ResultRow[]
}

/**
 * The rows the results list shows. With one group there is room for all its hits; with several, each shows its
 * best few and a row to show the rest, unless that would hide a single hit behind a row of its own.
 */
export function groupRows(
  groups: HitGroup[],
  expanded: readonly HitGroupKey[],
  perGroup = HITS_PER_GROUP,
): GroupView[] {
  return groups.map((group) => {
    const all = groups.length === 1 || expanded.includes(group.key) || group.hits.length <= perGroup + 1
    const shown = all ? group.hits : group.hits.slice(0, perGroup)
    const rows: ResultRow[] = shown.map((hit) => ({ kind: 'hit', hit }))
    if (!all) rows.push({ kind: 'more', group: group.key, hidden: group.hits.length - perGroup })
    return { ...group, rows }
  })
}
