// Loads the bundled corpus into the database in one transaction. Bundled rows are upserted by their stable
// ids and stale bundled rows removed; rows whose origin is 'own' (the researcher's) are never written here.
// A bundled entity that disappeared from the corpus but that researcher data still refers to is kept and
// marked withdrawn instead of deleted, so nothing the researcher made loses its anchor. The writes, and those
// rules, live in db/; this module turns corpus files into the rows they ask for.
import { transaction } from '../db/changes'
import type { WritableDB } from '../db/connection'
import { clearBundledAuthors, deleteStaleSections, upsertBundledReport, upsertBundledSection } from '../db/documents'
import {
  addLinks,
  clearBundledLinks,
  deleteStaleFacts,
  retireVanishedEntities,
  upsertBundledEntity,
  upsertBundledFact,
} from '../db/entities'
import { loadedCorpusVersion, setCorpusVersion } from '../db/meta'
import { clearBundledAliases, upsertCounty, upsertOrganisation } from '../db/organisations'
import { deleteStaleValues, upsertBundledSurvey, upsertBundledValue } from '../db/surveys'
import { normaliseText } from '../text'
import type { Corpus } from './read'
import type { CaseFile, OrganisationFile, ReportFile, SurveyFile } from './schema'

export { loadedCorpusVersion } from '../db/meta'

/** Loads `corpus` unless the database already holds this version. Returns whether anything was written. */
export function loadCorpusIfChanged(db: WritableDB, corpus: Corpus): boolean {
  if (loadedCorpusVersion(db) === corpus.version) return false
  loadCorpus(db, corpus)
  return true
}

type BundledEntity = CaseFile | ReportFile | SurveyFile | OrganisationFile

export function loadCorpus(db: WritableDB, corpus: Corpus): void {
  transaction(db, () => {
    for (const c of corpus.counties) upsertCounty(db, c.code, c.name)
    // Link rows carry no identity of their own (nothing refers to them): drop the bundled ones and re-insert.
    clearBundledLinks(db)
    clearBundledAliases(db)
    clearBundledAuthors(db)

    // Organisations first: cases, reports and surveys refer to them.
    const entities: BundledEntity[] = [...corpus.organisations, ...corpus.reports, ...corpus.surveys, ...corpus.cases]
    for (const e of entities) {
      upsertBundledEntity(db, {
        id: e.id,
        type: e.kind,
        name: normaliseText(e.name),
        summary: normaliseText(e.summary ?? ''),
        summaryEn: e.summary_en ?? null,
        startYear: 'start_year' in e ? e.start_year : null,
        endYear: 'start_year' in e ? e.end_year : null,
      })
      if (e.kind === 'organisation') {
        upsertOrganisation(db, { id: e.id, type: e.type, code: e.code, county: e.county, aliases: e.aliases.map(normaliseText) })
      } else if (e.kind === 'report') {
        upsertBundledReport(db, e.id, { publisher: e.publisher, year: e.year, series: e.series, isbn: e.isbn, url: e.url }, e.authors)
      } else if (e.kind === 'survey') {
        upsertBundledSurvey(db, e.id, {
          producer: e.producer,
          commissionedBy: e.commissioned_by,
          fieldworkYear: e.fieldwork_year,
          referencePeriod: e.reference_period,
          populationDescription: e.population_description,
        })
      }
    }

    const keepFacts: string[] = []
    const keepSections: string[] = []
    const keepValues: string[] = []
    for (const e of entities) {
      e.facts.forEach((f, i) => {
        const id = `${e.id}#${f.id}`
        upsertBundledFact(db, { id, entityId: e.id, position: i, text: normaliseText(f.text), source: f.source })
        keepFacts.push(id)
      })
      const isOrganisation = e.kind === 'organisation'
      addLinks(db, e.id, 'bundled', {
        sources: e.links,
        themes: e.themes.map(normaliseText),
        gaps: e.gaps.map(normaliseText),
        related: e.related,
        funders: isOrganisation ? [] : e.funders.map((f) => ({ name: f.name, organisationId: f.organisation ?? null })),
        participations: isOrganisation ? [] : e.organisations.map((p) => ({ organisationId: p.id, role: p.role })),
      })
      if (e.kind === 'report') {
        e.sections.forEach((section, i) => {
          const id = `${e.id}#${section.id}`
          upsertBundledSection(db, { id, reportId: e.id, position: i, heading: normaliseText(section.heading), text: normaliseText(section.text) })
          keepSections.push(id)
        })
      }
      if (e.kind === 'survey') {
        e.values.forEach((v, i) => {
          const id = `${e.id}#${v.id}`
          upsertBundledValue(db, e.id, i, {
            id,
            indicator: normaliseText(v.indicator),
            indicatorEn: v.indicator_en ?? null,
            population: v.population,
            populationGroup: v.population_group,
            period: v.period,
            value: v.value,
            unit: v.unit,
            qualifier: v.qualifier ?? null,
            source: v.source,
          })
          keepValues.push(id)
        })
      }
    }
    deleteStaleFacts(db, keepFacts)
    deleteStaleSections(db, keepSections)
    deleteStaleValues(db, keepValues)
    retireVanishedEntities(db, entities.map((e) => e.id))
    setCorpusVersion(db, corpus.version)
  })
}
