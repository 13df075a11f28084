// Every modal dialog opens through `modals.show`: the component goes on the stack that ModalHost renders
// (inside App, so app-wide context reaches it), it gets an `onclose` to end with a result, and the opener gets a
// promise of that result. Closing and focus return live here; the <dialog> itself (showModal, Escape, Tab kept
// inside) is components/Modal.svelte. The shape follows immich's modal-manager.svelte.ts.
import { tick, type Component } from 'svelte'

/** What every modal component is given: how it ends, with its result, or null when it was cancelled. */
export interface ModalProps<R> {
  onclose: (result: R | null) => void
}

type ResultOf<P> = P extends ModalProps<infer R> ? R : never

interface OpenModal {
  readonly id: number
  // The stack holds dialogs of every kind; `show` is where each one's props are checked against its component.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly component: Component<any>
  readonly props: Record<string, unknown>
}

export class Modals {
  /** The open dialogs, the one on top last. */
  stack = $state.raw<readonly OpenModal[]>([])
  #lastId = 0

  /**
   * Opens `component` with `props` and resolves with what it closed with (null: cancelled). Focus goes back to
   * where it was when the dialog opened, before the promise resolves, so the opener may move it on from there.
   * An aborted `signal` closes the dialog from outside (its page went away), resolving null.
   */
  show<P extends ModalProps<never>>(
    component: Component<P>,
    props: Omit<P, 'onclose'>,
    signal?: AbortSignal,
  ): Promise<ResultOf<P> | null> {
    const focused = document.activeElement
    const returnFocus = focused instanceof HTMLElement && focused !== document.body ? focused : null
    const id = ++this.#lastId
    return new Promise((resolve) => {
      let closed = false
      const close = async (result: ResultOf<P> | null): Promise<void> => {
        if (closed) return
        closed = true
        signal?.removeEventListener('abort', abort)
        this.stack = this.stack.filter((modal) => modal.id !== id)
        // While the dialog is in the document the page behind it is inert and cannot take focus.
        await tick()
        if (returnFocus?.isConnected) returnFocus.focus()
        resolve(result)
      }
      const abort = (): void => void close(null)
      if (signal?.aborted) return resolve(null)
      signal?.addEventListener('abort', abort)
      this.stack = [...this.stack, { id, component, props: { ...props, onclose: close } }]
    })
  }
}

export const modals = new Modals()
