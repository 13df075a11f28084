// The atlas itself: Sweden's kommuner and län as outlines, and what the map shows on them (cases, the
// researcher's coded evidence, a Kolada indicator or a survey value). Pure data, like every domain file.
import type { CaseKind, CatalogueFilter, EntityRef } from './catalogue'

/** The map's two levels: the 290 kommuner or the 21 län. */
export const MAP_LEVELS = ['kommun', 'lan'] as const
export type MapLevel = (typeof MAP_LEVELS)[number]

/**
 * What a map colours: `cases` — how many cases each area takes part in; `evidence` — how many of the
 * researcher's highlights with a chosen code (and its subcodes) count for the area's cases; `kolada` — an
 * imported Kolada indicator for one year; `survey` — a survey value whose population names the area.
 */
export const MAP_MEASURES = ['cases', 'evidence', 'kolada', 'survey'] as const
export type MapMeasure = (typeof MAP_MEASURES)[number]

export interface MapArea {
  /** Kommunkod (four digits) or länskod (two digits). */
  code: string
  name: string
  /** Two-digit länskod; for a län its own code. */
  county: string
  /** Path data in the outline's coordinates (the viewBox of MapOutlines). */
  path: string
  /** An inner point, for keyboard order and labels. */
  centre: [number, number]
}

export interface MapOutlines {
  width: number
  height: number
  kommuner: MapArea[]
  counties: MapArea[]
  /** The outlines' origin and reuse terms, shown under every map and written into every export. */
  credit: { source: string; url: string }
}

export interface MapLayerRequest {
  level: MapLevel
  measure: MapMeasure
  /** The catalogue's filters: which cases count (for `cases` and `evidence`). */
  filter: CatalogueFilter
  /** Only cases related to this programme (the programme itself included). */
  programme?: string
  /** The spread ("spridning") up to a year: only cases that started in or before it; unknown starts left out. */
  untilYear?: number
  /** `evidence`: the code whose highlights count (its subcodes too). */
  codeId?: string
  /** `kolada`: the indicator and year. */
  kpi?: string
  year?: number
  /** `survey`: the survey and indicator text; the period when it has several. */
  surveyId?: string
  indicator?: string
  period?: string
}

export interface MapAreaValue {
  code: string
  /** null: nothing known for this area (no Kolada value, no survey value); 0 is a value. */
  value: number | null
  /** Cases counted for the area (for `cases` and `evidence`; otherwise the cases it takes part in). */
  cases: { id: string; name: string; kind: CaseKind }[]
}

export interface MapLegend {
  /** What the colours mean, in the researcher's language ("Fall per kommun", a KPI's title …). */
  title: string
  /** Where the figures come from; null for the researcher's own counts. */
  source: string | null
  /** The year the figures stand for, when they stand for one. */
  year: number | null
  period: string | null
  unit: string | null
  /** Areas without a value, and what else is left out ("3 fall utan kommun visas bara per län"). */
  missing: number
  notes: string[]
}

export interface MapLayer {
  level: MapLevel
  measure: MapMeasure
  /** Every area of the level, in code order, with its value or null. */
  values: MapAreaValue[]
  legend: MapLegend
  /** What the request could choose from: Kolada indicators with their years, programmes, surveys. */
  choices: MapChoices
}

export interface MapChoices {
  kpis: { id: string; title: string; years: number[] }[]
  programmes: EntityRef[]
  surveys: { id: string; name: string; indicators: { indicator: string; periods: string[] }[] }[]
  /** First and last start year among all cases, for the spread slider. */
  years: { min: number | null; max: number | null }
}
