// Which kind of entity (case, report, survey, organisation) an id belongs to. A fact hit names its parent by id
// only, and its page address depends on the kind, so the kind is asked of the core once and remembered.
// Entity ids are unique across kinds (one table in the core), so at most one lookup succeeds.
import type { EntityType } from '../../../shared/domain'
import type { Call } from '../lib/api'

export class ParentTypes {
  readonly #call: Call
  readonly #known = new Map<string, Promise<EntityType | null>>()

  constructor(call: Call) {
    this.#call = call
  }

  typeOf(id: string): Promise<EntityType | null> {
    let known = this.#known.get(id)
    if (!known) {
      known = this.#lookUp(id)
      this.#known.set(id, known)
      // An id no lookup knew (or a failed call) is not remembered: the next click asks again.
      void known.then((type) => {
        if (type === null) this.#known.delete(id)
      })
    }
    return known
  }

  async #lookUp(id: string): Promise<EntityType | null> {
    const found = await Promise.all([
      this.#try(this.#call('cases:get', { id }).then((c) => c.kind)),
      this.#try(this.#call('reports:get', { id }).then((): EntityType => 'report')),
      this.#try(this.#call('surveys:get', { id }).then((): EntityType => 'survey')),
      this.#try(this.#call('organisations:get', { id }).then((): EntityType => 'organisation')),
    ])
    return found.find((type) => type !== null) ?? null
  }

  async #try(lookup: Promise<EntityType>): Promise<EntityType | null> {
    try {
      return await lookup
    } catch {
      return null
    }
  }
}
