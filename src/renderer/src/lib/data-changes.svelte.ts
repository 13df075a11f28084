// "The researcher's data changed": views that show codes, highlights or memos read `version` in an $effect
// and load again; whatever changes that data calls `changed()`. The app-wide HistoryState (set by App.svelte)
// is the one counter, bumped also after undo and redo. Outside it (a component rendered on its own) a local
// counter stands in, so a view still refreshes after its own changes.
import { getHistory } from '../reader/context'

export interface DataChanges {
  readonly version: number
  changed(): void
}

class LocalChanges implements DataChanges {
  version = $state(0)
  changed(): void {
    this.version++
  }
}

const local = new LocalChanges()

/** Call during component initialisation (it reads Svelte context). */
export function getDataChanges(): DataChanges {
  return getHistory() ?? local
}
