// The whole project to one file and back: backup through SQLite's online backup API, restore keeping the
// replaced file beside it. A restore ends with a restart, since the undo history and the search index describe
// the database that was replaced.
import type { DomainContext, DomainHandlers } from '../handlers'
import { FileInputError } from '../files'
import { BackupError, createBackup, restoreBackup } from '../io/backup'

export function createBackupHandlers({ db, dbPath, shell, annotations }: DomainContext): DomainHandlers<'backup:create' | 'backup:restore'> {
  return {
    'backup:create': async () => {
      if (!shell.pickSavePath) throw new FileInputError('Att spara filer går bara i skrivbordsappen.')
      const date = new Date().toISOString().slice(0, 10)
      const file = await shell.pickSavePath({ purpose: 'backup-create', defaultName: `innovationsatlas-${date}.sqlite`, extensions: ['sqlite'] })
      if (!file) return { cancelled: true }
      const info = await createBackup(db, file)
      return { cancelled: false, file, highlights: info.highlights, memos: info.memos, codes: info.codes }
    },
    'backup:restore': async () => {
      if (!shell.pickFiles) throw new FileInputError('Att välja filer går bara i skrivbordsappen.')
      const [file] = await shell.pickFiles({ purpose: 'backup-restore', extensions: ['sqlite'], multiple: false })
      if (!file) return { cancelled: true }
      if (dbPath === ':memory:') throw new BackupError('En databas i minnet kan inte återställas.')
      const { previous, info } = await restoreBackup(db, dbPath, file)
      annotations.history.clear()
      shell.onRestored?.()
      return { cancelled: false, previous, highlights: info.highlights, memos: info.memos, codes: info.codes, restartRequired: true }
    },
  }
}
