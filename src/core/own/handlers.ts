// The researcher's own cases and data: cases made in the app or read from CSV, their attributes, and survey
// values from CSV. A CSV import is two steps (preview with a column mapping, then import); between them the
// file waits here under a token, so the renderer never holds a path.
import { randomUUID } from 'node:crypto'
import { UserError } from '../errors'
import type { DomainContext, DomainHandlers } from '../handlers'
import { readChosenFiles } from '../files'
import { importCasesCsv, previewCasesCsv } from '../io/cases-csv'
import { importSurveyCsv } from '../io/survey-csv'
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

export function createOwnHandlers({ db, shell }: DomainContext): DomainHandlers<OwnChannel> {
  const ownCases = createOwnCases(db)
  const chosenFiles = new Map<string, { name: string; text: string }>()
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
    'import:casesPreview': async () => {
      const [file] = await readChosenFiles(shell.pickFiles, { purpose: 'import-cases-csv', extensions: ['csv', 'txt'], multiple: false })
      if (!file) return { cancelled: true }
      const preview = previewCasesCsv(file.text, file.name)
      const token = randomUUID()
      chosenFiles.set(token, { name: file.name, text: file.text })
      return { cancelled: false, token, file: file.name, ...preview }
    },
    'import:cases': async ({ token, mapping }) => {
      const file = chosenFiles.get(token)
      if (!file) throw new UserError('files.previewExpired')
      const result = importCasesCsv(db, ownCases, file.text, mapping, file.name)
      chosenFiles.delete(token)
      return result
    },
    'import:survey': async ({ name }) => {
      const [file] = await readChosenFiles(shell.pickFiles, { purpose: 'import-survey-csv', extensions: ['csv', 'txt'], multiple: false })
      if (!file) return { cancelled: true }
      const imported = importSurveyCsv(db, file.text, file.name, name)
      return { cancelled: false, ...imported }
    },
  }
}
