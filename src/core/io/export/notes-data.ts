// The researcher's notes gathered once for every export format: highlights with their place, memos, and
// what the title page says (project, author, date, corpus version).
import type { Highlight, Memo, NotesFilter } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import { createAnnotations } from '../../annotate/annotations'
import { loadedCorpusVersion } from '../../corpus/load'
import type { AtlasDatabase } from '../../db/open'
import { createPlaces, type TextPlace } from './places'
import { swedishDate } from './swedish'

export interface PlacedHighlight {
  highlight: Highlight
  place: TextPlace
}

export interface NotesData {
  project: string
  /** The researcher whose name is set in the app, or null. */
  author: string | null
  /** ISO time the export was made. */
  exportedAt: string
  corpusVersion: string
  highlights: PlacedHighlight[]
  memos: Memo[]
  /** The filter the notes were chosen by, in words for the title page; empty when everything is included. */
  selection: string[]
}

export interface CollectOptions {
  filter?: NotesFilter
  /** The project's name on the title page and in file metadata; default "Innovationsatlas". */
  project?: string
  now?: Date
}

export function collectNotes(db: AtlasDatabase, options: CollectOptions = {}): NotesData {
  const annotations = createAnnotations(db)
  const places = createPlaces(db)
  const entries = annotations.notes(options.filter ?? {}, 'place')
  const highlights: PlacedHighlight[] = []
  const memos: Memo[] = []
  for (const e of entries) {
    if (e.kind === 'highlight') {
      const h = e.highlight
      highlights.push({ highlight: h, place: places.place(h.target, h.entityId, h.entityName) })
    } else {
      memos.push(e.memo)
    }
  }
  return {
    selection: describeFilter(db, options.filter ?? {}),
    project: options.project?.trim() || 'Innovationsatlas',
    author: annotations.preferences().author,
    exportedAt: (options.now ?? new Date()).toISOString(),
    corpusVersion: loadedCorpusVersion(db) ?? '',
    highlights,
    memos,
  }
}

/** The filter in words: "koden Pilot med underkoder", "Idéslussar i Kiruna", "kodare Åsa Öberg", "från 1 december 2026". */
function describeFilter(db: AtlasDatabase, filter: NotesFilter): string[] {
  const parts: string[] = []
  const codeName = db.prepare('SELECT name FROM codes WHERE id = ?')
  for (const id of filter.codeIds ?? []) {
    const name = (codeName.get(id) as { name: string } | undefined)?.name ?? id
    parts.push(message(filter.includeChildren ? 'pdf.filter.codeWithChildren' : 'pdf.filter.code', { name }))
  }
  if (filter.entityId) {
    const name = (db.prepare('SELECT name FROM entities WHERE id = ?').get(filter.entityId) as { name: string } | undefined)?.name ?? filter.entityId
    parts.push(message('pdf.filter.entity', { name }))
  }
  if (filter.author) parts.push(message('pdf.filter.author', { name: filter.author }))
  if (filter.from) parts.push(message('pdf.filter.from', { date: swedishDate(filter.from) }))
  if (filter.to) parts.push(message('pdf.filter.to', { date: swedishDate(filter.to) }))
  return parts
}

/** A code's path as one string, e.g. "Innovationens fas / Pilot". */
export const codePath = (path: string[]): string => path.join(' / ')

/** Several codes in one cell, e.g. "Innovationens fas / Pilot | Medarbetarnas idéer". */
export const CODE_SEPARATOR = ' | '
