// Domain types shared by core, IPC contract, CLI and renderer. Pure data: every value here
// crosses the IPC boundary by structured clone, so no classes, no Dates, no functions.

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
  organisations: { id: string; name: string; type: OrganisationType; role: Role }[]
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
  approximate: boolean
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

export type { HitType } from './search-query'

export interface SearchHit {
  type: import('./search-query').HitType
  /** The case, report, survey, organisation, section, fact or survey value the hit points to. */
  id: string
  title: string
  snippet: string
  /** UTF-16 ranges in `snippet` of the matched words, for highlighting. */
  highlights: [number, number][]
  score: number
  /** For a section, fact or value: the report, case, survey or organisation it belongs to. */
  parentId?: string
  parentTitle?: string
  /** What kind of entity the parent is, so the hit knows which page to open. */
  parentType?: EntityType
  /** For a highlight: the section or fact it sits in (absent for a summary). */
  textId?: string
}

export interface SearchResponse {
  query: string
  total: number
  hits: SearchHit[]
  /** Hits per type over all matches, not only the returned ones. */
  groups: { type: import('./search-query').HitType; count: number }[]
  /** Parts of the query that could not be used, as typed, each with the reason. */
  ignored: { part: string; reason: string }[]
}

/** Loading or building the search index: shown as progress until `phase` is 'ready'. */
export interface SearchStatus {
  phase: 'loading' | 'building' | 'saving' | 'ready'
  done: number
  total: number
}

// ── The researcher's work: codes, highlights, memos ───────────────────────────────────────────────────

/** The texts a highlight can sit in: a report section, a fact, or an entity's summary. */
export const TEXT_TARGET_TYPES = ['section', 'fact', 'summary'] as const
export type TextTargetType = (typeof TEXT_TARGET_TYPES)[number]

export interface TextTargetRef {
  type: TextTargetType
  id: string
}

export interface Code {
  id: string
  parentId: string | null
  position: number
  name: string
  /** #rrggbb */
  color: string
  description: string
}

export interface CodeNode extends Code {
  /** Highlights coded with this code itself. */
  count: number
  /** Highlights coded with this code or any code below it. */
  totalCount: number
  /** Names from the root down to this code, e.g. ["Innovationens fas", "Pilot"]. */
  path: string[]
  children: CodeNode[]
}

export interface Highlight {
  id: string
  target: TextTargetRef
  /** The case, report, survey or organisation whose text it is. */
  entityId: string
  entityName: string
  entityType: EntityType
  /** Code points in the normalised text. */
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
  note: string
  author: string
  status: 'anchored' | 'orphan'
  codes: { id: string; name: string; color: string; path: string[] }[]
  createdAt: string
  updatedAt: string
}

export const MEMO_TARGET_TYPES = ['case', 'report', 'survey', 'organisation', 'code', 'project'] as const
export type MemoTargetType = (typeof MEMO_TARGET_TYPES)[number]

export interface Memo {
  id: string
  target: { type: MemoTargetType; id: string | null }
  /** What the memo is about, for lists: the case's or code's name, "Projektet". */
  targetName: string
  title: string
  body: string
  author: string
  createdAt: string
  updatedAt: string
}

export interface NotesFilter {
  /** Highlights coded with any of these codes (and, with includeChildren, any code below them). */
  codeIds?: string[]
  includeChildren?: boolean
  /** Highlights and memos on this case, report, survey or organisation. */
  entityId?: string
  /** Highlights in this report section or fact. */
  targetId?: string
  author?: string
  /** ISO dates, inclusive, on created time. */
  from?: string
  to?: string
  kind?: 'highlight' | 'memo'
  status?: 'anchored' | 'orphan'
}

export type NotesSort = 'created-desc' | 'created-asc' | 'updated-desc' | 'place'

export type NoteEntry = { kind: 'highlight'; highlight: Highlight } | { kind: 'memo'; memo: Memo }

export interface Preferences {
  /** The researcher's name, stamped on every highlight and memo; null until asked. */
  author: string | null
}

// ── Comparison: cases side by side ─────────────────────────────────────────────────────────────────────

export interface ComparisonCase {
  id: string
  name: string
  kind: CaseKind
  startYear: number | null
  endYear: number | null
  organisations: { id: string; name: string; type: OrganisationType; role: Role; code: string | null; county: County | null }[]
  /** Distinct organisation types taking part, and the survey population each stands beside. */
  organisationTypes: OrganisationType[]
  /** Kommun and region codes of the organisations taking part. */
  codes: string[]
  counties: County[]
  funders: string[]
  themes: string[]
  programmes: EntityRef[]
  reportCount: number
  sourceCount: number
}

export type EvidenceState = 'ok' | 'some-missing' | 'all-missing'

export interface CellSummary {
  caseId: string
  codeId: string
  text: string
  author: string
  updatedAt: string
  evidence: { highlightId: string; quote: string; state: 'anchored' | 'orphan' | 'deleted' }[]
  /** 'some-missing' / 'all-missing' when highlights it rests on were deleted or became orphans. */
  evidenceState: EvidenceState
}

export interface MatrixCodeRow {
  id: string
  name: string
  color: string
  path: string[]
  depth: number
  parentId: string | null
  hasChildren: boolean
  /** Highlights with this code or a code below it in each case's texts, by case id. */
  counts: Record<string, number>
}

export interface ComparisonMatrix {
  cases: ComparisonCase[]
  codes: MatrixCodeRow[]
  /** Cell summaries keyed `${caseId}|${codeId}`. */
  summaries: Record<string, CellSummary>
  /** The largest count in the matrix, for the heat shade. */
  maxCount: number
}

export interface ComparisonState {
  caseIds: string[]
  expandedCodeIds: string[]
  codeOrder: string[]
}

export interface SavedComparison {
  id: string
  name: string
  state: ComparisonState
  createdAt: string
  updatedAt: string
}

export interface SimilarCase {
  case: EntityRef
  score: number
  /** Why it is similar, in Swedish: "2 gemensamma teman: idéslussar, …". */
  reasons: string[]
}

export interface KoladaSeries {
  organisationCode: string
  kpiId: string
  kpiTitle: string
  points: { period: number; value: number | null }[]
}

export interface KoladaImportResult {
  values: number
  kpis: number
  organisations: number
  periods: { from: number; to: number } | null
}

// ── Importing the researcher's own documents ───────────────────────────────────────────────────────────

export type DocumentFormat = 'pdf' | 'docx' | 'markdown' | 'text' | 'html'
export type ImportPhase = 'reading' | 'parsing' | 'saving' | 'done' | 'failed'

export interface ImportProgress {
  file: string
  /** 0-based position of the file in the batch. */
  index: number
  total: number
  phase: ImportPhase
  message?: string
}

export interface ImportedDocument {
  file: string
  entityId: string
  title: string
  format: DocumentFormat
  sections: number
  warnings: string[]
}

export interface ImportResult {
  imported: ImportedDocument[]
  failed: { file: string; message: string }[]
  cancelled: boolean
}
