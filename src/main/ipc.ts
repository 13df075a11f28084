// Binds the contract to the core. Every handler is the same two steps: refuse a sender that is not the app's
// own page, then hand the raw input to atlas.invoke, which validates it with the contract's zod schema and
// returns errors as data. Iterating CHANNELS means a channel added to the contract is registered here without
// an edit, and no channel outside the contract can be.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { CHANNELS, type Channel, type Result } from '../shared/api'
import { failure } from '../shared/errors'
import type { Atlas } from '../core/atlas'

/** The part of ipcMain used here, so tests can hand in a fake. */
export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>

/** Decides from the sending frame's URL whether it is the app's own page (see isAppUrl in window.ts). */
export type SenderCheck = (frameUrl: string) => boolean

/** A channel's own check after the sender's (links:open wants a recent click, links.ts): a refusal, or null. */
export type CallGuard = (channel: Channel, event: IpcMainInvokeEvent, input: unknown) => Result<never> | null

const FORBIDDEN: Result<never> = failure('forbidden', 'forbidden.sender')

const INTERNAL: Result<never> = failure('internal', 'internal.shell')

/** Registers one handler per contract channel; the returned function removes them all. */
export function registerIpc(
  ipcMain: IpcRegistrar,
  atlas: Pick<Atlas, 'invoke'>,
  isTrustedSender: SenderCheck,
  guard: CallGuard = () => null,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => handle(channel, event, input))
  }

  async function handle(channel: Channel, event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> {
    // senderFrame is null once the frame navigated away or was destroyed: then nobody trusted is asking.
    const frame = event.senderFrame
    if (!frame || !isTrustedSender(frame.url)) return FORBIDDEN
    try {
      const refusal = guard(channel, event, input)
      if (refusal) return refusal
      return await atlas.invoke(channel, input)
    } catch (error) {
      // invoke promises never to throw; if it does, the renderer still gets data, not a stack with file paths.
      console.error(`Innovationsatlas: ${channel} threw`, error)
      return INTERNAL
    }
  }

  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel)
  }
}
