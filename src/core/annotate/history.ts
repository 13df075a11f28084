// Every action on the researcher's work (highlights, codes, memos) runs through `History.record`: in one
// transaction, committed before the action returns, with the before- and after-image of every row it
// touched. Undo writes the before-images back, redo the after-images. Because the images are whole rows,
// one mechanism undoes anything, merges and deletes included, and nothing is lost on the way.
import type { HistoryState } from '../../shared/api'
import type { AtlasDatabase } from '../db/open'

type Row = Record<string, string | number | null>

/** The tables an action may touch, each with its primary key columns. */
const TABLES = {
  codes: ['id'],
  highlights: ['id'],
  highlight_codes: ['highlight_id', 'code_id'],
  memos: ['id'],
  cell_summaries: ['case_id', 'code_id'],
  cell_evidence: ['case_id', 'code_id', 'highlight_id'],
} as const
export type TrackedTable = keyof typeof TABLES

interface RowChange {
  table: TrackedTable
  key: Row
  before: Row | null
  after: Row | null
}

interface Entry {
  label: string
  changes: RowChange[]
}


/** The writes an action may make. Each records its row images; cascades are never relied on. */
export interface Writer {
  insert(table: TrackedTable, row: Row): void
  update(table: TrackedTable, key: Row, patch: Row): void
  remove(table: TrackedTable, key: Row): void
}

const LIMIT = 500

export class History {
  private readonly undoStack: Entry[] = []
  private readonly redoStack: Entry[] = []
  private readonly statements = new Map<string, ReturnType<AtlasDatabase['prepare']>>()

  constructor(private readonly db: AtlasDatabase) {}

  /** Table and column names come from TABLES and from rows this module's callers build, never from input. */
  private sql(text: string) {
    let statement = this.statements.get(text)
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)))
    return statement
  }

  /** Runs `action` in one immediate transaction and remembers it for undo under `label`. */
  record<T>(label: string, action: (w: Writer) => T): T {
    const changes: RowChange[] = []
    const writer: Writer = {
      insert: (table, row) => {
        this.write(table, row)
        changes.push({ table, key: keyOf(table, row), before: null, after: this.read(table, keyOf(table, row)) })
      },
      update: (table, key, patch) => {
        const before = this.read(table, key)
        if (!before) throw new Error(`${table} ${JSON.stringify(key)} finns inte`)
        this.write(table, { ...before, ...patch })
        changes.push({ table, key, before, after: this.read(table, key) })
      },
      remove: (table, key) => {
        const before = this.read(table, key)
        if (!before) return
        this.delete(table, key)
        changes.push({ table, key, before, after: null })
      },
    }
    const result = this.db.transaction(() => action(writer)).immediate()
    if (changes.length > 0) {
      this.undoStack.push({ label, changes })
      if (this.undoStack.length > LIMIT) this.undoStack.shift()
      this.redoStack.length = 0
    }
    return result
  }

  undo(): string | null {
    const entry = this.undoStack.pop()
    if (!entry) return null
    this.apply([...entry.changes].reverse().map((c) => ({ table: c.table, key: c.key, row: c.before })))
    this.redoStack.push(entry)
    return entry.label
  }

  redo(): string | null {
    const entry = this.redoStack.pop()
    if (!entry) return null
    this.apply(entry.changes.map((c) => ({ table: c.table, key: c.key, row: c.after })))
    this.undoStack.push(entry)
    return entry.label
  }

  /** After a restore the rows the stacks describe are gone: undo must not write them back. */
  clear(): void {
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

  private apply(steps: { table: TrackedTable; key: Row; row: Row | null }[]): void {
    this.db.transaction(() => {
      // Rows come back in an order that may briefly break a reference (a coding before its code):
      // foreign keys are checked at commit instead of per statement.
      this.db.pragma('defer_foreign_keys = ON')
      for (const step of steps) {
        if (step.row) this.write(step.table, step.row)
        else this.delete(step.table, step.key)
      }
    }).immediate()
  }

  private read(table: TrackedTable, key: Row): Row | null {
    const where = TABLES[table].map((c) => `${c} = @${c}`).join(' AND ')
    return (this.sql(`SELECT * FROM ${table} WHERE ${where}`).get(key) as Row | undefined) ?? null
  }

  /** Upsert, never REPLACE: a REPLACE deletes first and would cascade to the rows that refer to this one. */
  private write(table: TrackedTable, row: Row): void {
    const columns = Object.keys(row)
    const keys = TABLES[table] as readonly string[]
    const updates = columns.filter((c) => !keys.includes(c)).map((c) => `${c} = excluded.${c}`)
    const conflict = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'
    this
      .sql(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
         ON CONFLICT(${keys.join(', ')}) ${conflict}`,
      )
      .run(row)
  }

  private delete(table: TrackedTable, key: Row): void {
    const where = TABLES[table].map((c) => `${c} = @${c}`).join(' AND ')
    this.sql(`DELETE FROM ${table} WHERE ${where}`).run(key)
  }
}

function keyOf(table: TrackedTable, row: Row): Row {
  return Object.fromEntries(TABLES[table].map((c) => [c, row[c] ?? null]))
}
