// Messages between the app and its parse process. Structured clone carries them (Node's 'advanced'
// serialization, Electron's utility-process ports): Maps and byte arrays cross as they are.
import type { ErrorCode, ErrorKey } from '../../../shared/errors'
import type { MessageParams } from '../../../shared/messages'
import type { ParseJob } from './jobs'

export type ToParser = { id: number; job: ParseJob }

export type FromParser =
  | { id: number; kind: 'progress'; step: number }
  | { id: number; kind: 'done'; value: unknown }
  /** A UserError keeps its key; anything else is a defect, described for the log only. */
  | { id: number; kind: 'failed'; error: { key: ErrorKey; params: MessageParams; code: ErrorCode } | null; detail: string }

/** Written to stderr by the memory watch just before it ends its own process: the parent names the limit. */
export const MEMORY_LIMIT_MARKER = 'ATLAS-PARSER-MEMORY-LIMIT'

/** The process's argument carrying its memory limit in MB. */
export const MEMORY_LIMIT_ARG = '--atlas-memory-limit-mb='

/** The process's argument carrying the memory limit of an export job in MB (runner.ts says why it differs). */
export const EXPORT_MEMORY_LIMIT_ARG = '--atlas-export-memory-limit-mb='
