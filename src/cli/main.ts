// The headless front of Innovationsatlas: `npm run atlas -- [--db PATH] <command> [--json]`.
// It opens the same database through the same core as the desktop app, so what the app can do, a researcher
// can script. `--json` output is stable and documented in the README.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Output } from '../shared/api'
import { errorText } from '../shared/errors'
import { CONFLICT_CHOICES, ORGANISATION_TYPES, type ConflictChoice, type OrganisationType } from '../shared/domain'
import { openAtlas, type Atlas } from '../core/atlas'
import { DB_FILE_NAME, resolveDataDir } from '../core/db/open'
import { defaultDataDir } from '../core/paths'
import { createChromiumPrinter } from './chromium-printer'
import fs from 'node:fs'
import { call, errorWords, type CliIo } from './call'
import { runImport } from './import-command'
import { MapUsageError, planMap, planTimeline, type MapFlags } from './map-command'
import { codesJson, noteJson, searchJson } from './json'
import { formatCase, formatCodes, formatMatrix, formatNotes, formatOrganisation, formatReport, formatSearch, formatStats, formatSurvey } from './format'
import type { NotesFilter } from '../shared/domain'

export const USAGE = `Användning: npm run atlas -- [--db SÖKVÄG] <kommando> [--json]

Kommandon:
  stats                         antal fall, rapporter, avsnitt, undersökningar och organisationer
  list <initiatives|programmes|reports|surveys|organisations> [--type TYP] [--county LÄNSKOD]
                                listar poster (id och namn)
  show <id>                     visar ett fall, en rapport, en undersökning eller en organisation
  codes                         kodboken som träd, med antal markeringar per kod
  notes [--code ID [--subcodes]] [--entity ID] [--author NAMN] [--from DATUM] [--to DATUM]
                                markeringar och memon med koder, citat, anteckning, författare och plats
  compare <fallId> <fallId>… [--coders A,B]
                                jämförelsematris: attribut och antal markeringar per kod och fall
                                (med --coders bara de kodarnas markeringar)
  similar <fallId>              liknande fall, med skäl
  import FIL… [--attach ID] [--on-conflict mine|theirs|both]
                                importerar filer; vad filen är läses ur innehållet: dokument (PDF, DOCX,
                                Markdown, text, HTML), fall eller enkätvärden (CSV), Kolada (JSON),
                                REFI-QDA (.qdpx, .qdc); samma GUID med annat innehåll avgörs med --on-conflict
  kolada <VÄRDEFIL> [KPI-FIL]   importerar Kolada-värden (JSON från Koladas API); allt eller inget
  export notes --format csv|pdf|qdpx --out FIL [--delimiter ,] [--crlf] [--headers sv|en] [--title T] [--group-by entity|code]
               [--code ID [--subcodes]] [--entity ID] [--author NAMN] [--from DATUM] [--to DATUM]
                                anteckningar som CSV (två filer: markeringar och memon), PDF eller REFI-QDA;
                                filtren väljer vad som kommer med, som i anteckningsvyn
  export notes --format qdpx --without-codings --out FIL
                                delar ut projektet till kodare: kodbok, dokument och fall, utan markeringar
  export codebook --format csv|qdc --out FIL
  export matrix <fallId> <fallId>… --out FIL    jämförelsematrisen som CSV
  export counts --out FIL       fall × kod (antal) som CSV för R
  export cases --out FIL        fallen som CSV (appens eget format, går att importera igen)
  export agreement --coders A,B [som agreement] --out FIL    överensstämmelsen som CSV
  backup --out FIL              säkerhetskopierar hela projektet till en fil (SQLite:s backup-API)
  restore FIL                   återställer från en säkerhetskopia; den gamla databasen sparas bredvid
  coders                        kodarna i projektet (id, namn, antal markeringar)
  agreement --coders A,B[,C…] [--unit segment|section|char] [--overlap 0.9] [--uncoded missing|value]
            [--codes ID,…] [--documents ID,…]
                                överensstämmelse mellan kodare: Krippendorffs alfa, Cohens kappa (två
                                kodare) och procentuell överensstämmelse, per kod och totalt
  restore --newest              återställer den nyaste automatiska kopian i säkerhetskopior/ som är hel
  map [--level kommun|lan] [--measure cases|evidence|kolada|survey] [--kind initiative,programme]
      [--county LÄNSKOD,…] [--programme ID] [--until ÅR] [--code ID] [--kpi ID --year ÅR]
      [--survey ID --indicator TEXT [--period P]] [--format svg|csv --out FIL]
                                kartans värden per kommun eller län: fall, kodade markeringar, ett
                                Kolada-nyckeltal eller ett enkätvärde; med --out som SVG eller CSV
  timeline [--group kind|county] [--kind …] [--county …] [--format svg|csv --out FIL]
                                fallen över tid (okänt slutår förblir okänt); med --out som SVG eller CSV
  search "<fråga>" [--limit N]  söker i allt: fall, fakta, rapportavsnitt, dokument, enkätvärden, organisationer
                                (frågespråk: "fras", -ord, typ:rapport, län:25, kommun:Kiruna, år:2016..2020)

Flaggor:
  --db SÖKVÄG    databasfilen (standard: atlas.sqlite i ATLAS_DATA_DIR eller appens datamapp)
  --json         maskinläsbar utdata (se README)
  --help         den här texten
`

const LIST_KINDS = ['initiatives', 'programmes', 'reports', 'surveys', 'organisations'] as const
type ListKind = (typeof LIST_KINDS)[number]

export class UsageError extends Error {}

/** The notes filter the notes view has, from the command line: what `notes` lists is what `export notes` writes. */
function notesFilterFrom(flags: { code?: string; subcodes?: boolean; entity?: string; author?: string; from?: string; to?: string }): NotesFilter {
  const filter: NotesFilter = {}
  if (flags.code) filter.codeIds = [flags.code]
  if (flags.code && flags.subcodes) filter.includeChildren = true
  if (flags.entity) filter.entityId = flags.entity
  if (flags.author) filter.author = flags.author
  for (const key of ['from', 'to'] as const) {
    const value = flags[key]
    if (value === undefined) continue
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--${key} ska vara ett datum som 2026-12-05, inte "${value}".`)
    filter[key] = value
  }
  return filter
}

const isConflictChoice = (value: string): value is ConflictChoice => (CONFLICT_CHOICES as readonly string[]).includes(value)

export const CORPUS_DIR = fileURLToPath(new URL('../../resources/corpus', import.meta.url))

/** Runs one CLI invocation and returns the exit code: 0 done, 1 failed, 2 usage error. */
export async function runCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        type: { type: 'string' },
        county: { type: 'string' },
        limit: { type: 'string' },
        code: { type: 'string' },
        entity: { type: 'string' },
        author: { type: 'string' },
        out: { type: 'string' },
        attach: { type: 'string', multiple: true },
        'on-conflict': { type: 'string' },
        subcodes: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        title: { type: 'string' },
        headers: { type: 'string' },
        'group-by': { type: 'string' },
        format: { type: 'string' },
        delimiter: { type: 'string' },
        crlf: { type: 'boolean', default: false },
        newest: { type: 'boolean', default: false },
        'without-codings': { type: 'boolean', default: false },
        coders: { type: 'string' },
        unit: { type: 'string' },
        overlap: { type: 'string' },
        uncoded: { type: 'string' },
        codes: { type: 'string' },
        documents: { type: 'string' },
        level: { type: 'string' },
        measure: { type: 'string' },
        kind: { type: 'string' },
        programme: { type: 'string' },
        until: { type: 'string' },
        kpi: { type: 'string' },
        year: { type: 'string' },
        survey: { type: 'string' },
        indicator: { type: 'string' },
        period: { type: 'string' },
        group: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.out(USAGE)
    return 0
  }
  const [command, ...rest] = positionals
  let atlas: Atlas | undefined
  const printer = createChromiumPrinter()
  try {
    const dbPath = values.db ? path.resolve(values.db) : path.join(resolveDataDir(defaultDataDir(), env), DB_FILE_NAME)
    // Files named on the command line stand in for the app's open dialog.
    const chosen = command === 'kolada' || command === 'restore' ? rest.map((file) => path.resolve(file)) : []
    const run = planCommand(command, rest, values, chosen)
    const out = values.out ? path.resolve(values.out) : null
    atlas = openAtlas({
      dbPath,
      corpusDir: env.ATLAS_CORPUS_DIR ?? CORPUS_DIR,
      pickFiles: async () => chosen,
      pickSavePath: async () => out,
      printer,
    })
    // A damaged project file is open read-only: every command says so before it answers.
    if (atlas.damage) io.err(`Varning: ${errorText(atlas.damage)}`)
    return await run(atlas, values.json, io)
  } catch (error) {
    if (error instanceof UsageError || error instanceof MapUsageError) {
      io.err(`${error.message}\n\n${USAGE}`)
      return 2
    }
    io.err(`Fel: ${errorWords(error)}`)
    return 1
  } finally {
    await atlas?.close()
    await printer.close()
  }
}

type Run = (atlas: Atlas, json: boolean, io: CliIo) => Promise<number>

/** Checks the arguments before anything is opened, so a typo never creates or touches a database. */
function planCommand(
  command: string | undefined,
  args: string[],
  flags: {
    type?: string | undefined
    county?: string | undefined
    limit?: string | undefined
    code?: string | undefined
    entity?: string | undefined
    author?: string | undefined
    out?: string | undefined
    attach?: string[] | undefined
    'on-conflict'?: string | undefined
    subcodes?: boolean | undefined
    from?: string | undefined
    to?: string | undefined
    title?: string | undefined
    headers?: string | undefined
    'group-by'?: string | undefined
    format?: string | undefined
    delimiter?: string | undefined
    crlf?: boolean | undefined
    newest?: boolean | undefined
    'without-codings'?: boolean | undefined
  } & AgreementFlags &
    MapFlags,
  /** The files the app's open dialog would return: the CLI fills it from its arguments. */
  chosen: string[],
): Run {
  switch (command) {
    case 'stats':
      expectArgs(command, args, 0)
      return async (atlas, json, io) => {
        const stats = await call(atlas, 'app:info', {})
        io.out(json ? JSON.stringify(stats) : formatStats(stats))
        return 0
      }
    case 'list': {
      expectArgs(command, args, 1)
      const kind = args[0] as ListKind
      if (!LIST_KINDS.includes(kind)) throw new UsageError(`Okänd lista "${args[0]}". Välj en av: ${LIST_KINDS.join(', ')}.`)
      if (flags.type && !ORGANISATION_TYPES.includes(flags.type as OrganisationType)) {
        throw new UsageError(`Okänd organisationstyp "${flags.type}". Välj en av: ${ORGANISATION_TYPES.join(', ')}.`)
      }
      if (flags.county && !/^\d{2}$/.test(flags.county)) throw new UsageError(`Länskoden ska ha två siffror, t.ex. 25.`)
      return async (atlas, json, io) => {
        const rows = await listRows(atlas, kind, flags)
        io.out(json ? JSON.stringify(rows) : rows.map((r) => `${r.id}\t${r.name}`).join('\n'))
        return 0
      }
    }
    case 'show': {
      expectArgs(command, args, 1)
      const id = args[0] as string
      return async (atlas, json, io) => {
        const type = (atlas.db.prepare('SELECT type FROM entities WHERE id = ?').get(id) as { type: string } | undefined)?.type
        if (!type) {
          io.err(`Fel: "${id}" finns inte i atlasen. Sök id:n med: npm run atlas -- list initiatives`)
          return 1
        }
        if (type === 'report') return show(io, json, await call(atlas, 'reports:get', { id }), formatReport)
        if (type === 'survey') return show(io, json, await call(atlas, 'surveys:get', { id }), formatSurvey)
        if (type === 'organisation') return show(io, json, await call(atlas, 'organisations:get', { id }), formatOrganisation)
        return show(io, json, await call(atlas, 'cases:get', { id }), formatCase)
      }
    }
    case 'search': {
      expectArgs(command, args, 1)
      const query = args[0] as string
      const limit = flags.limit === undefined ? 20 : Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit ska vara ett heltal 1–500.')
      return async (atlas, json, io) => {
        // An older project's library is indexed first, so a script's answer does not depend on timing.
        await atlas.libraryReady
        const result = await call(atlas, 'search:query', { query, limit })
        io.out(json ? JSON.stringify(searchJson(result)) : formatSearch(result))
        return 0
      }
    }
    case 'compare': {
      if (args.length < 2) throw new UsageError('compare tar minst två fall-id.')
      return async (atlas, json, io) => {
        const coders = (flags.coders ?? '').split(',').map((c) => c.trim()).filter(Boolean)
        const matrix = await call(atlas, 'compare:matrix', { caseIds: args, ...(coders.length ? { coders } : {}) })
        io.out(json ? JSON.stringify(matrix) : formatMatrix(matrix))
        return 0
      }
    }
    case 'coders':
      expectArgs(command, args, 0)
      return async (atlas, json, io) => {
        const coders = await call(atlas, 'team:coders', {})
        io.out(json ? JSON.stringify(coders) : coders.map((c) => `${c.id}\t${c.name}\t${c.highlights} markeringar`).join('\n') || 'Inga markeringar ännu.')
        return 0
      }
    case 'agreement': {
      expectArgs(command, args, 0)
      const request = agreementRequestFrom(flags)
      return async (atlas, json, io) => {
        const result = await call(atlas, 'agreement:compute', request)
        io.out(json ? JSON.stringify(result) : formatAgreement(result))
        return 0
      }
    }
    case 'similar':
      expectArgs(command, args, 1)
      return async (atlas, json, io) => {
        const similar = await call(atlas, 'compare:similar', { caseId: args[0] })
        io.out(json ? JSON.stringify(similar) : similar.map((s) => `${s.case.id}\t${s.score}\t${s.reasons.join('; ')}`).join('\n'))
        return 0
      }
    case 'kolada': {
      if (args.length < 1 || args.length > 2) throw new UsageError('kolada tar en värdefil och högst en KPI-fil.')
      return async (atlas, json, io) => {
        const result = await call(atlas, 'kolada:import', {})
        if (result.cancelled) return 1
        io.out(
          json
            ? JSON.stringify(result)
            : `Importerade ${result.values} värden för ${result.kpis} KPI:er och ${result.organisations} organisationer` +
                (result.periods ? ` (${result.periods.from}–${result.periods.to}).` : '.'),
        )
        return 0
      }
    }
    case 'backup': {
      expectArgs(command, args, 0)
      if (!flags.out) throw new UsageError('backup behöver --out FIL.')
      return async (atlas, json, io) => {
        const result = await call(atlas, 'backup:create', {})
        if (result.cancelled) return 1
        io.out(json ? JSON.stringify(result) : `Säkerhetskopian sparades i ${result.file} (${result.highlights} markeringar, ${result.memos} memon, ${result.codes} koder).`)
        return 0
      }
    }
    case 'restore':
      expectArgs(command, args, flags.newest ? 0 : 1)
      return async (atlas, json, io) => {
        const result = flags.newest ? await call(atlas, 'backup:restoreSafetyCopy', {}) : await call(atlas, 'backup:restore', {})
        if (result.cancelled) return 1
        io.out(json ? JSON.stringify(result) : `Återställt (${result.highlights} markeringar, ${result.memos} memon). Den tidigare databasen finns kvar som ${result.previous}.`)
        return 0
      }
    case 'export': {
      const [what, ...ids] = args
      if (!flags.out) throw new UsageError('export behöver --out FIL.')
      const delimiter = (flags.delimiter ?? ';') as ';' | ','
      if (delimiter !== ';' && delimiter !== ',') throw new UsageError('--delimiter ska vara ; eller ,')
      const request = ((): (atlas: Atlas) => Promise<Output<'export:notes'>> => {
        switch (what) {
          case 'notes': {
            const format = flags.format ?? 'csv'
            if (format !== 'csv' && format !== 'pdf' && format !== 'qdpx') throw new UsageError('export notes --format ska vara csv, pdf eller qdpx.')
            const headers = flags.headers ?? 'sv'
            if (headers !== 'sv' && headers !== 'en') throw new UsageError('--headers ska vara sv eller en.')
            const filter = notesFilterFrom(flags)
            const title = flags.title?.trim()
            const groupBy = flags['group-by'] ?? 'entity'
            if (groupBy !== 'entity' && groupBy !== 'code') throw new UsageError('--group-by ska vara entity eller code.')
            if (flags['without-codings'] && format !== 'qdpx') throw new UsageError('--without-codings gäller bara --format qdpx.')
            const chosen = {
              ...(Object.keys(filter).length ? { filter } : {}),
              ...(title ? { title } : {}),
              ...(flags['without-codings'] ? { codings: false } : {}),
            }
            return (atlas) => call(atlas, 'export:notes', { format, delimiter, crlf: flags.crlf ?? false, headers, groupBy, ...chosen })
          }
          case 'codebook': {
            const format = flags.format ?? 'csv'
            if (format !== 'csv' && format !== 'qdc') throw new UsageError('export codebook --format ska vara csv eller qdc.')
            return (atlas) => call(atlas, 'export:codebook', { format, delimiter })
          }
          case 'matrix':
            if (ids.length < 2) throw new UsageError('export matrix tar minst två fall-id.')
            return (atlas) => call(atlas, 'export:matrix', { caseIds: ids, delimiter })
          case 'counts':
            return (atlas) => call(atlas, 'export:caseCodes', { delimiter })
          case 'cases':
            return (atlas) => call(atlas, 'export:cases', { delimiter })
          case 'agreement': {
            const request = agreementRequestFrom(flags)
            return (atlas) => call(atlas, 'export:agreement', { request, delimiter })
          }
          default:
            throw new UsageError(`Okänd export "${what ?? ''}". Välj notes, codebook, matrix, counts, cases eller agreement.`)
        }
      })()
      return async (atlas, json, io) => {
        const result = await request(atlas)
        if (result.cancelled) return 1
        if (json) io.out(JSON.stringify(result))
        else {
          for (const file of result.files) io.out(`Skrev ${file}`)
          for (const line of result.notCarried) io.out(`Kom inte med: ${line}`)
        }
        return 0
      }
    }
    case 'map':
      return planMap(args, flags)
    case 'timeline':
      return planTimeline(args, flags)
    case 'import': {
      if (args.length < 1) throw new UsageError('import tar minst en fil.')
      for (const file of args) if (!fs.existsSync(file)) throw new UsageError(`Filen "${file}" finns inte.`)
      const attach = flags.attach ?? []
      const onConflict = flags['on-conflict']
      if (onConflict !== undefined && !isConflictChoice(onConflict)) throw new UsageError(`--on-conflict tar mine, theirs eller both, inte "${onConflict}".`)
      return (atlas, json, io) => runImport(atlas, args, { attach, onConflict }, chosen, json, io)
    }
    case 'codes':
      expectArgs(command, args, 0)
      return async (atlas, json, io) => {
        const tree = await call(atlas, 'codes:list', {})
        io.out(json ? JSON.stringify(codesJson(tree)) : formatCodes(tree))
        return 0
      }
    case 'notes': {
      expectArgs(command, args, 0)
      const filter = notesFilterFrom(flags)
      return async (atlas, json, io) => {
        const notes = await call(atlas, 'notes:list', { filter, sort: 'place' })
        io.out(json ? JSON.stringify(notes.map(noteJson)) : formatNotes(notes))
        return 0
      }
    }
    case undefined:
      throw new UsageError('Inget kommando angivet.')
    default:
      throw new UsageError(`Okänt kommando "${command}".`)
  }
}

interface AgreementFlags {
  coders?: string | undefined
  unit?: string | undefined
  overlap?: string | undefined
  uncoded?: string | undefined
  codes?: string | undefined
  documents?: string | undefined
}

/** The agreement request the flags describe (`agreement` and `export agreement`); bad flags are usage errors. */
function agreementRequestFrom(flags: AgreementFlags) {
  const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean)
  const coders = list(flags.coders)
  if (coders.length < 2) throw new UsageError('agreement behöver --coders A,B (minst två kodare, namn eller id).')
  const unit = flags.unit ?? 'segment'
  if (unit !== 'segment' && unit !== 'section' && unit !== 'char') throw new UsageError('--unit ska vara segment, section eller char.')
  const uncoded = flags.uncoded ?? 'missing'
  if (uncoded !== 'missing' && uncoded !== 'value') throw new UsageError('--uncoded ska vara missing eller value.')
  const overlap = flags.overlap === undefined ? undefined : Number(flags.overlap)
  if (overlap !== undefined && !(overlap > 0 && overlap <= 1)) throw new UsageError('--overlap ska vara ett tal större än 0 och högst 1, t.ex. 0.9.')
  return {
    coders,
    unit,
    uncoded,
    ...(overlap !== undefined ? { overlap } : {}),
    ...(flags.codes ? { codeIds: list(flags.codes) } : {}),
    ...(flags.documents ? { documentIds: list(flags.documents) } : {}),
  } as const
}

/** Krippendorff's reading beside alpha, as the method chapter would state it. */
const READINGS = { reliable: 'tillförlitlig', tentative: 'endast preliminära slutsatser', unreliable: 'inte tillförlitlig' } as const

function formatAgreement(result: Output<'agreement:compute'>): string {
  const figure = (v: number | null, digits = 3) => (v === null ? '–' : v.toFixed(digits))
  const percent = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`)
  const line = (name: string, s: Output<'agreement:compute'>['overall']) =>
    [name, figure(s.alpha), s.reading ? READINGS[s.reading] : (s.alphaReason ?? ''), figure(s.kappa), percent(s.percent), String(s.units)].join('\t')
  const settings =
    result.unit === 'segment'
      ? `enhet: segment (överlapp ${result.settings.overlap * 100} %, okodat: ${result.settings.uncoded === 'missing' ? 'saknat värde' : 'eget värde'})`
      : `enhet: ${result.unit === 'section' ? 'avsnitt' : 'tecken'}`
  return [
    `Kodare: ${result.coders.map((c) => c.name).join(', ')}; ${settings}`,
    ['kod', 'alfa', 'tolkning', 'kappa', 'procent', 'enheter'].join('\t'),
    line('Totalt', result.overall),
    ...result.codes.map((c) => line(c.name, c)),
  ].join('\n')
}

function expectArgs(command: string, args: string[], count: number): void {
  if (args.length !== count) {
    throw new UsageError(`${command} tar ${count === 0 ? 'inga argument' : `${count} argument`}, fick ${args.length}.`)
  }
}

function show<T>(io: CliIo, json: boolean, value: T, format: (v: T) => string): number {
  io.out(json ? JSON.stringify(value) : format(value))
  return 0
}

async function listRows(
  atlas: Atlas,
  kind: ListKind,
  flags: { type?: string | undefined; county?: string | undefined },
): Promise<{ id: string; name: string }[]> {
  switch (kind) {
    case 'initiatives':
    case 'programmes': {
      const page = await call(atlas, 'catalogue:list', {
        filter: { kind: [kind === 'initiatives' ? 'initiative' : 'programme'] },
      })
      return page.cases.map((c) => ({ id: c.id, name: c.name, startYear: c.startYear, endYear: c.endYear }))
    }
    case 'reports':
      return (await call(atlas, 'reports:list', {})).map((r) => ({ id: r.id, name: r.name, year: r.year, publisher: r.publisher }))
    case 'surveys':
      return (await call(atlas, 'surveys:list', {})).map((s) => ({ id: s.id, name: s.name, referencePeriod: s.referencePeriod }))
    case 'organisations': {
      const input: { type?: OrganisationType; county?: string } = {}
      if (flags.type) input.type = flags.type as OrganisationType
      if (flags.county) input.county = flags.county
      return (await call(atlas, 'organisations:list', input)).map((o) => ({
        id: o.id,
        name: o.name,
        type: o.type,
        code: o.code,
        county: o.county?.code ?? null,
      }))
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  })
  process.exitCode = code
}
