// REFI-QDA export: a project (.qdpx, validated by the project schema) and a codebook (.qdc).
//
// Sources: one TextSource per stored text that carries highlights — a report section, a fact, or a summary —
// written as it is stored (normalised, LF; CRLF on request for MAXQDA), so every selection's positions are
// the highlight's own code points (recomputed for CRLF). A section is the unit the app anchors to; joining a
// report's sections into one file would only add offsets that could go wrong.
//
// Memos: a code's memo hangs on the code, a project memo on the project; memos about a case, report, survey
// or organisation become free notes whose description names what they are about ("Memo om fallet ”…”"),
// because the schema lets notes hang only on codes, sources, selections and the project. The import reads
// that description back. Orphaned highlights have no place in any text: they go out as notes on the project
// with quote, codes and note, so nothing is lost — and the caller is told.
import { codePointLength, sliceCodePoints } from '../../../shared/anchor'
import type { CodeNode, Highlight, Memo, MemoTargetType } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import { preorder } from '../../../shared/tree'
import { createAnnotations } from '../../annotate/annotations'
import { createTextReader } from '../../annotate/texts'
import type { AtlasDatabase } from '../../db/open'
import { createCaseVariables, createPlaces, type CaseVariable } from '../export/places'
import { codePath } from '../export/notes-data'
import type { ValueType } from '../export/types'
import { exchangeGuids } from '../../db/exchange-ids'
import { guidFor } from './guid'
import { toCrlf } from './positions'
import { el, textEl, XML_DECLARATION } from './xml'
import { writeZip } from './zip'

export const PROJECT_NS = 'urn:QDA-XML:project:1.0'
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0'
export const ORIGIN = 'Innovationsatlas'

/** How a free note says which case, report, survey or organisation a memo is about (read back on import). */
export const MEMO_ABOUT: Record<Exclude<MemoTargetType, 'project'>, string> = {
  case: 'fallet',
  report: 'rapporten',
  survey: 'enkäten',
  organisation: 'organisationen',
  code: 'koden',
}
export const memoDescription = (type: MemoTargetType, name: string): string =>
  type === 'project' ? 'Projektmemo' : `Memo om ${MEMO_ABOUT[type]} ”${name}”`

export interface QdpxOptions {
  /** CRLF line endings in the source files, positions counted accordingly (MAXQDA). */
  crlf?: boolean
  /** The Project element's name; default "Innovationsatlas". */
  project?: string
  now?: Date
  /**
   * false: the project without its highlights (codebook, documents, cases, memos) — handed out to evaluators
   * who code independently, so that nobody codes against the lead's coding. Default true.
   */
  codings?: boolean
}

export interface QdpxExport {
  data: Buffer
  /** What the format could not carry as such, one line each, for the researcher (refiExport.notCarried). */
  notCarried: string[]
  counts: { codes: number; sources: number; selections: number; notes: number; cases: number; users: number }
}

const upperColor = (c: string): string => c.toUpperCase()

/** The codes as nested Code elements, built from the deepest up (reverse preorder) rather than by recursion. */
function codeXml(nodes: CodeNode[], memoRefs: Map<string, string[]>): string[] {
  const xml = new Map<CodeNode, string>()
  const all = preorder(nodes)
  for (let i = all.length - 1; i >= 0; i--) {
    const n = all[i]!
    xml.set(
      n,
      el('Code', { guid: guidFor('code', n.id), name: n.name, isCodable: true, color: upperColor(n.color) }, [
        n.description ? textEl('Description', n.description) : null,
        ...(memoRefs.get(n.id) ?? []).map((g) => el('NoteRef', { targetGUID: g })),
        ...n.children.map((c) => xml.get(c)!),
      ]),
    )
  }
  return nodes.map((n) => xml.get(n)!)
}

/** The lexical forms XML Schema accepts for each variable type; a value that fits none is written as Text. */
const LEXICAL: Record<ValueType, RegExp> = {
  Text: /[\s\S]*/,
  Boolean: /^(true|false|0|1)$/,
  Integer: /^[+-]?\d+$/,
  Float: /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  Date: /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/,
  DateTime: /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
}
const VALUE_ELEMENT: Record<ValueType, string> = {
  Text: 'TextValue',
  Boolean: 'BooleanValue',
  Integer: 'IntegerValue',
  Float: 'FloatValue',
  Date: 'DateValue',
  DateTime: 'DateTimeValue',
}

interface SourceOut {
  guid: string
  /** The entity whose text it is: its cases are the source's cases. */
  entityId: string
  name: string
  description: string
  text: string
  highlights: Highlight[]
}

export function exportQdpx(db: AtlasDatabase, options: QdpxOptions = {}): QdpxExport {
  const now = options.now ?? new Date()
  const annotations = createAnnotations(db)
  const places = createPlaces(db)
  const caseVariables = createCaseVariables(db)
  const readText = createTextReader(db)
  const tree = annotations.codebook.tree()
  const codes = preorder(tree)
  const entries = annotations.notes({}, 'place')
  const highlights = options.codings === false ? [] : entries.flatMap((e) => (e.kind === 'highlight' ? [e.highlight] : []))
  const memos = entries.flatMap((e) => (e.kind === 'memo' ? [e.memo] : []))
  const author = annotations.preferences().author
  const notCarried: string[] = []
  const ownSections = db.prepare(`SELECT s.id, s.report_id, s.heading, s.text, e.name,
      (SELECT COUNT(*) FROM sections t WHERE t.report_id = s.report_id) AS sections
    FROM sections s JOIN entities e ON e.id = s.report_id WHERE e.origin = 'own' ORDER BY e.name, s.position`)
  const ownDocument = new Set((db.prepare(`SELECT id FROM entities WHERE origin = 'own' AND type = 'report'`).all() as { id: string }[]).map((r) => r.id))
  const sectionOf = db.prepare(`SELECT report_id, (SELECT COUNT(*) FROM sections t WHERE t.report_id = s.report_id) AS sections FROM sections s WHERE s.id = ?`)
  /** A document that came as one text keeps the GUID it came with (its id is own-doc-<GUID>). */
  const sourceGuid = (type: string, id: string, key: string): string => {
    if (type !== 'section') return guidFor('source', key)
    const row = sectionOf.get(id) as { report_id: string; sections: number } | undefined
    const carried = row && row.sections === 1 ? /^own-doc-([0-9a-f-]{36})$/i.exec(row.report_id) : null
    return carried ? carried[1]!.toLowerCase() : guidFor('source', key)
  }

  // Users: everyone who wrote a highlight or a memo, and the researcher exporting.
  const userNames = [...new Set([...(author ? [author] : []), ...highlights.map((h) => h.author), ...memos.map((m) => m.author)])]
  // GUIDs things came with from another tool's project go back out with them (db/exchange-ids.ts).
  const carried = {
    user: exchangeGuids(db, 'user'),
    case: exchangeGuids(db, 'case'),
    variable: exchangeGuids(db, 'variable'),
    note: exchangeGuids(db, 'highlight-note'),
  }
  const userGuid = (name: string): string => carried.user.get(name) ?? guidFor('user', name)
  const caseGuid = (id: string): string => carried.case.get(id) ?? guidFor('case', id)
  const variableGuid = (name: string): string => carried.variable.get(name) ?? guidFor('variable', name)

  // Sources: the texts that carry anchored highlights whose quote is still where the position says.
  const sources = new Map<string, SourceOut>()
  const orphans: Highlight[] = []
  for (const h of highlights) {
    const key = `${h.target.type}:${h.target.id}`
    let source = sources.get(key)
    if (!source && h.status === 'anchored') {
      const stored = readText(h.target)
      if (stored) {
        const place = places.place(h.target, h.entityId, h.entityName)
        const own = h.target.type === 'section' && place.section === h.entityName
        const name =
          h.target.type === 'section'
            ? own
              ? h.entityName
              : message('refiExport.sectionSource', { name: h.entityName, section: place.section })
            : message(h.target.type === 'fact' ? 'refiExport.factSource' : 'refiExport.summarySource', { name: h.entityName })
        const description = place.sourceUrl ? message('refiExport.sourceUrl', { url: place.sourceUrl }) : ''
        source = { guid: sourceGuid(h.target.type, h.target.id, key), entityId: h.entityId, name, description, text: stored.text, highlights: [] }
        sources.set(key, source)
      }
    }
    if (h.status === 'anchored' && source && h.end <= codePointLength(source.text) && sliceCodePoints(source.text, h.start, h.end) === h.quote) {
      source.highlights.push(h)
    } else {
      orphans.push(h)
    }
  }
  // Every document of the researcher's library goes out, highlighted or not: a colleague's project must come
  // back whole. Bundled texts go out only where they carry highlights (they are the atlas's, not the project's).
  for (const d of ownSections.all() as { id: string; report_id: string; heading: string; text: string; name: string; sections: number }[]) {
    const key = `section:${d.id}`
    if (sources.has(key)) continue
    const name = d.sections === 1 ? d.name : message('refiExport.sectionSource', { name: d.name, section: d.heading })
    sources.set(key, { guid: sourceGuid('section', d.id, key), entityId: d.report_id, name, description: '', text: d.text, highlights: [] })
  }
  const usedSources = [...sources.values()].filter((s) => s.highlights.length > 0 || ownDocument.has(s.entityId))

  // Cases: those the work touches — with highlights in their texts, memos about them, or own attributes.
  const caseIds = new Set<string>()
  const sourcesOfCase = new Map<string, string[]>()
  for (const s of usedSources) {
    for (const c of places.casesOf(s.entityId)) {
      caseIds.add(c.id)
      sourcesOfCase.set(c.id, [...(sourcesOfCase.get(c.id) ?? []), s.guid])
    }
  }
  for (const m of memos) if (m.target.type === 'case' && m.target.id && caseVariables.caseRow(m.target.id)) caseIds.add(m.target.id)
  for (const r of db.prepare(`SELECT DISTINCT a.entity_id FROM case_attributes a JOIN entities e ON e.id = a.entity_id
      WHERE e.type IN ('initiative','programme')`).all() as { entity_id: string }[]) caseIds.add(r.entity_id)
  // The researcher's own cases all go out, touched or not: they are the project's.
  for (const r of db.prepare(`SELECT id FROM entities WHERE origin = 'own' AND type IN ('initiative','programme')`).all() as { id: string }[]) caseIds.add(r.id)
  const cases = [...caseIds]
    .flatMap((id) => {
      const row = caseVariables.caseRow(id)
      return row ? [row] : []
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.id.localeCompare(b.id))
  const variablesOf = new Map<string, CaseVariable[]>(cases.map((c) => [c.id, caseVariables.variables(c.id)]))

  // One type per variable name: the declared one if every value fits it, else Text.
  const variableTypes = new Map<string, { type: ValueType; origin: CaseVariable['origin'] }>()
  for (const vars of variablesOf.values()) {
    for (const v of vars) {
      const seen = variableTypes.get(v.name)
      const fits = LEXICAL[v.type].test(v.value)
      const type: ValueType = !fits ? 'Text' : seen && seen.type !== v.type ? 'Text' : v.type
      variableTypes.set(v.name, { type, origin: seen?.origin === 'own' ? 'own' : v.origin })
    }
  }
  for (const vars of variablesOf.values()) {
    for (const v of vars) {
      const t = variableTypes.get(v.name)!
      if (!LEXICAL[t.type].test(v.value)) t.type = 'Text'
    }
  }

  // Notes: highlight notes, memos, orphans.
  const notes: string[] = []
  const selectionNote = new Map<string, string>()
  const codeMemoRefs = new Map<string, string[]>()
  const projectNoteRefs: string[] = []
  const stamp = (user: string, created: string, updated: string) => ({
    creatingUser: userGuid(user),
    creationDateTime: created,
    modifyingUser: userGuid(user),
    modifiedDateTime: updated,
  })
  for (const s of usedSources) {
    for (const h of s.highlights) {
      if (!h.note) continue
      const guid = carried.note.get(h.id) ?? guidFor('highlight-note', h.id)
      selectionNote.set(h.id, guid)
      notes.push(
        el('Note', { guid, name: `Anteckning: ${short(h.quote)}`, ...stamp(h.author, h.createdAt, h.updatedAt) }, [textEl('PlainTextContent', h.note)]),
      )
    }
  }
  let looseMemos = 0
  for (const m of memos) {
    const guid = guidFor('memo', m.id)
    notes.push(memoNote(m, guid, stamp(m.author, m.createdAt, m.updatedAt)))
    if (m.target.type === 'code' && m.target.id && codes.some((c) => c.id === m.target.id)) {
      codeMemoRefs.set(m.target.id, [...(codeMemoRefs.get(m.target.id) ?? []), guid])
    } else if (m.target.type === 'project') {
      projectNoteRefs.push(guid)
    } else {
      looseMemos++
    }
  }
  for (const h of orphans) {
    const guid = guidFor('orphan-note', h.id)
    projectNoteRefs.push(guid)
    const body = [
      message('refiExport.orphanQuote', { quote: h.quote }),
      message('refiExport.orphanPlace', { name: h.entityName, type: h.target.type, id: h.target.id, start: h.start, end: h.end }),
      h.codes.length ? message('refiExport.orphanCodes', { codes: h.codes.map((c) => codePath(c.path)).join(' | ') }) : null,
      h.note ? message('refiExport.orphanNote', { note: h.note }) : null,
    ]
      .filter(Boolean)
      .join('\n')
    notes.push(
      el('Note', { guid, name: message('refiExport.orphanName', { quote: short(h.quote) }), ...stamp(h.author, h.createdAt, h.updatedAt) }, [
        textEl('Description', message('refiExport.orphanDescription')),
        textEl('PlainTextContent', body),
      ]),
    )
  }

  // The source files and their selections.
  const files: [string, Uint8Array][] = []
  const sourceXml = usedSources.map((s) => {
    const crlf = options.crlf ? toCrlf(s.text) : null
    const pos = (cp: number): number => (crlf ? crlf.position(cp) : cp)
    files.push([`sources/${s.guid}.txt`, Buffer.from(crlf ? crlf.text : s.text, 'utf8')])
    return el('TextSource', { guid: s.guid, name: s.name, plainTextPath: `internal://${s.guid}.txt` }, [
      s.description ? textEl('Description', s.description) : null,
      ...s.highlights.map((h) =>
        el(
          'PlainTextSelection',
          { guid: guidFor('selection', h.id), name: short(h.quote), startPosition: pos(h.start), endPosition: pos(h.end), ...stamp(h.author, h.createdAt, h.updatedAt) },
          [
            ...h.codes.map((c) =>
              el('Coding', { guid: guidFor('coding', `${h.id}:${c.id}`), creatingUser: userGuid(h.author), creationDateTime: h.createdAt }, [
                el('CodeRef', { targetGUID: guidFor('code', c.id) }),
              ]),
            ),
            selectionNote.has(h.id) ? el('NoteRef', { targetGUID: selectionNote.get(h.id)! }) : null,
          ],
        ),
      ),
    ])
  })

  const variableXml = [...variableTypes].map(([name, t]) =>
    el('Variable', { guid: variableGuid(name), name, typeOfVariable: t.type }, [
      textEl('Description', message(t.origin === 'own' ? 'refiExport.ownVariable' : 'refiExport.corpusVariable')),
    ]),
  )
  const caseXml = cases.map((c) =>
    el('Case', { guid: caseGuid(c.id), name: c.name }, [
      c.summary ? textEl('Description', c.summary) : null,
      ...(variablesOf.get(c.id) ?? []).map((v) => {
        const type = variableTypes.get(v.name)!.type
        return el('VariableValue', {}, [el('VariableRef', { targetGUID: variableGuid(v.name) }), textEl(VALUE_ELEMENT[type], v.value)])
      }),
      ...[...new Set(sourcesOfCase.get(c.id) ?? [])].map((g) => el('SourceRef', { targetGUID: g })),
    ]),
  )

  const project = el(
    'Project',
    {
      xmlns: PROJECT_NS,
      name: options.project?.trim() || 'Innovationsatlas',
      origin: ORIGIN,
      creatingUserGUID: author ? userGuid(author) : undefined,
      creationDateTime: now.toISOString(),
    },
    [
      userNames.length ? el('Users', {}, userNames.map((n) => el('User', { guid: userGuid(n), name: n }))) : null,
      codes.length ? el('CodeBook', {}, [el('Codes', {}, codeXml(tree, codeMemoRefs))]) : null,
      variableXml.length ? el('Variables', {}, variableXml) : null,
      caseXml.length ? el('Cases', {}, caseXml) : null,
      sourceXml.length ? el('Sources', {}, sourceXml) : null,
      notes.length ? el('Notes', {}, notes) : null,
      ...projectNoteRefs.map((g) => el('NoteRef', { targetGUID: g })),
    ],
  )
  const qde = `${XML_DECLARATION}\n${project}\n`

  if (orphans.length) notCarried.push(message('refiExport.notCarried.orphans', { count: orphans.length }))
  if (looseMemos) notCarried.push(message('refiExport.notCarried.looseMemos', { count: looseMemos }))
  const summaries = (db.prepare('SELECT count(*) AS n FROM cell_summaries').get() as { n: number }).n
  if (summaries) notCarried.push(message('refiExport.notCarried.summaries', { count: summaries }))
  const comparisons = (db.prepare('SELECT count(*) AS n FROM comparisons').get() as { n: number }).n
  if (comparisons) notCarried.push(message('refiExport.notCarried.comparisons', { count: comparisons }))

  const data = writeZip([['project.qde', Buffer.from(qde, 'utf8')], ...files], now)
  return {
    data,
    notCarried,
    counts: {
      codes: codes.length,
      sources: usedSources.length,
      selections: usedSources.reduce((n, s) => n + s.highlights.length, 0),
      notes: notes.length,
      cases: cases.length,
      users: userNames.length,
    },
  }
}

function memoNote(m: Memo, guid: string, stamp: Record<string, string>): string {
  return el('Note', { guid, name: m.title || undefined, ...stamp }, [
    textEl('Description', memoDescription(m.target.type, m.targetName)),
    textEl('PlainTextContent', m.body),
  ])
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim()
  const points = [...one]
  return points.length > 60 ? `${points.slice(0, 60).join('')}…` : one
}

export interface QdcExport {
  xml: string
  notCarried: string[]
}

/** The codebook alone (.qdc): hierarchy, colours and descriptions. Code memos need a project to live in. */
export function exportQdc(db: AtlasDatabase): QdcExport {
  const annotations = createAnnotations(db)
  const tree = annotations.codebook.tree()
  const xml = `${XML_DECLARATION}\n${el('CodeBook', { xmlns: CODEBOOK_NS, origin: ORIGIN }, [
    tree.length ? el('Codes', {}, codeXml(tree, new Map())) : null,
  ])}\n`
  const codeMemos = (db.prepare("SELECT count(*) AS n FROM memos WHERE target_type = 'code'").get() as { n: number }).n
  const notCarried = codeMemos ? [message('refiExport.notCarried.codeMemos', { count: codeMemos })] : []
  return { xml, notCarried }
}
