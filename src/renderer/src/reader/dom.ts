// The DOM edge of the reader: which text block a node is in, and where a DOM selection lies in that block's
// stored text. A block renders its text as segments whose textContent is exactly the stored text, so the
// characters before a DOM point (Range.toString) are its UTF-16 offset in that text.
import type { TextTargetRef, TextTargetType } from '../../../shared/domain'
import type { Range16 } from './text'

/** Attribute on the element that holds one stored text (a section, a fact, a summary). */
export const BLOCK_ATTR = 'data-text-target'

export function blockOf(node: Node | null): HTMLElement | null {
  const el = node instanceof Element ? node : (node?.parentElement ?? null)
  return el?.closest<HTMLElement>(`[${BLOCK_ATTR}]`) ?? null
}

export function targetOf(block: HTMLElement): TextTargetRef | null {
  const value = block.getAttribute(BLOCK_ATTR) ?? ''
  const at = value.indexOf(':')
  if (at < 0) return null
  const type = value.slice(0, at) as TextTargetType
  if (type !== 'section' && type !== 'fact' && type !== 'summary') return null
  return { type, id: value.slice(at + 1) }
}

export const blockAttr = (target: TextTargetRef): string => `${target.type}:${target.id}`

/** UTF-16 offset of a DOM point inside `block`'s text. */
export function offsetIn(block: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange()
  range.setStart(block, 0)
  range.setEnd(node, offset)
  return range.toString().length
}

export type SelectionInBlock =
  | { kind: 'none' }
  | { kind: 'across' }
  | { kind: 'range'; block: HTMLElement; target: TextTargetRef; range: Range16; rect: DOMRect }

/** Where the window's selection lies: nothing, across text blocks (refused), or a range in one block. */
export function readSelection(selection: Selection | null): SelectionInBlock {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return { kind: 'none' }
  const domRange = selection.getRangeAt(0)
  const startBlock = blockOf(domRange.startContainer)
  const endBlock = blockOf(domRange.endContainer)
  if (!startBlock && !endBlock) return { kind: 'none' }
  if (startBlock !== endBlock || !startBlock) return { kind: 'across' }
  const target = targetOf(startBlock)
  if (!target) return { kind: 'none' }
  const start = offsetIn(startBlock, domRange.startContainer, domRange.startOffset)
  const end = offsetIn(startBlock, domRange.endContainer, domRange.endOffset)
  return { kind: 'range', block: startBlock, target, range: { start, end }, rect: domRange.getBoundingClientRect() }
}
