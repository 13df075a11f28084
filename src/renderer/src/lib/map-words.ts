// A map area's figure in words, the same on the map's accessible names, its tooltip, details and table: a count
// is "3 fall" or "3 markeringar", an indicator a number with its unit, and a missing value says so (never "0").
import type { MapArea, MapAreaValue, MapLayer } from '../../../shared/domain'
import { t } from '../i18n/i18n.svelte'
import { formatNumber } from './format'

export function figureText(layer: Pick<MapLayer, 'measure' | 'legend'>, value: number | null): string {
  if (value === null) return t('map.figure.missing')
  if (layer.measure === 'cases') return t('map.figure.cases', { count: value })
  if (layer.measure === 'evidence') return t('map.figure.highlights', { count: value })
  const unit = layer.legend.unit
  return unit ? t('map.figure.withUnit', { value: formatNumber(value), unit }) : formatNumber(value)
}

/** The figure and, for an indicator, how many cases the area takes part in. */
export function figureWithCases(layer: Pick<MapLayer, 'measure' | 'legend'>, value: MapAreaValue | undefined): string {
  const figure = figureText(layer, value?.value ?? null)
  if (layer.measure === 'cases' || layer.measure === 'evidence') return figure
  return t('map.figure.withCases', { figure, cases: t('map.figure.cases', { count: value?.cases.length ?? 0 }) })
}

/** "Kiruna (Norrbottens län): 4 fall", or "Norrbottens län: 12 fall". */
export function areaLabel(
  layer: Pick<MapLayer, 'level' | 'measure' | 'legend'>,
  area: Pick<MapArea, 'name' | 'county'>,
  value: MapAreaValue | undefined,
  countyName: (code: string) => string,
): string {
  const figure = figureWithCases(layer, value)
  return layer.level === 'kommun'
    ? t('map.figure.areaKommun', { name: area.name, county: countyName(area.county), figure })
    : t('map.figure.areaLan', { name: area.name, figure })
}
