// Search: one query over the catalogue, the researcher's own cases and documents, and their notes.
import type { DomainContext, DomainHandlers } from '../handlers'

export function createSearchHandlers({ searcher }: DomainContext): DomainHandlers<'search:query' | 'search:status'> {
  return {
    'search:query': ({ query, limit }) => searcher.search(query, limit),
    'search:status': () => searcher.progress(),
  }
}
