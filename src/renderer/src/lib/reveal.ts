// Brings a passage a link pointed at (a search hit, a table-of-contents entry) into view and marks it, so the
// researcher sees at once which fact, section or table row the hit was about. DOM only, no state.

/** The class that flashes a background and leaves an outline; styled in app.css. */
export const REVEAL_CLASS = 'revealed-passage'

/** Stable element ids for passages, shared by the pages that render them and the links that point at them. */
export const passageId = {
  section: (sectionId: string): string => `section-${sectionId}`,
  fact: (factId: string): string => `fact-${factId}`,
  value: (valueId: string): string => `value-${valueId}`,
}

export interface RevealOptions {
  block?: ScrollLogicalPosition
  /** The element that takes focus (a section's heading); the passage itself when left out. */
  focus?: (el: HTMLElement) => HTMLElement | null
}

/** Scrolls to the element with this id, marks it and moves focus there; false when it is not on the page. */
export function revealPassage(elementId: string, options: RevealOptions = {}): boolean {
  const el = document.getElementById(elementId)
  if (!el) return false
  for (const old of document.querySelectorAll(`.${REVEAL_CLASS}`)) if (old !== el) old.classList.remove(REVEAL_CLASS)
  // Removing and re-adding restarts the flash when the same passage is opened twice in a row.
  el.classList.remove(REVEAL_CLASS)
  void el.offsetWidth
  el.classList.add(REVEAL_CLASS)
  el.scrollIntoView({ block: options.block ?? 'center' })
  // Focus follows, so a screen reader reads the passage and Tab continues from it.
  const target = options.focus?.(el) ?? el
  if (!target.hasAttribute('tabindex') && !isFocusable(target)) target.setAttribute('tabindex', '-1')
  target.focus({ preventScroll: true })
  return true
}

function isFocusable(el: HTMLElement): boolean {
  return el.matches('a[href], button, input, select, textarea, [tabindex]')
}

/** The passage a page's address points at: "?avsnitt=<section>", "?varde=<value>" or "?fakta=<fact>". */
export interface PassageLink {
  section?: string | null
  value?: string | null
  fact?: string | null
}

/** Reveals the passage a link points at (a section by its heading); false when there is none on the page. */
export function revealLinked(link: PassageLink): boolean {
  if (link.section) return revealPassage(passageId.section(link.section), { block: 'start', focus: (el) => el.querySelector<HTMLElement>('h3') })
  if (link.value) return revealPassage(passageId.value(link.value))
  if (link.fact) return revealPassage(passageId.fact(link.fact))
  return false
}
