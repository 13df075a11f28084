// The one error a researcher is meant to read: a stable key into the message catalogue, its parameters and the
// code the fronts branch on. The core holds no sentences; atlas.ts sends key and parameters across the boundary
// and the renderer or the CLI words them (src/shared/messages).
import { errorText, failure, type ErrorArgs, type ErrorCode, type ErrorKey, type ErrorMessage, type Failure } from '../shared/errors'
import type { MessageParams } from '../shared/messages'

export class UserError<K extends ErrorKey = ErrorKey> extends Error {
  readonly key: K
  readonly params: MessageParams
  readonly code: ErrorCode

  /** `code` defaults to 'invalid-input': most errors are about what the researcher asked for. */
  constructor(key: K, ...args: [...ErrorArgs<K>, code?: ErrorCode]) {
    const [params = {}, code = 'invalid-input'] = args as unknown as [MessageParams?, ErrorCode?]
    // The message is for logs and stack traces only; words come from the catalogue.
    super(`${key} ${JSON.stringify(params)}`)
    this.name = 'UserError'
    this.key = key
    this.params = params
    this.code = code
  }

  get error(): ErrorMessage {
    return { key: this.key, params: this.params }
  }
}

/** SQLite's primary result codes that a researcher can do something about, each with its own message. */
const SQLITE_ERRORS: Record<string, ErrorKey> = {
  SQLITE_FULL: 'database.diskFull',
  SQLITE_READONLY: 'database.readOnly',
  SQLITE_CANTOPEN: 'database.cannotOpen',
  SQLITE_CORRUPT: 'database.corrupt',
  SQLITE_NOTADB: 'database.corrupt',
}

/**
 * Anything thrown below a channel, as data. A UserError keeps its key; a database error says what happened
 * without its SQL; anything else is a defect. Both of those are logged with their cause here, and the
 * researcher gets a message that still says what to do.
 */
export function toFailure(error: unknown): Failure {
  if (error instanceof UserError) return { ok: false, code: error.code, error: error.error }
  if (error instanceof Error && error.name === 'SqliteError') {
    // better-sqlite3 gives the extended code (SQLITE_READONLY_DBMOVED); its primary part names the kind.
    const code = String((error as Error & { code?: unknown }).code ?? '')
    const key = SQLITE_ERRORS[code] ?? SQLITE_ERRORS[code.split('_').slice(0, 2).join('_')]
    console.error(error)
    return failure('database', key ?? 'database.unavailable')
  }
  // A file the app writes (an export, a backup): a full disk or a read-only place is the researcher's to fix.
  const fsCode = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined
  if (fsCode && FILE_ERRORS[fsCode]) {
    console.error(error)
    return failure('internal', FILE_ERRORS[fsCode])
  }
  console.error(error)
  return failure('internal', 'internal.unexpected')
}

const FILE_ERRORS: Record<string, ErrorKey> = {
  ENOSPC: 'files.diskFull',
  EDQUOT: 'files.diskFull',
  EROFS: 'files.notWritable',
  EACCES: 'files.notWritable',
  EPERM: 'files.notWritable',
}

/** Swedish words for a UserError, for results that carry text (an import's failed files, a row's problem). */
export function wordsOf(error: UserError): string {
  return errorText(error.error)
}
