// How a map layer's values become colours: a few classes from ColorBrewer's YlGnBu scale (d3-scale-chromatic),
// a sequential scale that stays readable for the common kinds of colour blindness. Counts (cases, highlights)
// get one class per small number; indicators get quantile classes, so one extreme kommun does not wash the
// rest of the country into one colour. Shared by the map on screen, its exports and the CLI.
import { scaleQuantile } from 'd3-scale'
import { interpolateYlGnBu, schemeYlGnBu } from 'd3-scale-chromatic'
import type { MapLayer } from '../domain'

export type FigureTheme = 'light' | 'dark'

export interface ColourClass {
  /** Inclusive bounds of the values in the class. */
  from: number
  to: number
  colour: string
}

export interface MapClasses {
  classes: ColourClass[]
  /** A count of 0 (no case, no highlight) has its own quiet fill; null is a missing value (hatched). */
  zero: string | null
  colourOf(value: number | null): string | null
}

/** The neutral fill of an area with a count of 0, per theme. */
export const ZERO_FILL: Record<FigureTheme, string> = { light: '#f1f1ee', dark: '#2b2d31' }
/** Outlines and the hatching of missing values, per theme (3:1 or more against the page and the fills). */
export const OUTLINE: Record<FigureTheme, string> = { light: '#5b5b5b', dark: '#a9adb5' }

const MAX_CLASSES = 5

/**
 * `count` colours from the scale, least to most. On a light page: ColorBrewer's steps, light to dark, the
 * palest skipped (it vanishes on white). On a dark page "more" stands out as lighter, so the same scale runs
 * the other way, from a middle blue (3.8:1 against the dark page, where the darkest navy would disappear)
 * to pale yellow.
 */
function ramp(count: number, theme: FigureTheme): string[] {
  if (theme === 'dark') {
    return Array.from({ length: count }, (_, i) => interpolateYlGnBu(count === 1 ? 0.4 : 0.65 - (i * 0.55) / (count - 1)))
  }
  const scheme = schemeYlGnBu[Math.max(3, count + 1)] as readonly string[]
  return scheme.slice(1, count + 1)
}

export function mapClasses(layer: Pick<MapLayer, 'measure' | 'values'>, theme: FigureTheme = 'light'): MapClasses {
  const values = layer.values.map((v) => v.value).filter((v): v is number => v !== null)
  const isCount = layer.measure === 'cases' || layer.measure === 'evidence'
  const positive = isCount ? values.filter((v) => v > 0) : values
  let bounds: [number, number][]
  if (positive.length === 0) {
    bounds = []
  } else if (isCount && Math.max(...positive) <= MAX_CLASSES) {
    // 1, 2, 3 … : every count its own class.
    bounds = Array.from({ length: Math.max(...positive) }, (_, i) => [i + 1, i + 1])
  } else {
    const distinct = [...new Set(positive)].sort((a, b) => a - b)
    const count = Math.min(MAX_CLASSES, distinct.length)
    const cuts = count > 1 ? scaleQuantile<number>().domain(positive).range(Array.from({ length: count }, (_, i) => i)).quantiles() : []
    const edges = [distinct[0]!, ...cuts, distinct[distinct.length - 1]!]
    bounds = []
    for (let i = 0; i < count; i++) {
      // A class holds the values from its lower edge up to (not including) the next; the last includes the top.
      const inClass = distinct.filter((v) => v >= edges[i]! && (i === count - 1 ? v <= edges[i + 1]! : v < edges[i + 1]!))
      if (inClass.length > 0) bounds.push([inClass[0]!, inClass[inClass.length - 1]!])
    }
  }
  const colours = ramp(bounds.length, theme)
  const classes = bounds.map(([from, to], i) => ({ from, to, colour: colours[i]! }))
  const zero = isCount ? ZERO_FILL[theme] : null
  return {
    classes,
    zero,
    colourOf(value) {
      if (value === null) return null
      if (isCount && value === 0) return zero
      // A value between two classes' bounds (none in the data, but asked for) belongs to the one above.
      const found = classes.find((c) => value <= c.to)
      return (found ?? classes[classes.length - 1])?.colour ?? null
    },
  }
}
