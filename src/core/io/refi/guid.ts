// REFI-QDA GUIDs (8-4-4-4-12 hex). Ids that already are UUIDs (codes, highlights and memos made in the app)
// are used as they are; other ids (the starter codes, bundled sections, cases) get a name-based GUID from a
// hash, so exporting the same project twice gives the same GUIDs and an import can recognise its own codes
// and cases again.
import { createHash } from 'node:crypto'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** What a GUID names: the kind keeps a case and a code with the same id apart. */
export type GuidKind =
  | 'code'
  | 'selection'
  | 'memo'
  | 'case'
  | 'user'
  | 'variable'
  | 'source'
  | 'coding'
  | 'highlight-note'
  | 'orphan-note'

/** Kinds whose ids are the thing's own identity and may be carried over verbatim when they are UUIDs. */
const OWN_ID_KINDS: ReadonlySet<GuidKind> = new Set(['code', 'selection', 'memo', 'case'])

export function guidFor(kind: GuidKind, id: string): string {
  if (OWN_ID_KINDS.has(kind) && UUID.test(id)) return id.toLowerCase()
  const h = createHash('sha256').update(`innovationsatlas:${kind}:${id}`, 'utf8').digest()
  // Shaped as a version-5 (name-based) UUID so other tools accept it as one.
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** A GUID as found in a file ("{ABC…}" or "abc…"), in the one form used for comparing. */
export function normaliseGuid(value: string): string {
  return value.trim().replace(/^\{|\}$/g, '').toLowerCase()
}

export function isGuid(value: string): boolean {
  return UUID.test(normaliseGuid(value))
}
