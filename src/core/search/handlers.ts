// Search: one query over the catalogue, the researcher's own cases and documents, and their notes.
import type { DomainContext, DomainHandlers } from '../handlers'

export function createSearchHandlers({ searcher, library }: DomainContext): DomainHandlers<'search:query' | 'search:status'> {
  return {
    'search:query': ({ query, limit }) => searcher.search(query, limit),
    // While an older project's library is indexed again, that is what the search dialog reports.
    'search:status': () => library?.progress() ?? searcher.progress(),
  }
}
