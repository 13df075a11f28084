// The cases picked for comparison, app-wide: ticked on catalogue cards, added from search or a case page, shown
// in the tray and opened as "#/jamfor?fall=a,b,c". The address is where the set lives once the comparison is
// open (bookmarkable, back/forward); App.svelte copies the address into the set whenever the comparison page is
// shown, so the catalogue's ticks match what the researcher compares.
import { getContext, hasContext, setContext } from 'svelte'
import { SvelteMap } from 'svelte/reactivity'

/** The core compares 2–12 cases (src/core/compare/compare.ts). */
export const MAX_COMPARED = 12
export const MIN_COMPARED = 2

export class ComparisonSet {
  ids = $state<string[]>([])
  /** Names of picked cases where the picker knew them, for notices and the tray. */
  readonly #names = new SvelteMap<string, string>()

  get size(): number {
    return this.ids.length
  }

  get full(): boolean {
    return this.ids.length >= MAX_COMPARED
  }

  has(id: string): boolean {
    return this.ids.includes(id)
  }

  nameOf(id: string): string {
    return this.#names.get(id) ?? id
  }

  /** Remembers a case's name (e.g. from a loaded matrix) for the tray. */
  learn(id: string, name: string): void {
    this.#names.set(id, name)
  }

  /** False when the set is already full. */
  add(id: string, name?: string): boolean {
    if (name) this.#names.set(id, name)
    if (this.has(id)) return true
    if (this.full) return false
    this.ids = [...this.ids, id]
    return true
  }

  remove(id: string): void {
    this.ids = this.ids.filter((v) => v !== id)
  }

  /** Adds or removes; returns whether the case is in the set afterwards. */
  toggle(id: string, name?: string): boolean {
    if (this.has(id)) {
      this.remove(id)
      return false
    }
    return this.add(id, name)
  }

  /** Takes the address's list as the truth (opening "#/jamfor?fall=…" or a saved comparison). */
  replace(ids: readonly string[]): void {
    const next = [...new Set(ids)]
    if (next.length === this.ids.length && next.every((id, i) => id === this.ids[i])) return
    this.ids = next
  }

  clear(): void {
    this.ids = []
  }
}

const KEY = Symbol('comparison-set')

export const setComparisonSet = (set: ComparisonSet): ComparisonSet => setContext(KEY, set)
/** Null outside the app shell (a component rendered on its own): pickers then hide themselves. */
export const getComparisonSet = (): ComparisonSet | null => (hasContext(KEY) ? getContext<ComparisonSet>(KEY) : null)
