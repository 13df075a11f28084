// Imports and exports as the researcher runs them: a file dialog in main, then progress, a preview to confirm,
// or a result to read. Every class takes its `call`, so unit tests hand it a fake; the renderer never holds a
// path, only the tokens and names main gives back.
import type { Input, Output } from '../../../shared/api'
import type { ConflictChoice, ImportPhase, ImportProgress, ImportResult } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { Action } from './action.svelte'

/** How often a running document import is asked how far it has come. */
export const POLL_MS = 150

/** One file of a running import as the list shows it; `name` is null until a poll has seen the file. */
export interface ImportFileRow {
  index: number
  name: string | null
  /** 'passed': the import moved on before a poll saw how the file ended; the result list says. */
  state: ImportPhase | 'passed' | 'waiting'
  message?: string
}

const PHASE_SHARE: Record<ImportPhase, number> = { reading: 0.1, parsing: 0.4, saving: 0.85, done: 1, failed: 1 }

/** The files of a batch, those not yet seen by a poll included: behind the current one they have passed. */
export function fileRows(progress: ImportProgress | null, seen: Readonly<Record<number, ImportFileRow>>): ImportFileRow[] {
  if (!progress) return []
  return Array.from({ length: progress.total }, (_, index) => {
    const row = seen[index]
    if (index === progress.index) return { index, name: progress.file, state: progress.phase, ...(progress.message ? { message: progress.message } : {}) }
    if (index > progress.index) return row ?? { index, name: null, state: 'waiting' }
    if (row && (row.state === 'done' || row.state === 'failed')) return row
    return { index, name: row?.name ?? null, state: 'passed' }
  })
}

/** Files done so far, with a share of the current file by phase: the value of a <progress max={total}>. */
export function progressValue(progress: ImportProgress | null): number {
  if (!progress) return 0
  return Math.min(progress.total, progress.index + PHASE_SHARE[progress.phase])
}

/**
 * Many documents at once: main opens the dialog and imports file after file; this polls `documents:status`
 * while `documents:import` runs, and offers cancel. The list of files is what the polls saw.
 */
export class DocumentImportState {
  running = $state(false)
  progress = $state.raw<ImportProgress | null>(null)
  /** What the polls saw of each file, by position in the batch; replaced whole on every poll. */
  seen = $state.raw<Readonly<Record<number, ImportFileRow>>>({})
  result = $state.raw<ImportResult | null>(null)
  error = $state<string | null>(null)
  /** The researcher asked to stop; the import ends after the file it is on (which is then not saved). */
  cancelRequested = $state(false)
  /** The dialog was closed without choosing a file. */
  nothingChosen = $state(false)

  readonly #call: Call
  #run = 0
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(call: Call) {
    this.#call = call
  }

  rows = $derived(fileRows(this.progress, this.seen))
  value = $derived(progressValue(this.progress))

  async start(attachTo: string[] = []): Promise<ImportResult | null> {
    if (this.running) return null
    const run = ++this.#run
    this.running = true
    this.progress = null
    this.seen = {}
    this.result = null
    this.error = null
    this.cancelRequested = false
    this.nothingChosen = false
    this.#schedulePoll(run)
    try {
      const input: Input<'documents:import'> = attachTo.length > 0 ? { attachTo } : {}
      const result = await this.#call('documents:import', input)
      if (run !== this.#run) return null
      const empty = result.imported.length === 0 && result.failed.length === 0
      if (result.cancelled && empty && !this.cancelRequested && this.progress === null) {
        this.nothingChosen = true
        return null
      }
      this.result = result
      return result
    } catch (error) {
      if (run === this.#run) this.error = errorMessage(error)
      return null
    } finally {
      if (run === this.#run) {
        this.running = false
        this.#stopPolling()
      }
    }
  }

  async cancel(): Promise<void> {
    if (!this.running || this.cancelRequested) return
    this.cancelRequested = true
    try {
      await this.#call('documents:cancel', {})
    } catch (error) {
      this.error = errorMessage(error)
    }
  }

  /** Stops polling when the view goes away; an import in main goes on and is found by the next poll. */
  dispose(): void {
    this.#run++
    this.#stopPolling()
  }

  #schedulePoll(run: number): void {
    this.#timer = setTimeout(() => void this.#poll(run), POLL_MS)
  }

  #stopPolling(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  async #poll(run: number): Promise<void> {
    try {
      const status = await this.#call('documents:status', {})
      if (run !== this.#run || !this.running) return
      // A status that is not running belongs to an earlier import (or the dialog is still open).
      if (status.running && status.progress) this.#see(status.progress)
    } catch {
      // A missed poll is harmless: the next one, or the result, says where the import is.
    }
    if (run === this.#run && this.running) this.#schedulePoll(run)
  }

  #see(progress: ImportProgress): void {
    const row: ImportFileRow = {
      index: progress.index,
      name: progress.file,
      state: progress.phase,
      ...(progress.message ? { message: progress.message } : {}),
    }
    this.seen = { ...this.seen, [progress.index]: row }
    this.progress = progress
  }
}

export type CaseField = 'name' | 'kind' | 'summary' | 'startYear' | 'endYear' | 'themes' | 'funders' | 'organisations' | 'related' | 'id'
/** The order the mapping step lists the fields in: the required name first. */
export const CASE_FIELDS: readonly CaseField[] = [
  'name',
  'kind',
  'summary',
  'startYear',
  'endYear',
  'themes',
  'funders',
  'organisations',
  'related',
  'id',
]

type Preview = Extract<Output<'import:casesPreview'>, { cancelled: false }>

/** Cases from CSV in two steps: main reads the chosen file and guesses a mapping; the researcher confirms it. */
export class CasesCsvImportState extends Action {
  preview = $state.raw<Preview | null>(null)
  mapping = $state<Partial<Record<CaseField, string>>>({})
  result = $state.raw<Output<'import:cases'> | null>(null)

  readonly #call: Call

  constructor(call: Call) {
    super()
    this.#call = call
  }

  get canImport(): boolean {
    return this.preview !== null && !!this.mapping.name && !this.busy
  }

  async choose(): Promise<void> {
    this.result = null
    await this.run(async () => {
      const preview = await this.#call('import:casesPreview', {})
      if (preview.cancelled) return
      this.preview = preview
      const guessed: Partial<Record<CaseField, string>> = {}
      for (const field of CASE_FIELDS) {
        const column = preview.mapping[field]
        if (column && preview.columns.includes(column)) guessed[field] = column
      }
      this.mapping = guessed
    })
  }

  setColumn(field: CaseField, column: string): void {
    const next = { ...this.mapping }
    if (column) next[field] = column
    else delete next[field]
    this.mapping = next
  }

  /** All rows or none: on an error nothing was written and the preview stays for another try. */
  async importRows(): Promise<void> {
    const preview = this.preview
    if (!preview || !this.canImport) return
    await this.run(async () => {
      this.result = await this.#call('import:cases', { token: preview.token, mapping: { ...this.mapping } })
      this.preview = null
    })
  }

  reset(): void {
    this.preview = null
    this.mapping = {}
    this.error = null
  }
}

type Inspection = Extract<Output<'refi:inspect'>, { cancelled: false }>

/** A REFI-QDA project or codebook: inspected first (what it holds, what cannot come along), then imported. */
export class RefiImportState extends Action {
  inspection = $state.raw<Inspection | null>(null)
  result = $state.raw<Output<'refi:import'> | null>(null)
  /** How the inspection's conflicts are settled; keeping mine is the safe default. */
  onConflict = $state<ConflictChoice>('mine')
  /** Documents the project has under another GUID (same text) are merged into it unless unticked. */
  matchByText = $state(true)

  readonly #call: Call

  constructor(call: Call) {
    super()
    this.#call = call
  }

  async inspect(): Promise<void> {
    this.result = null
    await this.run(async () => {
      const inspection = await this.#call('refi:inspect', {})
      if (!inspection.cancelled) {
        this.inspection = inspection
        this.onConflict = 'mine'
        this.matchByText = true
      }
    })
  }

  /** True when the project was imported. */
  async confirm(): Promise<boolean> {
    const inspection = this.inspection
    if (!inspection) return false
    return this.run(async () => {
      const settle = inspection.conflicts.length > 0 ? { onConflict: this.onConflict } : {}
      this.result = await this.#call('refi:import', { token: inspection.token, ...settle, ...(this.matchByText ? {} : { matchByText: false }) })
      this.inspection = null
    })
  }

  discard(): void {
    this.inspection = null
    this.error = null
  }
}

/**
 * One button's work: a dialog in main, then a result to show or an error to show verbatim. `cancelled`
 * replies (the dialog was closed) leave the last result as it was.
 */
export class FileTask<T> extends Action {
  value = $state.raw<T | null>(null)
  /** What the last run was, for the result's heading ("Anteckningar som CSV"). */
  label = $state<string | null>(null)

  /** Resolves the new result; null when the dialog was closed or the work failed (then `error` says why). */
  async start(label: string, work: () => Promise<T | { cancelled: true }>): Promise<T | null> {
    let done: T | null = null
    const finished = await this.run(async () => {
      const value = await work()
      if (isCancelled(value)) return
      this.value = done = value
      this.label = label
    })
    if (!finished && this.error !== null) this.value = null
    return done
  }
}

function isCancelled(value: unknown): value is { cancelled: true } {
  return typeof value === 'object' && value !== null && 'cancelled' in value && value.cancelled === true
}
