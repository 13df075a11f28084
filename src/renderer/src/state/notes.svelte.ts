// The notes view's state: one page of the filtered list from `notes:page` (with how many match, and the filter
// choices drawn from every note), grown page by page on request, and the section headings that name a
// highlight's place. A project of 50,000 highlights shows its first page as fast as a small one.
import { NOTES_PAGE, type NoteEntity, type NoteEntry, type NotesFilter, type NotesSort } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { reportsToName } from '../lib/notes'

export class NotesState {
  entries = $state.raw<NoteEntry[]>([])
  /** How many entries the filter finds in all; `entries` holds the first `limit` of them. */
  total = $state(0)
  /** Whether the project has any note at all: tells "no notes yet" from "none match". */
  any = $state(false)
  /** Every case, document and author with notes, whatever the filter: the filter's choices. */
  facets = $state.raw<{ entities: NoteEntity[]; authors: string[] }>({ entities: [], authors: [] })
  /** Section id → heading, for "Rapport › Avsnitt". */
  headings = $state.raw<ReadonlyMap<string, string>>(new Map())
  loaded = $state(false)
  error = $state<string | null>(null)
  limit = $state(NOTES_PAGE)

  readonly #call: Call
  #seq = 0
  #filter: NotesFilter = {}
  #sort: NotesSort = 'created-desc'

  constructor(call: Call) {
    this.#call = call
  }

  /** A new filter or order starts again at one page; the same one (data changed) keeps what is shown. */
  async load(filter: NotesFilter, sort: NotesSort): Promise<void> {
    if (JSON.stringify([filter, sort]) !== JSON.stringify([this.#filter, this.#sort])) this.limit = NOTES_PAGE
    this.#filter = filter
    this.#sort = sort
    await this.#fetch()
  }

  /** The next page, below the ones shown. */
  async more(): Promise<void> {
    this.limit += NOTES_PAGE
    await this.#fetch()
  }

  async #fetch(): Promise<void> {
    const seq = ++this.#seq
    try {
      const page = await this.#call('notes:page', { filter: this.#filter, sort: this.#sort, limit: this.limit })
      if (seq !== this.#seq) return
      this.entries = page.entries
      this.total = page.total
      this.any = page.any
      this.facets = { entities: page.entities, authors: page.authors }
      this.error = null
      void this.#nameSections(page.entries)
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
