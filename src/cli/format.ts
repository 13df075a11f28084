// Plain-text rendering of CLI output for people; --json bypasses all of this.
import type {
  AtlasStats,
  CodeNode,
  ComparisonMatrix,
  NoteEntry,
  CaseDetail,
  Fact,
  OrganisationDetail,
  ReportDetail,
  SearchResponse,
  SurveyDetail,
} from '../shared/domain'

const years = (from: number | null, to: number | null): string =>
  from === null ? 'år okänt' : to === null ? `från ${from}` : from === to ? `${from}` : `${from}–${to}`

const factLines = (facts: Fact[]): string[] => facts.map((f) => `  • ${f.text}\n    källa: ${f.source.url}`)

const block = (title: string, lines: string[]): string[] => (lines.length ? ['', `${title}:`, ...lines] : [])

export function formatStats(s: AtlasStats): string {
  const orgs = Object.entries(s.organisations)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ')
  return [
    `Schemaversion:   ${s.schemaVersion}`,
    `Korpusversion:   ${s.corpusVersion}`,
    `Initiativ:       ${s.initiatives}`,
    `Program:         ${s.programmes}`,
    `Rapporter:       ${s.reports} (${s.sections} avsnitt)`,
    `Undersökningar:  ${s.surveys} (${s.surveyValues} värden)`,
    `Organisationer:  ${orgs}`,
  ].join('\n')
}

export function formatCase(c: CaseDetail): string {
  return [
    `${c.name} (${c.kind === 'initiative' ? 'initiativ' : 'program'}, ${years(c.startYear, c.endYear)})`,
    '',
    c.summary,
    ...block('Organisationer', c.caseOrganisations.map((o) => `  ${o.name} (${o.type}) – ${o.role}`)),
    ...block('Finansiärer', c.funders.map((f) => `  ${f}`)),
    ...block('Teman', [`  ${c.themes.join(', ')}`].filter(() => c.themes.length > 0)),
    ...block('Fakta', factLines(c.facts)),
    ...block('Kända luckor', c.gaps.map((g) => `  • ${g}`)),
    ...block('Relaterat', [...c.related, ...c.reports].map((r) => `  ${r.id} – ${r.name}`)),
  ].join('\n')
}

export function formatReport(r: ReportDetail): string {
  return [
    `${r.name}${r.year ? ` (${r.year})` : ''}`,
    [r.publisher, r.series, r.isbn ? `ISBN ${r.isbn}` : null].filter(Boolean).join(' · '),
    r.authors.length ? `Författare: ${r.authors.join(', ')}` : '',
    '',
    r.summary,
    ...r.sections.flatMap((s) => ['', `## ${s.heading}`, s.text]),
    ...block('Fakta', factLines(r.facts)),
    ...block('Kända luckor', r.gaps.map((g) => `  • ${g}`)),
  ].join('\n')
}

export function formatSurvey(s: SurveyDetail): string {
  return [
    `${s.name}${s.producer ? ` – ${s.producer}` : ''}`,
    '',
    s.summary,
    ...block(
      'Värden',
      s.values.map(
        (v) =>
          `  ${v.indicator} | ${v.population} | ${v.period} | ${v.qualifier ? `${v.qualifier} ` : ''}${v.value.toLocaleString('sv-SE')} ${v.unit}\n    källa: ${v.source.url}`,
      ),
    ),
    ...block('Fakta', factLines(s.facts)),
    ...block('Kända luckor', s.gaps.map((g) => `  • ${g}`)),
  ].join('\n')
}

export function formatOrganisation(o: OrganisationDetail): string {
  return [
    `${o.name} (${o.type}${o.code ? `, kod ${o.code}` : ''}${o.county ? `, ${o.county.name}` : ''})`,
    o.summary ?? '',
    ...block('Region', o.region ? [`  ${o.region.id} – ${o.region.name}`] : []),
    ...block('Fall', o.cases.map((c) => `  ${c.id} – ${c.name} (${c.role})`)),
    ...block('Rapporter', o.reports.map((r) => `  ${r.id} – ${r.name}`)),
    ...block('Undersökningar', o.surveys.map((r) => `  ${r.id} – ${r.name}`)),
    ...block('Fakta', factLines(o.facts)),
  ].join('\n')
}

const HIT_LABELS: Record<SearchResponse['hits'][number]['type'], string> = {
  initiative: 'initiativ',
  programme: 'program',
  report: 'rapport',
  section: 'avsnitt',
  document: 'dokument',
  fact: 'fakta',
  survey: 'undersökning',
  value: 'värde',
  organisation: 'organisation',
  highlight: 'markering',
  memo: 'memo',
  code: 'kod',
}

export function formatSearch(r: SearchResponse): string {
  const marked = (text: string, ranges: [number, number][]): string => {
    let out = ''
    let at = 0
    for (const [start, end] of ranges) {
      out += `${text.slice(at, start)}**${text.slice(start, end)}**`
      at = end
    }
    return out + text.slice(at)
  }
  const groups = r.groups.map((g) => `${HIT_LABELS[g.type]} ${g.count}`).join(', ')
  return [
    `${r.total} träffar för "${r.query}"${groups ? ` (${groups})` : ''}`,
    ...r.ignored.map((i) => `Ignorerat: ${i.part} – ${i.reason}`),
    ...r.hits.map(
      (h) =>
        `\n[${HIT_LABELS[h.type]}] ${h.title}${h.parentTitle ? ` — i ${h.parentTitle}` : ''}\n  ${h.id}\n  ${marked(h.snippet, h.highlights)}`,
    ),
  ].join('\n')
}

export function formatCodes(nodes: CodeNode[], depth = 0): string {
  return nodes
    .map((n) =>
      [
        `${'  '.repeat(depth)}${n.name} (${n.totalCount}) ${n.color}  [${n.id}]`,
        ...(n.children.length ? [formatCodes(n.children, depth + 1)] : []),
      ].join('\n'),
    )
    .join('\n')
}

export function formatNotes(entries: NoteEntry[]): string {
  if (entries.length === 0) return 'Inga markeringar eller memon ännu.'
  return entries
    .map((e) => {
      if (e.kind === 'memo') return `[memo] ${e.memo.targetName}${e.memo.title ? ` – ${e.memo.title}` : ''} (${e.memo.author})\n  ${e.memo.body}`
      const h = e.highlight
      const codes = h.codes.map((c) => c.path.join(' › ')).join('; ') || 'utan kod'
      return [
        `[${h.status === 'orphan' ? 'föräldralös markering' : 'markering'}] ${h.entityName} · ${h.target.id} · ${h.start}–${h.end} (${h.author})`,
        `  "${h.quote}"`,
        `  Koder: ${codes}`,
        ...(h.note ? [`  Anteckning: ${h.note}`] : []),
      ].join('\n')
    })
    .join('\n\n')
}

export function formatMatrix(m: ComparisonMatrix): string {
  const width = 28
  const cell = (text: string): string => `${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text.padEnd(width - 1)} `
  const head = `${cell('')}${m.cases.map((c) => cell(c.name)).join('')}`
  const attr = (label: string, value: (c: ComparisonMatrix['cases'][number]) => string): string =>
    `${cell(label)}${m.cases.map((c) => cell(value(c))).join('')}`
  return [
    head,
    attr('Typ', (c) => (c.kind === 'initiative' ? 'initiativ' : 'program')),
    attr('År', (c) => years(c.startYear, c.endYear)),
    attr('Organisationstyper', (c) => c.organisationTypes.join(', ')),
    attr('Koder (kommun/region)', (c) => c.codes.join(', ') || '–'),
    attr('Län', (c) => c.counties.map((x) => x.name).join(', ') || '–'),
    attr('Finansiärer', (c) => c.funders.join(', ') || '–'),
    attr('Rapporter / källor', (c) => `${c.reportCount} / ${c.sourceCount}`),
    '',
    ...m.codes.map((r) => `${cell(`${'  '.repeat(r.depth)}${r.name}`)}${m.cases.map((c) => cell(String(r.counts[c.id] ?? 0))).join('')}`),
  ].join('\n')
}
