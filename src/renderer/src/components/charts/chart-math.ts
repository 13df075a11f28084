// Pure helpers for the charts: grouping survey values into charts, scales, label wrapping, and turning an
// on-screen SVG into files to download. No network: the files are blob URLs made in the page.
import { svgOnCanvas } from '../../lib/svg-canvas'
import { POPULATION_GROUPS, type SurveyValue } from '../../../../shared/domain'

export interface SurveyChartGroup {
  key: string
  indicator: string
  period: string
  unit: string
  values: SurveyValue[]
}

/**
 * "Andel som arbetar systematiskt med innovation (drygt 3 av 10)" → "Andel som arbetar systematiskt med innovation":
 * the corpus writes each population's wording in parentheses, but the three values are one indicator.
 */
export function baseIndicator(indicator: string): string {
  return indicator.replace(/\s*\([^()]*\)\s*$/, '').trim() || indicator
}

const groupRank = (value: SurveyValue): number => POPULATION_GROUPS.indexOf(value.populationGroup)

/** One chart per indicator, period and unit; bars in population order: kommuner, regioner, myndigheter, blandad. */
export function groupSurveyValues(values: readonly SurveyValue[]): SurveyChartGroup[] {
  const groups = new Map<string, SurveyChartGroup>()
  for (const value of values) {
    const indicator = baseIndicator(value.indicator)
    const key = `${indicator}|${value.period}|${value.unit}`
    const group = groups.get(key) ?? { key, indicator, period: value.period, unit: value.unit, values: [] }
    group.values.push(value)
    groups.set(key, group)
  }
  return [...groups.values()].map((g) => ({ ...g, values: [...g.values].sort((a, b) => groupRank(a) - groupRank(b)) }))
}

export const isPercent = (unit: string): boolean => /^(procent|%)$/i.test(unit.trim())

/** The axis maximum: 100 for percent, so charts compare at a glance; otherwise a round number above the max. */
export function scaleMax(unit: string, values: readonly number[]): number {
  if (isPercent(unit)) return 100
  const max = Math.max(0, ...values)
  if (max === 0) return 1
  const magnitude = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= max) return step * magnitude
  return 10 * magnitude
}

/** "procent" reads as "%" beside a number. */
export const unitSymbol = (unit: string): string => (isPercent(unit) ? '%' : unit)

/** Greedy word wrap for SVG text, which does not wrap by itself. A word longer than a line gets a line of its own. */
export function wrapLabel(text: string, maxChars: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > maxChars) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines.length > 0 ? lines : ['']
}

/** A name for a downloaded file from a chart's title: lower case, no spaces or odd characters. */
export function fileBaseName(title: string): string {
  const base = title
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return base || 'diagram'
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/**
 * The chart as a standalone SVG document: the on-screen chart with its title above and its source below (on
 * screen those are HTML around it), white background, presentation attributes only, so it opens anywhere.
 */
export function standaloneSvg(svg: SVGSVGElement, title: string, source: string): { text: string; width: number; height: number } {
  const width = Number(svg.getAttribute('width')) || svg.viewBox.baseVal.width
  const height = Number(svg.getAttribute('height')) || svg.viewBox.baseVal.height
  const top = 34
  const bottom = 30
  const out = document.createElementNS(SVG_NS, 'svg')
  out.setAttribute('xmlns', SVG_NS)
  out.setAttribute('width', String(width))
  out.setAttribute('height', String(height + top + bottom))
  out.setAttribute('viewBox', `0 0 ${width} ${height + top + bottom}`)
  out.setAttribute('font-family', svg.getAttribute('font-family') ?? 'sans-serif')
  const background = document.createElementNS(SVG_NS, 'rect')
  background.setAttribute('width', '100%')
  background.setAttribute('height', '100%')
  background.setAttribute('fill', '#ffffff')
  out.append(background)
  const heading = document.createElementNS(SVG_NS, 'text')
  heading.setAttribute('x', '8')
  heading.setAttribute('y', '22')
  heading.setAttribute('font-size', '15')
  heading.setAttribute('font-weight', '700')
  heading.setAttribute('fill', '#1c2430')
  heading.textContent = title
  out.append(heading)
  const body = document.createElementNS(SVG_NS, 'g')
  body.setAttribute('transform', `translate(0 ${top})`)
  for (const child of svg.childNodes) body.append(child.cloneNode(true))
  out.append(body)
  const foot = document.createElementNS(SVG_NS, 'text')
  foot.setAttribute('x', '8')
  foot.setAttribute('y', String(height + top + 20))
  foot.setAttribute('font-size', '12')
  foot.setAttribute('fill', '#4f5b69')
  foot.textContent = source
  out.append(foot)
  return { text: new XMLSerializer().serializeToString(out), width, height: height + top + bottom }
}

/** Draws an SVG document onto a canvas at twice its size and returns it as a PNG blob. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const canvas = await svgOnCanvas(svgText, width, height, scale)
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob gave nothing'))), 'image/png'),
  )
}
