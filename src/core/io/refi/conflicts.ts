// Identity is the GUID: a thing in the file whose GUID the project already holds is the same thing. When its
// content is the same, a second import leaves it alone; when it differs, that is a conflict the researcher
// decides (keep mine, take theirs, keep both) before anything is written — never a silent overwrite.
import type { ConflictChoice, RefiConflict } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import { preorder, walkTree } from '../../../shared/tree'
import type { ReadableDB } from '../../db/connection'
import { guidFor } from './guid'
import type { ParsedCode, ParsedProject, ParsedSelection } from './parse'

/** A highlight's note as an import writes it: the selection's description, then the notes it refers to. */
export function noteOf(p: ParsedProject, sel: ParsedSelection): string {
  const parts = [sel.description.trim(), ...sel.noteRefs.map((g) => p.notes.get(g)?.text.trim() ?? '')].filter(Boolean)
  return [...new Set(parts)].join('\n\n')
}

interface CodeRow {
  id: string
  name: string
  color: string
  description: string
}

/** The project's codes by the GUID they carry in exports (their id when it is one, else a name-based GUID). */
export function codesByGuid(db: ReadableDB): Map<string, CodeRow> {
  const rows = db.prepare('SELECT id, name, color, description FROM codes').all() as CodeRow[]
  return new Map(rows.map((c) => [guidFor('code', c.id), c]))
}

/** The GUID a "keep both" copy takes: derived, so importing the same file again finds the copy. */
export const copyGuid = (kind: 'code' | 'source' | 'selection' | 'memo', guid: string): string => guidFor(kind, `${guid}:copy`)

export function choiceFor(conflicts: Map<string, RefiConflict>, guid: string, choices: ResolvedChoices): ConflictChoice | null {
  return conflicts.has(guid) ? (choices.byGuid?.[guid] ?? choices.all) : null
}

export interface ResolvedChoices {
  all: ConflictChoice
  byGuid?: Record<string, ConflictChoice>
}

/** File code GUID → the project's code it will land on, matched as the import matches: GUID, then name. */
function existingCodeIds(db: ReadableDB, list: ParsedCode[]): Map<string, string> {
  const byGuid = codesByGuid(db)
  const byName = db.prepare('SELECT id FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)')
  const out = new Map<string, string>()
  walkTree<ParsedCode, string | null>(list, null, (c, parentId) => {
    const id = byGuid.get(c.guid)?.id ?? (byName.get(parentId, c.name) as { id: string } | undefined)?.id ?? null
    if (id) out.set(c.guid, id)
    return id ?? c.guid
  })
  return out
}

const short = (text: string, max = 80): string => {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

/** Codes in the file whose GUID the codebook holds with another name, colour or description. */
export function findCodeConflicts(db: ReadableDB, list: ParsedCode[]): RefiConflict[] {
  const out: RefiConflict[] = []
  const codes = codesByGuid(db)
  for (const c of preorder(list)) {
    const mine = codes.get(c.guid)
    if (!mine) continue
    const color = c.color?.trim().toLowerCase()
    const differs = mine.name !== c.name || (color && /^#[0-9a-f]{6}$/.test(color) && color !== mine.color) || c.description.trim() !== mine.description
    if (differs) {
      const show = (name: string, col: string, description: string): string => short([name, col, description].filter(Boolean).join(' · '))
      out.push({ kind: 'code', guid: c.guid, name: mine.name, mine: show(mine.name, mine.color, mine.description), theirs: show(c.name, color ?? '', c.description.trim()) })
    }
  }
  return out
}

export function findConflicts(db: ReadableDB, p: ParsedProject): RefiConflict[] {
  const out = findCodeConflicts(db, p.codes)
  const codeIds = existingCodeIds(db, p.codes)
  const codeIdOf = (guid: string): string => codeIds.get(guid) ?? guid

  const q = {
    section: db.prepare(`SELECT s.id, s.text FROM sections s WHERE s.report_id = ? ORDER BY s.position LIMIT 1`),
    entity: db.prepare('SELECT name FROM entities WHERE id = ?'),
    highlight: db.prepare('SELECT start_cp AS start, end_cp AS end, exact, note FROM highlights WHERE id = ?'),
    codesOf: db.prepare('SELECT code_id FROM highlight_codes WHERE highlight_id = ? ORDER BY code_id'),
    memo: db.prepare('SELECT title, body FROM memos WHERE id = ?'),
    deleted: db.prepare(`SELECT deleted_at FROM deletions WHERE kind = 'highlight' AND id = ?`).pluck(),
    deletedMemo: db.prepare(`SELECT deleted_at FROM deletions WHERE kind = 'memo' AND id = ?`).pluck(),
  }
  for (const s of p.sources) {
    const section = q.section.get(`own-doc-${s.guid}`) as { id: string; text: string } | undefined
    const textDiffers = section !== undefined && section.text !== s.text
    if (textDiffers) {
      const name = (q.entity.get(`own-doc-${s.guid}`) as { name: string }).name
      const words = (t: string): string => message('refiImport.conflictText', { count: [...t].length, start: short(t, 60) })
      out.push({ kind: 'document', guid: s.guid, name, mine: words(section.text), theirs: words(s.text) })
    }
    for (const sel of s.selections) {
      const mine = q.highlight.get(sel.guid) as { start: number; end: number; exact: string; note: string } | undefined
      if (!mine) {
        // Deleted here, still in the file: it comes back only if the researcher says so.
        const deletedAt = q.deleted.get(sel.guid) as string | undefined
        if (deletedAt) {
          const quote = s.text.slice(sel.start, sel.end)
          out.push({
            kind: 'highlight',
            guid: sel.guid,
            name: short(quote, 60),
            mine: message('refiImport.deletedHere', { date: deletedAt.slice(0, 10) }),
            theirs: short(message('refiImport.conflictHighlight', { quote: short(quote, 40), count: sel.codeGuids.length })),
          })
        }
        continue
      }
      const myCodes = (q.codesOf.all(sel.guid) as { code_id: string }[]).map((r) => r.code_id)
      const theirCodes = sel.codeGuids.map(codeIdOf).sort()
      const theirQuote = s.text.slice(sel.start, sel.end)
      const note = noteOf(p, sel)
      // Positions are compared through the quote: a document whose text differs moves every position.
      const differs = mine.exact !== theirQuote || myCodes.join() !== theirCodes.join() || mine.note !== note
      if (differs) {
        const show = (quote: string, codeCount: number, n: string): string =>
          short(message('refiImport.conflictHighlight', { quote: short(quote, 40), count: codeCount }) + (n ? ` · ${n}` : ''))
        out.push({ kind: 'highlight', guid: sel.guid, name: short(mine.exact, 60), mine: show(mine.exact, myCodes.length, mine.note), theirs: show(theirQuote, theirCodes.length, note) })
      }
    }
  }

  // Deleted there, still here: it goes only if the researcher says so (their file holds no selection for it).
  for (const [guid, deletedAt] of p.deletedThere ?? []) {
    const mine = q.highlight.get(guid) as { exact: string; note: string } | undefined
    const memo = mine ? undefined : (q.memo.get(guid) as { title: string; body: string } | undefined)
    if (memo) {
      out.push({ kind: 'memo', guid, name: memo.title || short(memo.body, 40), mine: short(memo.body), theirs: message('refiImport.deletedThere', { date: deletedAt.slice(0, 10) }) })
      continue
    }
    if (!mine) continue
    const myCodes = q.codesOf.all(guid).length
    out.push({
      kind: 'highlight',
      guid,
      name: short(mine.exact, 60),
      mine: short(message('refiImport.conflictHighlight', { quote: short(mine.exact, 40), count: myCodes }) + (mine.note ? ` · ${mine.note}` : '')),
      theirs: message('refiImport.deletedThere', { date: deletedAt.slice(0, 10) }),
    })
  }

  for (const n of p.notes.values()) {
    const mine = q.memo.get(n.guid) as { title: string; body: string } | undefined
    // A memo deleted here, still in the file: it comes back only if the researcher says so.
    const deletedAt = mine ? undefined : (q.deletedMemo.get(n.guid) as string | undefined)
    if (deletedAt) {
      out.push({ kind: 'memo', guid: n.guid, name: n.name || short(n.text, 40), mine: message('refiImport.deletedHere', { date: deletedAt.slice(0, 10) }), theirs: short(n.text) })
      continue
    }
    if (!mine || mine.body === n.text) continue
    out.push({ kind: 'memo', guid: n.guid, name: mine.title || short(mine.body, 40), mine: short(mine.body), theirs: short(n.text) })
  }
  return out
}
