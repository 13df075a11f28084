import type { CodingsRequest } from '../compare/codings'

export interface ReadWorkerSetup {
  dbPath: string
}

/** One message per read of Reads (reads.ts), answered in the order asked. */
export type ReadRequest =
  | { kind: 'codings'; seq: number; request: CodingsRequest }
  | { kind: 'highlightChoices'; seq: number }
  | { kind: 'close' }

export type ReadReply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; message: string }
