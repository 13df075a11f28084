// Pictures of the main pages at the window size researchers use (1280×800), from the built renderer bridged
// to the real core, exactly as the E2E tests run it. `npm run screenshots` builds first.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { APP_URL, CHROMIUM_LAUNCH_OPTIONS, bridgeAtlas, openTestAtlas } from '../tests/e2e/bridge'

interface Shot {
  file: string
  hash: string
  /** Visible once the page has its data. */
  heading: string
  /** Typed into the search dialog (opened with Ctrl+K) over the page, once the page is ready. */
  search?: string
}

const SHOTS: Shot[] = [
  { file: 'catalogue.png', hash: '#/katalog', heading: 'Katalog' },
  { file: 'case.png', hash: '#/fall/innovationsplattform-kiruna', heading: 'Innovationsplattform Kiruna' },
  {
    file: 'report.png',
    hash: '#/rapporter/skr-att-starka-innovationsformagan',
    heading: 'Att stärka innovationsförmågan',
  },
  {
    file: 'survey.png',
    hash: '#/enkater/scb-innovation-i-offentlig-sektor-2019-2020',
    heading: 'Innovation i offentlig sektor 2019–2020',
  },
  { file: 'organisation.png', hash: '#/organisationer/kommun-2584', heading: 'Kiruna' },
  { file: 'search.png', hash: '#/katalog', heading: 'Katalog', search: 'idésluss' },
]

const outDir = resolve(process.env.SCREENSHOT_DIR ?? 'artifacts/screenshots')
mkdirSync(outDir, { recursive: true })

const testAtlas = openTestAtlas()
const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
let failed = false
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' })
  for (const shot of SHOTS) {
    const page = await context.newPage()
    const record = await bridgeAtlas(page, testAtlas.atlas)
    await page.goto(`${APP_URL}${shot.hash}`)
    await page.getByRole('heading', { level: 1, name: shot.heading }).waitFor()
    await page.getByRole('status').filter({ hasText: 'Läser in' }).waitFor({ state: 'detached' })
    if (shot.search) {
      await page.keyboard.press('Control+k')
      const dialog = page.getByRole('dialog', { name: 'Sök' })
      await dialog.getByRole('combobox').fill(shot.search)
      await dialog.getByRole('listbox').getByRole('option').first().waitFor()
      // Settle the debounce and the last render, so the picture shows the answer to the whole query.
      await page.waitForTimeout(400)
    }
    const path = resolve(outDir, shot.file)
    await page.screenshot({ path })
    console.log(path)
    for (const problem of [...record.blockedRequests, ...record.consoleErrors]) {
      failed = true
      console.error(`  ${shot.file}: ${problem}`)
    }
    await page.close()
  }
} finally {
  await browser.close()
  testAtlas.close()
}
if (failed) process.exitCode = 1
