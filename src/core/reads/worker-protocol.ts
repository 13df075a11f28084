import type { AgreementRequest } from '../../shared/domain'
import type { CodingsRequest } from '../compare/codings'

export interface ReadWorkerSetup {
  dbPath: string
}

/** One request per read of Reads (reads.ts); the worker answers with that function's value. */
export type ReadRequest =
  | { kind: 'codings'; request: CodingsRequest }
  | { kind: 'highlightChoices' }
  | { kind: 'agreement'; request: AgreementRequest }
