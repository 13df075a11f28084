// The map and the timeline as files a researcher can put in a report: a standalone SVG (white page, legend,
// source and outline credit written into the picture, so a copied figure keeps them) and the table behind
// each as CSV. The renderer turns the same SVG into a PNG, so every export shows the same figure.
import { stringify } from 'csv-stringify/sync'
import type { MapLayer, MapOutlines } from '../../shared/domain'
import { mapClasses, OUTLINE, ZERO_FILL } from '../../shared/figures/map-classes'
import type { TimelineLayout } from '../../shared/figures/timeline'
import { message, messageLanguage } from '../../shared/messages'

/** Figures as the researcher's language writes them: "12,5" in Swedish, "12.5" in English. */
const formatNumber = (value: number): string =>
  new Intl.NumberFormat(messageLanguage() === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 }).format(value)

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Breaks a sentence into lines of about `width` characters (SVG text does not wrap by itself). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

const FONT = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`
const HATCH = `<pattern id="missing" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
  `<rect width="4" height="4" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="4" stroke="${OUTLINE.light}" stroke-width="1"/></pattern>`

export function mapSvg(outlines: MapOutlines, layer: MapLayer): string {
  const areas = layer.level === 'kommun' ? outlines.kommuner : outlines.counties
  const values = new Map(layer.values.map((v) => [v.code, v.value]))
  const scale = mapClasses(layer, 'light')
  const legendX = outlines.width + 24
  const width = legendX + 300
  const parts: string[] = []
  for (const area of areas) {
    const value = values.get(area.code) ?? null
    const fill = scale.colourOf(value) ?? 'url(#missing)'
    const figure = value === null ? message('map.figure.missing', { count: 1 }) : formatNumber(value)
    parts.push(
      `<path d="${area.path}" fill="${fill}" stroke="${OUTLINE.light}" stroke-width="0.3"><title>${escapeXml(`${area.name}: ${figure}`)}</title></path>`,
    )
  }
  // Kommuner are drawn inside their län's stronger border, so the counties stay recognisable.
  if (layer.level === 'kommun') {
    for (const county of outlines.counties) parts.push(`<path d="${county.path}" fill="none" stroke="#222" stroke-width="0.8"/>`)
  }

  const legend: string[] = []
  let y = 30
  const text = (content: string, size: number, weight = 'normal'): void => {
    legend.push(`<text x="${legendX}" y="${y}" font-size="${size}" font-weight="${weight}" ${FONT}>${escapeXml(content)}</text>`)
    y += size + 5
  }
  for (const line of wrap(layer.legend.title, 34)) text(line, 14, 'bold')
  const when = layer.legend.year ?? layer.legend.period
  if (when !== null) text(String(when), 12)
  if (layer.legend.source) for (const line of wrap(layer.legend.source, 44)) text(line, 11)
  y += 8
  const swatch = (fill: string, label: string): void => {
    legend.push(`<rect x="${legendX}" y="${y - 12}" width="22" height="14" fill="${fill}" stroke="${OUTLINE.light}" stroke-width="0.8"/>`)
    legend.push(`<text x="${legendX + 30}" y="${y}" font-size="12" ${FONT}>${escapeXml(label)}</text>`)
    y += 20
  }
  if (scale.zero) swatch(ZERO_FILL.light, message('map.figure.zero'))
  for (const c of scale.classes) {
    swatch(c.colour, c.from === c.to ? formatNumber(c.from) : message('map.figure.range', { from: formatNumber(c.from), to: formatNumber(c.to) }))
  }
  if (layer.legend.missing > 0) swatch('url(#missing)', message('map.figure.missing', { count: layer.legend.missing }))
  y += 8
  for (const note of layer.legend.notes) for (const line of wrap(note, 48)) text(line, 10)
  const creditLines = wrap(message('map.figure.credit', { source: outlines.credit.source }), 48)
  y = Math.max(y + 10, outlines.height - creditLines.length * 13)
  for (const line of creditLines) text(line, 9)
  const height = Math.max(outlines.height, y)

  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeXml(layer.legend.title)}</title><defs>${HATCH}</defs>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<g>${parts.join('')}</g>${legend.join('')}</svg>\n`
  )
}

export function mapCsv(outlines: MapOutlines, layer: MapLayer, delimiter: ';' | ','): string {
  const areas = new Map((layer.level === 'kommun' ? outlines.kommuner : outlines.counties).map((a) => [a.code, a]))
  const countyNames = new Map(outlines.counties.map((c) => [c.code, c.name]))
  const header = ['code', 'name', 'county', 'value', 'cases'].map((h) => message(`map.csv.${h}` as 'map.csv.code'))
  const rows = layer.values.map((v) => [
    v.code,
    areas.get(v.code)?.name ?? '',
    countyNames.get(areas.get(v.code)?.county ?? '') ?? '',
    // An empty cell is a missing value; 0 is a count of none.
    v.value === null ? '' : String(v.value),
    v.cases.map((c) => c.name).join(' | '),
  ])
  return stringify([header, ...rows], { delimiter, bom: true })
}

const ROW = 18
const NAME_WIDTH = 300
const YEAR_WIDTH = 34

export function timelineSvg(layout: TimelineLayout): string {
  const from = layout.from ?? 0
  const to = layout.to ?? 0
  const axisX = NAME_WIDTH + 16
  const x = (year: number): number => axisX + (year - from) * YEAR_WIDTH
  const width = x(to + 1) + 20
  const parts: string[] = []
  let y = 30
  parts.push(`<text x="10" y="${y}" font-size="15" font-weight="bold" ${FONT}>${escapeXml(message('map.figure.timelineTitle'))}</text>`)
  y += 24
  for (let year = from; year <= to; year++) {
    parts.push(`<text x="${x(year) + YEAR_WIDTH / 2}" y="${y}" font-size="10" text-anchor="middle" ${FONT}>${year}</text>`)
  }
  const axisTop = y + 6
  y += 16
  for (const group of layout.groups) {
    y += 8
    parts.push(`<text x="10" y="${y + 12}" font-size="12" font-weight="bold" ${FONT}>${escapeXml(group.label)}</text>`)
    y += ROW
    for (const row of group.rows) {
      const name = row.name.length > 48 ? `${row.name.slice(0, 47)}…` : row.name
      parts.push(`<text x="10" y="${y + 12}" font-size="11" ${FONT}>${escapeXml(name)}</text>`)
      const colour = row.kind === 'programme' ? '#225ea8' : '#41b6c4'
      const known = row.endKnown ? row.end : row.start
      parts.push(
        `<rect x="${x(row.start)}" y="${y + 3}" width="${x(known + 1) - x(row.start)}" height="11" fill="${colour}"><title>${escapeXml(
          `${row.name}: ${row.start}–${row.endKnown ? row.end : message('map.figure.openEnd')}`,
        )}</title></rect>`,
      )
      if (!row.endKnown) {
        // The end is not known: an open, dashed continuation to the axis end, labelled, never a made-up year.
        parts.push(
          `<line x1="${x(row.start + 1)}" y1="${y + 8.5}" x2="${x(row.end + 1)}" y2="${y + 8.5}" stroke="${colour}" stroke-width="2" stroke-dasharray="4 3"/>`,
        )
        parts.push(`<text x="${x(row.end + 1) + 4}" y="${y + 12}" font-size="9" ${FONT}>${escapeXml(message('map.figure.openEnd'))}</text>`)
      }
      y += ROW
    }
  }
  for (let year = from; year <= to + 1; year++) {
    parts.unshift(`<line x1="${x(year)}" y1="${axisTop}" x2="${x(year)}" y2="${y}" stroke="#dddddd" stroke-width="1"/>`)
  }
  if (layout.undated.length > 0) {
    y += 12
    for (const line of wrap(message('map.figure.undated', { names: layout.undated.map((u) => u.name).join(', ') }), 110)) {
      parts.push(`<text x="10" y="${y}" font-size="10" ${FONT}>${escapeXml(line)}</text>`)
      y += 14
    }
  }
  const height = y + 16
  const total = width + 80
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${height}" width="${total}" height="${height}">` +
    `<title>${escapeXml(message('map.figure.timelineTitle'))}</title>` +
    `<rect width="${total}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>\n`
  )
}

export function timelineCsv(layout: TimelineLayout, delimiter: ';' | ','): string {
  const h = (key: 'id' | 'name' | 'kind' | 'group' | 'start' | 'end' | 'endKnown'): string => message(`map.csv.${key}`)
  const rows = layout.groups.flatMap((g) =>
    g.rows.map((r) => [r.id, r.name, message(`map.figure.${r.kind}`), g.label, String(r.start), r.endKnown ? String(r.end) : '', message(r.endKnown ? 'map.csv.yes' : 'map.csv.no')]),
  )
  const undated = layout.undated.map((u) => [u.id, u.name, message(`map.figure.${u.kind}`), '', '', '', message('map.csv.no')])
  return stringify([[h('id'), h('name'), h('kind'), h('group'), h('start'), h('end'), h('endKnown')], ...rows, ...undated], { delimiter, bom: true })
}
