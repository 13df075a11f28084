// The one contract for every IPC channel. Main registers exactly these channels, the preload exposes exactly
// these, and the renderer calls them through lib/api.ts. Adding a channel here without a handler, a preload
// entry or a renderer method is a compile error, because each of those is a Record<Channel, …>.
import { z } from 'zod'
import type { ErrorCode, ErrorKey, Failure } from './errors'
import {
  CASE_KINDS,
  MEMO_TARGET_TYPES,
  ORGANISATION_TYPES,
  ROLES,
  THEMES,
  UI_LANGUAGES,
  TEXT_TARGET_TYPES,
  type CellSummary,
  type Code,
  type CodeNode,
  type ComparisonMatrix,
  type KoladaImportResult,
  type KoladaSeries,
  type RefiImportResult,
  type RefiConflict,
  CONFLICT_CHOICES,
  AGREEMENT_UNITS,
  UNCODED_CHOICES,
  type AgreementResult,
  type Coder,
  type MergePreview,
  type SavedAgreement,
  type Disagreement,
  type SavedComparison,
  type SimilarCase,
  type Highlight,
  type ImportProgress,
  type ImportResult,
  type Memo,
  type NoteEntry,
  type NotesPage,
  type Preferences,
  type AtlasStats,
  type CaseDetail,
  type CataloguePage,
  type OrganisationDetail,
  type OrganisationSummary,
  type ReportDetail,
  type ReportSummary,
  type SearchResponse,
  type SearchStatus,
  type SurveyDetail,
  type SurveySummary,
  MAP_LEVELS,
  MAP_MEASURES,
  type MapLayer,
  type MapOutlines,
} from './domain'
import { TIMELINE_GROUPS, type TimelineLayout } from './figures/timeline'
import { DRAFT_KINDS, DRAFT_MAX, type Draft } from './drafts'

const id = z.string().min(1).max(200)
/** A custom zod message is an error key: atlas.ts turns the issue into that error, the fronts into words. */
const says = (key: ErrorKey): string => key
const year = z.number().int().min(1800).max(2200)
const codeName = z.string().trim().min(1, says('request.codeNameMissing')).max(200)
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, says('request.colorFormat'))
const note = z.string().max(100_000)
const textTarget = z.object({ type: z.enum(TEXT_TARGET_TYPES), id }).strict()
const codePoint = z.number().int().min(0).max(50_000_000)
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, says('request.dateFormat'))

const agreementRequest = z
  .object({
    coders: z.array(z.string().min(1).max(300)).min(2).max(20),
    unit: z.enum(AGREEMENT_UNITS).optional(),
    overlap: z.number().gt(0).max(1).optional(),
    uncoded: z.enum(UNCODED_CHOICES).optional(),
    codeIds: z.array(id).max(1000).optional(),
    documentIds: z.array(id).max(10_000).optional(),
  })
  .strict()

export const caseDraftSchema = z
  .object({
    kind: z.enum(CASE_KINDS),
    name: z.string().trim().min(1, says('request.caseNameMissing')).max(500),
    summary: z.string().max(20_000),
    startYear: year.nullable(),
    endYear: year.nullable(),
    themes: z.array(z.string().trim().min(1).max(200)).max(100),
    funders: z.array(z.string().trim().min(1).max(200)).max(100),
    organisations: z.array(z.object({ id, role: z.enum(ROLES) }).strict()).max(500),
    related: z.array(id).max(500),
  })
  .strict()

const attributeSchema = z
  .object({
    name: z.string().trim().min(1, says('request.attributeNameMissing')).max(200),
    value: z.string().max(2000),
    type: z.enum(['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime']),
  })
  .strict()

const caseFieldColumn = z.string().min(1).max(500).optional()

export const notesFilterSchema = z
  .object({
    codeIds: z.array(id).max(500).optional(),
    includeChildren: z.boolean().optional(),
    entityId: id.optional(),
    targetId: id.optional(),
    author: z.string().max(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    kind: z.enum(['highlight', 'memo']).optional(),
    status: z.enum(['anchored', 'orphan']).optional(),
  })
  .strict()

export const catalogueFilterSchema = z
  .object({
    kind: z.array(z.enum(CASE_KINDS)).max(10).optional(),
    organisationType: z.array(z.enum(ORGANISATION_TYPES)).max(10).optional(),
    county: z.array(z.string().regex(/^\d{2}$/)).max(30).optional(),
    theme: z.array(z.string().min(1).max(200)).max(50).optional(),
    funder: z.array(z.string().min(1).max(200)).max(50).optional(),
    startYearFrom: year.optional(),
    startYearTo: year.optional(),
  })
  .strict()

export const mapLayerSchema = z
  .object({
    level: z.enum(MAP_LEVELS),
    measure: z.enum(MAP_MEASURES),
    filter: catalogueFilterSchema,
    programme: id.optional(),
    untilYear: year.optional(),
    codeId: id.optional(),
    kpi: z.string().min(1).max(50).optional(),
    year: year.optional(),
    surveyId: id.optional(),
    indicator: z.string().min(1).max(1000).optional(),
    period: z.string().min(1).max(100).optional(),
  })
  .strict()

const timelineSchema = z.object({ filter: catalogueFilterSchema, groupBy: z.enum(TIMELINE_GROUPS) }).strict()
/** A PNG the renderer drew from the figure's SVG, base64 without the data: prefix (at most ~30 MB). */
const pngBase64 = z.string().min(8).max(40_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/)
const figureFormat = z.enum(['svg', 'png', 'csv'])

export const inputSchemas = {
  'app:info': z.object({}).strict(),
  'catalogue:list': z.object({ filter: catalogueFilterSchema }).strict(),
  'cases:get': z.object({ id }).strict(),
  'reports:list': z.object({}).strict(),
  'reports:get': z.object({ id }).strict(),
  'surveys:list': z.object({}).strict(),
  'surveys:get': z.object({ id }).strict(),
  'organisations:list': z
    .object({ type: z.enum(ORGANISATION_TYPES).optional(), county: z.string().regex(/^\d{2}$/).optional() })
    .strict(),
  'organisations:get': z.object({ id }).strict(),
  'search:query': z
    .object({ query: z.string().max(1000), limit: z.number().int().min(1).max(500).optional() })
    .strict(),
  'search:status': z.object({}).strict(),
  'codes:list': z.object({}).strict(),
  'codes:create': z
    .object({ name: codeName, color: color.optional(), description: z.string().max(5000).optional(), parentId: id.nullable().optional() })
    .strict(),
  'codes:update': z
    .object({ id, name: codeName.optional(), color: color.optional(), description: z.string().max(5000).optional() })
    .strict(),
  'codes:move': z.object({ id, parentId: id.nullable(), position: z.number().int().min(0).max(10_000) }).strict(),
  'codes:merge': z.object({ sourceId: id, targetId: id }).strict(),
  'codes:impact': z.object({ id }).strict(),
  'codes:delete': z.object({ id }).strict(),
  'highlights:create': z
    .object({
      target: textTarget,
      start: codePoint,
      end: codePoint,
      codeIds: z.array(id).max(100),
      newCodeNames: z.array(codeName).max(20).optional(),
      note: note.optional(),
    })
    .strict(),
  'highlights:update': z
    .object({ id, note: note.optional(), codeIds: z.array(id).max(100).optional(), newCodeNames: z.array(codeName).max(20).optional() })
    .strict(),
  'highlights:delete': z.object({ id }).strict(),
  'highlights:reattach': z.object({ id, target: textTarget, start: codePoint, end: codePoint }).strict(),
  'highlights:forEntity': z.object({ entityId: id }).strict(),
  'memos:create': z
    .object({
      target: z.object({ type: z.enum(MEMO_TARGET_TYPES), id: id.nullable() }).strict(),
      title: z.string().max(500).optional(),
      body: note,
    })
    .strict(),
  'memos:update': z.object({ id, title: z.string().max(500).optional(), body: note.optional() }).strict(),
  'memos:delete': z.object({ id }).strict(),
  // A draft: what an editor holds and has not saved (src/shared/drafts.ts). An empty body, or the saved text,
  // deletes it.
  'drafts:get': z.object({ kind: z.enum(DRAFT_KINDS), target: z.string().min(1).max(500) }).strict(),
  'drafts:save': z
    .object({
      kind: z.enum(DRAFT_KINDS),
      target: z.string().min(1).max(500),
      body: z.string().max(DRAFT_MAX, says('request.draftTooLong')),
    })
    .strict(),
  'drafts:discard': z.object({ kind: z.enum(DRAFT_KINDS), target: z.string().min(1).max(500) }).strict(),
  'notes:list': z
    .object({ filter: notesFilterSchema, sort: z.enum(['created-desc', 'created-asc', 'updated-desc', 'place']).optional() })
    .strict(),
  /** The notes view: the first `limit` entries, the total and the filter's choices. */
  'notes:page': z
    .object({
      filter: notesFilterSchema,
      sort: z.enum(['created-desc', 'created-asc', 'updated-desc', 'place']).optional(),
      limit: z.number().int().min(1).max(100_000),
    })
    .strict(),
  'history:undo': z.object({}).strict(),
  'history:redo': z.object({}).strict(),
  'history:state': z.object({}).strict(),
  'preferences:get': z.object({}).strict(),
  'preferences:set': z
    .object({
      author: z.string().trim().min(1, says('request.authorMissing')).max(200).optional(),
      language: z.enum(UI_LANGUAGES).optional(),
      theme: z.enum(THEMES).optional(),
      orientationSeen: z.boolean().optional(),
    })
    .strict(),
  // coders (names): count only their highlights.
  'compare:matrix': z.object({ caseIds: z.array(id).min(1).max(50), coders: z.array(z.string().min(1).max(300)).max(20).optional() }).strict(),
  'compare:excerpts': z.object({ caseId: id, codeId: id, coders: z.array(z.string().min(1).max(300)).max(20).optional() }).strict(),
  'compare:summary': z
    .object({ caseId: id, codeId: id, text: z.string().max(20_000), highlightIds: z.array(id).max(500) })
    .strict(),
  'compare:similar': z.object({ caseId: id, limit: z.number().int().min(1).max(50).optional() }).strict(),
  'comparisons:list': z.object({}).strict(),
  'comparisons:get': z.object({ id }).strict(),
  'comparisons:save': z
    .object({
      id: id.optional(),
      name: z.string().trim().min(1, says('request.comparisonNameMissing')).max(200),
      state: z
        .object({
          caseIds: z.array(id).max(50),
          expandedCodeIds: z.array(id).max(2000),
          codeOrder: z.array(id).max(2000),
        })
        .strict(),
    })
    .strict(),
  'comparisons:rename': z.object({ id, name: z.string().trim().min(1, says('request.comparisonNameMissing')).max(200) }).strict(),
  'comparisons:delete': z.object({ id }).strict(),
  // The files are chosen in a dialog that main opens: a path never comes from the renderer.
  'kolada:import': z.object({}).strict(),
  'kolada:series': z.object({ organisationCodes: z.array(z.string().regex(/^\d{2}(\d{2})?$/)).max(50) }).strict(),
  'cases:create': z.object({ draft: caseDraftSchema }).strict(),
  'cases:update': z.object({ id, draft: caseDraftSchema }).strict(),
  'cases:delete': z.object({ id }).strict(),
  'cases:attributes': z.object({ id }).strict(),
  'cases:setAttributes': z.object({ id, attributes: z.array(attributeSchema).max(200) }).strict(),
  // Step 1 of a CSV import of cases: main opens the dialog and returns a preview and a token for the file.
  'import:casesPreview': z.object({}).strict(),
  'import:cases': z
    .object({
      token: z.string().min(1).max(100),
      mapping: z
        .object({
          id: caseFieldColumn,
          kind: caseFieldColumn,
          name: caseFieldColumn,
          summary: caseFieldColumn,
          startYear: caseFieldColumn,
          endYear: caseFieldColumn,
          themes: caseFieldColumn,
          funders: caseFieldColumn,
          organisations: caseFieldColumn,
          related: caseFieldColumn,
        })
        .strict(),
    })
    .strict(),
  // Main opens the dialog (many files at once); progress is read with documents:status, cancel stops it.
  'documents:import': z.object({ attachTo: z.array(id).max(50).optional() }).strict(),
  'documents:status': z.object({}).strict(),
  'documents:cancel': z.object({}).strict(),
  'documents:attach': z.object({ documentId: id, caseIds: z.array(id).min(1).max(50) }).strict(),
  'import:survey': z.object({ name: z.string().max(300).optional() }).strict(),
  // Exports: main asks where to save (a dialog); the renderer never names a path.
  'export:notes': z
    .object({
      format: z.enum(['csv', 'pdf', 'qdpx']),
      delimiter: z.enum([';', ',']).optional(),
      crlf: z.boolean().optional(),
      /** REFI-QDA: false hands the project out without its highlights ("Dela ut" for independent coding). */
      codings: z.boolean().optional(),
      filter: notesFilterSchema.optional(),
      /** CSV column names: in the UI language (default) or stable English machine names. */
      headers: z.enum(['sv', 'en']).optional(),
      /** The report's title (PDF) — the project's name. */
      title: z.string().max(200).optional(),
      /** PDF: each highlight once under its case or document (default), or once under each of its codes. */
      groupBy: z.enum(['entity', 'code']).optional(),
    })
    .strict(),
  'export:codebook': z.object({ format: z.enum(['csv', 'qdc']), delimiter: z.enum([';', ',']).optional() }).strict(),
  'export:matrix': z.object({ caseIds: z.array(id).min(2).max(12), delimiter: z.enum([';', ',']).optional() }).strict(),
  'export:caseCodes': z.object({ delimiter: z.enum([';', ',']).optional() }).strict(),
  // A saved agreement result, or one computed now, as CSV.
  'export:agreement': z
    .object({ runId: id.optional(), request: agreementRequest.optional(), delimiter: z.enum([';', ',']).optional() })
    .strict()
    .refine((v) => (v.runId === undefined) !== (v.request === undefined), { message: 'runId or request, one of them' }),
  'export:cases': z.object({ delimiter: z.enum([';', ',']).optional() }).strict(),
  // REFI-QDA import in two steps: inspect lists what cannot be carried before anything is written.
  'refi:inspect': z.object({}).strict(),
  // onConflict settles every conflict the inspection listed; choices (GUID → choice) settles single ones.
  'refi:import': z
    .object({
      token: z.string().min(1).max(100),
      onConflict: z.enum(CONFLICT_CHOICES).optional(),
      choices: z.record(z.string().max(40), z.enum(CONFLICT_CHOICES)).optional(),
      /** false: a source the project has under another GUID is added as a new document instead of merged by its text. */
      matchByText: z.boolean().optional(),
    })
    .strict(),
  'backup:create': z.object({}).strict(),
  'backup:restore': z.object({}).strict(),
  'backup:check': z.object({ full: z.boolean().optional() }).strict(),
  // Restores the newest automatic copy that passes the checks (the one backup:check offered).
  'backup:restoreSafetyCopy': z.object({}).strict(),
  // Team evaluation: who coded, and how far chosen coders agree (coders by name or GUID).
  'team:coders': z.object({}).strict(),
  'agreement:compute': agreementRequest,
  // Computes and keeps the result in the project, with its settings and time (for the method chapter).
  'agreement:save': agreementRequest,
  'agreement:saved': z.object({}).strict(),
  'agreement:deleteSaved': z.object({ id }).strict(),
  // Disagreements on one document, and the consensus that settles one (a Konsensus highlight per accepted coding).
  'consensus:disagreements': z
    .object({ documentId: id, coders: z.array(z.string().min(1).max(300)).min(2).max(20), overlap: z.number().gt(0).max(1).optional() })
    .strict(),
  'consensus:accept': z
    .object({
      highlightIds: z.array(id).max(20),
      none: z.object({ sectionId: id, start: codePoint, end: codePoint }).strict().optional(),
    })
    .strict(),
  // Only https links from a fact or a source list; main re-checks the URL before handing it to the OS.
  'map:outlines': z.object({}).strict(),
  'map:layer': mapLayerSchema,
  'map:svg': z.object({ request: mapLayerSchema }).strict(),
  'timeline:layout': timelineSchema,
  'timeline:svg': timelineSchema,
  'export:map': z
    .object({ request: mapLayerSchema, format: figureFormat, png: pngBase64.optional(), delimiter: z.enum([';', ',']).optional() })
    .strict(),
  'export:timeline': timelineSchema
    .extend({ format: figureFormat, png: pngBase64.optional(), delimiter: z.enum([';', ',']).optional() })
    .strict(),
  'links:open': z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) }).strict(),
  // Only a file this session's exports wrote may be opened or shown: the renderer never names another path.
  'files:open': z.object({ path: z.string().min(1).max(4000) }).strict(),
  'files:reveal': z.object({ path: z.string().min(1).max(4000) }).strict(),
} as const

export type Channel = keyof typeof inputSchemas
export const CHANNELS = Object.keys(inputSchemas) as Channel[]

export interface Outputs {
  'app:info': AtlasStats
  'catalogue:list': CataloguePage
  'cases:get': CaseDetail
  'reports:list': ReportSummary[]
  'reports:get': ReportDetail
  'surveys:list': SurveySummary[]
  'surveys:get': SurveyDetail
  'organisations:list': OrganisationSummary[]
  'organisations:get': OrganisationDetail
  'search:query': SearchResponse
  'search:status': SearchStatus
  'codes:list': CodeNode[]
  'codes:create': Code
  'codes:update': Code
  'codes:move': Code
  'codes:merge': Code
  'codes:impact': { highlights: number; codes: number }
  'codes:delete': { deleted: true }
  'highlights:create': Highlight
  'highlights:update': Highlight
  'highlights:delete': { deleted: true }
  'highlights:reattach': Highlight
  'highlights:forEntity': Highlight[]
  'memos:create': Memo
  'memos:update': Memo
  'memos:delete': { deleted: true }
  /** Null: no draft, the editor opens with the saved text. */
  'drafts:get': Draft | null
  /** Null: the body was no draft (empty or the saved text), and none is kept. */
  'drafts:save': Draft | null
  'drafts:discard': { discarded: true }
  'notes:list': NoteEntry[]
  'notes:page': NotesPage
  'history:undo': HistoryState
  'history:redo': HistoryState
  'history:state': HistoryState
  'preferences:get': Preferences
  'preferences:set': Preferences
  'compare:matrix': ComparisonMatrix
  'compare:excerpts': Highlight[]
  'compare:summary': CellSummary | null
  'compare:similar': SimilarCase[]
  'comparisons:list': SavedComparison[]
  'comparisons:get': SavedComparison
  'comparisons:save': SavedComparison
  'comparisons:rename': SavedComparison
  'comparisons:delete': { deleted: true }
  'kolada:import': ({ cancelled: false } & KoladaImportResult) | { cancelled: true }
  'kolada:series': KoladaSeries[]
  'cases:create': { id: string }
  'cases:update': { id: string }
  'cases:delete': { deleted: true }
  'cases:attributes': CaseAttribute[]
  'cases:setAttributes': CaseAttribute[]
  'import:casesPreview':
    | { cancelled: true }
    | { cancelled: false; token: string; file: string; delimiter: ';' | ','; columns: string[]; mapping: Partial<Record<string, string>>; rows: string[][]; rowCount: number }
  'import:cases': { created: string[]; updated: string[] }
  'documents:import': ImportResult
  'documents:status': { running: boolean; progress: ImportProgress | null }
  'documents:cancel': { cancelled: boolean }
  'documents:attach': { attached: number }
  'import:survey': { cancelled: true } | { cancelled: false; surveyId: string; values: number }
  'export:notes': ExportResult
  'export:codebook': ExportResult
  'export:matrix': ExportResult
  'export:caseCodes': ExportResult
  'export:cases': ExportResult
  'export:agreement': ExportResult
  'refi:inspect':
    | { cancelled: true }
    | {
        cancelled: false
        token: string
        file: string
        kind: 'qdpx' | 'qdc'
        summary: { codes: number; sources?: number; selections?: number; notes?: number; cases?: number }
        unsupported: string[]
        conflicts: RefiConflict[]
        /** A project (.qdpx) only: what merging it would add. */
        preview?: MergePreview
      }
  'refi:import': RefiImportResult
  'backup:create': { cancelled: true } | { cancelled: false; file: string; highlights: number; memos: number; codes: number }
  'backup:restore':
    | { cancelled: true }
    | { cancelled: false; previous: string; highlights: number; memos: number; codes: number; restartRequired: true }
  /**
   * What quick_check found when the project was opened (null: sound; the file is then open read-only) and,
   * with `full`, what SQLite's integrity_check finds now (null: nothing; not run without `full`).
   */
  'backup:check': {
    damagedAtOpen: string | null
    checked: boolean
    problems: string | null
    /** Where something is wrong: the newest automatic copy that passes the checks a restore makes (null: none). */
    safetyCopy: { name: string; at: string; highlights: number; memos: number; codes: number } | null
  }
  'backup:restoreSafetyCopy': { cancelled: false; previous: string; highlights: number; memos: number; codes: number; restartRequired: true }
  'team:coders': Coder[]
  'agreement:compute': AgreementResult
  'agreement:save': SavedAgreement
  'agreement:saved': SavedAgreement[]
  'agreement:deleteSaved': { deleted: boolean }
  'consensus:disagreements': Disagreement[]
  'consensus:accept': { created: string[] }
  'map:outlines': MapOutlines
  'map:layer': MapLayer
  'map:svg': { svg: string }
  'timeline:layout': TimelineLayout
  'timeline:svg': { svg: string }
  'export:map': ExportResult
  'export:timeline': ExportResult
  'links:open': { opened: boolean }
  'files:open': { opened: boolean }
  'files:reveal': { opened: boolean }
}

export type ExportResult = { cancelled: true } | { cancelled: false; files: string[]; notCarried: string[] }

export interface CaseAttribute {
  name: string
  value: string
  type: 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime'
}

export interface HistoryState {
  canUndo: boolean
  canRedo: boolean
  undoLabel: string | null
  redoLabel: string | null
  /** What the last undo or redo took back or did again, for a short notice. */
  done?: string | null
}

export type Input<C extends Channel> = z.input<(typeof inputSchemas)[C]>
export type Output<C extends Channel> = Outputs[C]

export type { ErrorCode, Failure }

/** A failure carries a stable code and a message key with its parameters (src/shared/errors.ts), never words. */
export type Result<T> = { ok: true; value: T } | Failure

/** What the preload exposes as window.api: one async function per channel. */
export type AtlasBridge = { [C in Channel]: (input: Input<C>) => Promise<Result<Output<C>>> }
