// App-wide and page-wide objects of the reader, shared through Svelte context. History and preferences are
// set once by App.svelte; a page that shows texts sets its ReaderState so every text block below it (its own
// sections and summaries, FactList's facts) renders its highlights.
import { getContext, hasContext, setContext } from 'svelte'
import type { HistoryState } from '../state/history.svelte'
import type { PreferencesState } from '../state/preferences.svelte'
import type { ReaderState } from './reader.svelte'

const HISTORY = Symbol('history')
const PREFERENCES = Symbol('preferences')
const READER = Symbol('reader')

export const setHistory = (history: HistoryState): HistoryState => setContext(HISTORY, history)
export const getHistory = (): HistoryState => getContext<HistoryState>(HISTORY)
export const setPreferences = (preferences: PreferencesState): PreferencesState => setContext(PREFERENCES, preferences)
export const getPreferences = (): PreferencesState => getContext<PreferencesState>(PREFERENCES)
export const setReader = (reader: ReaderState): ReaderState => setContext(READER, reader)
/** Null outside a page that reads highlights: the text then renders plain. */
export const getReader = (): ReaderState | null => (hasContext(READER) ? getContext<ReaderState>(READER) : null)
