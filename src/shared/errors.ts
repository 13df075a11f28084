// How a failure crosses the boundary between the core and its fronts: a stable code to branch on and a message
// key with its parameters, never words, a stack or a file path. The renderer and the CLI turn the key into
// words in the researcher's language (messages/sv.ts today, English next).
import { translate, type Language, type MessageKey, type MessageParams, type ParamsArg } from './messages'

/** Stable error codes: the renderer and scripts may branch on these; the message is for the researcher. */
export type ErrorCode = 'invalid-input' | 'not-found' | 'forbidden' | 'database' | 'internal'

type ErrorPath<K> = K extends `errors.${infer E}` ? E : never
/** Every error message the catalogue holds, e.g. 'codes.nameTaken'. */
export type ErrorKey = ErrorPath<MessageKey>
/** The params argument for an error key, optional when its message uses none. */
export type ErrorArgs<K extends ErrorKey> = ParamsArg<`errors.${K}`>

export interface ErrorMessage {
  key: ErrorKey
  params: MessageParams
}

export interface Failure {
  ok: false
  code: ErrorCode
  error: ErrorMessage
}

export function failure<K extends ErrorKey>(code: ErrorCode, key: K, ...[params]: ErrorArgs<K>): Failure {
  return { ok: false, code, error: { key, params: (params ?? {}) as MessageParams } }
}

/** The words a researcher reads for an error. */
export function errorText(error: ErrorMessage, lang: Language = 'sv'): string {
  return translate(lang, `errors.${error.key}`, error.params)
}
