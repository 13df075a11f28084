// The memos about one thing: a case, report, survey, organisation, code, or the project as a whole.
// Read through `notes:list` (the one query that knows memos), narrowed here to exactly this target.
import type { Memo, MemoTargetType, NotesFilter } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { Action } from './action.svelte'

export interface MemoTarget {
  type: MemoTargetType
  /** null for the project. */
  id: string | null
}

/** The core's message when no author name is set yet (AuthorMissingError). */
export const AUTHOR_MISSING = 'Ange ditt namn'

export function isAuthorMissing(message: string | null): boolean {
  return message !== null && message.includes(AUTHOR_MISSING)
}

/** The narrowest `notes:list` filter that still returns every memo about `target`. */
export function memoFilter(target: MemoTarget): NotesFilter {
  if (target.type === 'code' && target.id) return { kind: 'memo', codeIds: [target.id], includeChildren: false }
  if (target.type !== 'project' && target.id) return { kind: 'memo', entityId: target.id }
  return { kind: 'memo' }
}

export function isAbout(memo: Memo, target: MemoTarget): boolean {
  const type = memo.target.type
  // A case's memos are stored with type 'case' whether it is an initiative or a programme.
  return type === target.type && (memo.target.id ?? null) === (target.id ?? null)
}

/** The list, and one change to it at a time (create, edit, delete): `busy` and `error` are that change's. */
export class MemoListState extends Action {
  memos = $state.raw<Memo[]>([])
  loaded = $state(false)

  readonly #call: Call
  readonly #changed: () => void
  #target: MemoTarget
  #seq = 0

  constructor(call: Call, target: MemoTarget, changed: () => void = () => {}) {
    super()
    this.#call = call
    this.#target = target
    this.#changed = changed
  }

  get target(): MemoTarget {
    return this.#target
  }

  /** A component reused for another code or page: forget the old list. */
  retarget(target: MemoTarget): void {
    if (target.type === this.#target.type && target.id === this.#target.id) return
    this.#target = target
    this.memos = []
    this.loaded = false
    this.error = null
  }

  async load(): Promise<void> {
    const seq = ++this.#seq
    const target = this.#target
    try {
      const entries = await this.#call('notes:list', { filter: memoFilter(target), sort: 'updated-desc' })
      if (seq !== this.#seq) return
      this.memos = entries.flatMap((e) => (e.kind === 'memo' && isAbout(e.memo, target) ? [e.memo] : []))
    } catch (error) {
      if (seq !== this.#seq) return
      this.error = errorMessage(error)
    } finally {
      if (seq === this.#seq) this.loaded = true
    }
  }

  create(draft: { title: string; body: string }): Promise<Memo | null> {
    return this.#change(() => this.#call('memos:create', { target: { ...this.#target }, ...draft }))
  }

  update(id: string, patch: { title: string; body: string }): Promise<Memo | null> {
    return this.#change(() => this.#call('memos:update', { id, ...patch }))
  }

  remove(id: string): Promise<{ deleted: true } | null> {
    return this.#change(() => this.#call('memos:delete', { id }))
  }

  async #change<T>(work: () => Promise<T>): Promise<T | null> {
    let value: T | null = null
    await this.run(async () => {
      value = await work()
      await this.load()
      this.#changed()
    })
    return value
  }
}
