// Read side of the catalogue: cases with facets, and the detail pages of cases, reports, surveys and
// organisations. Statements are prepared once per database; every function returns plain domain objects.
import type {
  AtlasStats,
  CaseDetail,
  CaseKind,
  CaseSummary,
  CatalogueFacets,
  CatalogueFilter,
  CataloguePage,
  County,
  EntityRef,
  FacetValue,
  Fact,
  OrganisationDetail,
  OrganisationRef,
  OrganisationSummary,
  OrganisationType,
  ReportDetail,
  ReportSummary,
  Role,
  Source,
  SurveyDetail,
  SurveyQualifier,
  SurveySummary,
  SurveyValue,
  PopulationGroup,
} from '../../shared/domain'
import { ORGANISATION_TYPES } from '../../shared/domain'
import type { EntityRow as StoredEntityRow } from '../db/entities'
import type { AtlasDatabase } from '../db/open'
import { schemaVersionOf } from '../db/migrate'
import { loadedCorpusVersion } from '../corpus/load'
import { UserError } from '../errors'

/** The columns of an entities row the catalogue reads. */
type EntityRow = Omit<StoredEntityRow, 'withdrawn' | 'created_at' | 'updated_at'>

interface OrganisationRow {
  id: string
  name: string
  type: OrganisationType
  code: string | null
  county_code: string | null
  county_name: string | null
}

const ORG_SELECT = `
  SELECT e.id, e.name, o.org_type AS type, o.code, o.county_code, c.name AS county_name
  FROM organisations o JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code`

function toOrganisationRef(row: OrganisationRow): OrganisationRef {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    code: row.code,
    county: row.county_code ? { code: row.county_code, name: row.county_name ?? row.county_code } : null,
  }
}

export type Catalogue = ReturnType<typeof createCatalogue>

export function createCatalogue(db: AtlasDatabase) {
  const q = {
    entity: db.prepare('SELECT * FROM entities WHERE id = ? AND type = ?'),
    cases: db.prepare(`SELECT * FROM entities WHERE type IN ('initiative','programme') ORDER BY name COLLATE NOCASE`),
    caseParticipations: db.prepare(`
      SELECT p.entity_id, p.role, e.id, e.name, o.org_type AS type, o.code, o.county_code, c.name AS county_name
      FROM participations p JOIN organisations o ON o.entity_id = p.organisation_id
      JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code
      WHERE p.entity_id IN (SELECT id FROM entities WHERE type IN ('initiative','programme'))
      ORDER BY CASE p.role WHEN 'ägare' THEN 0 WHEN 'finansiär' THEN 1 ELSE 2 END, e.name`),
    caseThemes: db.prepare(`SELECT entity_id, theme FROM themes ORDER BY theme`),
    caseFunders: db.prepare(`SELECT entity_id, name, organisation_id FROM funders ORDER BY entity_id, position`),
    participationsOf: db.prepare(`
      SELECT p.role, e.id, e.name, o.org_type AS type, o.code, o.county_code, c.name AS county_name
      FROM participations p JOIN organisations o ON o.entity_id = p.organisation_id
      JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code
      WHERE p.entity_id = ?
      ORDER BY CASE p.role WHEN 'ägare' THEN 0 WHEN 'finansiär' THEN 1 ELSE 2 END, e.name`),
    themesOf: db.prepare('SELECT theme FROM themes WHERE entity_id = ? ORDER BY theme'),
    fundersOf: db.prepare('SELECT name, organisation_id FROM funders WHERE entity_id = ? ORDER BY position'),
    factsOf: db.prepare(`
      SELECT f.id, f.text, s.url, s.title FROM facts f JOIN sources s ON s.id = f.source_id
      WHERE f.entity_id = ? ORDER BY f.position`),
    linksOf: db.prepare(`
      SELECT s.url, s.title FROM entity_links l JOIN sources s ON s.id = l.source_id
      WHERE l.entity_id = ? ORDER BY l.position`),
    gapsOf: db.prepare('SELECT text FROM gaps WHERE entity_id = ? ORDER BY position'),
    // Relations are shown from both ends: a case lists what it names and what names it.
    relatedOf: db.prepare(`
      SELECT DISTINCT e.id, e.type, e.name FROM relations r
      JOIN entities e ON e.id = CASE WHEN r.from_id = @id THEN r.to_id ELSE r.from_id END
      WHERE r.from_id = @id OR r.to_id = @id ORDER BY e.type, e.name`),
    reports: db.prepare(`
      SELECT e.id, e.name, r.year, r.publisher, (SELECT count(*) FROM sections s WHERE s.report_id = e.id) AS section_count
      FROM reports r JOIN entities e ON e.id = r.entity_id ORDER BY r.year DESC, e.name`),
    report: db.prepare(`SELECT e.*, r.publisher, r.year, r.series, r.isbn, r.url,
        (SELECT count(*) FROM sections s WHERE s.report_id = e.id) AS section_count
      FROM reports r JOIN entities e ON e.id = r.entity_id WHERE e.id = ?`),
    ownReports: db.prepare(`SELECT id FROM entities WHERE origin = 'own' AND type = 'report'`),
    authorsOf: db.prepare('SELECT name FROM report_authors WHERE report_id = ? ORDER BY position'),
    sectionsOf: db.prepare('SELECT id, report_id, position, heading, text FROM sections WHERE report_id = ? ORDER BY position'),
    surveys: db.prepare(`
      SELECT e.id, e.name, s.producer, s.reference_period, (SELECT count(*) FROM survey_values v WHERE v.survey_id = e.id) AS value_count
      FROM surveys s JOIN entities e ON e.id = s.entity_id ORDER BY e.name`),
    survey: db.prepare(`SELECT e.*, s.producer, s.commissioned_by, s.fieldwork_year, s.reference_period,
        s.population_description, (SELECT count(*) FROM survey_values v WHERE v.survey_id = e.id) AS value_count
      FROM surveys s JOIN entities e ON e.id = s.entity_id WHERE e.id = ?`),
    valuesOf: db.prepare(`
      SELECT v.*, s.url, s.title FROM survey_values v JOIN sources s ON s.id = v.source_id
      WHERE v.survey_id = ? ORDER BY v.position`),
    organisations: db.prepare(`
      SELECT e.id, e.name, o.org_type AS type, o.code, o.county_code, c.name AS county_name,
        (SELECT count(DISTINCT p.entity_id) FROM participations p JOIN entities pe ON pe.id = p.entity_id
         WHERE p.organisation_id = e.id AND pe.type IN ('initiative','programme')) AS case_count
      FROM organisations o JOIN entities e ON e.id = o.entity_id LEFT JOIN counties c ON c.code = o.county_code
      WHERE (@type IS NULL OR o.org_type = @type) AND (@county IS NULL OR o.county_code = @county)
      ORDER BY e.name COLLATE NOCASE`),
    organisation: db.prepare(`${ORG_SELECT} WHERE e.id = ?`),
    organisationEntity: db.prepare(`SELECT summary FROM entities WHERE id = ?`),
    aliasesOf: db.prepare('SELECT alias FROM organisation_aliases WHERE organisation_id = ? ORDER BY alias'),
    regionOfCounty: db.prepare(`${ORG_SELECT} WHERE o.org_type = 'region' AND o.county_code = ?`),
    kommunerOfCounty: db.prepare(`${ORG_SELECT} WHERE o.org_type = 'kommun' AND o.county_code = ? ORDER BY e.name`),
    entitiesOfOrganisation: db.prepare(`
      SELECT e.id, e.type, e.name, p.role FROM participations p JOIN entities e ON e.id = p.entity_id
      WHERE p.organisation_id = ? ORDER BY e.type, e.name`),
    counties: db.prepare('SELECT code, name FROM counties ORDER BY code'),
    counts: db.prepare(`SELECT
        (SELECT count(*) FROM entities WHERE type = 'initiative') AS initiatives,
        (SELECT count(*) FROM entities WHERE type = 'programme') AS programmes,
        (SELECT count(*) FROM reports) AS reports,
        (SELECT count(*) FROM sections) AS sections,
        (SELECT count(*) FROM surveys) AS surveys,
        (SELECT count(*) FROM survey_values) AS survey_values`),
    organisationCounts: db.prepare('SELECT org_type AS type, count(*) AS n FROM organisations GROUP BY org_type'),
  }

  const facts = (id: string): Fact[] =>
    (q.factsOf.all(id) as { id: string; text: string; url: string; title: string | null }[]).map((f) => ({
      id: f.id,
      text: f.text,
      source: { url: f.url, title: f.title },
    }))
  const links = (id: string): Source[] => q.linksOf.all(id) as Source[]
  const themes = (id: string): string[] => (q.themesOf.all(id) as { theme: string }[]).map((t) => t.theme)
  const gaps = (id: string): string[] => (q.gapsOf.all(id) as { text: string }[]).map((g) => g.text)
  const related = (id: string): EntityRef[] => q.relatedOf.all({ id }) as EntityRef[]

  function allCases(): CaseSummary[] {
    const byId = new Map<string, CaseSummary>()
    for (const row of q.cases.all() as EntityRow[]) {
      byId.set(row.id, {
        id: row.id,
        kind: row.type as CaseKind,
        name: row.name,
        summary: row.summary,
        startYear: row.start_year,
        endYear: row.end_year,
        organisations: [],
        themes: [],
        funders: [],
        origin: row.origin,
      })
    }
    for (const p of q.caseParticipations.all() as (OrganisationRow & { entity_id: string; role: Role })[]) {
      byId.get(p.entity_id)?.organisations.push({ id: p.id, name: p.name, type: p.type, role: p.role, code: p.code, county: toOrganisationRef(p).county })
    }
    for (const t of q.caseThemes.all() as { entity_id: string; theme: string }[]) byId.get(t.entity_id)?.themes.push(t.theme)
    for (const f of q.caseFunders.all() as { entity_id: string; name: string }[]) byId.get(f.entity_id)?.funders.push(f.name)
    return [...byId.values()]
  }

  /** County codes of every organisation taking part in each case, for the county filter. */
  function caseCounties(): Map<string, Set<string>> {
    const counties = new Map<string, Set<string>>()
    for (const p of q.caseParticipations.all() as (OrganisationRow & { entity_id: string })[]) {
      if (!p.county_code) continue
      let set = counties.get(p.entity_id)
      if (!set) counties.set(p.entity_id, (set = new Set()))
      set.add(p.county_code)
    }
    return counties
  }

  function listCatalogue(filter: CatalogueFilter): CataloguePage {
    const cases = allCases()
    const countiesOf = caseCounties()
    const countyNames = new Map((q.counties.all() as County[]).map((c) => [c.code, c.name]))
    type Dimension = 'kind' | 'organisationType' | 'county' | 'theme' | 'funder'
    const valuesOf: Record<Dimension, (c: CaseSummary) => string[]> = {
      kind: (c) => [c.kind],
      organisationType: (c) => [...new Set(c.organisations.map((o) => o.type))],
      county: (c) => [...(countiesOf.get(c.id) ?? [])],
      theme: (c) => c.themes,
      funder: (c) => c.funders,
    }
    const dimensions = Object.keys(valuesOf) as Dimension[]
    const selected = (d: Dimension): string[] => (filter[d] as string[] | undefined) ?? []
    const inYears = (c: CaseSummary): boolean => {
      if (filter.startYearFrom === undefined && filter.startYearTo === undefined) return true
      if (c.startYear === null) return false
      return c.startYear >= (filter.startYearFrom ?? -Infinity) && c.startYear <= (filter.startYearTo ?? Infinity)
    }
    // Within a dimension the chosen values are alternatives (OR); across dimensions they narrow (AND).
    const passes = (c: CaseSummary, except?: Dimension): boolean =>
      inYears(c) &&
      dimensions.every((d) => {
        if (d === except || selected(d).length === 0) return true
        const values = valuesOf[d](c)
        return selected(d).some((v) => values.includes(v))
      })

    // Each facet counts the cases that match every *other* active filter, so a count says what ticking
    // that value would give.
    const facet = (d: Dimension, label: (v: string) => string): FacetValue[] => {
      const counts = new Map<string, number>()
      for (const c of cases) for (const v of valuesOf[d](c)) counts.set(v, 0)
      for (const c of cases) if (passes(c, d)) for (const v of valuesOf[d](c)) counts.set(v, (counts.get(v) ?? 0) + 1)
      return [...counts.entries()]
        .map(([value, count]) => ({ value, label: label(value), count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'sv'))
    }
    const years = cases.map((c) => c.startYear).filter((y): y is number => y !== null)
    const facets: CatalogueFacets = {
      kind: facet('kind', (v) => v),
      organisationType: facet('organisationType', (v) => v).sort(
        (a, b) => ORGANISATION_TYPES.indexOf(a.value as OrganisationType) - ORGANISATION_TYPES.indexOf(b.value as OrganisationType),
      ),
      county: facet('county', (v) => countyNames.get(v) ?? v),
      theme: facet('theme', (v) => v),
      funder: facet('funder', (v) => v),
      startYear: { min: years.length ? Math.min(...years) : null, max: years.length ? Math.max(...years) : null },
    }
    const matching = cases.filter((c) => passes(c))
    return { cases: matching, total: matching.length, facets }
  }

  function getCase(id: string): CaseDetail {
    const row = (q.entity.get(id, 'initiative') ?? q.entity.get(id, 'programme')) as EntityRow | undefined
    if (!row) throw new UserError('catalogue.caseNotFound', { id }, 'not-found')
    const participations = q.participationsOf.all(id) as (OrganisationRow & { role: Role })[]
    const funderRows = q.fundersOf.all(id) as { name: string; organisation_id: string | null }[]
    const rel = related(id)
    return {
      id: row.id,
      kind: row.type as CaseKind,
      name: row.name,
      summary: row.summary,
      summaryEn: row.summary_en,
      startYear: row.start_year,
      endYear: row.end_year,
      origin: row.origin,
      organisations: participations.map((p) => ({ id: p.id, name: p.name, type: p.type, role: p.role, code: p.code, county: toOrganisationRef(p).county })),
      caseOrganisations: participations.map((p) => ({ ...toOrganisationRef(p), role: p.role })),
      themes: themes(id),
      funders: funderRows.map((f) => f.name),
      funderLinks: funderRows.map((f) => ({ name: f.name, organisationId: f.organisation_id })),
      facts: facts(id),
      links: links(id),
      related: rel.filter((r) => r.type !== 'report'),
      reports: rel.filter((r) => r.type === 'report'),
      gaps: gaps(id),
    }
  }

  function listReports(): ReportSummary[] {
    return (q.reports.all() as { id: string; name: string; year: number | null; publisher: string | null; section_count: number }[]).map(
      (r) => ({ id: r.id, name: r.name, year: r.year, publisher: r.publisher, sectionCount: r.section_count }),
    )
  }

  function getReport(id: string): ReportDetail {
    const row = q.report.get(id) as
      | (EntityRow & { publisher: string | null; year: number | null; series: string | null; isbn: string | null; url: string | null; section_count: number })
      | undefined
    if (!row) throw new UserError('catalogue.reportNotFound', { id }, 'not-found')
    return {
      id: row.id,
      name: row.name,
      year: row.year,
      publisher: row.publisher,
      sectionCount: row.section_count,
      summary: row.summary,
      series: row.series,
      isbn: row.isbn,
      url: row.url,
      authors: (q.authorsOf.all(id) as { name: string }[]).map((a) => a.name),
      themes: themes(id),
      organisations: (q.participationsOf.all(id) as OrganisationRow[]).map(toOrganisationRef),
      facts: facts(id),
      sections: (q.sectionsOf.all(id) as { id: string; report_id: string; position: number; heading: string; text: string }[]).map(
        (s) => ({ id: s.id, reportId: s.report_id, position: s.position, heading: s.heading, text: s.text }),
      ),
      origin: row.origin,
      ...relatedAndOriginals(row),
      links: links(id),
      gaps: gaps(id),
    }
  }

  /** A bundled report's own documents related to it are the researcher's copies of its original. */
  function relatedAndOriginals(row: EntityRow): { related: EntityRef[]; originals: EntityRef[] } {
    const all = related(row.id)
    if (row.origin !== 'bundled') return { related: all, originals: [] }
    const own = new Set((q.ownReports.all() as { id: string }[]).map((r) => r.id))
    return { related: all.filter((e) => !own.has(e.id)), originals: all.filter((e) => own.has(e.id)) }
  }

  function listSurveys(): SurveySummary[] {
    return (q.surveys.all() as { id: string; name: string; producer: string | null; reference_period: string | null; value_count: number }[]).map(
      (s) => ({ id: s.id, name: s.name, producer: s.producer, referencePeriod: s.reference_period, valueCount: s.value_count }),
    )
  }

  function getSurvey(id: string): SurveyDetail {
    const row = q.survey.get(id) as
      | (EntityRow & {
          producer: string | null
          commissioned_by: string | null
          fieldwork_year: number | null
          reference_period: string | null
          population_description: string | null
          value_count: number
        })
      | undefined
    if (!row) throw new UserError('catalogue.surveyNotFound', { id }, 'not-found')
    const values = (
      q.valuesOf.all(id) as {
        id: string
        indicator: string
        population: string
        population_group: PopulationGroup
        period: string
        value: number
        unit: string
        qualifier: SurveyQualifier | null
        url: string
        title: string | null
      }[]
    ).map(
      (v): SurveyValue => ({
        id: v.id,
        indicator: v.indicator,
        population: v.population,
        populationGroup: v.population_group,
        period: v.period,
        value: v.value,
        unit: v.unit,
        qualifier: v.qualifier,
        source: { url: v.url, title: v.title },
      }),
    )
    return {
      id: row.id,
      name: row.name,
      producer: row.producer,
      referencePeriod: row.reference_period,
      valueCount: row.value_count,
      summary: row.summary,
      commissionedBy: row.commissioned_by,
      fieldworkYear: row.fieldwork_year,
      populationDescription: row.population_description,
      themes: themes(id),
      values,
      facts: facts(id),
      related: related(id),
      links: links(id),
      gaps: gaps(id),
    }
  }

  function listOrganisations(filter: { type?: OrganisationType; county?: string }): OrganisationSummary[] {
    return (q.organisations.all({ type: filter.type ?? null, county: filter.county ?? null }) as (OrganisationRow & { case_count: number })[]).map(
      (row) => ({ ...toOrganisationRef(row), caseCount: row.case_count }),
    )
  }

  function getOrganisation(id: string): OrganisationDetail {
    const row = q.organisation.get(id) as OrganisationRow | undefined
    if (!row) throw new UserError('catalogue.organisationNotFound', { id }, 'not-found')
    const entity = q.organisationEntity.get(id) as { summary: string }
    const involved = q.entitiesOfOrganisation.all(id) as (EntityRef & { role: Role })[]
    const region =
      row.type === 'kommun' && row.county_code
        ? ((q.regionOfCounty.get(row.county_code) as OrganisationRow | undefined) ?? null)
        : null
    const kommuner = row.type === 'region' && row.county_code ? (q.kommunerOfCounty.all(row.county_code) as OrganisationRow[]) : []
    const cases = involved.filter((e) => e.type === 'initiative' || e.type === 'programme')
    return {
      ...toOrganisationRef(row),
      caseCount: new Set(cases.map((c) => c.id)).size,
      summary: entity.summary || null,
      aliases: (q.aliasesOf.all(id) as { alias: string }[]).map((a) => a.alias),
      region: region ? toOrganisationRef(region) : null,
      kommuner: kommuner.map(toOrganisationRef),
      cases,
      reports: uniqueRefs(involved.filter((e) => e.type === 'report')),
      surveys: uniqueRefs(involved.filter((e) => e.type === 'survey')),
      facts: facts(id),
      themes: themes(id),
      related: related(id),
      links: links(id),
      gaps: gaps(id),
    }
  }

  function stats(): AtlasStats {
    const c = q.counts.get() as {
      initiatives: number
      programmes: number
      reports: number
      sections: number
      surveys: number
      survey_values: number
    }
    const organisations: AtlasStats['organisations'] = {}
    for (const r of q.organisationCounts.all() as { type: OrganisationType; n: number }[]) organisations[r.type] = r.n
    return {
      schemaVersion: schemaVersionOf(db),
      corpusVersion: loadedCorpusVersion(db) ?? '',
      initiatives: c.initiatives,
      programmes: c.programmes,
      reports: c.reports,
      sections: c.sections,
      surveys: c.surveys,
      surveyValues: c.survey_values,
      organisations,
    }
  }

  return { listCatalogue, getCase, listReports, getReport, listSurveys, getSurvey, listOrganisations, getOrganisation, stats }
}

function uniqueRefs<T extends EntityRef>(refs: T[]): EntityRef[] {
  const seen = new Map<string, EntityRef>()
  for (const r of refs) if (!seen.has(r.id)) seen.set(r.id, { id: r.id, type: r.type, name: r.name })
  return [...seen.values()]
}
