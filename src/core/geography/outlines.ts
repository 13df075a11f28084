// Sweden's kommuner and län as SVG path data, projected once from the bundled GeoJSON (resources/geo) with
// d3-geo. The projection is a transverse Mercator on 15° E, the meridian of SWEREF 99 TM that Swedish
// authorities draw their maps in, so the country stands upright and undistorted enough to recognise.
import fs from 'node:fs'
import path from 'node:path'
import { geoArea, geoPath, geoTransverseMercator, type GeoPermissibleObjects } from 'd3-geo'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import type { MapArea, MapOutlines } from '../../shared/domain'
import { UserError } from '../errors'

/** The width of the map's coordinate system; the height follows from Sweden's shape. */
const WIDTH = 400
/** Path coordinates to a tenth of a unit: finer than a screen pixel at any sensible zoom, a third of the size. */
const DIGITS = 1

/** Where the outlines come from (resources/geo/README.md); the words around it are in the catalogues (map.figure.credit). */
export const MAP_CREDIT = { source: 'okfse/sweden-geojson (ff67bcb)', url: 'https://github.com/okfse/sweden-geojson' }

type Outline = Feature<Polygon | MultiPolygon, Record<string, unknown>>

/**
 * d3-geo reads a ring's direction as which side is inside (clockwise, on the sphere); GeoJSON files often
 * wind the other way (RFC 7946), which d3 reads as "the whole globe except this kommun". An outline whose
 * area is more than half the sphere is the complement, so its rings are turned round.
 */
function windForD3(feature: Outline): Outline {
  if (geoArea(feature as GeoPermissibleObjects) <= 2 * Math.PI) return feature
  const reverse = (ring: Position[]): Position[] => [...ring].reverse()
  const geometry: Polygon | MultiPolygon =
    feature.geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: feature.geometry.coordinates.map(reverse) }
      : { type: 'MultiPolygon', coordinates: feature.geometry.coordinates.map((polygon) => polygon.map(reverse)) }
  return { ...feature, geometry }
}

function readCollection(file: string): Outline[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    throw new UserError('map.outlinesMissing', { file: path.basename(file) }, 'internal')
  }
  const collection = JSON.parse(text) as FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>
  return collection.features.map(windForD3)
}

const cache = new Map<string, MapOutlines>()

/** The outlines in `geoDir` (kommuner.geojson, lan.geojson), projected once per folder and kept. */
export function loadOutlines(geoDir: string): MapOutlines {
  const cached = cache.get(geoDir)
  if (cached) return cached
  const kommuner = readCollection(path.join(geoDir, 'kommuner.geojson'))
  const counties = readCollection(path.join(geoDir, 'lan.geojson'))
  const all: FeatureCollection = { type: 'FeatureCollection', features: counties }
  const projection = geoTransverseMercator().rotate([-15, 0]).fitWidth(WIDTH, all)
  const draw = geoPath(projection).digits(DIGITS)
  const [[, top], [, bottom]] = draw.bounds(all)
  const height = Math.ceil(bottom - top)
  projection.translate([projection.translate()[0], projection.translate()[1] - top])
  const round = (p: [number, number]): [number, number] => [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10]

  const kommunAreas: MapArea[] = kommuner.map((f) => {
    const code = String(f.properties['id']).padStart(4, '0')
    // The file's own inner point ([lat, lon]) lies inside the kommun even where its centroid would not
    // (an archipelago, a crescent).
    const inner = f.properties['geo_point_2d'] as [number, number] | undefined
    const centre = (inner ? projection([inner[1], inner[0]]) : null) ?? draw.centroid(f)
    return {
      code,
      name: String(f.properties['kom_namn']),
      county: String(f.properties['lan_code']).padStart(2, '0'),
      path: draw(f) ?? '',
      centre: round(centre),
    }
  })
  const countyAreas: MapArea[] = counties.map((f) => {
    const code = String(f.properties['l_id']).padStart(2, '0')
    return { code, name: String(f.properties['name']), county: code, path: draw(f) ?? '', centre: round(draw.centroid(f)) }
  })
  const byCode = (a: MapArea, b: MapArea): number => a.code.localeCompare(b.code)
  const outlines: MapOutlines = {
    width: WIDTH,
    height,
    kommuner: kommunAreas.sort(byCode),
    counties: countyAreas.sort(byCode),
    credit: MAP_CREDIT,
  }
  cache.set(geoDir, outlines)
  return outlines
}
