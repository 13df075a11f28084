// Renders the app icon (resources/build/icon.svg) to the 512×512 PNG electron-builder makes every platform's
// icon from (resources/build/icon.png), with Debian's Chromium: nothing to install beyond what the tests use.
// Run after changing the SVG: `npm run icon`; both files are committed.
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_LAUNCH_OPTIONS } from '../tests/e2e/chromium'

const SIZE = 512
const source = path.resolve('resources/build/icon.svg')
const target = path.resolve('resources/build/icon.png')

const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 })
  const svg = fs.readFileSync(source, 'utf8')
  await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`)
  await page.locator('svg').screenshot({ path: target, omitBackground: true })
  console.log(`${path.relative(process.cwd(), target)}: ${fs.statSync(target).size} bytes`)
} finally {
  await browser.close()
}
