// Comparing cases: the case × code matrix, cell summaries, saved comparisons, similar cases, and the Kolada
// indicator series drawn beside them.
import { message } from '../../shared/messages'
import { UserError } from '../errors'
import type { DomainContext, DomainHandlers } from '../handlers'
import { readChosenFiles } from '../files'
import { createKolada } from './kolada'

type CompareChannel =
  | 'compare:matrix'
  | 'compare:excerpts'
  | 'compare:summary'
  | 'compare:similar'
  | 'comparisons:list'
  | 'comparisons:get'
  | 'comparisons:save'
  | 'comparisons:rename'
  | 'comparisons:delete'
  | 'kolada:import'
  | 'kolada:series'

export function createCompareHandlers({ db, shell, compare }: DomainContext): DomainHandlers<CompareChannel> {
  const kolada = createKolada(db)
  return {
    'compare:matrix': ({ caseIds, coders }) => compare.matrix(caseIds, coders),
    'compare:excerpts': ({ caseId, codeId, coders }) => compare.excerpts(caseId, codeId, coders),
    'compare:summary': ({ caseId, codeId, text, highlightIds }) => compare.setSummary(caseId, codeId, text, highlightIds),
    'compare:similar': ({ caseId, limit }) => compare.similar(caseId, limit),
    'comparisons:list': () => compare.listSaved(),
    'comparisons:get': ({ id }) => compare.getSaved(id),
    'comparisons:save': ({ id, name, state }) => compare.save(name, state, id),
    'comparisons:rename': ({ id, name }) => compare.rename(id, name),
    'comparisons:delete': ({ id }) => {
      compare.remove(id)
      return { deleted: true }
    },
    'kolada:import': async () => {
      const files = await readChosenFiles(shell.pickFiles, { purpose: 'import-kolada', extensions: ['json'], multiple: true })
      if (files.length === 0) return { cancelled: true }
      // Which file is which is read from the content, not the name: KPI metadata has id and title.
      const meta = files.find((f) => /"title"\s*:/.test(f.text) && !/"municipality"\s*:/.test(f.text))
      const values = files.filter((f) => f !== meta)
      if (values.length !== 1) {
        throw new UserError('files.koladaChoice', { files: files.map((f) => f.name).join(', ') })
      }
      const names = { values: values[0]!.name, meta: meta?.name ?? message('problems.kolada.kpiFile') }
      const result = kolada.import(values[0]!.text, meta?.text ?? null, names)
      return { cancelled: false, ...result }
    },
    'kolada:series': ({ organisationCodes }) => kolada.series(organisationCodes),
  }
}
