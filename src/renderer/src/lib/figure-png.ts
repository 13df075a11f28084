// A figure the core built as SVG, drawn into a PNG here: the core has no canvas, the page has one. The image is
// loaded from a data: URL, which the CSP allows (img-src data:) and which does not taint the canvas.
import { ApiError } from './api'
import { svgOnCanvas } from './svg-canvas'
import { t } from '../i18n/i18n.svelte'

/**
 * The PNG as base64 without the `data:image/png;base64,` prefix, as export:map and export:timeline take it, at
 * twice the figure's size (sharp in print). A figure that cannot be drawn is an ApiError with words to show.
 */
export async function svgToPngBase64(svg: string, scale = 2): Promise<string> {
  try {
    return await draw(svg, scale)
  } catch {
    throw new ApiError('internal', t('common.pngFailed'))
  }
}

async function draw(svg: string, scale: number): Promise<string> {
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0)
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 0)
  if (!(width > 0 && height > 0)) throw new Error('the figure has no size')
  const canvas = await svgOnCanvas(svg, width, height, scale)
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '')
}
