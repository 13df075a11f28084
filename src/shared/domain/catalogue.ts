// The bundled catalogue: cases (initiatives, programmes), reports with sections, surveys with values,
// organisations, and the filters and facets of the catalogue view.
export const ORGANISATION_TYPES = [
  'kommun',
  'region',
  'myndighet',
  'universitet',
  'institut',
  'företag',
  'annat',
] as const
export type OrganisationType = (typeof ORGANISATION_TYPES)[number]

export const CASE_KINDS = ['initiative', 'programme'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

export const ENTITY_TYPES = ['initiative', 'programme', 'report', 'survey', 'organisation'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export const ROLES = ['ägare', 'partner', 'finansiär'] as const
export type Role = (typeof ROLES)[number]

/** Which survey population an organisation type stands beside (issue 5 builds on this). */
export const POPULATION_GROUPS = ['kommun', 'region', 'myndighet', 'blandad'] as const
export type PopulationGroup = (typeof POPULATION_GROUPS)[number]

/**
 * How a source words a survey figure, kept as it stands: "drygt 3 av 10" is more than 30 %, "knappt" less,
 * "ca" about. A value the source states flatly ("8 av 10") has none.
 */
export const SURVEY_QUALIFIERS = ['drygt', 'ca', 'knappt'] as const
export type SurveyQualifier = (typeof SURVEY_QUALIFIERS)[number]

/** Bundled rows come from resources/corpus and are replaced on a corpus update; own rows are the researcher's. */
export type Origin = 'bundled' | 'own'

export interface Source {
  url: string
  /** Optional human title; the UI falls back to the host name. */
  title: string | null
}

export interface Fact {
  id: string
  text: string
  source: Source
}

export interface County {
  code: string
  name: string
}

export interface OrganisationRef {
  id: string
  name: string
  type: OrganisationType
  code: string | null
  county: County | null
}

export interface CaseOrganisation extends OrganisationRef {
  role: Role
}

export interface Funder {
  name: string
  /** Set when the funder is an organisation in the atlas. */
  organisationId: string | null
}

export interface EntityRef {
  id: string
  type: EntityType
  name: string
}

export interface CaseSummary {
  id: string
  kind: CaseKind
  name: string
  summary: string
  startYear: number | null
  endYear: number | null
  /** Owners first, then funders, then partners (the catalogue sorts a case by its first county). */
  organisations: { id: string; name: string; type: OrganisationType; role: Role; code: string | null; county: County | null }[]
  themes: string[]
  funders: string[]
  origin: Origin
}

export interface CaseDetail extends CaseSummary {
  summaryEn: string | null
  funderLinks: Funder[]
  caseOrganisations: CaseOrganisation[]
  facts: Fact[]
  links: Source[]
  related: EntityRef[]
  reports: EntityRef[]
  /** What the sources leave unknown or contested, stated rather than filled in. */
  gaps: string[]
}

export interface Section {
  id: string
  reportId: string
  position: number
  heading: string
  text: string
}

export interface ReportSummary {
  id: string
  name: string
  year: number | null
  publisher: string | null
  sectionCount: number
}

export interface ReportDetail extends ReportSummary {
  /** 'bundled': the atlas's own paraphrase of a source (never a quotation); 'own': the researcher's document. */
  origin: Origin
  summary: string
  series: string | null
  isbn: string | null
  url: string | null
  authors: string[]
  themes: string[]
  organisations: OrganisationRef[]
  facts: Fact[]
  sections: Section[]
  related: EntityRef[]
  /** The researcher's imported copies of the original, attached to this (bundled) report. */
  originals: EntityRef[]
  links: Source[]
  gaps: string[]
}

export interface SurveyValue {
  id: string
  indicator: string
  population: string
  populationGroup: PopulationGroup
  period: string
  value: number
  unit: string
  /** The source's own word before the figure ("drygt", "ca", "knappt"); null when it states the figure flatly. */
  qualifier: SurveyQualifier | null
  source: Source
}

export interface SurveySummary {
  id: string
  name: string
  producer: string | null
  referencePeriod: string | null
  valueCount: number
}

export interface SurveyDetail extends SurveySummary {
  summary: string
  commissionedBy: string | null
  fieldworkYear: number | null
  populationDescription: string | null
  themes: string[]
  values: SurveyValue[]
  facts: Fact[]
  related: EntityRef[]
  links: Source[]
  gaps: string[]
}

export interface OrganisationSummary extends OrganisationRef {
  caseCount: number
}

export interface OrganisationDetail extends OrganisationSummary {
  summary: string | null
  aliases: string[]
  /** For a kommun: the region of its county. */
  region: OrganisationRef | null
  /** For a region: the kommuner in its county. */
  kommuner: OrganisationRef[]
  cases: (EntityRef & { role: Role })[]
  reports: EntityRef[]
  surveys: EntityRef[]
  facts: Fact[]
  themes: string[]
  related: EntityRef[]
  links: Source[]
  gaps: string[]
}

export interface CatalogueFilter {
  kind?: CaseKind[]
  organisationType?: OrganisationType[]
  /** Two-digit county codes. */
  county?: string[]
  theme?: string[]
  funder?: string[]
  startYearFrom?: number
  startYearTo?: number
}

export interface FacetValue {
  value: string
  label: string
  count: number
}

export interface CatalogueFacets {
  kind: FacetValue[]
  organisationType: FacetValue[]
  county: FacetValue[]
  theme: FacetValue[]
  funder: FacetValue[]
  /** Range of start years among the cases before filtering, for the range inputs. */
  startYear: { min: number | null; max: number | null }
}

export interface CataloguePage {
  cases: CaseSummary[]
  total: number
  facets: CatalogueFacets
}

export interface AtlasStats {
  schemaVersion: number
  corpusVersion: string
  initiatives: number
  programmes: number
  reports: number
  sections: number
  surveys: number
  surveyValues: number
  organisations: Partial<Record<OrganisationType, number>>
}
