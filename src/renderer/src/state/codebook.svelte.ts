// The codebook page's state: the tree from `codes:list`, and every change to it. A change reloads the tree and
// tells the app its data changed (undo, the notes view and the reader depend on it). A failed change keeps
// the core's message for an alert; the tree stays as it was.
import type { Code, CodeNode } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { findCode, flattenCodes, type CodeMove } from '../lib/code-tree'

export class CodebookState {
  tree = $state.raw<CodeNode[]>([])
  loaded = $state(false)
  /** Loading the tree failed: the page shows this instead of the tree. */
  loadError = $state<string | null>(null)
  /** The last change failed (a duplicate name, a move into itself): shown as an alert. */
  error = $state<string | null>(null)
  /** A short confirmation for screen readers ("Koden Pilot flyttades …"). */
  status = $state('')

  readonly all = $derived(flattenCodes(this.tree))

  readonly #call: Call
  readonly #changed: () => void
  #seq = 0

  constructor(call: Call, changed: () => void = () => {}) {
    this.#call = call
    this.#changed = changed
  }

  find(id: string): CodeNode | null {
    return findCode(this.tree, id)?.node ?? null
  }

  async load(): Promise<void> {
    const seq = ++this.#seq
    try {
      const tree = await this.#call('codes:list', {})
      if (seq !== this.#seq) return
      this.tree = tree
      this.loadError = null
    } catch (error) {
      if (seq !== this.#seq) return
      this.loadError = errorMessage(error)
    } finally {
      if (seq === this.#seq) this.loaded = true
    }
  }

  clearError(): void {
    this.error = null
  }

  create(draft: { name: string; parentId?: string | null; color?: string; description?: string }): Promise<Code | null> {
    return this.#change(() => this.#call('codes:create', draft))
  }

  update(id: string, patch: { name?: string; color?: string; description?: string }): Promise<Code | null> {
    return this.#change(() => this.#call('codes:update', { id, ...patch }))
  }

  move(move: CodeMove): Promise<Code | null> {
    return this.#change(() => this.#call('codes:move', move))
  }

  merge(sourceId: string, targetId: string): Promise<Code | null> {
    return this.#change(() => this.#call('codes:merge', { sourceId, targetId }))
  }

  remove(id: string): Promise<{ deleted: true } | null> {
    return this.#change(() => this.#call('codes:delete', { id }))
  }

  /** How many highlights and child codes a delete would touch; null (with an alert) when it cannot be asked. */
  async impact(id: string): Promise<{ highlights: number; codes: number } | null> {
    try {
      return await this.#call('codes:impact', { id })
    } catch (error) {
      this.error = errorMessage(error)
      return null
    }
  }

  async #change<T>(run: () => Promise<T>): Promise<T | null> {
    this.error = null
    try {
      const value = await run()
      await this.load()
      this.#changed()
      return value
    } catch (error) {
      this.error = errorMessage(error)
      return null
    }
  }
}
