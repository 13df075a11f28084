// Pictures of the main pages at the window size researchers use (1280×800), from the built renderer bridged
// to the real core, exactly as the E2E tests run it. `npm run screenshots` builds first.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createChromiumPrinter } from '../src/cli/chromium-printer'
import { exportNotesPdf } from '../src/core/io/export/pdf'
import { chromium, type BrowserContext } from '@playwright/test'
import { APP_URL, CHROMIUM_LAUNCH_OPTIONS, bridgeAtlas, openTestAtlas, type BridgeRecord } from '../tests/e2e/bridge'
import { IO_SHOTS, afterShot, chooseFiles, ioDialogs } from './screenshots-io'
import { TEAM_SHOTS, resetTeamShots } from './screenshots-team'
import { coreInvoke, highlightPhrase, REPORT, seedResearch, SECTION_S4, type Invoke } from '../tests/e2e/seed'
import type { Page } from '@playwright/test'
import { COMPARED, seedComparison } from '../tests/e2e/compare-seed'
import { useTempRoot } from '../tests/temp-root'
import { saveDocument } from '../src/core/db/documents'

interface Shot {
  file: string
  hash: string
  /** Visible once the page has its data. */
  heading: string
  /** Typed into the search dialog (opened with Ctrl+K) over the page, once the page is ready. */
  search?: string
  /** Runs against the core before the page opens, e.g. to seed highlights and memos. */
  prepare?: (invoke: Invoke) => Promise<void>
  /** Runs on the ready page before the picture, e.g. to open a highlight's details. */
  act?: (page: Page, record: BridgeRecord) => Promise<void>
  /** The whole page, not only the window. */
  fullPage?: boolean
}

// The codebook and notes pictures share one seeded morning of work.
let researchSeeded = false
async function seedResearchOnce(invoke: Invoke): Promise<void> {
  if (researchSeeded) return
  researchSeeded = true
  await seedResearch(invoke)
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
    file: 'report-summary-label.png',
    hash: '#/rapporter/skr-att-starka-innovationsformagan',
    heading: 'Att stärka innovationsförmågan',
    act: async (page) => {
      await page.getByRole('complementary', { name: 'Om texterna på sidan' }).evaluate((el) => el.scrollIntoView({ block: 'center' }))
    },
  },
  {
    file: 'survey.png',
    hash: '#/enkater/scb-innovation-i-offentlig-sektor-2019-2020',
    heading: 'Innovation i offentlig sektor 2019–2020',
  },
  { file: 'organisation.png', hash: '#/organisationer/kommun-2584', heading: 'Kiruna' },
  { file: 'search.png', hash: '#/katalog', heading: 'Katalog', search: 'idésluss' },
  // The library: the researcher's imported documents answer in their own group, here to a misspelling.
  { file: 'search-library.png', hash: '#/katalog', heading: 'Katalog', search: 'typ:dokument idéslsusen', prepare: seedLibrary },
  { file: 'codebook.png', hash: '#/koder?kod=starter-stodjande-strukturer', heading: 'Kodbok', prepare: seedResearchOnce },
  { file: 'notes.png', hash: '#/anteckningar', heading: 'Anteckningar', prepare: seedResearchOnce },
  {
    file: 'reader-highlights.png',
    hash: `#/rapporter/${REPORT}`,
    heading: 'Att stärka innovationsförmågan',
    prepare: seedOverlaps,
    act: async (page) => {
      await page.getByRole('region', { name: 'Synen på innovation' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      const s4 = page.locator(`[data-text-target="section:${SECTION_S4}"]`)
      await s4.locator('mark', { hasText: /^strukturer och systematik$/ }).click()
      await page.getByRole('dialog', { name: /markeringar här/ }).waitFor()
      await page.waitForTimeout(200)
    },
  },
  {
    file: 'compare.png',
    hash: `#/jamfor?fall=${COMPARED.join(',')}`,
    heading: 'Jämför fall',
    prepare: async (invoke) => {
      await seedResearchOnce(invoke)
      await seedComparison(invoke)
    },
    act: async (page) => {
      // The codes band with its counts and the summaries under it: fold one group, scroll the matrix there.
      const matrix = page.getByRole('table', { name: /^Jämförelse av/ })
      await matrix.getByRole('button', { name: 'Dölj underkoder till Perspektiv på innovationsförmåga' }).click()
      await matrix.getByRole('button', { name: 'Flytta Innovationens fas upp' }).click()
      await page.locator('.matrix-wrap').evaluate((wrap) => {
        const band = [...wrap.querySelectorAll<HTMLElement>('tr.band')][1]
        const head = wrap.querySelector<HTMLElement>('thead')
        wrap.scrollIntoView({ block: 'start' })
        if (band && head) wrap.scrollTop = band.offsetTop - head.offsetHeight
      })
      await page.waitForTimeout(200)
    },
  },
  {
    file: 'survey-chart.png',
    hash: '#/enkater/scb-innovation-i-offentlig-sektor-2019-2020',
    heading: 'Innovation i offentlig sektor 2019–2020',
    act: async (page) => {
      const figure = page.getByRole('figure', { name: /^Andel som arbetar systematiskt/ })
      await figure.getByRole('button', { name: 'Visa som tabell' }).click()
      await page.getByRole('heading', { level: 2, name: 'Diagram' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.waitForTimeout(200)
    },
  },
  { file: 'help.png', hash: '#/hjalp', heading: 'Hjälp' },
  // The first-start introduction: shown again for the picture, then marked as seen for the pictures after it.
  {
    file: 'orientation.png',
    hash: '#/katalog',
    heading: 'Katalog',
    prepare: async (invoke) => {
      await invoke('preferences:set', { orientationSeen: false })
    },
    act: async (page) => {
      await page.getByRole('dialog', { name: 'Välkommen till Innovationsatlas' }).waitFor()
      await coreInvoke(testAtlas.atlas)('preferences:set', { orientationSeen: true })
      await page.waitForTimeout(200)
    },
  },
  // The map: cases per kommun with Kiruna's details open, and an indicator as a choropleth.
  {
    file: 'map.png',
    hash: '#/karta?omrade=2584',
    heading: 'Karta',
    act: async (page) => {
      await page.getByRole('group', { name: /^(Karta över Sverige|Map of Sweden)/ }).getByRole('button').first().waitFor()
      await page.locator('path[data-code="2482"]').hover()
      await page.waitForTimeout(400)
    },
  },
  {
    file: 'map-kolada.png',
    hash: '#/karta?matt=kolada',
    heading: 'Karta',
    prepare: importInventedKolada,
    act: async (page) => {
      await page.getByRole('group', { name: /^(Karta över Sverige|Map of Sweden)/ }).getByRole('button').first().waitFor()
      await page.waitForTimeout(400)
    },
  },
  // The timeline with 2016 marked: the spread's marker, the cases active then, open ends said as "slut okänt".
  {
    file: 'timeline.png',
    hash: '#/tidslinje?ar=2016',
    heading: 'Tidslinje',
    act: async (page) => {
      await page.getByRole('heading', { level: 2, name: /^(Spridning över tid|Spread over time)$/ }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.waitForTimeout(200)
    },
  },
  ...IO_SHOTS,
  ...TEAM_SHOTS,
]

/**
 * An indicator for all 290 kommuner to show the map's colours: invented, deterministic numbers under a title
 * that says so, never real Kolada figures. A few kommuner get no value, so the hatched "missing" shows too.
 */
async function importInventedKolada(invoke: Invoke): Promise<void> {
  const { kpis } = (await invoke('map:layer', { level: 'kommun', measure: 'cases', filter: {} })).choices
  if (kpis.some((k) => k.id === 'N99999')) return
  const outlines = await invoke('map:outlines', {})
  const values = outlines.kommuner.map((k, i) => ({
    kpi: 'N99999',
    municipality: k.code,
    period: 2024,
    values: [{ gender: 'T', count: 1, status: i % 41 === 7 ? 'Missing' : '', value: i % 41 === 7 ? null : ((Number(k.code) * 37) % 500) / 10 + 5 }],
  }))
  const dir = mkdtempSync(join(tmpdir(), 'atlas-kolada-'))
  writeFileSync(join(dir, 'values.json'), JSON.stringify({ count: values.length, values }))
  writeFileSync(
    join(dir, 'kpis.json'),
    JSON.stringify({ count: 1, values: [{ id: 'N99999', title: 'Testindikator (påhittad)', description: 'Påhittade värden för skärmbilder, inte data från Kolada.' }] }),
  )
  chooseFiles([join(dir, 'values.json'), join(dir, 'kpis.json')])
  const result = await invoke('kolada:import', {})
  chooseFiles([])
  if (result.cancelled) throw new Error('the invented Kolada file was not imported')
}

/** Two documents a researcher imported, written for the picture: an interview summary and minutes. */
async function seedLibrary(): Promise<void> {
  const documents = [
    {
      id: 'intervjuer-ideslussen-2025',
      title: 'Intervjuer om idéslussen, våren 2025',
      sections: [
        { heading: 'Medarbetarnas bild', text: 'Flera medarbetare beskrev idéslussen som ett sätt att bli hörda, men efterfrågade snabbare återkoppling.' },
        { heading: 'Chefernas bild', text: 'Enhetscheferna såg idéslussen som ett stöd för förnyelsearbetet när tid avsattes för att pröva idéerna.' },
      ],
    },
    {
      id: 'styrgruppsprotokoll-2025-03',
      title: 'Protokoll från styrgruppen för innovationsarbetet, mars 2025',
      sections: [{ heading: 'Beslut', text: 'Styrgruppen beslutade att idéslussen ska följas upp halvårsvis och att resultaten redovisas för nämnden.' }],
    },
  ]
  for (const doc of documents) {
    if (testAtlas.atlas.db.prepare('SELECT 1 FROM entities WHERE id = ?').get(doc.id)) continue
    saveDocument(testAtlas.atlas.db, { ...doc, summary: '', file: { name: `${doc.id}.docx`, format: 'docx', sha256: doc.id, bytes: 1 } })
  }
}

// Overlapping and nested highlights in two report sections, on top of the seeded morning's work.
async function seedOverlaps(invoke: Invoke): Promise<void> {
  await seedResearchOnce(invoke)
  const s3 = { type: 'section' as const, id: `${REPORT}#s3` }
  const s4 = { type: 'section' as const, id: SECTION_S4 }
  await highlightPhrase(invoke, s3, 'samtala om vad innovation, digitalisering och kvalitet betyder', [
    'starter-kultur-och-attityder',
  ])
  await highlightPhrase(invoke, s3, 'inte fasta definitioner utan ett gemensamt språk', ['starter-leda-och-organisera'])
  await highlightPhrase(invoke, s4, 'Erfarenheterna visar att det inte räcker att arbeta med kulturen', [
    'starter-leda-och-organisera',
  ])
  await highlightPhrase(invoke, s4, 'strukturer och systematik', ['starter-fas-ide'], 'Vilka *konkreta* verktyg? Se intervju 3.')
  await highlightPhrase(invoke, s4, 'När sådana strukturer byggs upp påverkas i sin tur organisationskulturen', [
    'starter-kultur-och-attityder',
    'starter-fas-inforande',
  ])
}

const outDir = resolve(process.env.SCREENSHOT_DIR ?? 'artifacts/screenshots')
/** SHOTS=map,catalogue: only the pictures whose file names start so (all three passes); unset: every picture. */
const only = process.env.SHOTS?.split(',').map((p) => p.trim()).filter(Boolean) ?? []
const wanted = (file: string): boolean => only.length === 0 || only.some((prefix) => file.startsWith(prefix))
mkdirSync(outDir, { recursive: true })

// Every temporary file of the run (projects, imports, the printed report) under one folder, removed at the end.
const removeTemporaryFiles = useTempRoot('atlas-screenshots-')
let testAtlas = openTestAtlas(ioDialogs)
await testAtlas.ready
const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS)
let failed = false

/** A new atlas, seeded anew by the shots that need it, with these preferences saved: the next pass's own. */
async function freshAtlas(preferences: { theme?: 'dark'; language?: 'en' }): Promise<void> {
  testAtlas.close()
  testAtlas = openTestAtlas(ioDialogs)
  await testAtlas.ready
  researchSeeded = false
  resetTeamShots()
  await coreInvoke(testAtlas.atlas)('preferences:set', preferences)
}

/**
 * Every shot in SHOTS, each written as its file name with `suffix` before `.png`. In English (`english`) the
 * pages are found by their first heading rather than its Swedish words, and a shot's own steps — written
 * against the Swedish labels — are tried briefly and left out when they cannot run, which is logged.
 */
async function renderShots(context: BrowserContext, suffix: string, english = false): Promise<void> {
  for (const shot of SHOTS.filter((s) => wanted(s.file))) {
    const page = await context.newPage()
    const record = await bridgeAtlas(page, testAtlas.atlas)
    if (shot.prepare) await shot.prepare(coreInvoke(testAtlas.atlas))
    await page.goto(`${APP_URL}${shot.hash}`)
    await (english ? page.getByRole('heading', { level: 1 }).first() : page.getByRole('heading', { level: 1, name: shot.heading })).waitFor()
    await page.getByRole('status').filter({ hasText: /Läser in|Loading/ }).waitFor({ state: 'detached' })
    if (shot.search) {
      await page.keyboard.press('Control+k')
      const dialog = page.getByRole('dialog', { name: english ? 'Search' : 'Sök' })
      await dialog.getByRole('combobox').fill(shot.search)
      await dialog.getByRole('listbox').getByRole('option').first().waitFor()
      // Settle the debounce and the last render, so the picture shows the answer to the whole query.
      await page.waitForTimeout(400)
    }
    if (shot.act && english) {
      page.setDefaultTimeout(4000)
      await shot.act(page, record).catch((error: unknown) => console.log(`  ${shot.file} in English: its steps were left out (${(error as Error).message.split('\n')[0]})`))
      page.setDefaultTimeout(30_000)
    } else if (shot.act) await shot.act(page, record)
    const path = resolve(outDir, shot.file.replace(/\.png$/, `${suffix}.png`))
    if (shot.fullPage) {
      // A window as tall as the page (rather than Playwright's fullPage, which stitches the sticky sidebar in
      // at the scroll position): the picture shows the page as a tall window would.
      const height = await page.evaluate(() => document.documentElement.scrollHeight)
      await page.setViewportSize({ width: 1280, height })
      await page.waitForTimeout(200)
    }
    await page.screenshot({ path })
    await afterShot(page)
    console.log(path)
    for (const problem of [...record.blockedRequests, ...record.consoleErrors]) {
      failed = true
      console.error(`  ${shot.file}: ${problem}`)
    }
    await page.close()
  }
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' })
  await renderShots(context, '')
  // A page of the notes report as it is handed to a steering group: printed by Chromium, rasterised by poppler.
  if (wanted('notes-report-page.png')) {
    await seedResearchOnce(coreInvoke(testAtlas.atlas))
    const printer = createChromiumPrinter()
    try {
      const pdf = await exportNotesPdf(testAtlas.atlas.db, printer, { project: 'Följeforskning om idéslussar' })
      const dir = mkdtempSync(join(tmpdir(), 'atlas-report-'))
      writeFileSync(join(dir, 'rapport.pdf'), pdf)
      const page = spawnSync('pdftoppm', ['-png', '-r', '90', '-f', '3', '-l', '3', '-singlefile', join(dir, 'rapport.pdf'), join(outDir, 'notes-report-page')])
      if (page.status !== 0) throw new Error(`pdftoppm failed: ${page.stderr}`)
      console.log(resolve(outDir, 'notes-report-page.png'))
    } finally {
      await printer.close()
    }
  }
  await context.close()

  // Reflow (WCAG 1.4.10): the window zoomed to 200 %, 640×400 CSS px. The sidebar folds into a top bar and
  // nothing scrolls sideways but a wide table inside its own region.
  await seedResearchOnce(coreInvoke(testAtlas.atlas))
  const zoomed = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 1, locale: 'sv-SE' })
  const zoomShots: Shot[] = [
    { file: 'zoom200-catalogue.png', hash: '#/katalog', heading: 'Katalog' },
    { file: 'zoom200-notes.png', hash: '#/anteckningar', heading: 'Anteckningar' },
    { file: 'zoom200-map.png', hash: '#/karta', heading: 'Karta' },
    {
      file: 'zoom200-compare.png',
      hash: `#/jamfor?fall=${COMPARED.join(',')}`,
      heading: 'Jämför fall',
      act: async (page) => {
        await page.locator('.matrix-wrap').evaluate((wrap) => wrap.scrollIntoView({ block: 'start' }))
        await page.waitForTimeout(200)
      },
    },
  ]
  for (const shot of zoomShots.filter((s) => wanted(s.file))) {
    const page = await zoomed.newPage()
    const record = await bridgeAtlas(page, testAtlas.atlas)
    await page.goto(`${APP_URL}${shot.hash}`)
    await page.getByRole('heading', { level: 1, name: shot.heading }).waitFor()
    await page.getByRole('status').filter({ hasText: 'Läser in' }).waitFor({ state: 'detached' })
    if (shot.act) await shot.act(page, record)
    const path = resolve(outDir, shot.file)
    await page.screenshot({ path })
    console.log(path)
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    for (const problem of [...record.blockedRequests, ...record.consoleErrors, ...(sideways > 0 ? [`scrolls ${sideways} px sideways`] : [])]) {
      failed = true
      console.error(`  ${shot.file}: ${problem}`)
    }
    await page.close()
  }
  await zoomed.close()

  // The same pictures in the dark theme (`<name>-dark.png`): a fresh atlas seeded the same way, with the
  // researcher's choice saved as dark and the system dark too, so the choice cannot leak into the pictures
  // above and the first pass's imports and merges do not show twice here.
  await freshAtlas({ theme: 'dark' })
  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE', colorScheme: 'dark' })
  await renderShots(dark, '-dark')
  await dark.close()

  // The same pictures in English (`<name>-en.png`): a fresh atlas with English chosen, an English system.
  await freshAtlas({ language: 'en' })
  const english = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })
  await renderShots(english, '-en', true)
} finally {
  await browser.close()
  testAtlas.close()
  removeTemporaryFiles()
}
if (failed) process.exitCode = 1
