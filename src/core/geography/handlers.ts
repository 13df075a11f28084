// The atlas's map and timeline: outlines, what a layer shows, and the figures the renderer turns into a PNG.
// Their file exports are in io/export/handlers.ts, beside every other export.
import type { DomainContext, DomainHandlers } from '../handlers'
import { mapSvg, timelineSvg } from './figures'
import { loadOutlines } from './outlines'

type GeographyChannel = 'map:outlines' | 'map:layer' | 'map:svg' | 'timeline:layout' | 'timeline:svg'

export function createGeographyHandlers({ geography, geoDir }: DomainContext): DomainHandlers<GeographyChannel> {
  const outlines = () => geography.named(loadOutlines(geoDir))
  return {
    'map:outlines': () => outlines(),
    'map:layer': (request) => geography.layer(request),
    'map:svg': async ({ request }) => ({ svg: mapSvg(outlines(), await geography.layer(request)) }),
    'timeline:layout': ({ filter, groupBy }) => geography.timeline(filter, groupBy),
    'timeline:svg': ({ filter, groupBy }) => ({ svg: timelineSvg(geography.timeline(filter, groupBy)) }),
  }
}
