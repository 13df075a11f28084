// The one contract for every IPC channel. Main registers exactly these channels, the preload exposes exactly
// these, and the renderer calls them through lib/api.ts. Adding a channel here without a handler, a preload
// entry or a renderer method is a compile error, because each of those is a Record<Channel, …>.
import { z } from 'zod'
import {
  CASE_KINDS,
  ORGANISATION_TYPES,
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
} from './domain'

const id = z.string().min(1).max(200)
const year = z.number().int().min(1800).max(2200)

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
  // Only https links from a fact or a source list; main re-checks the URL before handing it to the OS.
  'links:open': z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) }).strict(),
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
  'links:open': { opened: boolean }
}

export type Input<C extends Channel> = z.input<(typeof inputSchemas)[C]>
export type Output<C extends Channel> = Outputs[C]

/** Stable error codes: the renderer and scripts may branch on these; the message is for the researcher. */
export type ErrorCode = 'invalid-input' | 'not-found' | 'forbidden' | 'database' | 'internal'

export type Result<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string }

/** What the preload exposes as window.api: one async function per channel. */
export type AtlasBridge = { [C in Channel]: (input: Input<C>) => Promise<Result<Output<C>>> }
