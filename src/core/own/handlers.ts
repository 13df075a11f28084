// The researcher's own cases and data: cases made in the app or read from CSV, their attributes, and survey
// values from CSV. A CSV import is two steps (preview with a column mapping, then import); between them the
// file waits under a token where it is read (writes/), so the renderer never holds a path.
import { randomUUID } from 'node:crypto'
import { UserError } from '../errors'
import type { DomainContext, DomainHandlers } from '../handlers'
import { chooseFiles } from '../files'
import { createOwnCases } from './cases'

type OwnChannel =
  | 'cases:create'
  | 'cases:update'
  | 'cases:delete'
  | 'cases:attributes'
  | 'cases:setAttributes'
  | 'import:casesPreview'
  | 'import:cases'
  | 'import:survey'

export function createOwnHandlers({ db, shell, writes }: DomainContext): DomainHandlers<OwnChannel> {
  const ownCases = createOwnCases(db)
  const previewed = new Set<string>()
  return {
    // The search index follows these changes through the write layer's change events.
    'cases:create': ({ draft }) => ({ id: ownCases.create(draft) }),
    'cases:update': ({ id, draft }) => {
      ownCases.update(id, draft)
      return { id }
    },
    'cases:delete': ({ id }) => {
      ownCases.remove(id)
      return { deleted: true }
    },
    'cases:attributes': ({ id }) => ownCases.attributes(id),
    'cases:setAttributes': ({ id, attributes }) => ownCases.setAttributes(id, attributes),
    // A CSV of cases or survey values is read, checked and written where the large writes run (writes/); the
    // chosen file waits there between the preview and the import.
    'import:casesPreview': async () => {
      const [file] = await chooseFiles(shell.pickFiles, { purpose: 'import-cases-csv', extensions: ['csv', 'txt'], multiple: false })
      if (!file) return { cancelled: true }
      const token = randomUUID()
      const preview = await writes.previewCases(token, file)
      previewed.add(token)
      return { cancelled: false, token, file: file.name, ...preview }
    },
    'import:cases': async ({ token, mapping }) => {
      if (!previewed.has(token)) throw new UserError('files.previewExpired')
      const result = await writes.importCases(token, mapping)
      previewed.delete(token)
      return result
    },
    'import:survey': async ({ name }) => {
      const [file] = await chooseFiles(shell.pickFiles, { purpose: 'import-survey-csv', extensions: ['csv', 'txt'], multiple: false })
      if (!file) return { cancelled: true }
      return { cancelled: false, ...(await writes.importSurvey(file, name)) }
    },
  }
}
