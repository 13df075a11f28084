// The shape of the bundled corpus source files (resources/corpus/**.yaml), one file per entity.
// Keys are snake_case so that a reviewer reads the YAML as plain prose in a pull request.
import { z } from 'zod'
import { ORGANISATION_TYPES, POPULATION_GROUPS, ROLES, SURVEY_QUALIFIERS } from '../../shared/domain'
import { message } from '../../shared/messages'

export const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, message('problems.corpus.idFormat'))

const sourceUrl = z.url({ protocol: /^https?$/, error: message('problems.corpus.url') })
const text = z.string().trim().min(1, message('problems.corpus.empty'))
const year = z.number().int().min(1900).max(2100)

export const factSchema = z
  .object({
    id: z.string().regex(/^f\d+$/, message('problems.corpus.factId')),
    text,
    source: sourceUrl,
  })
  .strict()

const participationSchema = z.object({ id: slug, role: z.enum(ROLES) }).strict()

const funderSchema = z
  .object({
    name: text,
    /** The funder as an organisation in the atlas, when it is one. */
    organisation: slug.optional(),
  })
  .strict()

const common = {
  id: slug,
  name: text,
  summary: text,
  summary_en: text.optional(),
  themes: z.array(text).default([]),
  facts: z.array(factSchema).default([]),
  links: z.array(sourceUrl).default([]),
  related: z.array(slug).default([]),
  /** What the dossier says is unknown or contested; shown to the researcher, never filled in. */
  gaps: z.array(text).default([]),
}

export const caseFileSchema = z
  .object({
    ...common,
    kind: z.enum(['initiative', 'programme']),
    start_year: year.nullable(),
    end_year: year.nullable(),
    funders: z.array(funderSchema).default([]),
    organisations: z.array(participationSchema).default([]),
  })
  .strict()

export const reportFileSchema = z
  .object({
    ...common,
    kind: z.literal('report'),
    publisher: text.nullable(),
    year: year.nullable(),
    series: text.nullable().default(null),
    isbn: text.nullable().default(null),
    url: sourceUrl.nullable(),
    authors: z.array(text).default([]),
    funders: z.array(funderSchema).default([]),
    organisations: z.array(participationSchema).default([]),
    sections: z
      .array(z.object({ id: z.string().regex(/^s\d+$/, message('problems.corpus.sectionId')), heading: text, text }).strict())
      .default([]),
  })
  .strict()

export const surveyFileSchema = z
  .object({
    ...common,
    kind: z.literal('survey'),
    producer: text.nullable(),
    commissioned_by: text.nullable().default(null),
    fieldwork_year: year.nullable(),
    reference_period: text.nullable(),
    population_description: text.nullable(),
    funders: z.array(funderSchema).default([]),
    organisations: z.array(participationSchema).default([]),
    values: z
      .array(
        z
          .object({
            id: z.string().regex(/^v\d+$/, message('problems.corpus.valueId')),
            indicator: text,
            indicator_en: text.optional(),
            population: text,
            population_group: z.enum(POPULATION_GROUPS),
            period: text,
            value: z.number().finite(),
            unit: text,
            /**
             * The source's own word before the figure: "drygt 3 av 10" → drygt. Left out when the source
             * states the figure flatly ("8 av 10"); never added where the source has none.
             */
            qualifier: z.enum(SURVEY_QUALIFIERS).optional(),
            source: sourceUrl,
          })
          .strict(),
      )
      .default([]),
  })
  .strict()

export const organisationFileSchema = z
  .object({
    ...common,
    summary: text.optional(),
    kind: z.literal('organisation'),
    type: z.enum(ORGANISATION_TYPES),
    /** Kommunkod (4 digits) or länskod for a region (2 digits); required for kommun and region. */
    code: z.string().regex(/^\d{2}(\d{2})?$/).nullable().default(null),
    /** Two-digit county code (län). */
    county: z.string().regex(/^\d{2}$/).nullable().default(null),
    aliases: z.array(text).default([]),
  })
  .strict()

export const countiesFileSchema = z
  .object({
    counties: z.array(z.object({ code: z.string().regex(/^\d{2}$/), name: text }).strict()).min(1),
  })
  .strict()

export const manifestSchema = z
  .object({
    /** Bump on every change to the corpus: the app reloads bundled rows when this differs from the database's. */
    version: text,
    description: text.optional(),
  })
  .strict()

export type CaseFile = z.output<typeof caseFileSchema>
export type ReportFile = z.output<typeof reportFileSchema>
export type SurveyFile = z.output<typeof surveyFileSchema>
export type OrganisationFile = z.output<typeof organisationFileSchema>
export type CorpusEntityFile = CaseFile | ReportFile | SurveyFile | OrganisationFile

/** Folder under resources/corpus → the schema of every file in it. */
export const CORPUS_FOLDERS = {
  initiatives: caseFileSchema,
  programmes: caseFileSchema,
  reports: reportFileSchema,
  surveys: surveyFileSchema,
  organisations: organisationFileSchema,
} as const
export type CorpusFolder = keyof typeof CORPUS_FOLDERS
