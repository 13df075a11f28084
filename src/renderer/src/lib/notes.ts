// Pure helpers for the notes view: where a highlight or memo sits, the address that opens it there, and
// which reports still need their section headings. No DOM and no i18n lookups: unit-tested as plain functions.
import type { Highlight, Memo, NoteEntry } from '../../../shared/domain'
import { entityHref, href } from './routes'

/** A highlight's place in the text: the report section, the fact or the summary it was made in. */
export function highlightHref(h: Pick<Highlight, 'target' | 'entityId' | 'entityType'>): string {
  const entity = { id: h.entityId, type: h.entityType }
  switch (h.target.type) {
    case 'section':
      return h.entityType === 'report' ? href.section(h.entityId, h.target.id) : entityHref(entity)
    case 'fact':
      return href.fact(entity, h.target.id)
    case 'summary':
      return entityHref(entity)
  }
}

/** The page a memo is about; the notes view's project memos for a project memo. */
export function memoHref(memo: Pick<Memo, 'target'>): string {
  const { type, id } = memo.target
  if (type === 'project' || !id) return href.notes()
  switch (type) {
    case 'case':
      return href.case(id)
    case 'report':
      return href.report(id)
    case 'survey':
      return href.survey(id)
    case 'organisation':
      return href.organisation(id)
    case 'code':
      return href.codebook(id)
  }
}

export function noteHref(entry: NoteEntry): string {
  return entry.kind === 'highlight' ? highlightHref(entry.highlight) : memoHref(entry.memo)
}

export interface PlaceLabels {
  facts: string
  summary: string
}

/**
 * "Att stärka innovationsförmågan › Struktur och kultur". Section headings are not part of a Highlight, so the
 * caller passes those it has looked up; without one, the entity's name alone.
 */
export function highlightPlace(h: Highlight, headings: ReadonlyMap<string, string>, labels: PlaceLabels): string {
  const part =
    h.target.type === 'section' ? headings.get(h.target.id) : h.target.type === 'fact' ? labels.facts : labels.summary
  return part ? `${h.entityName} › ${part}` : h.entityName
}

/** Reports whose section headings a list of notes needs to name its places. */
export function reportsToName(entries: NoteEntry[], known: ReadonlyMap<string, string>): string[] {
  const ids = new Set<string>()
  for (const e of entries) {
    if (e.kind !== 'highlight') continue
    const h = e.highlight
    if (h.target.type === 'section' && h.entityType === 'report' && !known.has(h.target.id)) ids.add(h.entityId)
  }
  return [...ids]
}
