// REFI-QDA import, in two steps: `inspectQdpx` reads the whole file and says what it holds and what cannot
// be carried over (picture, PDF, audio and video sources, graphs, sets, links, …) before anything is written;
// `importQdpx` reads it again the same way and writes everything in one transaction — or, on any problem,
// nothing at all. Every problem names the file and what is wrong with it.
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
import { createHash, randomUUID } from 'node:crypto'
import { createAnchor } from '../../../shared/anchor'
import { CODE_PALETTE } from '../../annotate/codes'
import type { AtlasDatabase } from '../../db/open'
import { textHash } from '../../text'
import { createCaseVariables } from '../export/places'
import type { ValueType } from '../export/types'
import { MEMO_ABOUT } from './export'
import { guidFor, isGuid, normaliseGuid } from './guid'
import { normaliseWithPositions } from './positions'
import { attr, child, children, parseXml, textOf, UnsafeXmlError, type XmlNode } from './xml'
import { readZip, ZipError } from './zip'

export class RefiImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RefiImportError'
  }
}

interface ParsedCode {
  guid: string
  name: string
  color: string | null
  description: string
  noteRefs: string[]
  children: ParsedCode[]
}

interface ParsedSelection {
  guid: string
  start: number
  end: number
  codeGuids: string[]
  noteRefs: string[]
  description: string
  user: string | null
  created: string | null
  modified: string | null
}

interface ParsedSource {
  guid: string
  name: string
  description: string
  text: string
  sha256: string
  bytes: number
  selections: ParsedSelection[]
  noteRefs: string[]
}

interface ParsedCase {
  guid: string
  name: string
  description: string
  values: { variableGuid: string; value: string }[]
  sourceRefs: string[]
}

interface ParsedNote {
  guid: string
  name: string
  description: string
  text: string
  user: string | null
  created: string | null
  modified: string | null
}

interface ParsedProject {
  name: string
  description: string
  users: Map<string, string>
  codes: ParsedCode[]
  variables: Map<string, { name: string; type: ValueType }>
  cases: ParsedCase[]
  sources: ParsedSource[]
  notes: Map<string, ParsedNote>
  projectNoteRefs: string[]
  unsupported: string[]
}

export interface QdpxSummary {
  codes: number
  sources: number
  selections: number
  notes: number
  cases: number
}

export interface QdpxInspection {
  summary: QdpxSummary
  /** What will not be carried over, in Swedish, one line each (e.g. "3 bildkällor (PictureSource) tas inte med"). */
  unsupported: string[]
}

export interface QdpxImportResult {
  documents: number
  codes: { created: number; merged: number }
  highlights: number
  memos: number
  cases: { matched: number; created: number }
  attributes: number
  /** Things read but placed differently than the file asked, or left out, in Swedish. */
  remarks: string[]
}

const VALUE_TYPES: ValueType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime']
const VALUE_ELEMENTS = ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue']

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

function guidOf(node: XmlNode): string {
  const g = attr(node, 'guid')
  return g && isGuid(g) ? normaliseGuid(g) : randomUUID()
}

const refs = (node: XmlNode | undefined, name: string): string[] =>
  children(node, name).flatMap((r) => {
    const g = attr(r, 'targetGUID')
    return g ? [normaliseGuid(g)] : []
  })

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    // Strips a BOM: positions count from the first character of the text.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new RefiImportError(`${what} är inte UTF-8-kodad text.`)
  }
}

function parseCodes(nodes: XmlNode[]): ParsedCode[] {
  return nodes.map((n) => ({
    guid: guidOf(n),
    name: (attr(n, 'name') ?? '').trim() || 'Namnlös kod',
    color: attr(n, 'color') ?? null,
    description: textOf(child(n, 'Description')),
    noteRefs: refs(n, 'NoteRef'),
    children: parseCodes(children(n, 'Code')),
  }))
}

function countCodes(codes: ParsedCode[]): number {
  return codes.reduce((n, c) => n + 1 + countCodes(c.children), 0)
}

function allCodeGuids(codes: ParsedCode[], out = new Set<string>()): Set<string> {
  for (const c of codes) {
    out.add(c.guid)
    allCodeGuids(c.children, out)
  }
  return out
}

/** Reads and checks a .qdpx completely; throws RefiImportError naming the file and the problem. */
function readProject(bytes: Uint8Array, fileName: string): ParsedProject {
  let files: Map<string, Uint8Array>
  try {
    files = readZip(bytes, fileName, (name) => name === 'project.qde' || /^sources\/[^/]+$/i.test(name))
  } catch (error) {
    if (error instanceof ZipError) throw new RefiImportError(error.message)
    throw error
  }
  const qde = files.get('project.qde')
  if (!qde) throw new RefiImportError(`${fileName}: project.qde saknas. En REFI-QDA-projektfil (.qdpx) ska innehålla project.qde överst i arkivet.`)
  let root: XmlNode
  try {
    root = parseXml(decodeUtf8(qde, `${fileName}: project.qde`), `${fileName}: project.qde`)
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw new RefiImportError(error.message)
    throw error
  }
  const project = child(root, 'Project')
  if (!project) throw new RefiImportError(`${fileName}: project.qde är inget REFI-QDA-projekt (rotelementet ska vara Project).`)
  const sourceFiles = new Map<string, Uint8Array>()
  for (const [name, data] of files) if (name !== 'project.qde') sourceFiles.set(name.slice('sources/'.length).toLowerCase(), data)

  const unsupported: string[] = []
  const note = (n: number, one: string, many: string, rest: string): void => {
    if (n > 0) unsupported.push(`${plural(n, one, many)} ${rest}`)
  }

  const users = new Map<string, string>()
  for (const u of children(child(project, 'Users'), 'User')) users.set(guidOf(u), attr(u, 'name')?.trim() || attr(u, 'id')?.trim() || 'Okänd användare')

  const codes = parseCodes(children(child(child(project, 'CodeBook'), 'Codes'), 'Code'))
  const codeGuids = allCodeGuids(codes)

  const variables = new Map<string, { name: string; type: ValueType }>()
  for (const v of children(child(project, 'Variables'), 'Variable')) {
    const type = attr(v, 'typeOfVariable') as ValueType | undefined
    variables.set(guidOf(v), { name: (attr(v, 'name') ?? '').trim() || 'Namnlös variabel', type: type && VALUE_TYPES.includes(type) ? type : 'Text' })
  }

  /** The text of a TextSource or Note: inline, or a file inside the archive. Null when it lives elsewhere. */
  const textOfSource = (node: XmlNode, what: string): { text: string; bytes: Uint8Array } | null => {
    const inline = child(node, 'PlainTextContent')
    if (inline) {
      const text = textOf(inline)
      return { text, bytes: Buffer.from(text, 'utf8') }
    }
    const path = attr(node, 'plainTextPath')
    if (!path) return null
    const internal = /^internal:\/\/(.+)$/i.exec(path.trim())
    if (!internal) return null
    const data = sourceFiles.get(internal[1]!.toLowerCase())
    if (!data) throw new RefiImportError(`${fileName}: ${what} hänvisar till ${path}, men sources/${internal[1]} saknas i arkivet.`)
    return { text: decodeUtf8(data, `${fileName}: sources/${internal[1]}`), bytes: data }
  }

  const sourcesNode = child(project, 'Sources')
  const sources: ParsedSource[] = []
  let external = 0
  let emptySelections = 0
  let unknownCodings = 0
  let sourceVariables = 0
  for (const s of children(sourcesNode, 'TextSource')) {
    const name = (attr(s, 'name') ?? '').trim() || 'Namnlös källa'
    const what = `källan "${name}"`
    const content = textOfSource(s, what)
    if (!content) {
      external++
      continue
    }
    sourceVariables += children(s, 'VariableValue').length
    const mapped = normaliseWithPositions(content.text)
    const selections: ParsedSelection[] = []
    const codingsOf = (node: XmlNode): { codes: string[]; notes: string[] } => {
      const codings = children(node, 'Coding')
      const codesHere: string[] = []
      for (const c of codings) {
        const target = refs(c, 'CodeRef')[0]
        if (target && codeGuids.has(target)) codesHere.push(target)
        else unknownCodings++
      }
      return { codes: codesHere, notes: codings.flatMap((c) => refs(c, 'NoteRef')) }
    }
    for (const sel of children(s, 'PlainTextSelection')) {
      const guid = guidOf(sel)
      const start = Number(attr(sel, 'startPosition'))
      const end = Number(attr(sel, 'endPosition'))
      const label = `markeringen ${guid} i ${what}`
      if (!Number.isInteger(start) || !Number.isInteger(end)) {
        throw new RefiImportError(`${fileName}: ${label} saknar giltiga start- och slutpositioner.`)
      }
      if (start < 0 || end < start || end > mapped.originalLength) {
        throw new RefiImportError(
          `${fileName}: ${label} (${start}–${end}) ligger utanför källans text, som är ${mapped.originalLength} tecken lång. Filen importeras inte.`,
        )
      }
      const from = mapped.position(start)
      const to = mapped.position(end)
      if (to <= from) {
        emptySelections++
        continue
      }
      const coded = codingsOf(sel)
      selections.push({
        guid,
        start: from,
        end: to,
        codeGuids: [...new Set(coded.codes)],
        noteRefs: [...refs(sel, 'NoteRef'), ...coded.notes],
        description: textOf(child(sel, 'Description')),
        user: attr(sel, 'creatingUser') ? normaliseGuid(attr(sel, 'creatingUser')!) : null,
        created: attr(sel, 'creationDateTime') ?? null,
        modified: attr(sel, 'modifiedDateTime') ?? null,
      })
    }
    // A coding of a whole source is a selection of all of its text.
    const whole = codingsOf(s)
    if (whole.codes.length > 0 && mapped.length > 0) {
      selections.push({
        guid: guidFor('selection', `${guidOf(s)}:whole`),
        start: 0,
        end: mapped.length,
        codeGuids: [...new Set(whole.codes)],
        noteRefs: whole.notes,
        description: '',
        user: attr(s, 'creatingUser') ? normaliseGuid(attr(s, 'creatingUser')!) : null,
        created: attr(s, 'creationDateTime') ?? null,
        modified: attr(s, 'modifiedDateTime') ?? null,
      })
    }
    sources.push({
      guid: guidOf(s),
      name,
      description: textOf(child(s, 'Description')),
      text: mapped.text,
      sha256: createHash('sha256').update(content.bytes).digest('hex'),
      bytes: content.bytes.length,
      selections,
      noteRefs: refs(s, 'NoteRef'),
    })
  }
  note(children(sourcesNode, 'PictureSource').length, 'bildkälla (PictureSource)', 'bildkällor (PictureSource)', 'tas inte med')
  note(children(sourcesNode, 'PDFSource').length, 'PDF-källa (PDFSource)', 'PDF-källor (PDFSource)', 'tas inte med')
  note(children(sourcesNode, 'AudioSource').length, 'ljudkälla (AudioSource)', 'ljudkällor (AudioSource)', 'tas inte med')
  note(children(sourcesNode, 'VideoSource').length, 'videokälla (VideoSource)', 'videokällor (VideoSource)', 'tas inte med')
  note(external, 'textkälla', 'textkällor', 'utan text i projektfilen (formaterad text eller en fil utanför arkivet) tas inte med')
  note(emptySelections, 'tom markering (start = slut)', 'tomma markeringar (start = slut)', 'tas inte med')
  note(unknownCodings, 'kodning hänvisar', 'kodningar hänvisar', 'till koder som saknas i kodboken och tas inte med')
  note(sourceVariables, 'variabelvärde på en källa', 'variabelvärden på källor', 'tas inte med (bara fall har variabler i Innovationsatlas)')

  const notes = new Map<string, ParsedNote>()
  for (const n of children(child(project, 'Notes'), 'Note')) {
    const guid = guidOf(n)
    const content = textOfSource(n, `anteckningen ${guid}`)
    notes.set(guid, {
      guid,
      name: (attr(n, 'name') ?? '').trim(),
      description: textOf(child(n, 'Description')),
      text: content ? normaliseNote(content.text) : '',
      user: attr(n, 'creatingUser') ? normaliseGuid(attr(n, 'creatingUser')!) : null,
      created: attr(n, 'creationDateTime') ?? null,
      modified: attr(n, 'modifiedDateTime') ?? null,
    })
  }

  const cases: ParsedCase[] = []
  let caseCodings = 0
  let unknownVariables = 0
  for (const c of children(child(project, 'Cases'), 'Case')) {
    caseCodings += children(c, 'CodeRef').length + children(c, 'SelectionRef').length
    const values: ParsedCase['values'] = []
    for (const v of children(c, 'VariableValue')) {
      const ref = refs(v, 'VariableRef')[0]
      const element = VALUE_ELEMENTS.find((e) => child(v, e))
      if (!ref || !variables.has(ref) || !element) {
        unknownVariables++
        continue
      }
      values.push({ variableGuid: ref, value: textOf(child(v, element)).trim() })
    }
    cases.push({
      guid: guidOf(c),
      name: (attr(c, 'name') ?? '').trim() || 'Namnlöst fall',
      description: textOf(child(c, 'Description')),
      values,
      sourceRefs: refs(c, 'SourceRef'),
    })
  }
  note(caseCodings, 'kodning eller markering direkt på ett fall', 'kodningar eller markeringar direkt på fall', 'tas inte med')
  note(unknownVariables, 'variabelvärde', 'variabelvärden', 'utan känd variabel tas inte med')
  note(children(child(project, 'Graphs'), 'Graph').length, 'graf (Graphs)', 'grafer (Graphs)', 'tas inte med')
  note(children(child(project, 'Sets'), 'Set').length, 'mängd (Sets)', 'mängder (Sets)', 'tas inte med')
  note(children(child(project, 'Links'), 'Link').length, 'länk (Links)', 'länkar (Links)', 'mellan objekt tas inte med')

  return {
    name: attr(project, 'name') ?? fileName,
    description: textOf(child(project, 'Description')),
    users,
    codes,
    variables,
    cases,
    sources,
    notes,
    projectNoteRefs: refs(project, 'NoteRef'),
    unsupported,
  }
}

/** Notes keep their wording; only line endings and characters the database never stores are normalised. */
function normaliseNote(text: string): string {
  // eslint-disable-next-line no-control-regex -- as everywhere text enters the database
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').normalize('NFC')
}

export function inspectQdpx(bytes: Uint8Array, fileName = 'projektet.qdpx'): QdpxInspection {
  const p = readProject(bytes, fileName)
  return {
    summary: {
      codes: countCodes(p.codes),
      sources: p.sources.length,
      selections: p.sources.reduce((n, s) => n + s.selections.length, 0),
      notes: p.notes.size,
      cases: p.cases.length,
    },
    unsupported: p.unsupported,
  }
}

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
function writeCodes(db: AtlasDatabase, codes: ParsedCode[], now: string, counts: { created: number; merged: number }, remarks: string[]): Map<string, string> {
  type Row = { id: string; name: string; color: string; description: string }
  const existing = db.prepare('SELECT id, name, color, description FROM codes').all() as Row[]
  const byGuid = new Map(existing.map((c) => [guidFor('code', c.id), c]))
  const q = {
    byName: db.prepare('SELECT id, name, color, description FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)'),
    exists: db.prepare('SELECT 1 FROM codes WHERE id = ?'),
    siblings: db.prepare('SELECT count(*) AS n FROM codes WHERE parent_id IS ?'),
    total: db.prepare('SELECT count(*) AS n FROM codes'),
    update: db.prepare('UPDATE codes SET color = ?, description = ?, updated_at = ? WHERE id = ?'),
    insert: db.prepare(`INSERT INTO codes (id, parent_id, position, name, color, description, created_at, updated_at)
      VALUES (@id, @parent_id, @position, @name, @color, @description, @created_at, @updated_at)`),
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
          q.update.run(color, description, now, id)
          if (description !== same.description && same.description) {
            remarks.push(`Koden "${same.name}" fick beskrivningen från filen; den tidigare var: "${same.description}".`)
          }
        }
      } else if (named) {
        id = named.id
        counts.merged++
        if (!named.description && description) q.update.run(named.color, description, now, id)
        else if (description && description !== named.description) {
          remarks.push(`Koden "${named.name}" finns redan och behöll sin beskrivning; filens beskrivning var: "${description}".`)
        }
      } else {
        id = q.exists.get(c.guid) ? randomUUID() : c.guid
        q.insert.run({
          id,
          parent_id: parentId,
          position: (q.siblings.get(parentId) as { n: number }).n,
          name: c.name,
          color: normaliseColor(c.color, (q.total.get() as { n: number }).n),
          description,
          created_at: now,
          updated_at: now,
        })
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

export function importQdpx(db: AtlasDatabase, bytes: Uint8Array, options: { fileName?: string; now?: Date } = {}): QdpxImportResult {
  const fileName = options.fileName ?? 'projektet.qdpx'
  const p = readProject(bytes, fileName)
  const now = (options.now ?? new Date()).toISOString()
  const fallbackAuthor =
    (db.prepare("SELECT value FROM atlas_meta WHERE key = 'author'").get() as { value: string } | undefined)?.value ?? 'Okänd författare'
  const author = (guid: string | null): string => (guid ? p.users.get(guid) : undefined) ?? fallbackAuthor
  const result: QdpxImportResult = {
    documents: 0,
    codes: { created: 0, merged: 0 },
    highlights: 0,
    memos: 0,
    cases: { matched: 0, created: 0 },
    attributes: 0,
    remarks: [],
  }
  const caseVariables = createCaseVariables(db)

  const q = {
    insertEntity: db.prepare(`INSERT INTO entities (id, type, name, summary, origin, created_at, updated_at)
      VALUES (@id, @type, @name, @summary, 'own', @now, @now)`),
    insertReport: db.prepare('INSERT INTO reports (entity_id) VALUES (?)'),
    insertSection: db.prepare(`INSERT INTO sections (id, report_id, position, heading, text, text_hash, origin)
      VALUES (?, ?, 0, ?, ?, ?, 'own')`),
    insertFile: db.prepare(`INSERT INTO document_files (entity_id, file_name, format, sha256, byte_size, imported_at)
      VALUES (?, ?, 'refi-qda', ?, ?, ?)`),
    highlightExists: db.prepare('SELECT 1 FROM highlights WHERE id = ?'),
    insertHighlight: db.prepare(`INSERT INTO highlights (id, target_type, target_id, start_cp, end_cp, exact, prefix, suffix, text_hash,
      note, author, status, created_at, updated_at) VALUES (@id, 'section', @target_id, @start, @end, @exact, @prefix, @suffix,
      @text_hash, @note, @author, 'anchored', @created_at, @updated_at)`),
    insertCoding: db.prepare('INSERT OR IGNORE INTO highlight_codes (highlight_id, code_id) VALUES (?, ?)'),
    cases: db.prepare(`SELECT id, name FROM entities WHERE type IN ('initiative','programme')`),
    attribute: db.prepare('SELECT value FROM case_attributes WHERE entity_id = ? AND name = ?'),
    insertAttribute: db.prepare(`INSERT INTO case_attributes (entity_id, name, value, value_type, updated_at) VALUES (?, ?, ?, ?, ?)`),
    relate: db.prepare(`INSERT OR IGNORE INTO relations (from_id, to_id, origin) VALUES (?, ?, 'own')`),
    memoExists: db.prepare('SELECT 1 FROM memos WHERE id = ?'),
    insertMemo: db.prepare(`INSERT INTO memos (id, target_type, target_id, title, body, author, created_at, updated_at)
      VALUES (@id, @target_type, @target_id, @title, @body, @author, @created_at, @updated_at)`),
    entityByName: db.prepare('SELECT id FROM entities WHERE type IN (SELECT value FROM json_each(?)) AND lower(name) = lower(?) ORDER BY origin LIMIT 1'),
    codeByName: db.prepare('SELECT id FROM codes WHERE lower(name) = lower(?) LIMIT 1'),
  }

  db.transaction(() => {
    const codeIds = writeCodes(db, p.codes, now, result.codes, result.remarks)

    // Sources → own documents; selections → highlights.
    const documentOf = new Map<string, string>()
    const usedAsHighlightNote = new Set<string>()
    for (const s of p.sources) {
      // The same ids as documents imported one by one (io/documents), and as own cases (own/cases).
      const id = `own-doc-${randomUUID()}`
      q.insertEntity.run({ id, type: 'report', name: s.name, summary: s.description.trim(), now })
      q.insertReport.run(id)
      const sectionId = `${id}#s1`
      const hash = textHash(s.text)
      q.insertSection.run(sectionId, id, s.name, s.text, hash)
      q.insertFile.run(id, fileName, s.sha256, s.bytes, now)
      documentOf.set(s.guid, id)
      result.documents++
      for (const sel of s.selections) {
        const anchor = createAnchor(s.text, sel.start, sel.end)
        const noteParts = [sel.description.trim(), ...sel.noteRefs.map((g) => p.notes.get(g)?.text.trim() ?? '')].filter(Boolean)
        sel.noteRefs.forEach((g) => usedAsHighlightNote.add(g))
        const hid = q.highlightExists.get(sel.guid) ? randomUUID() : sel.guid
        const created = iso(sel.created, now)
        q.insertHighlight.run({
          id: hid,
          target_id: sectionId,
          start: anchor.start,
          end: anchor.end,
          exact: anchor.exact,
          prefix: anchor.prefix,
          suffix: anchor.suffix,
          text_hash: hash,
          note: [...new Set(noteParts)].join('\n\n'),
          author: author(sel.user),
          created_at: created,
          updated_at: iso(sel.modified, created),
        })
        for (const g of sel.codeGuids) q.insertCoding.run(hid, codeIds.get(g)!)
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
        q.insertEntity.run({ id, type: 'initiative', name: c.name, summary: c.description.trim(), now })
        result.cases.created++
      }
      const atlas = new Map(caseVariables.atlasVariables(id).map((v) => [v.name, v.value]))
      for (const v of c.values) {
        const variable = p.variables.get(v.variableGuid)!
        if (atlas.get(variable.name) === v.value) continue
        const existing = q.attribute.get(id, variable.name) as { value: string } | undefined
        if (existing) {
          if (existing.value !== v.value) {
            result.remarks.push(`Fallet "${c.name}" har redan variabeln "${variable.name}" = "${existing.value}"; värdet "${v.value}" från filen skrevs inte.`)
          }
          continue
        }
        q.insertAttribute.run(id, variable.name, v.value, variable.type, now)
        result.attributes++
      }
      for (const ref of c.sourceRefs) {
        const doc = documentOf.get(ref)
        if (doc) q.relate.run(id, doc)
      }
    }

    // Notes that are not a highlight's note become memos.
    const placed = new Map<string, { type: string; id: string | null }>()
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
            result.remarks.push(`Memot "${n.name || n.description}" handlade om något som inte finns i atlasen (${about[1]} ”${name}”) och blev ett projektmemo.`)
          }
        }
      }
      const created = iso(n.created, now)
      q.insertMemo.run({
        id: q.memoExists.get(n.guid) ? randomUUID() : n.guid,
        target_type: target.type,
        target_id: target.id,
        title,
        body: n.text,
        author: author(n.user),
        created_at: created,
        updated_at: iso(n.modified, created),
      })
      result.memos++
    }
    if (p.description.trim()) {
      q.insertMemo.run({
        id: randomUUID(),
        target_type: 'project',
        target_id: null,
        title: `Projektbeskrivning: ${p.name}`,
        body: p.description,
        author: fallbackAuthor,
        created_at: now,
        updated_at: now,
      })
      result.memos++
    }
  }).immediate()
  return result
}

// ── Codebook files (.qdc) ────────────────────────────────────────────────────────────────────────────────

function readCodebook(bytes: Uint8Array, fileName: string): { codes: ParsedCode[]; unsupported: string[] } {
  let root: XmlNode
  try {
    root = parseXml(decodeUtf8(bytes, fileName), fileName)
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw new RefiImportError(error.message)
    throw error
  }
  const book = child(root, 'CodeBook') ?? child(child(root, 'Project'), 'CodeBook')
  if (!book) throw new RefiImportError(`${fileName} är ingen REFI-QDA-kodbok (rotelementet ska vara CodeBook).`)
  const sets = children(child(book, 'Sets'), 'Set').length
  return {
    codes: parseCodes(children(child(book, 'Codes'), 'Code')),
    unsupported: sets ? [`${plural(sets, 'mängd (Sets)', 'mängder (Sets)')} tas inte med`] : [],
  }
}

export function inspectQdc(bytes: Uint8Array, fileName = 'kodbok.qdc'): { summary: { codes: number }; unsupported: string[] } {
  const book = readCodebook(bytes, fileName)
  return { summary: { codes: countCodes(book.codes) }, unsupported: book.unsupported }
}

export function importQdc(
  db: AtlasDatabase,
  bytes: Uint8Array,
  options: { fileName?: string; now?: Date } = {},
): { codes: { created: number; merged: number }; remarks: string[] } {
  const book = readCodebook(bytes, options.fileName ?? 'kodbok.qdc')
  const counts = { created: 0, merged: 0 }
  const remarks: string[] = []
  const now = (options.now ?? new Date()).toISOString()
  db.transaction(() => void writeCodes(db, book.codes, now, counts, remarks)).immediate()
  return { codes: counts, remarks }
}
