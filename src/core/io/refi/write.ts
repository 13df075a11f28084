// REFI-QDA import, second half: a ParsedProject (parse.ts) written into the database in one transaction, through
// the db/ modules — or, on any problem, nothing at all.
//
// What becomes what:
// - Codes join the codebook: a code is the same as an existing one when its GUID is the one this app exports
//   for that code (then the file's colour and description win, the old description is quoted in a remark),
//   or else when it has the same name under the same parent (then it keeps its own); otherwise it is created.
// - Each text source becomes an own document (an own report with one section holding the normalised text,
//   provenance in document_files as 'refi-qda'), so reading, search and comparison treat it like any report.
// - Selections become highlights, their positions mapped from the file's code points to the normalised text;
//   codings become the highlight's codes, notes on a selection (or its codings) its note.
// - Cases are matched to the atlas's cases (initiatives and programmes) by this app's GUID, else by name;
//   unmatched ones become own initiatives. Their variables become case_attributes, except values the atlas
//   already holds for a matched case (municipality code, county, start year, …), which are not duplicated.
//   A case's SourceRefs relate it to the imported documents, so its highlights count for it.
// - Notes on a code become code memos, on a source memos on that document, on the project (or on nothing)
//   project memos — unless their description names a case, report, survey or organisation of the atlas in
//   the form this app exports ("Memo om fallet ”…”"), which puts the memo back there.
// - Users give the highlights and memos their authors.
// The import is not undoable step by step (it is one action on many tables); it writes nothing but new rows,
// apart from the colour and description of matched codes, and every such change is named in `remarks`.
import { randomUUID } from 'node:crypto'
import { createAnchor } from '../../../shared/anchor'
import type { MemoTargetType, RefiImportResult } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import { CODE_PALETTE } from '../../annotate/codes'
import { insertCode, updateCode } from '../../db/codes'
import type { WritableDB } from '../../db/connection'
import { insertDocument } from '../../db/documents'
import { attributeValue, insertOwnEntity, relate, setAttribute } from '../../db/entities'
import { insertHighlight } from '../../db/highlights'
import { writeWithoutHistory, type Writer } from '../../db/history'
import { insertMemo } from '../../db/memos'
import { authorName } from '../../db/meta'
import { createCaseVariables } from '../export/places'
import { MEMO_ABOUT } from './export'
import { guidFor } from './guid'
import type { ParsedCode, ParsedProject } from './parse'

export type QdpxImportResult = RefiImportResult

const iso = (value: string | null, fallback: string): string => {
  if (!value) return fallback
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? fallback : d.toISOString()
}

function normaliseColor(value: string | null, index: number): string {
  const v = value?.trim().toLowerCase() ?? ''
  if (/^#[0-9a-f]{6}$/.test(v)) return v
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`
  return CODE_PALETTE[index % CODE_PALETTE.length]!
}

/**
 * Writes the codes of a parsed codebook; returns GUID → code id. Runs inside the caller's transaction.
 * A code matched by its GUID is the same code in a newer state: the file's colour and description win, and
 * the remark keeps the old description. A code matched only by name keeps its own; the file's description
 * fills an empty one, or is quoted in a remark.
 */
function writeCodes(w: Writer, codes: ParsedCode[], now: string, counts: { created: number; merged: number }, remarks: string[]): Map<string, string> {
  type Row = { id: string; name: string; color: string; description: string }
  const db = w.db
  const existing = db.prepare('SELECT id, name, color, description FROM codes').all() as Row[]
  const byGuid = new Map(existing.map((c) => [guidFor('code', c.id), c]))
  const q = {
    byName: db.prepare('SELECT id, name, color, description FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)'),
    exists: db.prepare('SELECT 1 FROM codes WHERE id = ?'),
    total: db.prepare('SELECT count(*) AS n FROM codes'),
  }
  const map = new Map<string, string>()
  const walk = (list: ParsedCode[], parentId: string | null): void => {
    for (const c of list) {
      const description = c.description.trim()
      const same = byGuid.get(c.guid)
      const named = same ? undefined : (q.byName.get(parentId, c.name) as Row | undefined)
      let id: string
      if (same) {
        id = same.id
        counts.merged++
        const color = c.color ? normaliseColor(c.color, 0) : same.color
        if (color !== same.color || description !== same.description) {
          updateCode(w, id, { color, description }, now)
          if (description !== same.description && same.description) {
            remarks.push(message('refiImport.remarks.descriptionReplaced', { name: same.name, previous: same.description }))
          }
        }
      } else if (named) {
        id = named.id
        counts.merged++
        if (!named.description && description) updateCode(w, id, { description }, now)
        else if (description && description !== named.description) {
          remarks.push(message('refiImport.remarks.descriptionKept', { name: named.name, description }))
        }
      } else {
        id = q.exists.get(c.guid) ? randomUUID() : c.guid
        insertCode(w, { id, parentId, name: c.name, color: normaliseColor(c.color, (q.total.get() as { n: number }).n), description }, now)
        counts.created++
      }
      map.set(c.guid, id)
      walk(c.children, id)
    }
  }
  walk(codes, null)
  return map
}

const MEMO_PATTERN = new RegExp(`^Memo om (${Object.values(MEMO_ABOUT).join('|')}) ”([\\s\\S]*)”$`)

/** Writes a parsed project in one transaction; `fileName` is kept as the documents' provenance. */
export function writeProject(db: WritableDB, p: ParsedProject, options: { fileName: string; now: string }): QdpxImportResult {
  const { fileName, now } = options
  const fallbackAuthor = authorName(db) ?? message('refiImport.unknownAuthor')
  const author = (guid: string | null): string => (guid ? p.users.get(guid) : undefined) ?? fallbackAuthor
  const result: QdpxImportResult = {
    documents: 0,
    codes: { created: 0, merged: 0 },
    highlights: 0,
    memos: 0,
    cases: { matched: 0, created: 0 },
    attributes: 0,
    remarks: [],
    unchanged: { documents: 0, highlights: 0, memos: 0 },
  }
  const caseVariables = createCaseVariables(db)

  const q = {
    highlightExists: db.prepare('SELECT 1 FROM highlights WHERE id = ?'),
    onlySection: db.prepare(`SELECT id, text_hash AS hash FROM sections WHERE report_id = ? ORDER BY position LIMIT 1`),
    cases: db.prepare(`SELECT id, name FROM entities WHERE type IN ('initiative','programme')`),
    memoExists: db.prepare('SELECT 1 FROM memos WHERE id = ?'),
    entityByName: db.prepare('SELECT id FROM entities WHERE type IN (SELECT value FROM json_each(?)) AND lower(name) = lower(?) ORDER BY origin LIMIT 1'),
    codeByName: db.prepare('SELECT id FROM codes WHERE lower(name) = lower(?) LIMIT 1'),
  }

  writeWithoutHistory(db, (w) => {
    const codeIds = writeCodes(w, p.codes, now, result.codes, result.remarks)

    // Sources → own documents; selections → highlights.
    const documentOf = new Map<string, string>()
    const usedAsHighlightNote = new Set<string>()
    for (const s of p.sources) {
      // Identity is the GUID: the document keeps its source's GUID in its id (as documents imported one by one
      // have own-doc-<uuid>), so importing the same project again finds it instead of adding a copy.
      const id = `own-doc-${s.guid}`
      let section = q.onlySection.get(id) as { id: string; hash: string } | undefined
      if (section) {
        result.unchanged.documents++
      } else {
        ;[section] = insertDocument(
          db,
          {
            id,
            title: s.name,
            summary: s.description.trim(),
            sections: [{ heading: s.name, text: s.text }],
            file: { name: fileName, format: 'refi-qda', sha256: s.sha256, bytes: s.bytes },
          },
          now,
        ).sections
        result.documents++
      }
      documentOf.set(s.guid, id)
      for (const sel of s.selections) {
        sel.noteRefs.forEach((g) => usedAsHighlightNote.add(g))
        if (q.highlightExists.get(sel.guid)) {
          result.unchanged.highlights++
          continue
        }
        const anchor = createAnchor(s.text, sel.start, sel.end)
        const noteParts = [sel.description.trim(), ...sel.noteRefs.map((g) => p.notes.get(g)?.text.trim() ?? '')].filter(Boolean)
        const created = iso(sel.created, now)
        insertHighlight(w, {
          id: sel.guid,
          target: { type: 'section', id: section!.id },
          anchor,
          hash: section!.hash,
          note: [...new Set(noteParts)].join('\n\n'),
          author: author(sel.user),
          codeIds: sel.codeGuids.map((g) => codeIds.get(g)!),
          created,
          updated: iso(sel.modified, created),
        })
        result.highlights++
      }
    }

    // Cases and their variables.
    const existingCases = q.cases.all() as { id: string; name: string }[]
    const caseByGuid = new Map(existingCases.map((c) => [guidFor('case', c.id), c.id]))
    for (const c of p.cases) {
      let id = caseByGuid.get(c.guid) ?? existingCases.find((e) => e.name.toLowerCase() === c.name.toLowerCase())?.id
      if (id) {
        result.cases.matched++
      } else {
        id = `own-case-${randomUUID()}`
        insertOwnEntity(db, { id, type: 'initiative', name: c.name, summary: c.description.trim() }, now)
        result.cases.created++
      }
      const atlas = new Map(caseVariables.atlasVariables(id).map((v) => [v.name, v.value]))
      for (const v of c.values) {
        const variable = p.variables.get(v.variableGuid)!
        if (atlas.get(variable.name) === v.value) continue
        const existing = attributeValue(db, id, variable.name)
        if (existing !== null) {
          if (existing !== v.value) {
            result.remarks.push(
              message('refiImport.remarks.variableKept', { case: c.name, variable: variable.name, value: existing, fileValue: v.value }),
            )
          }
          continue
        }
        setAttribute(db, id, { name: variable.name, value: v.value, type: variable.type }, now)
        result.attributes++
      }
      for (const ref of c.sourceRefs) {
        const doc = documentOf.get(ref)
        if (doc) relate(db, id, doc)
      }
    }

    // Notes that are not a highlight's note become memos.
    const placed = new Map<string, { type: MemoTargetType; id: string | null }>()
    const flatCodes = (list: ParsedCode[]): ParsedCode[] => list.flatMap((c) => [c, ...flatCodes(c.children)])
    for (const c of flatCodes(p.codes)) for (const g of c.noteRefs) if (!placed.has(g)) placed.set(g, { type: 'code', id: codeIds.get(c.guid)! })
    for (const s of p.sources) for (const g of s.noteRefs) if (!placed.has(g)) placed.set(g, { type: 'report', id: documentOf.get(s.guid)! })
    const projectRefs = new Set(p.projectNoteRefs)
    for (const n of p.notes.values()) {
      let target = placed.get(n.guid)
      if (!target && usedAsHighlightNote.has(n.guid) && !projectRefs.has(n.guid)) continue
      let title = n.name
      if (!target) {
        target = { type: 'project', id: null }
        const about = MEMO_PATTERN.exec(n.description.trim())
        if (about) {
          const type = (Object.entries(MEMO_ABOUT).find(([, word]) => word === about[1])?.[0] ?? 'project') as keyof typeof MEMO_ABOUT
          const name = about[2]!
          const found =
            type === 'code'
              ? (q.codeByName.get(name) as { id: string } | undefined)
              : (q.entityByName.get(JSON.stringify(type === 'case' ? ['initiative', 'programme'] : [type]), name) as { id: string } | undefined)
          if (found) target = { type, id: found.id }
          else {
            title = title || n.description.trim()
            result.remarks.push(message('refiImport.remarks.memoAboutMissing', { memo: n.name || n.description, about: about[1]!, name }))
          }
        }
      }
      if (q.memoExists.get(n.guid)) {
        result.unchanged.memos++
        continue
      }
      const created = iso(n.created, now)
      insertMemo(w, {
        id: n.guid,
        target,
        title,
        body: n.text,
        author: author(n.user),
        created,
        updated: iso(n.modified, created),
      })
      result.memos++
    }
    // Named from the project, so a second import of the same project finds it.
    const descriptionId = guidFor('memo', `project-description:${p.name}:${p.description}`)
    if (p.description.trim() && !q.memoExists.get(descriptionId)) {
      insertMemo(w, {
        id: descriptionId,
        target: { type: 'project', id: null },
        title: `Projektbeskrivning: ${p.name}`,
        body: p.description,
        author: fallbackAuthor,
        created: now,
      })
      result.memos++
    }
  })
  return result
}

/** Writes a parsed codebook (.qdc) into the codebook, in one transaction. */
export function writeCodebook(db: WritableDB, codes: ParsedCode[], now: string): { codes: { created: number; merged: number }; remarks: string[] } {
  const counts = { created: 0, merged: 0 }
  const remarks: string[] = []
  writeWithoutHistory(db, (w) => void writeCodes(w, codes, now, counts, remarks))
  return { codes: counts, remarks }
}
