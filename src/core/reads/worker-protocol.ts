import type { AgreementRequest } from '../../shared/domain'
import type { ErrorCode, ErrorKey } from '../../shared/errors'
import type { Language, MessageParams } from '../../shared/messages'
import type { CodingsRequest } from '../compare/codings'

export interface ReadWorkerSetup {
  dbPath: string
}

/**
 * One message per read of Reads (reads.ts), answered in the order asked, each with the app's language: the
 * words a read writes (why an agreement figure cannot be computed) are the researcher's.
 */
export type ReadRequest =
  | ({ kind: 'codings'; request: CodingsRequest } & Asked)
  | ({ kind: 'highlightChoices' } & Asked)
  | ({ kind: 'agreement'; request: AgreementRequest } & Asked)
  | { kind: 'close' }

interface Asked {
  seq: number
  language: Language
}

/** A refusal in the researcher's words (a UserError: an unknown coder) crosses as its key, or a defect's message. */
export type ReadReply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; error: { key: ErrorKey; params: MessageParams; code: ErrorCode } | null; message: string }
