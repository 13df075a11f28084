// Undo and redo for the researcher's work. Every action on codes, highlights, memos and cell summaries — and a
// whole REFI-QDA merge, with the documents, cases, attributes, relations and GUIDs it adds — runs through
// `History.record`: in one transaction, committed before the action returns, with the before- and after-image
// of every row it touched. Undo writes the before-images back, redo the after-images. Because the images are
// whole rows, one mechanism undoes anything, merges and deletes included, and nothing is lost.
//
// History holds no SQL of its own: each tracked table's module (codes.ts, highlights.ts, memos.ts,
// comparisons.ts, entities.ts, documents.ts, exchange-ids.ts, deletions.ts) says how its rows are read,
// written and removed, and what change a row announces.
import type { HistoryState } from '../../shared/api'
import { emit, transaction, type Change } from './changes'
import type { WritableDB } from './connection'
import { UserError } from '../errors'

/** How one table's rows are read and written by key; defined by the table's own module. */
export interface TrackedRows<R extends object> {
  /** The table's name, for messages. */
  readonly table: string
  keyOf(row: R): Partial<R>
  read(db: WritableDB, key: Partial<R>): R | null
  /** Inserts or updates the whole row by its key. Never REPLACE: that deletes first and cascades. */
  write(db: WritableDB, row: R): void
  remove(db: WritableDB, key: Partial<R>): void
  /** What a write to this row changed, for the change feed. */
  changed(key: Partial<R>): Change
}

type Statement = ReturnType<WritableDB['prepare']>

/**
 * A tracked table's row functions from three of its module's prepared statements — one row by key, insert or
 * update of a whole row, delete by key — each taking named parameters (`@id`, …).
 */
export function trackedRows<R extends object>(
  table: string,
  key: readonly (keyof R & string)[],
  statements: (db: WritableDB) => { one: Statement; write: Statement; remove: Statement },
  changed: (key: Partial<R>) => Change,
): TrackedRows<R> {
  return {
    table,
    keyOf: (row) => Object.fromEntries(key.map((column) => [column, row[column]])) as Partial<R>,
    read: (db, k) => (statements(db).one.get(k) as R | undefined) ?? null,
    write: (db, row) => void statements(db).write.run(row),
    remove: (db, k) => void statements(db).remove.run(k),
    changed,
  }
}

/** The writes an action may make. Each records its row images; cascades are never relied on. */
export interface Writer {
  /** The connection the action runs on, for the reads a write depends on. */
  readonly db: WritableDB
  insert<R extends object>(rows: TrackedRows<R>, row: R): void
  update<R extends object>(rows: TrackedRows<R>, key: Partial<R>, patch: Partial<R>): void
  remove<R extends object>(rows: TrackedRows<R>, key: Partial<R>): void
  /**
   * Remembers a row as it is now, present or not, for a row that a trigger changes as a side effect of the
   * writes that follow (the deletion record of a highlight): undo writes it back after undoing them, so the
   * step leaves the row exactly as it found it.
   */
  snapshot<R extends object>(rows: TrackedRows<R>, key: Partial<R>): void
}

interface RowChange {
  rows: TrackedRows<object>
  key: object
  before: object | null
  after: object | null
}

/**
 * The row images of one action, to undo or redo it: what `recordSteps` returns. The steps of an action that
 * ran on another connection (the write worker's, writes/) stay there; the undo stack holds their number.
 */
export interface Steps {
  readonly changes: readonly RowChange[]
}

/** Undoes and redoes the steps kept elsewhere (writes/writes.ts): History holds only their number. */
export interface KeptSteps {
  undo(step: number): Promise<void>
  redo(step: number): Promise<void>
  /** The steps left the history (beyond its limit, or cleared): their images can go. */
  forget(steps: number[]): void
}

type Entry = { label: string; steps: Steps } | { label: string; kept: number }

const LIMIT = 500

/** A patch's fields left undefined (an optional field the caller did not set) keep the row's value. */
function defined<R extends object>(patch: Partial<R>): Partial<R> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<R>
}

/**
 * Runs `action` in one immediate transaction on `db`, with a writer that keeps the before- and after-image of
 * every row it touches; the steps are null when it touched none.
 */
export function recordSteps<T>(db: WritableDB, action: (w: Writer) => T): { result: T; steps: Steps | null } {
  const changes: RowChange[] = []
  const writer: Writer = {
    db,
    insert: (rows, row) => {
      rows.write(db, row)
      const key = rows.keyOf(row)
      changes.push({ rows, key, before: null, after: rows.read(db, key) })
      emit(db, rows.changed(key))
    },
    update: (rows, key, patch) => {
      const before = rows.read(db, key)
      if (!before) throw new Error(`No ${rows.table} row ${JSON.stringify(key)} to update`)
      rows.write(db, { ...before, ...defined(patch) })
      changes.push({ rows, key, before, after: rows.read(db, key) })
      emit(db, rows.changed(key))
    },
    remove: (rows, key) => {
      const before = rows.read(db, key)
      if (!before) return
      rows.remove(db, key)
      changes.push({ rows, key, before, after: null })
      emit(db, rows.changed(key))
    },
    snapshot: (rows, key) => {
      const now = rows.read(db, key)
      changes.push({ rows, key, before: now, after: now })
    },
  }
  const result = transaction(db, () => action(writer))
  return { result, steps: changes.length > 0 ? { changes } : null }
}

/** Writes the steps' before-images back (undo) or their after-images again (redo), in one transaction. */
export function applySteps(db: WritableDB, steps: Steps, direction: 'undo' | 'redo'): void {
  const images =
    direction === 'undo'
      ? [...steps.changes].reverse().map((c) => ({ rows: c.rows, key: c.key, row: c.before }))
      : steps.changes.map((c) => ({ rows: c.rows, key: c.key, row: c.after }))
  transaction(db, () => {
    // Rows come back in an order that may briefly break a reference (a coding before its code):
    // foreign keys are checked at commit instead of per statement.
    db.pragma('defer_foreign_keys = ON')
    for (const image of images) {
      if (image.row) image.rows.write(db, image.row)
      else image.rows.remove(db, image.key)
      emit(db, image.rows.changed(image.key))
    }
  })
}

export class History {
  private readonly undoStack: Entry[] = []
  private readonly redoStack: Entry[] = []
  private kept: KeptSteps | null = null

  constructor(private readonly db: WritableDB) {}

  /** Runs `action` in one immediate transaction and remembers it for undo under `label`. */
  record<T>(label: string, action: (w: Writer) => T): T {
    const { result, steps } = recordSteps(this.db, action)
    if (steps) this.push({ label, steps })
    return result
  }

  /**
   * Remembers an action whose steps `kept` holds (it ran on the write worker's connection, writes/): undo and
   * redo of it are asked of `kept`.
   */
  remember(label: string, step: number, kept: KeptSteps): void {
    this.kept = kept
    this.push({ label, kept: step })
  }

  async undo(): Promise<string | null> {
    const entry = this.undoStack.pop()
    if (!entry) return null
    await this.apply(entry, 'undo', this.undoStack)
    this.redoStack.push(entry)
    return entry.label
  }

  async redo(): Promise<string | null> {
    const entry = this.redoStack.pop()
    if (!entry) return null
    await this.apply(entry, 'redo', this.redoStack)
    this.undoStack.push(entry)
    return entry.label
  }

  /** After a restore or an import the rows the stacks describe may be gone: undo must not write them back. */
  clear(): void {
    this.forget([...this.undoStack, ...this.redoStack])
    this.undoStack.length = 0
    this.redoStack.length = 0
  }

  state(): HistoryState {
    return {
      canUndo: this.undoStack.length > 0,
      canRedo: this.redoStack.length > 0,
      undoLabel: this.undoStack.at(-1)?.label ?? null,
      redoLabel: this.redoStack.at(-1)?.label ?? null,
    }
  }

  private push(entry: Entry): void {
    this.undoStack.push(entry)
    if (this.undoStack.length > LIMIT) this.forget(this.undoStack.splice(0, 1))
    this.forget(this.redoStack.splice(0))
  }

  /** On failure the entry goes back where it was, unless its steps are gone (the write worker ended). */
  private async apply(entry: Entry, direction: 'undo' | 'redo', from: Entry[]): Promise<void> {
    try {
      if ('steps' in entry) applySteps(this.db, entry.steps, direction)
      else if (direction === 'undo') await this.kept!.undo(entry.kept)
      else await this.kept!.redo(entry.kept)
    } catch (error) {
      if (!(error instanceof UserError && error.key === 'history.stepLost')) from.push(entry)
      throw error
    }
  }

  private forget(entries: Entry[]): void {
    const kept = entries.flatMap((e) => ('kept' in e ? [e.kept] : []))
    if (kept.length > 0) this.kept?.forget(kept)
  }
}

/**
 * A writer that records nothing: the same row functions as an undoable action, for writes that are not the
 * researcher's steps (a document import, a corpus update) or that run inside a caller's transaction.
 */
export function untrackedWriter(db: WritableDB): Writer {
  return {
    db,
    insert: (rows, row) => {
      rows.write(db, row)
      emit(db, rows.changed(rows.keyOf(row)))
    },
    update: (rows, key, patch) => {
      const before = rows.read(db, key)
      if (!before) throw new Error(`No ${rows.table} row ${JSON.stringify(key)} to update`)
      rows.write(db, { ...before, ...defined(patch) })
      emit(db, rows.changed(key))
    },
    remove: (rows, key) => {
      rows.remove(db, key)
      emit(db, rows.changed(key))
    },
    snapshot: () => {},
  }
}

/**
 * Writes through the same row functions as an undoable action, in one transaction, but leaves no undo step:
 * a document file imported, re-anchoring after a corpus update, a merge by the CLI (one process, one command).
 */
export function writeWithoutHistory<T>(db: WritableDB, action: (w: Writer) => T): T {
  return transaction(db, () => action(untrackedWriter(db)))
}
