// The app's writes take turns. A large write (a REFI-QDA merge, deleting a code with thousands of highlights, undoing
// either) runs on the write worker's connection and holds SQLite's write lock for seconds; a write on the main
// thread meanwhile would wait in SQLite's busy handler, which blocks the thread (up to busy_timeout). So every
// write goes through this gate: the channels that write are run one at a time (atlas.ts), and work that writes
// between awaits (a document import) waits for the gate before each write. Reads never wait: WAL lets them read
// the last committed state while a write runs elsewhere.
import type { Channel } from '../../shared/api'

export interface WriteGate {
  /** Runs `work` when every earlier holder is done; later writes wait for it in turn. */
  hold<T>(work: () => T | Promise<T>): Promise<T>
  /** Resolves when no one holds the gate (for a write made at once after it, with no await between). */
  whenFree(): Promise<void>
  readonly busy: boolean
}

export function createWriteGate(): WriteGate {
  let tail: Promise<unknown> = Promise.resolve()
  let holders = 0
  return {
    hold(work) {
      holders += 1
      const run = tail.then(work).finally(() => {
        holders -= 1
      })
      tail = run.catch(() => {})
      return run
    },
    async whenFree() {
      while (holders > 0) await tail
    },
    get busy() {
      return holders > 0
    },
  }
}

/**
 * The channels that write to the project file; atlas.ts runs each holding the gate. A channel that writes only
 * between awaits of its own (documents:import, a file read at a time) is not held as a whole: it waits for the
 * gate before each write. Exports, searches and every other read are not here and never wait.
 */
export const WRITE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'codes:create',
  'codes:update',
  'codes:move',
  'codes:merge',
  'codes:delete',
  'highlights:create',
  'highlights:update',
  'highlights:delete',
  'highlights:reattach',
  'memos:create',
  'memos:update',
  'memos:delete',
  'drafts:save',
  'drafts:discard',
  'history:undo',
  'history:redo',
  'preferences:set',
  'compare:summary',
  'comparisons:save',
  'comparisons:rename',
  'comparisons:delete',
  'kolada:import',
  'cases:create',
  'cases:update',
  'cases:delete',
  'cases:setAttributes',
  'import:cases',
  'import:survey',
  'documents:attach',
  'refi:import',
  'backup:restore',
  'backup:restoreSafetyCopy',
  'agreement:save',
  'agreement:deleteSaved',
  'consensus:accept',
])
