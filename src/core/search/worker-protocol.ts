import type { SearchResponse } from '../../shared/domain'
import type { Change } from '../db/changes'
import type { SearchProgress } from './service'

export interface WorkerSetup {
  dbPath: string
  indexDir: string | null
}

export type WorkerRequest =
  | { kind: 'search'; seq: number; query: string; limit?: number | undefined }
  | { kind: 'changes'; seq: number; changes: Change[] }
  | { kind: 'close' }

export type WorkerReply =
  | { kind: 'progress'; progress: SearchProgress }
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'result'; seq: number; ok: true; response: SearchResponse }
  | { kind: 'result'; seq: number; ok: false; message: string }
  | { kind: 'refreshed'; seq: number }
