// A colleague's own project file (the app's .sqlite, e.g. what "Dela ut som projektfil" or a backup wrote),
// merged like their REFI-QDA project: the file is read into memory (never opened where it lies), checked as a
// restore checks it — whole, an Innovationsatlas database no newer than this app, no trigger or view the app
// did not create — brought up to date there, exported to REFI-QDA and read back. From then on it is the same
// preview and the same import, GUIDs and all. Runs in the parse process with the other untrusted files.
import Database from 'better-sqlite3'
import { asWritable } from '../../db/connection'
import { migrate } from '../../db/migrate'
import { UserError } from '../../errors'
import { checkAtlasDatabase, foreignSchema, isSqliteFile } from '../backup'
import { exportQdpx } from './export'
import { parseProject, type ParsedProject } from './parse'

/** A colleague's project file is an SQLite file (a REFI-QDA project is a ZIP, a codebook XML). */
export const isProjectFile = isSqliteFile

export async function readProjectFile(bytes: Buffer, file: string): Promise<ParsedProject> {
  let db: Database.Database
  try {
    // A project file in WAL mode (as the app keeps it) says so in its header (bytes 18 and 19 are 2), and
    // SQLite will not open such a file from memory. The copy is marked as a rollback-journal file (1): the
    // pages are the same. (What only a -wal file beside it holds is not in these bytes: a backup is whole.)
    const copy = Buffer.from(bytes)
    if (copy.length > 19 && copy[18] === 2 && copy[19] === 2) copy[18] = copy[19] = 1
    db = new Database(copy)
  } catch (error) {
    throw new UserError('backup.cannotOpen', { file, reason: (error as Error).message })
  }
  try {
    checkAtlasDatabase(db, file)
    const foreign = foreignSchema(db)
    if (foreign.length > 0) throw new UserError('backup.foreignSchema', { file, things: foreign.slice(0, 5).join(', ') })
    migrate(db)
    // The copy in memory is only read from here on.
    const { data } = exportQdpx(asWritable(db))
    const project = await parseProject(data, file)
    const deleted = db.prepare(`SELECT id, deleted_at AS at FROM deletions`).all() as { id: string; at: string }[]
    if (deleted.length > 0) project.deletedThere = new Map(deleted.map((d) => [d.id, d.at]))
    return project
  } finally {
    db.close()
  }
}
