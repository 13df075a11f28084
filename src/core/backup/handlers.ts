// The whole project to one file and back: backup through SQLite's online backup API, restore keeping the
// replaced file beside it. A restore ends with a restart, since the undo history and the search index describe
// the database that was replaced.
import path from 'node:path'
import { UserError } from '../errors'
import type { DomainContext, DomainHandlers } from '../handlers'
import { damageOf, integrityProblems } from '../db/open'
import { safetyCopies } from '../db/safety-copies'
import { inProcessParser } from '../io/parsing/runner'
import { copyHere, createBackup, restoreBackup, type BackupInfo, type CopyProject, type InspectBackup, type StageRestore } from '../io/backup'

type BackupChannel = 'backup:create' | 'backup:restore' | 'backup:restoreSafetyCopy' | 'backup:check'

export function createBackupHandlers({ db, dbPath, shell, annotations, parser }: DomainContext): DomainHandlers<BackupChannel> {
  // A database's integrity check reads the whole file: the parse process does it (seconds for a large project).
  const inspect: InspectBackup = (file, name) => parser.parse({ kind: 'inspectBackup', file: name, path: file })
  // And the copy of a backup to restore, brought up to date there (migrating an older large project takes seconds).
  const stage: StageRestore = async (file, staging, name) => void (await parser.parse({ kind: 'stageRestore', file: name, path: file, out: staging }))
  // The copy too, from the project file: a database in memory has no file another process could read.
  const copy: CopyProject =
    dbPath === ':memory:' || parser === inProcessParser ? copyHere(db) : (temp, name) => parser.parse({ kind: 'backup', file: name, path: dbPath, out: temp })

  /**
   * The newest automatic copy (made before a migration or a corpus update) that passes the same checks as
   * any restore: whole, and the app's own schema. A damaged copy is passed over for the one before it.
   */
  const newestGoodCopy = async (): Promise<{ file: string; at: Date; info: BackupInfo } | null> => {
    if (dbPath === ':memory:') return null
    for (const copy of safetyCopies(dbPath)) {
      try {
        return { ...copy, info: await inspect(copy.file, path.basename(copy.file)) }
      } catch {
        continue
      }
    }
    return null
  }

  const restoreFrom = async (file: string) => {
    if (dbPath === ':memory:') throw new UserError('backup.inMemory')
    const { previous, info } = await restoreBackup(db, dbPath, file, inspect, stage)
    annotations.history.clear()
    shell.onRestored?.()
    return { cancelled: false as const, previous, highlights: info.highlights, memos: info.memos, codes: info.codes, restartRequired: true as const }
  }

  return {
    // The full check (indexes against their tables too) reads the whole file: asked for, never at start.
    // Where something is wrong, the newest good automatic copy is offered.
    'backup:check': async ({ full }) => {
      const damagedAtOpen = damageOf(db)
      const check = async (): Promise<string | null> =>
        dbPath === ':memory:'
          ? integrityProblems(db, 'integrity_check')
          : (await parser.parse({ kind: 'integrity', file: path.basename(dbPath), path: dbPath, check: 'integrity_check' })).problems
      const problems = full ? await check() : null
      const copy = damagedAtOpen || problems ? await newestGoodCopy() : null
      return {
        damagedAtOpen,
        checked: full === true,
        problems,
        safetyCopy: copy
          ? { name: path.basename(copy.file), at: copy.at.toISOString(), highlights: copy.info.highlights, memos: copy.info.memos, codes: copy.info.codes }
          : null,
      }
    },
    'backup:create': async () => {
      if (!shell.pickSavePath) throw new UserError('files.saveDesktopOnly')
      const date = new Date().toISOString().slice(0, 10)
      const file = await shell.pickSavePath({ purpose: 'backup-create', defaultName: `innovationsatlas-${date}.sqlite`, extensions: ['sqlite'] })
      if (!file) return { cancelled: true }
      const info = await createBackup(file, copy)
      return { cancelled: false, file, highlights: info.highlights, memos: info.memos, codes: info.codes }
    },
    'backup:restore': async () => {
      if (!shell.pickFiles) throw new UserError('files.pickDesktopOnly')
      const [file] = await shell.pickFiles({ purpose: 'backup-restore', extensions: ['sqlite'], multiple: false })
      if (!file) return { cancelled: true }
      return restoreFrom(file)
    },
    // The renderer never names a path: the core picks the newest good automatic copy again.
    'backup:restoreSafetyCopy': async () => {
      const copy = await newestGoodCopy()
      if (!copy) throw new UserError('backup.noSafetyCopy')
      return restoreFrom(copy.file)
    },
  }
}
