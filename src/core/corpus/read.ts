// Reads and validates the bundled corpus. Every problem names the file, the field and the reason, so
// `npm run corpus:check` tells a reviewer exactly what to fix; the loader refuses a corpus with problems.
import fs from 'node:fs'
import path from 'node:path'
import { parse, YAMLParseError } from 'yaml'
import type { z } from 'zod'
import { message } from '../../shared/messages'
import {
  CORPUS_FOLDERS,
  countiesFileSchema,
  manifestSchema,
  type CaseFile,
  type CorpusFolder,
  type OrganisationFile,
  type ReportFile,
  type SurveyFile,
} from './schema'

export interface CorpusProblem {
  /** Path relative to the corpus folder, e.g. "initiatives/innovationsplattform-kiruna.yaml". */
  file: string
  /** Dotted path inside the file, e.g. "facts.2.source"; "" for the file as a whole. */
  field: string
  reason: string
}

export interface Corpus {
  version: string
  counties: { code: string; name: string }[]
  cases: CaseFile[]
  reports: ReportFile[]
  surveys: SurveyFile[]
  organisations: OrganisationFile[]
}

export type CorpusReadResult = { ok: true; corpus: Corpus } | { ok: false; problems: CorpusProblem[] }

/**
 * The bundled corpus's version from its manifest alone, or null when the manifest cannot be read (readCorpus
 * then says why). Reading the whole corpus takes about 200 ms: the app does so only when a project does not
 * already hold this version.
 */
export function readCorpusVersion(dir: string): string | null {
  try {
    const manifest = manifestSchema.safeParse(parse(fs.readFileSync(path.join(dir, 'corpus.yaml'), 'utf8')))
    return manifest.success ? manifest.data.version : null
  } catch {
    return null
  }
}

export function formatProblem(p: CorpusProblem): string {
  return `${p.file}${p.field ? ` › ${p.field}` : ''}: ${p.reason}`
}

export function readCorpus(dir: string): CorpusReadResult {
  const problems: CorpusProblem[] = []
  if (!fs.existsSync(path.join(dir, 'corpus.yaml'))) {
    return { ok: false, problems: [{ file: 'corpus.yaml', field: '', reason: message('problems.corpus.missingIn', { dir }) }] }
  }
  const manifest = readFile(dir, 'corpus.yaml', manifestSchema, problems)
  const countiesFile = readFile(dir, 'counties.yaml', countiesFileSchema, problems)

  const byFolder = {} as { [F in CorpusFolder]: { file: string; value: z.output<(typeof CORPUS_FOLDERS)[F]> }[] }
  for (const folder of Object.keys(CORPUS_FOLDERS) as CorpusFolder[]) {
    byFolder[folder] = []
    const folderPath = path.join(dir, folder)
    if (!fs.existsSync(folderPath)) {
      problems.push({ file: `${folder}/`, field: '', reason: message('problems.corpus.folderMissing') })
      continue
    }
    for (const name of fs.readdirSync(folderPath).sort()) {
      const file = `${folder}/${name}`
      if (!name.endsWith('.yaml')) {
        problems.push({ file, field: '', reason: message('problems.corpus.notYaml') })
        continue
      }
      const value = readFile(dir, file, CORPUS_FOLDERS[folder], problems)
      if (!value) continue
      if (`${value.id}.yaml` !== name) {
        problems.push({ file, field: 'id', reason: message('problems.corpus.idNotFileName', { id: value.id }) })
      }
      byFolder[folder].push({ file, value } as never)
    }
  }

  const kindOfFolder: Record<CorpusFolder, string> = {
    initiatives: 'initiative',
    programmes: 'programme',
    reports: 'report',
    surveys: 'survey',
    organisations: 'organisation',
  }
  const fileOf = new Map<string, string>()
  for (const folder of Object.keys(byFolder) as CorpusFolder[]) {
    for (const { file, value } of byFolder[folder]) {
      if (value.kind !== kindOfFolder[folder]) {
        problems.push({ file, field: 'kind', reason: message('problems.corpus.wrongFolder', { kind: value.kind, folder }) })
      }
      const earlier = fileOf.get(value.id)
      if (earlier) problems.push({ file, field: 'id', reason: message('problems.corpus.idTaken', { id: value.id, file: earlier }) })
      else fileOf.set(value.id, file)
    }
  }

  const countyCodes = new Set(countiesFile?.counties.map((c) => c.code) ?? [])
  const organisationIds = new Set(byFolder.organisations.map((o) => o.value.id))
  const codesSeen = new Map<string, string>()
  for (const { file, value } of byFolder.organisations) {
    checkOrganisationCodes(file, value, countyCodes, codesSeen, problems)
  }

  const all = Object.values(byFolder).flat() as { file: string; value: CaseFile | ReportFile | SurveyFile | OrganisationFile }[]
  for (const { file, value } of all) {
    value.related.forEach((target, i) => {
      if (!fileOf.has(target)) problems.push({ file, field: `related.${i}`, reason: message('problems.corpus.relatedMissing', { id: target }) })
      if (target === value.id) problems.push({ file, field: `related.${i}`, reason: message('problems.corpus.relatedToItself') })
    })
    checkUniqueIds(file, 'facts', value.facts, problems)
    if (value.kind === 'organisation') continue
    value.organisations.forEach((p, i) => {
      if (!organisationIds.has(p.id)) {
        problems.push({ file, field: `organisations.${i}.id`, reason: message('problems.corpus.organisationMissing', { id: p.id }) })
      }
    })
    value.funders.forEach((f, i) => {
      if (f.organisation && !organisationIds.has(f.organisation)) {
        problems.push({ file, field: `funders.${i}.organisation`, reason: message('problems.corpus.organisationMissing', { id: f.organisation }) })
      }
    })
    if (value.kind === 'report') checkUniqueIds(file, 'sections', value.sections, problems)
    if (value.kind === 'survey') checkUniqueIds(file, 'values', value.values, problems)
  }

  if (problems.length > 0 || !manifest || !countiesFile) return { ok: false, problems }
  return {
    ok: true,
    corpus: {
      version: manifest.version,
      counties: countiesFile.counties,
      cases: [...byFolder.initiatives, ...byFolder.programmes].map((e) => e.value),
      reports: byFolder.reports.map((e) => e.value),
      surveys: byFolder.surveys.map((e) => e.value),
      organisations: byFolder.organisations.map((e) => e.value),
    },
  }
}

function readFile<S extends z.ZodType>(dir: string, file: string, schema: S, problems: CorpusProblem[]): z.output<S> | null {
  let raw: unknown
  try {
    raw = parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? message('problems.corpus.line', { line: error.linePos[0].line }) : ''
    problems.push({ file, field: where, reason: message('problems.corpus.invalidYaml', { reason: (error as Error).message.split('\n')[0]! }) })
    return null
  }
  const result = schema.safeParse(raw)
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...issueProblems(file, issue, raw))
    return null
  }
  return result.data
}

/**
 * A survey value's qualifier problem names the value by its id ("v2"), which is what a reviewer searches the
 * file for; the retired `approximate` flag is refused by name, so an old file says what to write instead.
 */
function issueProblems(file: string, issue: z.core.$ZodIssue, raw: unknown): CorpusProblem[] {
  const field = issue.path.join('.')
  const [list, index, key] = issue.path
  if (list === 'values' && typeof index === 'number') {
    const value = (raw as { values?: unknown[] }).values?.[index] as Record<string, unknown> | undefined
    const id = typeof value?.id === 'string' ? value.id : `nr ${index + 1}`
    if (key === 'qualifier' && issue.path.length === 3) {
      return [{ file, field, reason: message('problems.corpus.qualifier', { id, value: String(value?.qualifier) }) }]
    }
    if (issue.code === 'unrecognized_keys' && issue.path.length === 2 && issue.keys.includes('approximate')) {
      const others = issue.keys.filter((k) => k !== 'approximate')
      return [
        { file, field: `${field}.approximate`, reason: message('problems.corpus.approximateRetired', { id }) },
        ...(others.length > 0 ? [{ file, field, reason: message('problems.corpus.unknownField', { keys: others.join(', ') }) }] : []),
      ]
    }
  }
  return [{ file, field, reason: issueReason(issue) }]
}

function issueReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return message('problems.corpus.required')
  if (issue.code === 'unrecognized_keys') return message('problems.corpus.unknownField', { keys: issue.keys.join(', ') })
  return issue.message
}

function checkUniqueIds(file: string, field: string, items: { id: string }[], problems: CorpusProblem[]): void {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push({ file, field: `${field}.${i}.id`, reason: message('problems.corpus.duplicateId', { id: item.id }) })
    seen.add(item.id)
  })
}

function checkOrganisationCodes(
  file: string,
  org: OrganisationFile,
  countyCodes: Set<string>,
  codesSeen: Map<string, string>,
  problems: CorpusProblem[],
): void {
  if (org.county && !countyCodes.has(org.county)) {
    problems.push({ file, field: 'county', reason: message('problems.corpus.countyUnknown', { county: org.county }) })
  }
  if (org.type === 'kommun' || org.type === 'region') {
    const digits = org.type === 'kommun' ? 4 : 2
    if (!org.code) {
      problems.push({ file, field: 'code', reason: message('problems.corpus.codeRequired', { type: org.type, digits }) })
      return
    }
    if (org.code.length !== digits) {
      problems.push({ file, field: 'code', reason: message('problems.corpus.codeDigits', { code: org.code, digits, type: org.type }) })
    } else if (org.code.slice(0, 2) !== org.county) {
      problems.push({ file, field: 'code', reason: message('problems.corpus.codeCounty', { code: org.code, county: org.county ?? '–' }) })
    }
    const key = `${org.type}:${org.code}`
    const earlier = codesSeen.get(key)
    if (earlier) problems.push({ file, field: 'code', reason: message('problems.corpus.codeTaken', { code: org.code, file: earlier }) })
    else codesSeen.set(key, file)
  } else if (org.code) {
    problems.push({ file, field: 'code', reason: message('problems.corpus.codeNotAllowed') })
  }
}
