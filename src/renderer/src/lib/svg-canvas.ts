// An SVG document as pixels: drawn from a data: URL, which the page's CSP allows for images (img-src 'self'
// data:) and which does not taint the canvas. No words and no state here, so chart code tested in Node can
// import it.

/** An SVG document drawn on a white canvas at `scale` times its size (the survey charts use it too). */
export async function svgOnCanvas(svg: string, width: number, height: number, scale = 2): Promise<HTMLCanvasElement> {
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(width * scale)
  canvas.height = Math.round(height * scale)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas')
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.drawImage(image, 0, 0, canvas.width, canvas.height)
  return canvas
}
