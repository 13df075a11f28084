// Team evaluation: the coders of the project, their agreement, their disagreements and the consensus.
import type { DomainContext, DomainHandlers } from '../handlers'
import { agreementRuns, deleteAgreementRun, saveAgreementRun } from '../db/agreement-runs'
import { listCoders } from './agreement'
import { createConsensus } from './consensus'

type TeamChannel =
  | 'team:coders'
  | 'agreement:compute'
  | 'agreement:save'
  | 'agreement:saved'
  | 'agreement:deleteSaved'
  | 'consensus:disagreements'
  | 'consensus:accept'

export function createTeamHandlers({ db, annotations, reads }: DomainContext): DomainHandlers<TeamChannel> {
  const consensus = createConsensus(db, annotations)
  return {
    'team:coders': () => listCoders(db),
    // Agreement reads every highlight in the project's sections (1.6 s at 50,000): in the read worker.
    'agreement:compute': (request) => reads.agreement(request),
    'agreement:save': async (request) => saveAgreementRun(db, await reads.agreement(request)),
    'agreement:saved': () => agreementRuns(db),
    'agreement:deleteSaved': ({ id }) => ({ deleted: deleteAgreementRun(db, id) }),
    'consensus:disagreements': (request) => consensus.disagreements(request),
    'consensus:accept': (request) => consensus.accept(request),
  }
}
