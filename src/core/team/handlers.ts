// Team evaluation: the coders of the project, their agreement, their disagreements and the consensus.
import type { DomainContext, DomainHandlers } from '../handlers'
import { agreementRuns, deleteAgreementRun, saveAgreementRun } from '../db/agreement-runs'
import { computeAgreement, listCoders } from './agreement'
import { createConsensus } from './consensus'

type TeamChannel =
  | 'team:coders'
  | 'agreement:compute'
  | 'agreement:save'
  | 'agreement:saved'
  | 'agreement:deleteSaved'
  | 'consensus:disagreements'
  | 'consensus:accept'

export function createTeamHandlers({ db, annotations }: DomainContext): DomainHandlers<TeamChannel> {
  const consensus = createConsensus(db, annotations)
  return {
    'team:coders': () => listCoders(db),
    'agreement:compute': (request) => computeAgreement(db, request),
    'agreement:save': (request) => saveAgreementRun(db, computeAgreement(db, request)),
    'agreement:saved': () => agreementRuns(db),
    'agreement:deleteSaved': ({ id }) => ({ deleted: deleteAgreementRun(db, id) }),
    'consensus:disagreements': (request) => consensus.disagreements(request),
    'consensus:accept': (request) => consensus.accept(request),
  }
}
