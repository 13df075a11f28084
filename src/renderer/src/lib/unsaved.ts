// Leaving with unsaved changes asks first. Every open editor holds its work here while it is open; leaving a
// page (the router) or closing an editor asks "Spara, kasta eller stanna kvar?" when any of it is unsaved.
// Drafts (state/draft.svelte.ts) keep the text in the project either way; this is about not surprising anyone.
import UnsavedDialog from '../components/UnsavedDialog.svelte'
import { modals } from './modals.svelte'

export interface UnsavedWork {
  /** True while the editor holds text that is not saved. */
  readonly dirty: boolean
  /** Saves it; false when that failed (the editor shows why) and the researcher should stay. */
  save(): Promise<boolean>
  /** Throws the changes and their draft away. */
  discard(): Promise<void>
}

export type LeaveChoice = 'save' | 'discard'

export class UnsavedChanges {
  readonly #open = new Set<UnsavedWork>()

  /** An editor opened; returns its release for when it closes. */
  hold(work: UnsavedWork): () => void {
    this.#open.add(work)
    return () => void this.#open.delete(work)
  }

  get dirty(): boolean {
    return [...this.#open].some((w) => w.dirty)
  }

  /** Asks the researcher (an editor closing asks about itself); null: stay. */
  ask(): Promise<LeaveChoice | null> {
    return modals.show(UnsavedDialog, {})
  }

  /**
   * An editor closing itself (Cancel, Escape). With unsaved changes it asks first: Save runs the editor's save,
   * which closes it when it succeeds; Discard, or nothing unsaved, throws the draft away and closes; Stay
   * (null) does nothing.
   */
  async closeEditor(editor: { dirty: boolean; save(): Promise<unknown>; discardDraft(): Promise<void>; close(): void }): Promise<void> {
    if (editor.dirty) {
      const choice = await this.ask()
      if (choice === null) return
      if (choice === 'save') {
        await editor.save()
        return
      }
    }
    await editor.discardDraft()
    editor.close()
  }

  /** Whether leaving may go ahead: nothing unsaved, or the researcher saved or discarded it all. */
  async confirmLeave(): Promise<boolean> {
    const dirty = [...this.#open].filter((w) => w.dirty)
    if (dirty.length === 0) return true
    return settle(dirty, await this.ask())
  }
}

async function settle(work: UnsavedWork[], choice: LeaveChoice | null): Promise<boolean> {
  if (choice === null) return false
  if (choice === 'discard') {
    for (const w of work) await w.discard()
    return true
  }
  for (const w of work) if (!(await w.save())) return false
  return true
}

export const unsaved = new UnsavedChanges()
