// Surveys and their values: the bundled ones from the corpus, and the researcher's own, imported from a CSV.
// Every value cites a source URL (sources, shared with facts and links).
import type { SurveyValue } from '../../shared/domain'
import { emit, transaction } from './changes'
import { insertOwnEntity, sourceId } from './entities'
import { preparedOnce, type WritableDB } from './connection'
import { untrackedWriter } from './history'

export interface SurveyDetails {
  producer: string | null
  commissionedBy: string | null
  fieldworkYear: number | null
  referencePeriod: string | null
  populationDescription: string | null
}

/** A survey value as written: it cites its source by URL (sources gives the URL its id). */
export type SurveyValueDraft = Omit<SurveyValue, 'source'> & { indicatorEn?: string | null; source: string }

const statements = preparedOnce((db) => ({
  upsertSurvey: db.prepare(`
    INSERT INTO surveys (entity_id, producer, commissioned_by, fieldwork_year, reference_period, population_description)
    VALUES (@id, @producer, @commissionedBy, @fieldworkYear, @referencePeriod, @populationDescription)
    ON CONFLICT(entity_id) DO UPDATE SET producer = excluded.producer, commissioned_by = excluded.commissioned_by,
      fieldwork_year = excluded.fieldwork_year, reference_period = excluded.reference_period,
      population_description = excluded.population_description`),
  upsertValue: db.prepare(`
    INSERT INTO survey_values (id, survey_id, position, indicator, indicator_en, population, population_group,
      period, value, unit, qualifier, source_id, origin)
    VALUES (@id, @survey_id, @position, @indicator, @indicator_en, @population, @population_group, @period,
      @value, @unit, @qualifier, @source_id, @origin)
    ON CONFLICT(id) DO UPDATE SET survey_id = excluded.survey_id, position = excluded.position,
      indicator = excluded.indicator, indicator_en = excluded.indicator_en, population = excluded.population,
      population_group = excluded.population_group, period = excluded.period, value = excluded.value,
      unit = excluded.unit, qualifier = excluded.qualifier, source_id = excluded.source_id`),
  deleteStaleValues: db.prepare(`DELETE FROM survey_values WHERE origin = 'bundled' AND id NOT IN (SELECT value FROM json_each(?))`),
}))

const changed = (db: WritableDB, ids: string[]): void => emit(db, { kind: 'entities', ids })

function writeValue(db: WritableDB, surveyId: string, position: number, v: SurveyValueDraft, origin: 'bundled' | 'own'): void {
  statements(db).upsertValue.run({
    id: v.id,
    survey_id: surveyId,
    position,
    indicator: v.indicator,
    indicator_en: v.indicatorEn ?? null,
    population: v.population,
    population_group: v.populationGroup,
    period: v.period,
    value: v.value,
    unit: v.unit,
    qualifier: v.qualifier,
    source_id: sourceId(db, v.source),
    origin,
  })
}

/** The survey part of a bundled entity (its entities row is written by entities.ts first). */
export function upsertBundledSurvey(db: WritableDB, id: string, details: SurveyDetails): void {
  statements(db).upsertSurvey.run({ id, ...details })
  changed(db, [id])
}

export function upsertBundledValue(db: WritableDB, surveyId: string, position: number, value: SurveyValueDraft): void {
  writeValue(db, surveyId, position, value, 'bundled')
  changed(db, [surveyId])
}

export function deleteStaleValues(db: WritableDB, keepIds: string[]): void {
  statements(db).deleteStaleValues.run(JSON.stringify(keepIds))
}

/**
 * A survey of the researcher's own with its values, ids `<id>#v1`, `<id>#v2` … in order; all values or none.
 */
export function insertOwnSurvey(db: WritableDB, survey: { id: string; name: string; summary: string }, values: Omit<SurveyValueDraft, 'id'>[]): void {
  transaction(db, () => {
    insertOwnEntity(untrackedWriter(db), { id: survey.id, type: 'survey', name: survey.name, summary: survey.summary })
    statements(db).upsertSurvey.run({ id: survey.id, producer: null, commissionedBy: null, fieldworkYear: null, referencePeriod: null, populationDescription: null })
    values.forEach((v, i) => writeValue(db, survey.id, i, { ...v, id: `${survey.id}#v${i + 1}` }, 'own'))
    changed(db, [survey.id])
  })
}
