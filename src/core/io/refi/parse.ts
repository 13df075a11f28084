// REFI-QDA import, first half: the bytes of a project (.qdpx) or codebook (.qdc) become a typed ParsedProject
// (or ParsedCodebook), checked completely, without touching the database. What cannot be carried over (picture,
// PDF, audio and video sources, graphs, sets, links, …) is listed in `unsupported`; every problem names the file
// and what is wrong with it. write.ts then puts a parsed project into the database.
import { createHash, randomUUID } from 'node:crypto'
import { MAX_CODE_DEPTH } from '../../../shared/domain'
import { message, type sv } from '../../../shared/messages'
import { preorder } from '../../../shared/tree'
import { UserError } from '../../errors'
import type { ValueType } from '../export/types'
import { guidFor, isGuid, normaliseGuid } from './guid'
import { normaliseWithPositions } from './positions'
import { attr, child, children, parseXml, textOf, type XmlNode } from './xml'
import { MAX_WORD_XML_BYTES, megabytes, readZip, wordXmlWithin } from './zip'

export interface ParsedCode {
  guid: string
  name: string
  color: string | null
  description: string
  noteRefs: string[]
  children: ParsedCode[]
}

export interface ParsedSelection {
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

export interface ParsedSource {
  guid: string
  name: string
  description: string
  text: string
  sha256: string
  bytes: number
  selections: ParsedSelection[]
  noteRefs: string[]
}

export interface ParsedCase {
  guid: string
  name: string
  description: string
  values: { variableGuid: string; value: string }[]
  sourceRefs: string[]
}

export interface ParsedNote {
  guid: string
  name: string
  description: string
  text: string
  user: string | null
  created: string | null
  modified: string | null
}

export interface ParsedProject {
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
  /**
   * Highlights and memos the colleague deleted, by GUID, with when: only a colleague's own project file records
   * them (REFI-QDA carries no deletions). One the lead still has is a conflict, "deleted there".
   */
  deletedThere?: Map<string, string>
}

const VALUE_TYPES: ValueType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime']
const VALUE_ELEMENTS = ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue']

type PluralBase<K> = K extends `${infer Base}_${'one' | 'other'}` ? Base : never
/** What an import leaves out, by kind; the catalogue words each one (refiImport.unsupported). */
type UnsupportedKey = PluralBase<keyof (typeof sv)['refiImport']['unsupported']>

/**
 * A name from the file, trimmed and without the control characters the database never stores (a NUL would
 * end the text there for SQLite, and a name of only that was refused by its check as a defect). '' when none.
 */
function nameOf(node: XmlNode, attribute = 'name'): string {
  // eslint-disable-next-line no-control-regex -- as everywhere text enters the database
  return (attr(node, attribute) ?? '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim()
}

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
    throw new UserError('refi.notUtf8', { what })
  }
}

/**
 * The code tree under a <Codes> element. Walked with a stack of its own rather than by recursion, so the
 * depth a file gives its codes never reaches the call stack; a tree deeper than MAX_CODE_DEPTH is refused.
 * Codes come out in document order (each code before its children, siblings in order).
 */
function parseCodes(nodes: XmlNode[], fileName: string): ParsedCode[] {
  const top: ParsedCode[] = []
  const pending: { node: XmlNode; depth: number; into: ParsedCode[] }[] = []
  const later = (list: XmlNode[], depth: number, into: ParsedCode[]): void => {
    // Pushed last to first, so the first sibling is taken first.
    for (let i = list.length - 1; i >= 0; i--) pending.push({ node: list[i]!, depth, into })
  }
  later(nodes, 1, top)
  while (pending.length > 0) {
    const { node, depth, into } = pending.pop()!
    if (depth > MAX_CODE_DEPTH) throw new UserError('refi.codesTooDeep', { file: fileName, limit: MAX_CODE_DEPTH })
    const code: ParsedCode = {
      guid: guidOf(node),
      name: nameOf(node) || message('refiImport.unnamedCode'),
      color: attr(node, 'color') ?? null,
      description: textOf(child(node, 'Description')),
      noteRefs: refs(node, 'NoteRef'),
      children: [],
    }
    into.push(code)
    later(children(node, 'Code'), depth + 1, code.children)
  }
  return top
}

export const countCodes = (codes: ParsedCode[]): number => preorder(codes).length

const allCodeGuids = (codes: ParsedCode[]): Set<string> => new Set(preorder(codes).map((c) => c.guid))

/** Reads and checks a .qdpx completely; throws a UserError naming the file and the problem. */
export async function parseProject(bytes: Uint8Array, fileName: string): Promise<ParsedProject> {
  const files = readZip(bytes, fileName, (name) => name === 'project.qde' || /^sources\/[^/]+$/i.test(name))
  const qde = files.get('project.qde')
  if (!qde) throw new UserError('refi.qdeMissing', { file: fileName })
  const root = parseXml(decodeUtf8(qde, `${fileName}: project.qde`), `${fileName}: project.qde`)
  const project = child(root, 'Project')
  if (!project) throw new UserError('refi.notAProject', { file: fileName })
  const sourceFiles = new Map<string, Uint8Array>()
  for (const [name, data] of files) if (name !== 'project.qde') sourceFiles.set(name.slice('sources/'.length).toLowerCase(), data)
  const richTexts = await readRichTexts(project, sourceFiles, fileName)

  const unsupported: string[] = []
  const note = (count: number, key: UnsupportedKey): void => {
    if (count > 0) unsupported.push(message(`refiImport.unsupported.${key}`, { count }))
  }

  const users = new Map<string, string>()
  for (const u of children(child(project, 'Users'), 'User')) {
    users.set(guidOf(u), nameOf(u) || nameOf(u, 'id') || message('refiImport.unknownUser'))
  }

  // Tools differ in where they name who coded: on the selection, on its <Coding>, or nowhere (a project of one).
  const soleUser = users.size === 1 ? [...users.keys()][0]! : null
  const creatorOf = (node: XmlNode): string | null => {
    const user = attr(node, 'creatingUser')
    return user && isGuid(user) ? normaliseGuid(user) : null
  }

  const codes = parseCodes(children(child(child(project, 'CodeBook'), 'Codes'), 'Code'), fileName)
  const codeGuids = allCodeGuids(codes)

  const variables = new Map<string, { name: string; type: ValueType }>()
  for (const v of children(child(project, 'Variables'), 'Variable')) {
    const type = attr(v, 'typeOfVariable') as ValueType | undefined
    variables.set(guidOf(v), { name: nameOf(v) || message('refiImport.unnamedVariable'), type: type && VALUE_TYPES.includes(type) ? type : 'Text' })
  }

  /**
   * The text of a TextSource or Note: inline, a plain-text file inside the archive, or (when a tool wrote only
   * the Word document) the text of that document. 'absent' when the file it names is not in the archive;
   * null when the text lives outside the archive.
   */
  const textOfSource = (node: XmlNode): { text: string; bytes: Uint8Array } | 'absent' | null => {
    const inline = child(node, 'PlainTextContent')
    if (inline) {
      const text = textOf(inline)
      return { text, bytes: Buffer.from(text, 'utf8') }
    }
    const plain = attr(node, 'plainTextPath')
    const rich = attr(node, 'richTextPath')
    const inside = plain ? sourceFileName(plain) : null
    if (inside) {
      const data = sourceFiles.get(inside.toLowerCase())
      if (!data) return 'absent'
      return { text: decodeUtf8(data, `${fileName}: sources/${inside}`), bytes: data }
    }
    const richInside = !plain && rich ? sourceFileName(rich) : null
    if (!richInside) return null
    const text = richTexts.get(richInside.toLowerCase())
    if (text === undefined) return sourceFiles.has(richInside.toLowerCase()) ? null : 'absent'
    return { text, bytes: sourceFiles.get(richInside.toLowerCase())! }
  }

  const sourcesNode = child(project, 'Sources')
  const sources: ParsedSource[] = []
  let external = 0
  let emptySelections = 0
  let unknownCodings = 0
  let sourceVariables = 0
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

  /**
   * A TextSource (or a PDF's text Representation) with its selections. `as` gives the identity the document
   * takes: a PDF's own GUID and name rather than its representation's. Null when its text is not in the file.
   */
  const readTextSource = (s: XmlNode, as: { guid: string; name: string } | null): ParsedSource | null => {
    const fileOf = sourceFileName(attr(s, 'plainTextPath') ?? attr(s, 'richTextPath') ?? '')
    const name = as?.name ?? (nameOf(s) || fileOf || message('refiImport.unnamedSource'))
    const content = textOfSource(s)
    if (content === 'absent') {
      // The file names a text that is not in the archive: this source and its selections are left, by name.
      const path = attr(s, 'plainTextPath') ?? attr(s, 'richTextPath') ?? ''
      const lost = children(s, 'PlainTextSelection').length
      unsupported.push(message('refiImport.sourceFileAbsent', { name, path, count: lost }))
      return null
    }
    if (!content) {
      external++
      return null
    }
    sourceVariables += children(s, 'VariableValue').length
    const mapped = normaliseWithPositions(content.text)
    const selections: ParsedSelection[] = []
    const sourceGuid = as?.guid ?? guidOf(s)
    for (const sel of children(s, 'PlainTextSelection')) {
      const guid = guidOf(sel)
      const start = Number(attr(sel, 'startPosition'))
      const end = Number(attr(sel, 'endPosition'))
      const label = message('refiImport.selection', { guid, what: message('refiImport.source', { name }) })
      if (!Number.isInteger(start) || !Number.isInteger(end)) throw new UserError('refi.selectionPositions', { file: fileName, label })
      if (start < 0 || end < start || end > mapped.originalLength) {
        throw new UserError('refi.selectionOutside', { file: fileName, label, start, end, length: mapped.originalLength })
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
        user: creatorOf(sel) ?? children(sel, 'Coding').map(creatorOf).find((u) => u !== null) ?? soleUser,
        created: attr(sel, 'creationDateTime') ?? children(sel, 'Coding').map((c) => attr(c, 'creationDateTime')).find(Boolean) ?? null,
        modified: attr(sel, 'modifiedDateTime') ?? null,
      })
    }
    // A coding of a whole source is a selection of all of its text.
    const whole = codingsOf(s)
    if (whole.codes.length > 0 && mapped.length > 0) {
      selections.push({
        guid: guidFor('selection', `${sourceGuid}:whole`),
        start: 0,
        end: mapped.length,
        codeGuids: [...new Set(whole.codes)],
        noteRefs: whole.notes,
        description: '',
        user: creatorOf(s) ?? soleUser,
        created: attr(s, 'creationDateTime') ?? null,
        modified: attr(s, 'modifiedDateTime') ?? null,
      })
    }
    return {
      guid: sourceGuid,
      name,
      description: textOf(child(s, 'Description')),
      text: mapped.text,
      sha256: createHash('sha256').update(content.bytes).digest('hex'),
      bytes: content.bytes.length,
      selections,
      noteRefs: refs(s, 'NoteRef'),
    }
  }

  for (const s of children(sourcesNode, 'TextSource')) {
    const source = readTextSource(s, null)
    if (source) sources.push(source)
  }
  // A PDF comes in through its text representation when the file has one; selections drawn on the page
  // (page and coordinates) have no place in a text and are left, per source, with the reason.
  for (const pdf of children(sourcesNode, 'PDFSource')) {
    const name = nameOf(pdf) || sourceFileName(attr(pdf, 'path') ?? '') || message('refiImport.unnamedSource')
    const representation = child(pdf, 'Representation')
    const source = representation ? readTextSource(representation, { guid: guidOf(pdf), name }) : null
    const onPage = children(pdf, 'PDFSelection').length
    if (source) {
      source.noteRefs.push(...refs(pdf, 'NoteRef'))
      sources.push(source)
      if (onPage > 0) unsupported.push(message('refiImport.pdfSelections', { name, count: onPage }))
    } else {
      unsupported.push(message('refiImport.pdfWithoutText', { name, count: onPage }))
    }
  }
  note(children(sourcesNode, 'PictureSource').length, 'pictureSources')
  note(children(sourcesNode, 'AudioSource').length, 'audioSources')
  note(children(sourcesNode, 'VideoSource').length, 'videoSources')
  note(external, 'externalTexts')
  note(emptySelections, 'emptySelections')
  note(unknownCodings, 'unknownCodings')
  note(sourceVariables, 'sourceVariables')

  const notes = new Map<string, ParsedNote>()
  for (const n of children(child(project, 'Notes'), 'Note')) {
    const guid = guidOf(n)
    const found = textOfSource(n)
    const content = found === 'absent' ? null : found
    notes.set(guid, {
      guid,
      name: nameOf(n),
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
      name: nameOf(c) || message('refiImport.unnamedCase'),
      description: textOf(child(c, 'Description')),
      values,
      sourceRefs: refs(c, 'SourceRef'),
    })
  }
  note(caseCodings, 'caseCodings')
  note(unknownVariables, 'unknownVariables')
  note(children(child(project, 'Graphs'), 'Graph').length, 'graphs')
  note(children(child(project, 'Sets'), 'Set').length, 'sets')
  note(children(child(project, 'Links'), 'Link').length, 'links')

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

/**
 * The text of each Word document a source names only by richTextPath (no plain text beside it), keyed by its
 * name in sources/ in lower case. Paragraphs become lines, as the producing tools write their plain text.
 */
async function readRichTexts(project: XmlNode, sourceFiles: Map<string, Uint8Array>, fileName: string): Promise<Map<string, string>> {
  const sourcesNode = child(project, 'Sources')
  const textNodes = [...children(sourcesNode, 'TextSource'), ...children(sourcesNode, 'PDFSource').flatMap((p) => children(p, 'Representation'))]
  const texts = new Map<string, string>()
  for (const node of textNodes) {
    const rich = attr(node, 'richTextPath')
    if (!rich || attr(node, 'plainTextPath') || child(node, 'PlainTextContent')) continue
    const inside = sourceFileName(rich)?.toLowerCase()
    const data = inside ? sourceFiles.get(inside) : undefined
    if (!inside || !data || !inside.endsWith('.docx') || texts.has(inside)) continue
    // mammoth holds the document's XML in memory many times over: too much of it ends the process, not the import.
    let fits: boolean
    try {
      fits = wordXmlWithin(data, `${fileName}: ${rich}`)
    } catch {
      throw new UserError('refi.richTextDamaged', { file: fileName, path: rich })
    }
    if (!fits) throw new UserError('refi.richTextTooLarge', { file: fileName, path: rich, limit: megabytes(MAX_WORD_XML_BYTES) })
    try {
      // Loaded here, not at the top: the app's main process imports this file but never parses a project.
      const { default: mammoth } = await import('mammoth')
      const { value } = await mammoth.extractRawText({ buffer: Buffer.from(data) })
      texts.set(inside, value.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n\n').join('\n'))
    } catch {
      throw new UserError('refi.richTextDamaged', { file: fileName, path: rich })
    }
  }
  return texts
}

/**
 * The file inside the archive's sources/ folder that a path names: `internal://X`, or a bare relative path as
 * some tools write it (`sources/X` or `X`). Null for a path outside the archive (absolute, or a URL).
 */
export function sourceFileName(path: string): string | null {
  const value = path.trim().replace(/\\/g, '/')
  const internal = /^internal:\/\/(.+)$/i.exec(value)
  if (internal) return internal[1]!
  if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.split('/').includes('..')) return null
  const inside = value.replace(/^\.\//, '').replace(/^sources\//i, '')
  return inside.includes('/') ? null : inside
}

/** Notes keep their wording; only line endings and characters the database never stores are normalised. */
function normaliseNote(text: string): string {
  // eslint-disable-next-line no-control-regex -- as everywhere text enters the database
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').normalize('NFC')
}

export interface ParsedCodebook {
  codes: ParsedCode[]
  unsupported: string[]
}

/** Reads and checks a .qdc (or a project's CodeBook) completely. */
export function parseCodebook(bytes: Uint8Array, fileName: string): ParsedCodebook {
  const root = parseXml(decodeUtf8(bytes, fileName), fileName)
  const book = child(root, 'CodeBook') ?? child(child(root, 'Project'), 'CodeBook')
  if (!book) throw new UserError('refi.notACodebook', { file: fileName })
  const sets = children(child(book, 'Sets'), 'Set').length
  return {
    codes: parseCodes(children(child(book, 'Codes'), 'Code'), fileName),
    unsupported: sets ? [message('refiImport.unsupported.sets', { count: sets })] : [],
  }
}
