// How the CLI talks to the core: the same contract channels as the app, a failure turned into an exception
// that runCli reports (exit 1), in the words the app shows for it.
import type { Channel, Output, Result } from '../shared/api'
import { errorText } from '../shared/errors'
import type { Atlas } from '../core/atlas'
import { UserError, wordsOf } from '../core/errors'

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

export async function call<C extends Channel>(atlas: Atlas, channel: C, input: unknown): Promise<Output<C>> {
  const result: Result<Output<C>> = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(errorText(result.error))
  return result.value
}

/** What the researcher reads for anything runCli catches: a UserError (e.g. opening the database) in words. */
export function errorWords(error: unknown): string {
  return error instanceof UserError ? wordsOf(error) : (error as Error).message
}
