// Loads one channel's value for a page. A reply to an older request is dropped, so quick filter changes or
// back/forward never show stale data.
import type { Channel, Input, Output } from '../../../shared/api'
import { ApiError, type Call } from '../lib/api'

/** Whatever a call threw, as the ApiError a page shows (a bug's message still says something). */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('internal', error instanceof Error ? error.message : String(error))
}

export class Loader<C extends Channel> {
  value = $state.raw<Output<C> | null>(null)
  error = $state.raw<ApiError | null>(null)
  loading = $state(false)

  readonly #call: Call
  readonly #channel: C
  #seq = 0

  constructor(call: Call, channel: C) {
    this.#call = call
    this.#channel = channel
  }

  get notFound(): boolean {
    return this.error?.code === 'not-found'
  }

  /** Keeps the previous value on screen while the next one loads. */
  async load(input: Input<C>): Promise<void> {
    const seq = ++this.#seq
    this.loading = true
    try {
      const value = await this.#call(this.#channel, input)
      if (seq !== this.#seq) return
      this.value = value
      this.error = null
    } catch (error) {
      if (seq === this.#seq) this.error = asApiError(error)
    } finally {
      if (seq === this.#seq) this.loading = false
    }
  }
}
