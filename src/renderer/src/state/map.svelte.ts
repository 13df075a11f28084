// The map's data: Sweden's outlines (fetched once a session: they never change while the app runs), what the
// map can show (Kolada indicators, programmes, surveys) and the layer on it. A reply to an older layer request
// is dropped, so quick filter changes or the spread playing never show a stale map.
import type { CodeNode, MapChoices, MapLayer, MapLayerRequest, MapOutlines, Theme } from '../../../shared/domain'
import type { FigureTheme } from '../../../shared/figures/map-classes'
import type { ApiError, Call } from '../lib/api'
import { asApiError } from './loader.svelte'

// About 250 kB of path data: kept for the session rather than asked for on every visit to the map.
let sessionOutlines: Promise<MapOutlines> | null = null

/** Unit tests start each case without the previous one's outlines. */
export function forgetOutlines(): void {
  sessionOutlines = null
}

export class SwedenMap {
  outlines = $state.raw<MapOutlines | null>(null)
  choices = $state.raw<MapChoices | null>(null)
  /** The researcher's codebook, for the coded-evidence measure. */
  codes = $state.raw<CodeNode[] | null>(null)
  layer = $state.raw<MapLayer | null>(null)
  /** The request the shown layer answers, for the exports (they must save what is on screen). */
  shown = $state.raw<MapLayerRequest | null>(null)
  /** The same request as text, to tell whether the layer on screen answers the current one. */
  shownKey = $state.raw<string | null>(null)
  error = $state.raw<ApiError | null>(null)
  loading = $state(false)

  readonly #call: Call
  #seq = 0

  constructor(call: Call) {
    this.#call = call
  }

  /** Outlines, choices and codes: what every layer needs. Errors show like a layer's. */
  async start(): Promise<void> {
    try {
      sessionOutlines ??= this.#call('map:outlines', {}).catch((error: unknown) => {
        // A failed load is not cached: the next visit asks again.
        sessionOutlines = null
        throw error
      })
      const [outlines, codes, base] = await Promise.all([
        sessionOutlines,
        this.#call('codes:list', {}),
        this.#call('map:layer', { level: 'kommun', measure: 'cases', filter: {} }),
      ])
      this.outlines = outlines
      this.codes = codes
      this.choices ??= base.choices
    } catch (error) {
      this.error = asApiError(error)
    }
  }

  /** Keeps the previous layer on screen while the next one loads. */
  async load(request: MapLayerRequest): Promise<void> {
    const seq = ++this.#seq
    this.loading = true
    try {
      const layer = await this.#call('map:layer', request)
      if (seq !== this.#seq) return
      // When the answer arrived, apart from drawing it: bench:map reads this mark (and so can a profiler).
      performance.mark('atlas:map-layer')
      this.layer = layer
      this.shown = request
      this.shownKey = JSON.stringify(request)
      this.choices = layer.choices
      this.error = null
    } catch (error) {
      if (seq === this.#seq) this.error = asApiError(error)
    } finally {
      if (seq === this.#seq) this.loading = false
    }
  }

  /** No layer to ask for (a measure with nothing to show): an older reply must not land after this. */
  clear(): void {
    this.#seq++
    this.layer = null
    this.shown = null
    this.shownKey = null
    this.loading = false
  }
}

/**
 * The theme the page is drawn in: the researcher's choice, or the system's when they chose "system". The map's
 * fills are computed (not CSS variables), so they need to know.
 */
export class DrawnTheme {
  #systemDark = $state(false)
  readonly #chosen: () => Theme

  constructor(chosen: () => Theme) {
    this.#chosen = chosen
  }

  get current(): FigureTheme {
    const chosen = this.#chosen()
    if (chosen === 'system') return this.#systemDark ? 'dark' : 'light'
    return chosen
  }

  /** Follows the system's setting; returns the teardown for an $effect. */
  watch(): () => void {
    const query = window.matchMedia('(prefers-color-scheme: dark)')
    this.#systemDark = query.matches
    const onChange = (event: MediaQueryListEvent): void => {
      this.#systemDark = event.matches
    }
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }
}

/**
 * The spread played year by year. The year on screen while it plays stays here, not in the address: the
 * researcher's history gets one entry when it stops, not one per year.
 */
export class SpreadPlayer {
  playing = $state(false)
  year = $state<number | null>(null)
  #timer: ReturnType<typeof setInterval> | null = null
  #done: ((year: number) => void) | null = null

  /** From `from` to `to`, one year per `stepMs`; `done` gets the year it stopped at (paused or at the end). */
  play(from: number, to: number, stepMs: number, done: (year: number) => void): void {
    this.stop()
    this.playing = true
    this.year = from
    this.#done = done
    this.#timer = setInterval(() => {
      if (this.year === null || this.year >= to) this.pause()
      else this.year++
    }, stepMs)
  }

  pause(): void {
    const year = this.year
    const done = this.#done
    this.stop()
    if (year !== null) done?.(year)
  }

  /** Stops without reporting (the page is closing). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    this.#done = null
    this.playing = false
    this.year = null
  }
}
