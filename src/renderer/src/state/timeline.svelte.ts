// The timeline's spread ("spridning"): the player that steps the marked year forward. Which cases are active in
// a year is decided in ./spread.ts.
/**
 * Replays the spread a year per step. While it plays the year lives here, not in the address: a replay would
 * otherwise leave one history entry per year. `settle` hands the year to the address when it stops.
 */
export class SpreadPlayer {
  year = $state<number | null>(null)
  playing = $state(false)

  readonly #settle: (year: number) => void
  readonly #stepMs: number
  #timer: ReturnType<typeof setInterval> | null = null
  #to = 0

  constructor(settle: (year: number) => void, stepMs = 1000) {
    this.#settle = settle
    this.#stepMs = stepMs
  }

  /** From the marked year, or from the first when none is marked or the last is (a replay from the start). */
  play(from: number, to: number, marked: number | null): void {
    this.#clear()
    this.#to = to
    this.year = marked === null || marked >= to ? from : marked
    this.playing = true
    this.#timer = setInterval(() => this.#step(), this.#stepMs)
  }

  /** Stops and hands the year shown to the address. */
  pause(): void {
    if (!this.playing) return
    this.#clear()
    this.playing = false
    if (this.year !== null) this.#settle(this.year)
  }

  /** Stops without touching the address: the page is going, or the researcher chose a year themselves. */
  stop(): void {
    this.#clear()
    this.playing = false
  }

  #step(): void {
    if (this.year === null || this.year >= this.#to) return this.pause()
    this.year++
    if (this.year >= this.#to) this.pause()
  }

  #clear(): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }
}
