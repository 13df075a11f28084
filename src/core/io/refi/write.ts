// REFI-QDA import, second half: a ParsedProject (parse.ts) written into the database in one transaction, through
// the db/ modules — or, on any problem, nothing at all.
//
// What becomes what:
// - Identity is the GUID. A code, document, selection or note whose GUID the project holds with the same
//   content is left alone (counted in `unchanged`); with other content it is a conflict (conflicts.ts),
//   settled by the researcher's choice: keep mine, take theirs, or keep both (theirs as a copy beside mine).
// - Codes join the codebook: the same GUID is the same code; else the same name under the same parent is
//   (it keeps its own description); otherwise the code is created with the file's GUID as its id.
// - Each text source becomes an own document (an own report with one section holding the normalised text,
//   provenance in document_files as 'refi-qda'), so reading, search and comparison treat it like any report.
// - Selections become highlights, their positions mapped from the file's code points to the normalised text;
//   codings become the highlight's codes, notes on a selection (or its codings) its note.
// - Cases are matched to the atlas's cases (initiatives and programmes) by this app's GUID, else by name;
//   unmatched ones become own initiatives (own-case-<GUID>); the GUID is remembered for the export. Their variables become case_attributes, except values the atlas
//   already holds for a matched case (municipality code, county, start year, …), which are not duplicated.
//   A case's SourceRefs relate it to the imported documents, so its highlights count for it.
// - Notes on a code become code memos, on a source memos on that document, on the project (or on nothing)
//   project memos — unless their description names a case, report, survey or organisation of the atlas in
//   the form this app exports ("Memo om fallet ”…”"), which puts the memo back there.
// - Users give the highlights and memos their authors; their GUIDs, the variables' and those of notes that
//   became part of a highlight are remembered (db/exchange-ids.ts), so an export gives them back.
// Every row goes through the caller's writer, so in the app the whole import is one undo step (the documents,
// cases, attributes and exchange GUIDs included); it changes existing rows only where the researcher chose
// "take theirs", and re-anchoring afterwards (with the same writer) places highlights in changed texts.
import { randomUUID } from 'node:crypto'
import { createAnchor } from '../../../shared/anchor'
import { MAX_CODE_DEPTH, type ConflictChoice, type MemoTargetType, type RefiImportResult } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import { preorder, walkTree } from '../../../shared/tree'
import { CODE_PALETTE } from '../../annotate/codes'
import { codeDepth, insertCode, updateCode } from '../../db/codes'
import type { ReadableDB } from '../../db/connection'
import { deletionRows } from '../../db/deletions'
import { insertDocument, replaceOwnSectionText } from '../../db/documents'
import { attributeValue, insertOwnEntity, relate, setAttribute } from '../../db/entities'
import { exchangeGuids, rememberGuid } from '../../db/exchange-ids'
import { deleteHighlight, insertHighlight, reattachHighlight, updateHighlight } from '../../db/highlights'
import { type Writer } from '../../db/history'
import { deleteMemo, insertMemo, updateMemo } from '../../db/memos'
import { authorName } from '../../db/meta'
import { UserError } from '../../errors'
import { textHash } from '../../text'
import { createCaseVariables } from '../export/places'
import { choiceFor, codesByGuid, copyGuid, findCodeConflicts, findConflicts, noteOf, type ResolvedChoices } from './conflicts'
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
 * A code matched by its GUID is the same code: when its content differs, `decide` says whose wins (or that
 * the file's becomes a copy beside it). A code matched only by name keeps its own; the file's description
 * fills an empty one, or is quoted in a remark.
 */
function writeCodes(
  w: Writer,
  codes: ParsedCode[],
  options: { now: string; fileName: string; decide: (guid: string) => ConflictChoice | null },
  counts: { created: number; merged: number },
  remarks: string[],
): Map<string, string> {
  type Row = { id: string; name: string; color: string; description: string }
  const { now, decide } = options
  const db = w.db
  const byGuid = codesByGuid(db)
  const q = {
    byName: db.prepare('SELECT id, name, color, description FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)'),
    exists: db.prepare('SELECT 1 FROM codes WHERE id = ?'),
    total: db.prepare('SELECT count(*) AS n FROM codes'),
  }
  // The file's tree was checked on reading, but its codes may land under a code the project already has deep
  // down (matched by GUID or name): the depth counted here is the one the codebook ends up with.
  const create = (id: string, parentId: string | null, depth: number, c: ParsedCode, name: string): void => {
    if (depth > MAX_CODE_DEPTH) throw new UserError('refi.codesTooDeep', { file: options.fileName, limit: MAX_CODE_DEPTH })
    insertCode(w, { id, parentId, name, color: normaliseColor(c.color, (q.total.get() as { n: number }).n), description: c.description.trim() }, now)
    counts.created++
  }
  const map = new Map<string, string>()
  // Each code before its children (a child is written under its parent's id), without recursion.
  walkTree<ParsedCode, { id: string | null; depth: number }>(codes, { id: null, depth: 0 }, (c, parent) => {
    const parentId = parent.id
    let depth = parent.depth + 1
    const description = c.description.trim()
    const same = byGuid.get(c.guid)
    const named = same ? undefined : (q.byName.get(parentId, c.name) as Row | undefined)
    let id: string
    if (same) {
      const choice = decide(c.guid)
      if (choice === 'both') {
        id = copyGuid('code', c.guid)
        if (!q.exists.get(id)) create(id, parentId, depth, c, message('refiImport.theirCopy', { name: c.name, file: options.fileName }))
      } else {
        id = same.id
        // The same code stays where the project has it, which may be elsewhere in the tree.
        depth = codeDepth(db, id)
        counts.merged++
        if (choice === 'theirs') updateCode(w, id, { name: c.name, color: c.color ? normaliseColor(c.color, 0) : same.color, description }, now)
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
      create(id, parentId, depth, c, c.name)
    }
    map.set(c.guid, id)
    return { id, depth }
  })
  return map
}

const MEMO_PATTERN = new RegExp(`^Memo om (${Object.values(MEMO_ABOUT).join('|')}) ”([\\s\\S]*)”$`)

/**
 * Writes a parsed project with the caller's writer, whose transaction makes it all or nothing (an undo step
 * in the app, writeWithoutHistory elsewhere); `fileName` is kept as the documents' provenance.
 */
export function writeProject(
  w: Writer,
  p: ParsedProject,
  options: { fileName: string; now: string; choices?: ResolvedChoices; matchByText?: boolean },
): QdpxImportResult {
  const db = w.db
  const { fileName, now } = options
  // Conflicts are found again inside the write, against what the database holds at this moment.
  const conflicts = new Map(findConflicts(db, p).map((c) => [c.guid, c]))
  const choices = options.choices ?? { all: 'mine' }
  const choice = (guid: string): ConflictChoice | null => choiceFor(conflicts, guid, choices)
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
    conflicts: { mine: 0, theirs: 0, both: 0 },
  }
  const resolved = (guid: string): ConflictChoice | null => {
    const c = choice(guid)
    if (c) result.conflicts[c]++
    return c
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

  for (const [guid, name] of p.users) rememberGuid(w, 'user', name, guid)
  const codeIds = writeCodes(w, p.codes, { now, fileName, decide: resolved }, result.codes, result.remarks)

  // Sources → own documents; selections → highlights.
  const documentOf = new Map<string, string>()
  const usedAsHighlightNote = new Set<string>()
  const sectionOfSource = sectionsBySourceGuid(db)
  const byText = sectionsByText(db)
  for (const s of p.sources) {
    // A section this project sent out as a source (a bundled report's section, a section of a longer
    // document) comes back to that section: its GUID is derived from the section's id. A colleague's coding
    // of the atlas's reports lands on the reports, not on a copy; the project's text stays, and selections
    // whose text differs are placed by their quote when the import re-anchors.
    // Not known by its GUID (another tool gave the document a new one)? The same text in the project is the
    // same document, unless the researcher chose otherwise in the preview.
    const sameText = sectionOfSource.has(s.guid) || q.onlySection.get(`own-doc-${s.guid}`) || options.matchByText === false ? undefined : byText.get(textHash(s.text))
    if (sameText) result.remarks.push(message('refiImport.matchedByText', { source: s.name, document: sameText.name }))
    const known = sectionOfSource.get(s.guid) ?? sameText
    if (known) {
      result.unchanged.documents++
      documentOf.set(s.guid, known.reportId)
      placeSelections(s, { id: known.id, hash: textHash(s.text) }, false)
      continue
    }
    // Identity is the GUID: the document keeps its source's GUID in its id (as documents imported one by one
    // have own-doc-<uuid>), so importing the same project again finds it instead of adding a copy.
    const documentChoice = resolved(s.guid)
    const copy = documentChoice === 'both'
    const id = `own-doc-${copy ? copyGuid('source', s.guid) : s.guid}`
    let section = q.onlySection.get(id) as { id: string; hash: string } | undefined
    if (section && documentChoice === 'theirs') {
      section = { id: section.id, hash: replaceOwnSectionText(w, id, section.id, s.text) }
    } else if (section) {
      result.unchanged.documents++
    } else {
      const title = copy ? message('refiImport.theirCopy', { name: s.name, file: fileName }) : s.name
      ;[section] = insertDocument(
        w,
        {
          id,
          title,
          summary: s.description.trim(),
          sections: [{ heading: title, text: s.text }],
          file: { name: fileName, format: 'refi-qda', sha256: s.sha256, bytes: s.bytes },
        },
        now,
      ).sections
      result.documents++
    }
    // Where the document keeps my text, the file's selections are placed by their quote (re-anchoring after
    // the import moves them into my text, or keeps them as orphans with their quote).
    const hash = documentChoice === 'mine' ? textHash(s.text) : section!.hash
    documentOf.set(s.guid, id)
    placeSelections(s, { id: section!.id, hash }, copy)
  }

  /** The source's selections as highlights in `section` (`hash`: the text the positions count in). */
  function placeSelections(s: (typeof p.sources)[number], section: { id: string; hash: string }, copy: boolean): void {
    const hash = section.hash
    for (const sel of s.selections) {
      sel.noteRefs.forEach((g) => usedAsHighlightNote.add(g))
      const note = noteOf(p, sel)
      const place = { target: { type: 'section' as const, id: section.id }, anchor: createAnchor(s.text, sel.start, sel.end), hash }
      const selectionChoice = copy ? 'both' : resolved(sel.guid)
      const highlightId = selectionChoice === 'both' ? copyGuid('selection', sel.guid) : sel.guid
      if (q.highlightExists.get(highlightId)) {
        if (selectionChoice === 'theirs') {
          reattachHighlight(w, highlightId, place)
          updateHighlight(w, highlightId, { note, codeIds: sel.codeGuids.map((g) => codeIds.get(g)!) })
        } else if (selectionChoice === null || copy) {
          result.unchanged.highlights++
        }
        continue
      }
      // A highlight deleted here and kept deleted ("mine"): the file's copy is not written.
      if (selectionChoice === 'mine') continue
      const created = iso(sel.created, now)
      // Inserting clears a deletion record by trigger; undoing the import must give it back as it was.
      w.snapshot(deletionRows, { kind: 'highlight', id: highlightId })
      insertHighlight(w, {
        id: highlightId,
        ...place,
        note,
        author: author(sel.user),
        codeIds: sel.codeGuids.map((g) => codeIds.get(g)!),
        created,
        updated: iso(sel.modified, created),
      })
      // A note the selection pointed to is now part of the highlight; its GUID goes back out with it.
      if (sel.noteRefs.length === 1 && !sel.description.trim()) rememberGuid(w, 'highlight-note', highlightId, sel.noteRefs[0]!)
      result.highlights++
    }
  }

  // Highlights and memos the colleague deleted that are still here: taking theirs deletes them here too (one
  // undo step with the rest); keeping mine, or both, leaves them.
  for (const guid of p.deletedThere?.keys() ?? []) {
    const conflict = conflicts.get(guid)
    if (!conflict || resolved(guid) !== 'theirs') continue
    if (conflict.kind === 'memo') deleteMemo(w, guid)
    else deleteHighlight(w, guid)
  }

  // Cases and their variables.
  const existingCases = q.cases.all() as { id: string; name: string }[]
  const caseByGuid = new Map(existingCases.map((c) => [guidFor('case', c.id), c.id]))
  for (const [localId, guid] of exchangeGuids(db, 'case')) caseByGuid.set(guid, localId)
  for (const c of p.cases) {
    let id = caseByGuid.get(c.guid) ?? existingCases.find((e) => e.name.toLowerCase() === c.name.toLowerCase())?.id
    if (id) {
      result.cases.matched++
    } else {
      id = `own-case-${c.guid}`
      insertOwnEntity(w, { id, type: 'initiative', name: c.name, summary: c.description.trim() }, now)
      result.cases.created++
    }
    rememberGuid(w, 'case', id, c.guid)
    // A second Case with the same GUID in the file is the same case (found fuzzing: it was created twice).
    caseByGuid.set(c.guid, id)
    const atlas = new Map(caseVariables.atlasVariables(id).map((v) => [v.name, v.value]))
    for (const v of c.values) {
      const variable = p.variables.get(v.variableGuid)!
      rememberGuid(w, 'variable', variable.name, v.variableGuid)
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
      setAttribute(w, id, { name: variable.name, value: v.value, type: variable.type }, now)
      result.attributes++
    }
    for (const ref of c.sourceRefs) {
      const doc = documentOf.get(ref)
      if (doc) relate(w, id, doc)
    }
  }

  // Notes that are not a highlight's note become memos.
  const placed = new Map<string, { type: MemoTargetType; id: string | null }>()
  for (const c of preorder(p.codes)) for (const g of c.noteRefs) if (!placed.has(g)) placed.set(g, { type: 'code', id: codeIds.get(c.guid)! })
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
    const memoChoice = resolved(n.guid)
    const memoId = memoChoice === 'both' ? copyGuid('memo', n.guid) : n.guid
    if (q.memoExists.get(memoId)) {
      if (memoChoice === 'theirs') updateMemo(w, memoId, { body: n.text, ...(title ? { title } : {}) })
      else if (memoChoice === null) result.unchanged.memos++
      continue
    }
    // A memo deleted here and kept deleted ("mine"): the file's copy is not written.
    if (memoChoice === 'mine') continue
    const created = iso(n.created, now)
    // Inserting clears a deletion record by trigger; undoing the import must give it back as it was.
    w.snapshot(deletionRows, { kind: 'memo', id: memoId })
    insertMemo(w, {
      id: memoId,
      target,
      title,
      body: n.text,
      author: author(n.user),
      created,
      updated: iso(n.modified, created),
    })
    result.memos++
  }
  // Named from the project, so a second import of the same project finds it — and one the researcher deleted
  // stays deleted.
  const descriptionId = guidFor('memo', `project-description:${p.name}:${p.description}`)
  if (p.description.trim() && !q.memoExists.get(descriptionId) && !deletionRows.read(db, { kind: 'memo', id: descriptionId })) {
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
  return result
}

/** Writes a parsed codebook (.qdc) into the codebook, with the caller's writer (one transaction). */
export function writeCodebook(
  w: Writer,
  codes: ParsedCode[],
  options: { now: string; fileName: string; choices?: ResolvedChoices },
): { codes: { created: number; merged: number }; remarks: string[] } {
  const counts = { created: 0, merged: 0 }
  const remarks: string[] = []
  const conflicts = new Map(findCodeConflicts(w.db, codes).map((c) => [c.guid, c]))
  const decide = (guid: string): ConflictChoice | null => choiceFor(conflicts, guid, options.choices ?? { all: 'mine' })
  writeCodes(w, codes, { now: options.now, fileName: options.fileName, decide }, counts, remarks)
  return { codes: counts, remarks }
}

/**
 * Every section of the project by the GUID it leaves with as a REFI-QDA source (export.ts derives it from the
 * section's id), so that a source coming back is recognised as the section it was.
 */
export function sectionsBySourceGuid(db: ReadableDB): Map<string, { id: string; reportId: string }> {
  const rows = db.prepare('SELECT id, report_id AS reportId FROM sections').all() as { id: string; reportId: string }[]
  return new Map(rows.map((r) => [guidFor('source', `section:${r.id}`), r]))
}

/** Every section of the project by the hash of its text, with its document's name: the first of equals. */
export function sectionsByText(db: ReadableDB): Map<string, { id: string; reportId: string; name: string }> {
  const rows = db.prepare('SELECT s.id, s.report_id AS reportId, s.text_hash AS hash, e.name FROM sections s JOIN entities e ON e.id = s.report_id ORDER BY e.origin DESC, s.report_id, s.position').all() as {
    id: string
    reportId: string
    hash: string
    name: string
  }[]
  const out = new Map<string, { id: string; reportId: string; name: string }>()
  for (const r of rows) if (!out.has(r.hash)) out.set(r.hash, { id: r.id, reportId: r.reportId, name: r.name })
  return out
}
