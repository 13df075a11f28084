// Team evaluation: the coders of the project and their agreement.
import type { DomainContext, DomainHandlers } from '../handlers'
import { computeAgreement, listCoders } from './agreement'

export function createTeamHandlers({ db }: DomainContext): DomainHandlers<'team:coders' | 'agreement:compute'> {
  return {
    'team:coders': () => listCoders(db),
    'agreement:compute': (request) => computeAgreement(db, request),
  }
}
