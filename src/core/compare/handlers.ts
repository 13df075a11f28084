// Comparing cases: the case × code matrix, cell summaries, saved comparisons, similar cases, and the Kolada
// indicator series drawn beside them.
import type { DomainContext, DomainHandlers } from '../handlers'
import { chooseFiles } from '../files'
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

export function createCompareHandlers({ db, shell, compare, writes }: DomainContext): DomainHandlers<CompareChannel> {
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
      const files = await chooseFiles(shell.pickFiles, { purpose: 'import-kolada', extensions: ['json'], multiple: true })
      if (files.length === 0) return { cancelled: true }
      // Read, checked and written where the large writes run (a file of 174,000 values held the main thread 1.6 s).
      return { cancelled: false, ...(await writes.importKolada(files)) }
    },
    'kolada:series': ({ organisationCodes }) => kolada.series(organisationCodes),
  }
}
