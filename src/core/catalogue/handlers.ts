// The bundled catalogue, read only: cases, reports, surveys, organisations, and the source links they cite.
import type { DomainContext, DomainHandlers } from '../handlers'
import { createCatalogue } from './catalogue'

type CatalogueChannel =
  | 'app:info'
  | 'catalogue:list'
  | 'cases:get'
  | 'reports:list'
  | 'reports:get'
  | 'surveys:list'
  | 'surveys:get'
  | 'organisations:list'
  | 'organisations:get'
  | 'links:open'

export function createCatalogueHandlers({ db, shell }: DomainContext): DomainHandlers<CatalogueChannel> {
  const catalogue = createCatalogue(db)
  return {
    'app:info': () => catalogue.stats(),
    'catalogue:list': ({ filter }) => catalogue.listCatalogue(filter),
    'cases:get': ({ id }) => catalogue.getCase(id),
    'reports:list': () => catalogue.listReports(),
    'reports:get': ({ id }) => catalogue.getReport(id),
    'surveys:list': () => catalogue.listSurveys(),
    'surveys:get': ({ id }) => catalogue.getSurvey(id),
    'organisations:list': (filter) => catalogue.listOrganisations(filter),
    'organisations:get': ({ id }) => catalogue.getOrganisation(id),
    // The contract already admits only http(s); parsing again here means the OS never gets anything else.
    'links:open': async ({ url }) => {
      const parsed = new URL(url)
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { opened: false }
      if (!shell.openExternal) return { opened: false }
      await shell.openExternal(parsed.toString())
      return { opened: true }
    },
  }
}
