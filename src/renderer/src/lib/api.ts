// The one module that touches window.api. Everything in the UI calls `call`, which unwraps the contract's
// Result so components deal in values and a typed ApiError. A failure arrives as a code and a message key with
// its parameters; here it becomes words in the researcher's language, so components show `error.message`.
import type { AtlasBridge, Channel, ErrorCode, Input, Output } from '../../../shared/api'
import type { ErrorMessage } from '../../../shared/errors'
import type { MenuCommand, ShellBridge } from '../../../shared/shell-events'
import { locale, t } from '../i18n/i18n.svelte'

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or by the E2E bridge (Chromium). */
    api?: AtlasBridge
    /** Exposed by the preload only: the desktop shell's menu commands. */
    shell?: ShellBridge
  }
}

/** Hears the Edit menu's Undo and Redo in the desktop app; returns the unsubscribe, or undefined in a browser. */
export function onMenuCommand(listener: (command: MenuCommand) => void): (() => void) | undefined {
  return window.shell?.onMenuCommand(listener)
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The core's key and parameters, for branching on what went wrong; null when the bridge itself failed. */
    readonly error: ErrorMessage | null = null,
  ) {
    super(message)
  }
}

export type Call = <C extends Channel>(channel: C, input: Input<C>) => Promise<Output<C>>

export const call: Call = async (channel, input) => {
  const bridge = window.api
  if (!bridge) throw new ApiError('internal', t('common.bridgeMissing'))
  // The bridge is a mapped type; TypeScript cannot correlate `channel` with its own input here.
  const invoke = bridge[channel] as (input: unknown) => ReturnType<AtlasBridge[typeof channel]>
  const result = await invoke(input)
  if (!result.ok) throw new ApiError(result.code, locale.errorText(result.error), result.error)
  return result.value as Output<typeof channel>
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'not-found'
}

/** A message for the researcher from anything a call can throw; never a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return t('common.errorHeading')
}
