// The researcher's work as one service: codebook, highlights, memos, the notes view, undo/redo and the
// author's name. One History per open atlas: undo reaches back across the whole session.
import {
  THEMES,
  UI_LANGUAGES,
  type CodeNode,
  type Memo,
  type NoteEntity,
  type NoteEntry,
  type NotesFilter,
  type NotesPage,
  type NotesSort,
  type Preferences,
  type Theme,
  type UiLanguage,
} from '../../shared/domain'
import { onChange, transaction } from '../db/changes'
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
import { highlightEntitySql, OF_ENTITY } from '../db/highlights'
import type { AtlasDatabase } from '../db/open'
import { UserError } from '../errors'
import { inProcessReads, type Reads } from '../reads/reads'
import type { Writes } from '../writes/writes'
import { createCodebook } from './codes'
import { createHighlights, type HighlightRow } from './highlights'
import { createMemos } from './memos'

/**
 * `reads` runs the heavy read of the notes view's choices, `writes` the large writes (deleting or merging a code
 * with thousands of highlights): in the app, in its read and write workers. Without `writes` they run on `db`;
 * the module that runs them is loaded then, at the first such write: the exports read annotations, and the
 * writes import the REFI-QDA reader, which imports the exports.
 */
export function createAnnotations(db: AtlasDatabase, reads: Reads = inProcessReads({ db }), writes?: Writes) {
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
  let here: Promise<Writes> | null = null
  const writesFor = (): Promise<Writes> => (writes ? Promise.resolve(writes) : (here ??= import('../writes/writes').then((m) => m.inProcessWrites({ db }))))
  const codebook = createCodebook(db, history, writesFor)
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
    visit(codebook.tree({ counted: false }), false)
    return out
  }

  // A highlight's case or report (db/highlights.ts), for the notes in the order of their places.
  const entity = highlightEntitySql(db)
  const ENTITY_OF = entity.of
  const WITH_ENTITY = entity.from
  // Ties keep the order highlights were made in (rowid), as the whole list always had them.
  const ORDER: Record<Exclude<NotesSort, 'place'>, string> = {
    'created-desc': 'h.created_at DESC, h.rowid',
    'created-asc': 'h.created_at, h.rowid',
    'updated-desc': 'h.updated_at DESC, h.rowid',
  }
  // Only the filters set become conditions, so SQLite leaves out the joins no condition needs and reads the
  // newest or oldest page straight from an index on the times. One statement per shape of filter, kept.
  const CONDITIONS = {
    coded: 'h.id IN (SELECT highlight_id FROM highlight_codes WHERE code_id IN (SELECT value FROM json_each(@coded)))',
    targetId: 'h.target_id = @targetId',
    author: 'h.author = @author',
    status: 'h.status = @status',
    from: 'substr(h.created_at, 1, 10) >= @from',
    to: 'substr(h.created_at, 1, 10) <= @to',
    // The entity's own texts through the indexes (db/highlights.ts).
    entityId: OF_ENTITY,
  } as const
  type Params = Partial<Record<keyof typeof CONDITIONS, string>>
  const statements = new Map<string, ReturnType<typeof db.prepare>>()
  function highlightQuery(what: 'count' | NotesSort, params: Params): ReturnType<typeof db.prepare> {
    const set = (Object.keys(CONDITIONS) as (keyof typeof CONDITIONS)[]).filter((k) => params[k] !== undefined)
    const key = `${what}:${set.join(',')}`
    let statement = statements.get(key)
    if (!statement) {
      const where = set.length ? `WHERE ${set.map((k) => CONDITIONS[k]).join(' AND ')}` : ''
      // The joins that name a highlight's entity, only where the entity is listed.
      const from = what === 'place' ? WITH_ENTITY : 'FROM highlights h'
      statement =
        what === 'count'
          ? db.prepare(`SELECT count(*) ${from} ${where}`).pluck()
          : what === 'place'
            ? db.prepare(`SELECT h.id, h.target_id AS targetId, h.start_cp AS start, ${ENTITY_OF} AS entityId ${from} ${where} ORDER BY h.rowid`)
            : db.prepare(`SELECT h.* ${from} ${where} ORDER BY ${ORDER[what]} LIMIT @limit`)
      statements.set(key, statement)
    }
    return statement
  }
  const q = {
    rows: db.prepare('SELECT * FROM highlights WHERE id IN (SELECT value FROM json_each(?))'),
    anyHighlight: db.prepare('SELECT EXISTS (SELECT 1 FROM highlights)').pluck(),
    entities: db.prepare('SELECT id, name, type FROM entities'),
  }
  const collator = new Intl.Collator('sv')
  const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

  // The filter's choices (every entity and author with notes) change only when notes or names do: read once
  // per change, not per page, by `reads` (in the app, its read worker: one pass over every highlight). Only the
  // notes view asks for them, so only its service listens for changes (an export's short-lived one never does).
  let choices: { entities: NoteEntity[]; authors: string[] } | null = null
  let changed = 0
  let listening = false
  async function noteChoices(allMemos: Memo[]): Promise<{ entities: NoteEntity[]; authors: string[] }> {
    if (choices) return choices
    if (!listening) {
      listening = true
      onChange(db, (changes) => {
        if (changes.some((c) => c.kind === 'highlights' || c.kind === 'memos' || c.kind === 'entities' || c.kind === 'replaced')) {
          choices = null
          changed += 1
        }
      })
    }
    const asked = changed
    const fromHighlights = await reads.highlightChoices()
    const entityById = new Map((q.entities.all() as NoteEntity[]).map((e) => [e.id, e]))
    const entities = new Map<string, NoteEntity>()
    for (const id of fromHighlights.entityIds) entities.set(id, entityById.get(id) ?? { id, name: id, type: 'report' })
    const authors = new Set(fromHighlights.authors)
    for (const m of allMemos) {
      authors.add(m.author)
      if (m.target.id && m.target.type !== 'code' && m.target.type !== 'project' && !entities.has(m.target.id)) {
        entities.set(m.target.id, entityById.get(m.target.id) ?? { id: m.target.id, name: m.targetName, type: m.target.type })
      }
    }
    const found = {
      entities: [...entities.values()].sort((a, b) => collator.compare(a.name, b.name)),
      authors: [...authors].sort(collator.compare),
    }
    // A change while the worker read makes this answer the last of its kind: the next page reads again.
    if (asked === changed) choices = found
    return found
  }

  /**
   * The first `limit` notes the filter finds, in order, and how many it finds. The highlights are filtered,
   * counted and ordered in SQL, so only those shown are built; memos are few and built whole.
   */
  function selectNotes(filter: NotesFilter, sort: NotesSort, limit: number): { entries: NoteEntry[]; total: number; allMemos: Memo[] } {
    const codeSet = filter.codeIds?.length
      ? filter.includeChildren === false
        ? new Set(filter.codeIds)
        : descendants(filter.codeIds)
      : null
    const inDates = (iso: string): boolean =>
      (!filter.from || iso.slice(0, 10) >= filter.from) && (!filter.to || iso.slice(0, 10) <= filter.to)
    const allMemos = memos.all().map(memos.toMemo)
    const params: Params = Object.fromEntries(
      Object.entries({
        coded: codeSet ? JSON.stringify([...codeSet]) : undefined,
        targetId: filter.targetId,
        author: filter.author,
        status: filter.status,
        from: filter.from,
        to: filter.to,
        entityId: filter.entityId,
      }).filter(([, value]) => value !== undefined),
    )
    const sqlLimit = Number.isFinite(limit) ? limit : -1

    const chosenMemos: Memo[] = []
    if (filter.kind !== 'highlight' && !filter.targetId && !filter.status) {
      for (const m of allMemos) {
        if (codeSet && !(m.target.type === 'code' && m.target.id && codeSet.has(m.target.id))) continue
        if (filter.entityId && m.target.id !== filter.entityId) continue
        if (filter.author && m.author !== filter.author) continue
        if (!inDates(m.createdAt)) continue
        chosenMemos.push(m)
      }
    }

    let highlightCount: number
    let entries: NoteEntry[]
    if (sort === 'place') {
      type Key = { kind: 'highlight'; id: string; name: string; targetId: string; start: number } | { kind: 'memo'; memo: Memo }
      const keys: Key[] = []
      if (filter.kind !== 'memo') {
        const names = new Map((q.entities.all() as NoteEntity[]).map((e) => [e.id, e.name]))
        for (const k of highlightQuery('place', params).all(params) as { id: string; targetId: string; start: number; entityId: string }[]) {
          keys.push({ kind: 'highlight', id: k.id, name: names.get(k.entityId) ?? k.entityId, targetId: k.targetId, start: k.start })
        }
      }
      highlightCount = keys.length
      for (const memo of chosenMemos) keys.push({ kind: 'memo', memo })
      // By the name of what a note is about (names ranked once: 50,000 keys are not collated pair by pair), then
      // highlights in text order, then memos.
      const name = (k: Key): string => (k.kind === 'highlight' ? k.name : k.memo.targetName)
      const rank = new Map([...new Set(keys.map(name))].sort(collator.compare).map((n, i) => [n, i]))
      const place = (k: Key): [number, number, string, number] =>
        k.kind === 'highlight' ? [rank.get(k.name)!, 0, k.targetId, k.start] : [rank.get(k.memo.targetName)!, 1, k.memo.id, 0]
      keys.sort((a, b) => {
        const [an, ak, at, as] = place(a)
        const [bn, bk, bt, bs] = place(b)
        return an - bn || ak - bk || byString(at, bt) || as - bs
      })
      const shown = keys.slice(0, limit)
      const wanted = shown.flatMap((k) => (k.kind === 'highlight' ? [k.id] : []))
      const built = new Map(highlights.toHighlights(q.rows.all(JSON.stringify(wanted)) as HighlightRow[]).map((h) => [h.id, h]))
      entries = shown.map((k): NoteEntry => (k.kind === 'highlight' ? { kind: 'highlight', highlight: built.get(k.id)! } : { kind: 'memo', memo: k.memo }))
    } else {
      const rows = filter.kind === 'memo' ? [] : (highlightQuery(sort, params).all({ ...params, limit: sqlLimit }) as HighlightRow[])
      highlightCount = filter.kind === 'memo' ? 0 : Number.isFinite(limit) ? (highlightQuery('count', params).get(params) as number) : rows.length
      const time = (e: NoteEntry): string => {
        const note = e.kind === 'highlight' ? e.highlight : e.memo
        return sort === 'updated-desc' ? note.updatedAt : note.createdAt
      }
      const newestFirst = sort !== 'created-asc'
      // Both lists are in order; merged with highlights first on equal times, as one stable sort would have it.
      const hs: NoteEntry[] = highlights.toHighlights(rows).map((highlight) => ({ kind: 'highlight', highlight }))
      const ms: NoteEntry[] = chosenMemos.map((memo): NoteEntry => ({ kind: 'memo', memo }))
      ms.sort((a, b) => (newestFirst ? byString(time(b), time(a)) : byString(time(a), time(b))))
      entries = []
      let i = 0
      let j = 0
      while (entries.length < limit && (i < hs.length || j < ms.length)) {
        const takeMemo = i >= hs.length || (j < ms.length && (newestFirst ? time(ms[j]!) > time(hs[i]!) : time(ms[j]!) < time(hs[i]!)))
        entries.push(takeMemo ? ms[j++]! : hs[i++]!)
      }
    }
    return { entries, total: highlightCount + chosenMemos.length, allMemos }
  }

  /** The notes view's page: the first `limit` entries, how many the filter finds, and the filter's choices. */
  async function notesPage(filter: NotesFilter = {}, sort: NotesSort = 'created-desc', limit = Number.POSITIVE_INFINITY): Promise<NotesPage> {
    const { entries, total, allMemos } = selectNotes(filter, sort, limit)
    return { entries, total, any: (q.anyHighlight.get() as number) === 1 || allMemos.length > 0, ...(await noteChoices(allMemos)) }
  }

  /** Every note the filter finds, in order (the CLI, the exports, a target's memos). */
  function notes(filter: NotesFilter = {}, sort: NotesSort = 'created-desc'): NoteEntry[] {
    return selectNotes(filter, sort, Number.POSITIVE_INFINITY).entries
  }

  return {
    history,
    codebook,
    highlights,
    memos,
    notes,
    notesPage,
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
