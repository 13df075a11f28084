// How the CLI talks to the core: the same contract channels as the app, a failure turned into an exception
// that runCli reports (exit 1).
import type { Channel, Output, Result } from '../shared/api'
import type { Atlas } from '../core/atlas'

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

export async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result: Result<Output<C>> = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(result.message)
  return result.value
}
