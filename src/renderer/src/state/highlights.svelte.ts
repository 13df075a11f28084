// The highlights of one page (a case, report, survey or organisation) and the codebook they are coded with.
// Every change goes through the core, which commits before it answers: the list is replaced from the reply
// (or reloaded), never patched ahead of it, so the page shows only what is saved.
import type { CodeNode, Highlight, TextTargetRef } from '../../../shared/domain'
import { ApiError, type Call } from '../lib/api'
import { flattenCodes } from '../reader/text'

export interface HighlightDraft {
  target: TextTargetRef
  /** Code points in the stored text. */
  start: number
  end: number
  codeIds: string[]
  newCodeNames: string[]
  note: string
}

export class HighlightsState {
  entityId = $state<string | null>(null)
  all = $state.raw<Highlight[]>([])
  codeTree = $state.raw<CodeNode[]>([])
  error = $state.raw<ApiError | null>(null)

  /** Show only this coder's highlights in the text (null: everyone's). A team reads one coder at a time. */
  coder = $state<string | null>(null)

  /** Every code, depth first, for type-ahead. */
  codes: CodeNode[] = $derived(flattenCodes(this.codeTree))
  /** Everyone who has highlights on this page, by name. */
  coders: string[] = $derived(this.all.map((h) => h.author).filter((name, i, all) => all.indexOf(name) === i).sort((a, b) => a.localeCompare(b, 'sv')))
  anchored: Highlight[] = $derived(this.all.filter((h) => h.status === 'anchored' && (this.coder === null || h.author === this.coder)))
  orphans: Highlight[] = $derived(this.all.filter((h) => h.status === 'orphan'))

  readonly #call: Call
  #seq = 0

  constructor(call: Call) {
    this.#call = call
  }

  /** Anchored highlights in one text. */
  in(target: TextTargetRef): Highlight[] {
    return this.anchored.filter((h) => h.target.type === target.type && h.target.id === target.id)
  }

  byId(id: string): Highlight | undefined {
    return this.all.find((h) => h.id === id)
  }

  /** Loads the page's highlights and the codebook; a reply to an older load is dropped. */
  async load(entityId: string): Promise<void> {
    const seq = ++this.#seq
    this.entityId = entityId
    try {
      const [highlights, codes] = await Promise.all([
        this.#call('highlights:forEntity', { entityId }),
        this.#call('codes:list', {}),
      ])
      if (seq !== this.#seq) return
      this.all = highlights
      this.codeTree = codes
      this.error = null
    } catch (error) {
      if (seq !== this.#seq) return
      this.error = error instanceof ApiError ? error : new ApiError('internal', String(error))
    }
  }

  async reload(): Promise<void> {
    if (this.entityId) await this.load(this.entityId)
  }

  async create(draft: HighlightDraft): Promise<Highlight> {
    const created = await this.#call('highlights:create', {
      target: draft.target,
      start: draft.start,
      end: draft.end,
      codeIds: draft.codeIds,
      ...(draft.newCodeNames.length > 0 ? { newCodeNames: draft.newCodeNames } : {}),
      ...(draft.note.trim() ? { note: draft.note } : {}),
    })
    await this.reload()
    return created
  }

  async setNote(id: string, note: string): Promise<Highlight> {
    const updated = await this.#call('highlights:update', { id, note })
    this.#replace(updated)
    return updated
  }

  async setCodes(id: string, codeIds: string[], newCodeNames: string[] = []): Promise<Highlight> {
    const updated = await this.#call('highlights:update', {
      id,
      codeIds,
      ...(newCodeNames.length > 0 ? { newCodeNames } : {}),
    })
    this.#replace(updated)
    // A new code changes the codebook the type-ahead offers.
    if (newCodeNames.length > 0) this.codeTree = await this.#call('codes:list', {})
    return updated
  }

  async remove(id: string): Promise<void> {
    await this.#call('highlights:delete', { id })
    this.all = this.all.filter((h) => h.id !== id)
  }

  async reattach(id: string, target: TextTargetRef, start: number, end: number): Promise<Highlight> {
    const updated = await this.#call('highlights:reattach', { id, target, start, end })
    await this.reload()
    return updated
  }

  #replace(updated: Highlight): void {
    this.all = this.all.map((h) => (h.id === updated.id ? updated : h))
  }
}
