// Comparison: cases side by side, cell summaries with their evidence, saved comparisons, Kolada series.
import type { CaseKind, County, EntityRef, OrganisationType, Role } from './catalogue'

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
