// The notes view's state: the filtered list from `notes:list`, the unfiltered one behind the filter choices
// (which cases and authors have notes at all), and the section headings that name a highlight's place.
import type { NoteEntry, NotesFilter, NotesSort } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { noteFacets, reportsToName } from '../lib/notes'

export class NotesState {
  entries = $state.raw<NoteEntry[]>([])
  /** Every note, unfiltered: tells "no notes yet" from "none match", and feeds the filter choices. */
  everything = $state.raw<NoteEntry[]>([])
  /** Section id → heading, for "Rapport › Avsnitt". */
  headings = $state.raw<ReadonlyMap<string, string>>(new Map())
  loaded = $state(false)
  error = $state<string | null>(null)

  readonly facets = $derived(noteFacets(this.everything))

  readonly #call: Call
  #seq = 0

  constructor(call: Call) {
    this.#call = call
  }

  async load(filter: NotesFilter, sort: NotesSort): Promise<void> {
    const seq = ++this.#seq
    try {
      const [entries, everything] = await Promise.all([
        this.#call('notes:list', { filter, sort }),
        this.#call('notes:list', { filter: {} }),
      ])
      if (seq !== this.#seq) return
      this.entries = entries
      this.everything = everything
      this.error = null
      void this.#nameSections(entries)
    } catch (error) {
      if (seq !== this.#seq) return
      this.error = errorMessage(error)
    } finally {
      if (seq === this.#seq) this.loaded = true
    }
  }

  async #nameSections(entries: NoteEntry[]): Promise<void> {
    const reports = reportsToName(entries, this.headings)
    if (reports.length === 0) return
    const found = await Promise.allSettled(reports.map((id) => this.#call('reports:get', { id })))
    const next = new Map(this.headings)
    for (const result of found) {
      if (result.status !== 'fulfilled') continue
      for (const section of result.value.sections) next.set(section.id, section.heading)
    }
    this.headings = next
  }
}
