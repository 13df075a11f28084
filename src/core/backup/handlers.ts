// The whole project to one file and back: backup through SQLite's online backup API, restore keeping the
// replaced file beside it. A restore ends with a restart, since the undo history and the search index describe
// the database that was replaced.
import { UserError } from '../errors'
import type { DomainContext, DomainHandlers } from '../handlers'
import { damageOf, integrityProblems } from '../db/open'
import { createBackup, restoreBackup } from '../io/backup'

export function createBackupHandlers({ db, dbPath, shell, annotations }: DomainContext): DomainHandlers<'backup:create' | 'backup:restore' | 'backup:check'> {
  return {
    // The full check (indexes against their tables too) reads the whole file: asked for, never at start.
    'backup:check': ({ full }) => ({
      damagedAtOpen: damageOf(db),
      checked: full === true,
      problems: full ? integrityProblems(db, 'integrity_check') : null,
    }),
    'backup:create': async () => {
      if (!shell.pickSavePath) throw new UserError('files.saveDesktopOnly')
      const date = new Date().toISOString().slice(0, 10)
      const file = await shell.pickSavePath({ purpose: 'backup-create', defaultName: `innovationsatlas-${date}.sqlite`, extensions: ['sqlite'] })
      if (!file) return { cancelled: true }
      const info = await createBackup(db, file)
      return { cancelled: false, file, highlights: info.highlights, memos: info.memos, codes: info.codes }
    },
    'backup:restore': async () => {
      if (!shell.pickFiles) throw new UserError('files.pickDesktopOnly')
      const [file] = await shell.pickFiles({ purpose: 'backup-restore', extensions: ['sqlite'], multiple: false })
      if (!file) return { cancelled: true }
      if (dbPath === ':memory:') throw new UserError('backup.inMemory')
      const { previous, info } = await restoreBackup(db, dbPath, file)
      annotations.history.clear()
      shell.onRestored?.()
      return { cancelled: false, previous, highlights: info.highlights, memos: info.memos, codes: info.codes, restartRequired: true }
    },
  }
}
