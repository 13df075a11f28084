// One thing the researcher asked for (save a name, delete a case, import a file) as the UI shows it: busy while
// it runs, so its button is disabled and a second click does nothing, and the message to show when it failed.
// Components hold one per action; state classes that have one main action extend it.
import { errorMessage } from '../lib/api'

export class Action {
  busy = $state(false)
  /** Why the last run failed, or what a check before it found; null when all went well. */
  error = $state<string | null>(null)

  /**
   * Runs `work` unless a run is still going. True when it finished; false when it threw (the message is in
   * `error`) or was refused because one was already running. Results come out through the closure.
   */
  async run(work: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) return false
    this.busy = true
    this.error = null
    try {
      await work()
      return true
    } catch (error) {
      this.error = errorMessage(error)
      return false
    } finally {
      this.busy = false
    }
  }

  clearError(): void {
    this.error = null
  }
}
