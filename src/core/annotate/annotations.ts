// The researcher's work as one service: codebook, highlights, memos, the notes view, undo/redo and the
// author's name. One History per open atlas: undo reaches back across the whole session.
import { THEMES, UI_LANGUAGES, type CodeNode, type NoteEntry, type NotesFilter, type NotesSort, type Preferences, type Theme, type UiLanguage } from '../../shared/domain'
import { transaction } from '../db/changes'
import { History } from '../db/history'
import {
  authorName,
  languagePreference,
  orientationSeenPreference,
  setAuthorName,
  setLanguagePreference,
  setOrientationSeenPreference,
  setThemePreference,
  themePreference,
} from '../db/meta'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { createCodebook } from './codes'
import { createHighlights } from './highlights'
import { createMemos } from './memos'

export function createAnnotations(db: AtlasDatabase) {
  const history = new History(db)
  const preferences = (): Preferences => {
    const language = languagePreference(db)
    const theme = themePreference(db)
    return {
      author: authorName(db),
      language: (UI_LANGUAGES as readonly string[]).includes(language ?? '') ? (language as UiLanguage) : null,
      theme: (THEMES as readonly string[]).includes(theme ?? '') ? (theme as Theme) : 'system',
      orientationSeen: orientationSeenPreference(db),
    }
  }
  const author = (): string => {
    const name = preferences().author
    if (!name) throw new UserError('annotate.authorMissing')
    return name
  }
  const codebook = createCodebook(db, history)
  const highlights = createHighlights(db, history, codebook, author)
  const memos = createMemos(db, history, author)

  function descendants(ids: string[]): Set<string> {
    const out = new Set<string>()
    const visit = (nodes: CodeNode[], inside: boolean): void => {
      for (const n of nodes) {
        const hit = inside || ids.includes(n.id)
        if (hit) out.add(n.id)
        visit(n.children, hit)
      }
    }
    visit(codebook.tree(), false)
    return out
  }

  const codedWith = db.prepare('SELECT highlight_id FROM highlight_codes WHERE code_id = ?').pluck()
  function highlightsCodedWith(codes: Set<string>): Set<string> {
    const ids = new Set<string>()
    for (const code of codes) for (const id of codedWith.all(code) as string[]) ids.add(id)
    return ids
  }

  function notes(filter: NotesFilter = {}, sort: NotesSort = 'created-desc'): NoteEntry[] {
    const codeSet = filter.codeIds?.length
      ? filter.includeChildren === false
        ? new Set(filter.codeIds)
        : descendants(filter.codeIds)
      : null
    const inDates = (iso: string): boolean =>
      (!filter.from || iso.slice(0, 10) >= filter.from) && (!filter.to || iso.slice(0, 10) <= filter.to)
    const entries: NoteEntry[] = []
    if (filter.kind !== 'memo') {
      // Rows are filtered before they become highlights: building one reads its text and its codes, which at
      // 50,000 highlights took seconds for every filter change when all of them were built first.
      const coded = codeSet ? highlightsCodedWith(codeSet) : null
      const rows = (filter.entityId ? highlights.rowsOfEntity(filter.entityId) : highlights.all()).filter(
        (r) =>
          (!coded || coded.has(r.id)) &&
          (!filter.targetId || r.target_id === filter.targetId) &&
          (!filter.author || r.author === filter.author) &&
          (!filter.status || r.status === filter.status) &&
          inDates(r.created_at),
      )
      for (const h of highlights.toHighlights(rows)) {
        if (filter.entityId && h.entityId !== filter.entityId) continue
        entries.push({ kind: 'highlight', highlight: h })
      }
    }
    if (filter.kind !== 'highlight' && !filter.targetId && !filter.status) {
      for (const m of memos.all().map(memos.toMemo)) {
        if (codeSet && !(m.target.type === 'code' && m.target.id && codeSet.has(m.target.id))) continue
        if (filter.entityId && m.target.id !== filter.entityId) continue
        if (filter.author && m.author !== filter.author) continue
        if (!inDates(m.createdAt)) continue
        entries.push({ kind: 'memo', memo: m })
      }
    }
    const created = (e: NoteEntry): string => (e.kind === 'highlight' ? e.highlight.createdAt : e.memo.createdAt)
    const updated = (e: NoteEntry): string => (e.kind === 'highlight' ? e.highlight.updatedAt : e.memo.updatedAt)
    // Place order: by case or report name, then highlights in text order, then memos.
    const place = (e: NoteEntry): [string, number, string, number] =>
      e.kind === 'highlight'
        ? [e.highlight.entityName, 0, e.highlight.target.id, e.highlight.start]
        : [e.memo.targetName, 1, e.memo.id, 0]
    const byPlace = (a: NoteEntry, b: NoteEntry): number => {
      const [an, ak, at, as] = place(a)
      const [bn, bk, bt, bs] = place(b)
      return an.localeCompare(bn, 'sv') || ak - bk || at.localeCompare(bt) || as - bs
    }
    const compare: Record<NotesSort, (a: NoteEntry, b: NoteEntry) => number> = {
      'created-desc': (a, b) => created(b).localeCompare(created(a)),
      'created-asc': (a, b) => created(a).localeCompare(created(b)),
      'updated-desc': (a, b) => updated(b).localeCompare(updated(a)),
      place: byPlace,
    }
    return entries.sort(compare[sort])
  }

  return {
    history,
    codebook,
    highlights,
    memos,
    notes,
    preferences,
    /** Saves the preferences given; those left out keep their value. */
    setPreferences(change: { author?: string; language?: UiLanguage; theme?: Theme; orientationSeen?: boolean }): Preferences {
      transaction(db, () => {
        if (change.author !== undefined) {
          const clean = change.author.trim()
          if (!clean) throw new UserError('annotate.authorMissing')
          setAuthorName(db, clean)
        }
        if (change.language !== undefined) setLanguagePreference(db, change.language)
        if (change.theme !== undefined) setThemePreference(db, change.theme)
        if (change.orientationSeen !== undefined) setOrientationSeenPreference(db, change.orientationSeen)
      })
      return preferences()
    },
  }
}

export type Annotations = ReturnType<typeof createAnnotations>
