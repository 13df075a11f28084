// Writing and reading REFI-QDA XML. Writing is a small element builder (the schema is an xsd:sequence, so
// element order is spelled out by the caller); reading refuses any DOCTYPE before the parser sees the text,
// which shuts out external entities (XXE) and entity expansion ("billion laughs") alike.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { MAX_CODE_DEPTH } from '../../../shared/domain'
import { UserError } from '../../errors'

export type Attrs = Record<string, string | number | boolean | null | undefined>

// Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex -- removing what XML cannot carry is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function escapeText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A literal CR would be read back as LF: keep it as a character reference.
    .replace(/\r/g, '&#13;')
}

/** Attribute values: line breaks and tabs as references, or attribute normalisation turns them into spaces. */
export function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('')
}

/** An element with child elements (already rendered), indented one step; empty → self-closing. */
export function el(name: string, a: Attrs, children: (string | null | undefined | false)[] = []): string {
  const kids = children.filter((c): c is string => typeof c === 'string' && c.length > 0)
  if (kids.length === 0) return `<${name}${attrs(a)}/>`
  const inner = kids.map((k) => k.replace(/\n/g, '\n  ')).join('\n  ')
  return `<${name}${attrs(a)}>\n  ${inner}\n</${name}>`
}

/**
 * An element holding text. Line breaks go out as character references, so the indentation `el` adds between
 * elements can never reach into a text, where every character is content.
 */
export function textEl(name: string, text: string, a: Attrs = {}): string {
  return `<${name}${attrs(a)}>${escapeText(text).replace(/\n/g, '&#10;')}</${name}>`
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

/** A parsed element: attributes without prefix, children by local name (namespace prefixes removed). */
export type XmlNode = Record<string, unknown>

/**
 * The deepest element nesting a REFI-QDA file may have. Outside the codebook the schema nests at most seven
 * levels (Project › Sources › PDFSource › Representation › PlainTextSelection › Coding › CodeRef); inside it,
 * Project › CodeBook › Codes comes before the codes and a Description or NoteRef after the deepest one. Ten
 * levels on top of MAX_CODE_DEPTH let every codebook within that limit through to parse.ts, which names the
 * codes' own limit; anything deeper is refused here, before the parser's result (built recursively) is made.
 */
export const MAX_XML_DEPTH = MAX_CODE_DEPTH + 10

/**
 * Names the parser refuses as keys, because an object key with that name could change what every object
 * inherits (prototype pollution). No REFI-QDA element or attribute is called that; such an element is renamed
 * out of the way (to '#__proto__', which no XML name can be) and then ignored like any other unknown one.
 */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype'])
const outOfTheWay = (name: string): string => (RESERVED_NAMES.has(name) ? `#${name}` : name)

/**
 * Parses REFI-QDA XML after refusing anything that could reach outside the file. `fileName` names the file
 * in messages. Every element comes back as an array, text as '#text'.
 */
export function parseXml(xml: string, fileName: string): XmlNode {
  const text = xml.replace(/^\uFEFF/, '')
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new UserError('refi.doctype', { file: fileName })
  }
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new UserError('refi.invalidXml', { file: fileName, line: valid.err.line, reason: valid.err.msg })
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    alwaysCreateTextNode: true,
    // Entities are decoded here, in one pass (see decodeEntities), not by the parser.
    processEntities: false,
    htmlEntities: false,
    cdataPropName: '#cdata',
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
    // The parser counts the ancestors of an element: N of them allows N + 1 levels.
    maxNestedTags: MAX_XML_DEPTH - 1,
    transformTagName: outOfTheWay,
    transformAttributeName: outOfTheWay,
  })
  try {
    return parser.parse(text) as XmlNode
  } catch (error) {
    // Whatever the parser refuses is about the file: its nesting limit, or what its validator let through
    // (a processing instruction it cannot close, say). Both are said as such, never as an unexpected error.
    const reason = error instanceof Error ? error.message : String(error)
    if (/nested/i.test(reason)) throw new UserError('refi.xmlTooDeep', { file: fileName, limit: MAX_XML_DEPTH, codeLimit: MAX_CODE_DEPTH })
    throw new UserError('refi.unreadableXml', { file: fileName, reason })
  }
}

/** Child elements called `name` (always an array). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name]
  return Array.isArray(value) ? (value as XmlNode[]) : []
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0]
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/**
 * XML's five entities and character references, decoded in a single pass so that "&amp;#10;" stays the
 * text "&#10;". No DOCTYPE ever gets this far, so no other entity can exist.
 */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const group = node?.['@'] as Record<string, unknown> | undefined
  const value = group?.[name]
  return typeof value === 'string' ? decodeEntities(value) : undefined
}

/** The text of an element (its text nodes, then any CDATA), '' when it has none. */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return ''
  const part = (v: unknown): string => (Array.isArray(v) ? v.map(part).join('') : typeof v === 'string' || typeof v === 'number' ? String(v) : textOf(v as XmlNode))
  const text = node['#text']
  const cdata = node['#cdata']
  return decodeEntities(text === undefined ? '' : part(text)) + (cdata === undefined ? '' : part(cdata))
}
