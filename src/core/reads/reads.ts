// Where the heavy reads of the app's own project run: those that go through every highlight of the compared
// cases (compare/codings.ts) or of the project (the notes view's choices, db/highlights.ts; the agreement
// between coders, team/agreement.ts). In the desktop app they run in a worker thread with its own read-only connection
// (worker.ts), so that the main thread, which answers every click, never waits ~250 ms for them; the CLI, the
// tests and the parse process read in their own thread. Both speak this.
import { codingsByCase, type CaseCodings, type CodingsRequest } from '../compare/codings'
import type { AgreementRequest, AgreementResult } from '../../shared/domain'
import type { ReadableDB } from '../db/connection'
import { highlightChoices, type HighlightChoices } from '../db/highlights'
import { computeAgreement } from '../team/agreement'

export interface Reads {
  /** Each case's codings (see codingsByCase); reflects every write committed before the call. */
  codings(request: CodingsRequest): Promise<Record<string, CaseCodings>>
  /** The notes view's filter choices from the highlights (see highlightChoices). */
  highlightChoices(): Promise<HighlightChoices>
  /** Agreement between coders over every highlight in the project's sections (1.6 s at 50,000). */
  agreement(request: AgreementRequest): Promise<AgreementResult>
  close(): Promise<void>
}

export interface ReadsContext {
  dbPath: string
  /** The app's connection, read in this thread. */
  db: ReadableDB
}

/** The reads on the app's own connection, in this thread. */
export function inProcessReads(context: Pick<ReadsContext, 'db'>): Reads {
  return {
    codings: async (request) => codingsByCase(context.db, request),
    highlightChoices: async () => highlightChoices(context.db),
    agreement: async (request) => computeAgreement(context.db, request),
    close: async () => {},
  }
}
