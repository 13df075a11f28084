// Importing and exporting as a researcher does it: files "chosen" in main's dialogs (the bridge hands the core
// the paths), progress and results read off the page, exported files read back from disk.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { openAtlas } from '../../src/core/atlas'
import { safetyCopy } from '../../src/core/db/safety-copies'
import { APP_URL, bridgeAtlas, expect, openTestAtlas, test } from './bridge'
import { BROKEN_PDF, MEETING_MD, docx, slowDocx, tempDir, withUnsupported, writeFile } from './io-fixtures'
import { coreInvoke, pageInvoke, seedResearch } from './seed'
import { damageTable } from '../fixtures/damage'

const IMPORT_EXPORT = '#/importera-exportera'

async function openImportExport(page: Page, openApp: (hash?: string) => Promise<void>): Promise<void> {
  await openApp(IMPORT_EXPORT)
  await expect(page.getByRole('heading', { level: 1, name: 'Importera och exportera' })).toBeVisible()
}

test('the page is in the main menu', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Importera och exportera' }).click()
  await expect(page).toHaveURL(/#\/importera-exportera$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Importera och exportera' })).toBeFocused()
  await expect(
    page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Importera och exportera' }),
  ).toHaveAttribute('aria-current', 'page')
})

test('many documents at once: progress while it runs, then what came in and what failed', async ({ page, openApp, bridge }) => {
  const dir = tempDir()
  const md = writeFile(dir, 'Möte i Kiruna.md', MEETING_MD)
  const bad = writeFile(dir, 'trasig.pdf', BROKEN_PDF)
  const slow = writeFile(
    dir,
    'Protokoll från styrgruppen för innovationsarbetet i Norrbotten, möte 2024-03-14 (slutlig version).docx',
    await slowDocx('Protokoll från styrgruppen', [{ heading: 'Närvarande', text: 'Åsa, Örjan och Pär från förvaltningen.' }]),
  )
  bridge.pickFiles = [md, bad, slow]
  // The finished import's reply is held back until the test has looked at the progress on screen.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  bridge.afterReply = (channel) => (channel === 'documents:import' ? held : undefined)

  await openImportExport(page, openApp)
  await page.getByRole('button', { name: 'Välj dokument att importera …' }).click()

  const progress = page.getByRole('progressbar', { name: /^Fil 3 av 3: Protokoll från styrgruppen/ })
  await expect(progress).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /^Fil 3 av 3/ })).toHaveText(
    'Fil 3 av 3: Protokoll från styrgruppen för innovationsarbetet i Norrbotten, möte 2024-03-14 (slutlig version).docx – tolkar',
  )
  const files = page.getByRole('list', { name: 'Filer i importen' }).getByRole('listitem')
  await expect(files).toHaveCount(3)
  await expect(files.nth(2)).toContainText('Protokoll från styrgruppen')
  await expect(files.nth(2)).toHaveAttribute('aria-current', 'step')
  await expect(page.getByRole('button', { name: 'Avbryt' })).toBeVisible()
  // A long file name wraps inside the box instead of pushing the page wider.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

  release()
  await expect(page.getByRole('heading', { name: 'Resultat av importen' })).toBeVisible()
  await expect(page.getByText('2 dokument importerades, 1 fil kunde inte importeras.')).toBeVisible()
  const imported = page.getByRole('list', { name: 'Importerade dokument' })
  await expect(imported.getByRole('link')).toHaveText(['Möte om idéslussen i Kiruna', 'Protokoll från styrgruppen'])
  await expect(imported).toContainText('från Möte i Kiruna.md, 2 avsnitt')
  const failed = page.getByRole('alert').filter({ has: page.getByRole('listitem') })
  await expect(failed).toHaveText('trasig.pdf: filen är skadad eller ingen PDF och kan inte läsas.')
  await expect(page.getByRole('progressbar')).toHaveCount(0)

  await imported.getByRole('link', { name: 'Möte om idéslussen i Kiruna' }).click()
  await expect(page).toHaveURL(/#\/rapporter\/own-doc-/)
  await expect(page.getByRole('heading', { level: 1, name: 'Möte om idéslussen i Kiruna' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 3, name: 'Bakgrund' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 3, name: 'Beslut' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Avsnittstext: Bakgrund' })).toContainText(
    'Medarbetare i äldreomsorgen lämnar idéer till slussen.',
  )
})

test('a running document import can be cancelled', async ({ page, openApp, bridge }) => {
  const dir = tempDir()
  bridge.pickFiles = await Promise.all(
    [1, 2, 3, 4, 5, 6].map(async (n) =>
      writeFile(dir, `bilaga-${n}.docx`, await slowDocx(`Bilaga ${n}`, [{ heading: 'Innehåll', text: `Bilaga nummer ${n} om förnyelse.` }])),
    ),
  )
  const channels: string[] = []
  bridge.beforeReply = (channel) => void channels.push(channel)

  await openImportExport(page, openApp)
  await page.getByRole('button', { name: 'Välj dokument att importera …' }).click()
  await expect(page.getByRole('progressbar', { name: /^Fil [1-5] av 6: bilaga-/ })).toBeVisible()
  await page.getByRole('button', { name: 'Avbryt' }).click()

  await expect(page.getByRole('heading', { name: 'Importen avbruten' })).toBeVisible()
  expect(channels).toContain('documents:cancel')
  const counts = await page.getByText(/dokument importerades/).textContent()
  const importedCount = Number(/^(\d+) dokument/.exec(counts ?? '')?.[1])
  expect(importedCount).toBeLessThan(6)
  const reports = await pageInvoke(page)('reports:list', {})
  expect(reports.filter((r) => r.name.startsWith('Bilaga '))).toHaveLength(importedCount)
})

test('cases from CSV: the guessed mapping, one column changed, then the case in the catalogue', async ({ page, openApp, bridge }) => {
  const dir = tempDir()
  bridge.pickFiles = [
    writeFile(
      dir,
      'fall från kommunerna.csv',
      '\uFEFFTitel;Slag;Beskrivning;Start;Kommuner\n' +
        'Äldreomsorgens idésluss i Luleå;initiativ;Medarbetare föreslår förbättringar, som prövas i små försök.;2021;kommun-2580:ägare\n' +
        'Välfärdsteknik i Norrbotten;program;Gemensamt program för välfärdsteknik.;2022;kommun-2580:partner|region-25:ägare\n',
    ),
  ]
  await openImportExport(page, openApp)
  await page.getByRole('button', { name: 'Välj CSV-fil med fall …' }).click()

  await expect(page.getByRole('heading', { name: 'Fil: fall från kommunerna.csv' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Förhandsvisning: de första 2 av 2 raderna' })
  await expect(table.getByRole('columnheader')).toHaveText(['Titel', 'Slag', 'Beskrivning', 'Start', 'Kommuner'])
  await expect(table.getByRole('cell', { name: 'Äldreomsorgens idésluss i Luleå' })).toBeVisible()
  await expect(page.getByText(/Listor .* skiljs åt med \| i cellen\. Organisationer skrivs id:roll/)).toBeVisible()

  await expect(page.getByRole('combobox', { name: 'Namn (krävs)' })).toHaveValue('Titel')
  await expect(page.getByRole('combobox', { name: 'Typ' })).toHaveValue('Slag')
  await expect(page.getByRole('combobox', { name: 'Startår' })).toHaveValue('Start')
  await expect(page.getByRole('combobox', { name: 'Organisationer' })).toHaveValue('')
  await page.getByRole('combobox', { name: 'Organisationer' }).selectOption('Kommuner')
  await page.getByRole('button', { name: 'Importera 2 fall' }).click()

  await expect(page.getByText('2 fall skapades och 0 uppdaterades.')).toBeVisible()
  await page.getByRole('link', { name: 'Visa katalogen' }).click()
  const card = page.getByRole('article').filter({ has: page.getByRole('link', { name: 'Äldreomsorgens idésluss i Luleå' }) })
  await expect(card).toBeVisible()
  // The changed select took effect: the owner came from the "Kommuner" column.
  await expect(card).toContainText('Ägare: Luleå')
})

test('a CSV with a bad row names the row, and nothing is imported', async ({ page, openApp, bridge }) => {
  const dir = tempDir()
  bridge.pickFiles = [
    writeFile(dir, 'fall.csv', 'namn,startår\nFungerande fall i Umeå,2020\nTrasigt fall,tjugotjugo\n'),
  ]
  await openImportExport(page, openApp)
  await page.getByRole('button', { name: 'Välj CSV-fil med fall …' }).click()
  await page.getByRole('button', { name: 'Importera 2 fall' }).click()

  const alert = page.getByRole('alert')
  await expect(alert).toContainText('fall.csv: rad 3: startår "tjugotjugo" är inget årtal')
  await expect(alert).toContainText('Ingenting importerades.')
  const catalogue = await pageInvoke(page)('catalogue:list', { filter: {} })
  expect(catalogue.cases.map((c) => c.name)).not.toContain('Fungerande fall i Umeå')
})

/** A colleague's project: seeded research in another atlas, exported as REFI-QDA through the core. */
async function colleaguesExport(): Promise<{ dir: string; exported: string }> {
  const dir = tempDir()
  const exported = path.join(dir, 'export.qdpx')
  const other = openTestAtlas({ pickSavePath: () => exported })
  try {
    const invoke = coreInvoke(other.atlas)
    await seedResearch(invoke)
    await invoke('export:notes', { format: 'qdpx' })
  } finally {
    other.close()
  }
  return { dir, exported }
}

test('a REFI-QDA project lists what cannot come along before anything is imported', async ({ page, openApp, bridge }) => {
  // A project from another atlas: seeded work exported through the core, with a set and a PDF source added.
  const { dir, exported } = await colleaguesExport()
  bridge.pickFiles = [writeFile(dir, 'Projekt från MAXQDA.qdpx', withUnsupported(fs.readFileSync(exported)))]

  await openImportExport(page, openApp)
  await page.getByRole('button', { name: 'Välj REFI-QDA-fil …' }).click()
  const inspection = page.getByRole('region', { name: 'Projekt: Projekt från MAXQDA.qdpx' })
  await expect(inspection).toContainText('6 markeringar')
  const unsupported = inspection.getByRole('group', { name: 'Tas inte med' })
  await expect(unsupported.getByRole('listitem')).toHaveText([
    'PDF-källan "Intervju 3.pdf" tas inte med: filen har ingen textversion av den (0 markeringar på sidan går förlorade)',
    '1 mängd (Sets) tas inte med',
  ])
  // Nothing is written before the researcher confirms.
  expect(await pageInvoke(page)('notes:list', { filter: {} })).toHaveLength(0)

  await inspection.getByRole('button', { name: 'Importera' }).click()
  const result = page.getByRole('region', { name: 'Importerat' })
  await expect(result).toContainText('6 markeringar')
  const notes = await pageInvoke(page)('notes:list', { filter: { kind: 'highlight' } })
  expect(notes).toHaveLength(6)
})

test('importing a colleague’s copy again: a changed highlight is a conflict the researcher settles', async ({ page, openApp, bridge }) => {
  const { dir, exported } = await colleaguesExport()
  const file = writeFile(dir, 'Kollegans projekt.qdpx', fs.readFileSync(exported))
  await openImportExport(page, openApp)
  const invoke = pageInvoke(page)
  bridge.pickFiles = [file]
  const first = await invoke('refi:inspect', {})
  if (first.cancelled) throw new Error('inspection cancelled')
  expect(first.conflicts).toEqual([])
  await invoke('refi:import', { token: first.token })
  // The researcher rewrites one highlight's note; the colleague's file still has the old one.
  const [mine] = await invoke('notes:list', { filter: { kind: 'highlight' } })
  if (!mine || mine.kind !== 'highlight') throw new Error('no highlight')
  const theirNote = mine.highlight.note
  await invoke('highlights:update', { id: mine.highlight.id, note: 'Min nya läsning.' })

  bridge.pickFiles = [file]
  await page.getByRole('button', { name: 'Välj REFI-QDA-fil …' }).click()
  const inspection = page.getByRole('region', { name: 'Projekt: Kollegans projekt.qdpx' })
  const conflicts = inspection.getByRole('group', { name: '1 sak finns redan i projektet med samma GUID men annat innehåll' })
  await expect(conflicts.getByRole('row', { name: /^Markering:/ })).toContainText('Min nya läsning.')
  await expect(conflicts.getByRole('radio', { name: 'Behåll mitt (filens version skrivs inte)' })).toBeChecked()
  await conflicts.getByRole('radio', { name: 'Ta deras (filens version ersätter min)' }).check()
  await inspection.getByRole('button', { name: 'Importera' }).click()
  await expect(page.getByRole('region', { name: 'Importerat' })).toContainText('Konflikter: 0 behöll mitt, 1 tog deras, 0 behöll båda')
  const after = await invoke('notes:list', { filter: { kind: 'highlight' } })
  expect(after).toHaveLength(6)
  expect(after.find((n) => n.kind === 'highlight' && n.highlight.id === mine.highlight.id)).toMatchObject({ highlight: { note: theirNote } })
})

test('notes export as CSV (BOM, å/ä/ö, semicolons), as PDF, and the codebook with what it could not carry', async ({ page, openApp, bridge }) => {
  // Four exports, each in a parse process of its own, and a PDF printed by Chromium: about 13 s on a quiet
  // machine, and a loaded CI machine has run it past the default 30 s.
  test.slow()
  await openImportExport(page, openApp)
  await seedResearch(pageInvoke(page))
  const dir = tempDir()

  bridge.savePath = path.join(dir, 'anteckningar.csv')
  await page.getByRole('button', { name: 'Exportera anteckningar …' }).click()
  const result = page.getByRole('region', { name: 'Exporterat: Anteckningar som CSV' })
  await expect(result.getByRole('listitem')).toHaveText([path.join(dir, 'anteckningar.csv'), path.join(dir, 'anteckningar-memon.csv')])
  await expect(result).toContainText('Allt kom med.')
  const csv = fs.readFileSync(path.join(dir, 'anteckningar.csv'), 'utf8')
  expect(csv.startsWith('\uFEFF')).toBe(true)
  expect(csv).toContain('Åsa Öberg')
  expect(csv.split(/\r?\n/)[0]).toContain(';')
  expect(fs.readFileSync(path.join(dir, 'anteckningar-memon.csv'), 'utf8')).toContain('Kiruna: plattform eller projekt?')

  await page.getByRole('radio', { name: 'Komma , (R, engelska Excel)' }).check()
  bridge.savePath = path.join(dir, 'komma.csv')
  await page.getByRole('button', { name: 'Exportera anteckningar …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Anteckningar som CSV' })).toContainText('komma.csv')
  expect(fs.readFileSync(path.join(dir, 'komma.csv'), 'utf8').split(/\r?\n/)[0]).not.toContain(';')

  await page.getByRole('radio', { name: 'PDF (för en rapport)' }).check()
  bridge.savePath = path.join(dir, 'anteckningar.pdf')
  await page.getByRole('button', { name: 'Exportera anteckningar …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Anteckningar som PDF' })).toContainText('anteckningar.pdf', { timeout: 20_000 })
  expect(fs.readFileSync(path.join(dir, 'anteckningar.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-')

  await page.getByRole('radio', { name: /^REFI-QDA-projekt/ }).check()
  await page.getByRole('checkbox', { name: 'Radslut för MAXQDA (CRLF)' }).check()
  bridge.savePath = path.join(dir, 'projekt.qdpx')
  await page.getByRole('button', { name: 'Exportera anteckningar …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Projekt som REFI-QDA' })).toContainText('projekt.qdpx')
  expect(fs.readFileSync(path.join(dir, 'projekt.qdpx')).subarray(0, 2).toString('latin1')).toBe('PK')

  await page.getByRole('radio', { name: 'CSV', exact: true }).check()
  bridge.savePath = path.join(dir, 'kodbok.csv')
  await page.getByRole('button', { name: 'Exportera kodboken …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Kodboken som CSV' })).toContainText('kodbok.csv')
  expect(fs.readFileSync(path.join(dir, 'kodbok.csv'), 'utf8')).toContain('Stödjande strukturer')

  // A .qdc has no place for a memo about a code: the result says so, line by line.
  await page.getByRole('radio', { name: 'REFI-QDA-kodbok (.qdc)' }).check()
  bridge.savePath = path.join(dir, 'kodbok.qdc')
  await page.getByRole('button', { name: 'Exportera kodboken …' }).click()
  const qdc = page.getByRole('region', { name: 'Exporterat: Kodboken som REFI-QDA' })
  await expect(qdc.getByRole('list', { name: 'Kom inte med' }).getByRole('listitem').first()).toHaveText(/^Kom inte med: /)
  expect(fs.readFileSync(path.join(dir, 'kodbok.qdc'), 'utf8')).toContain('<CodeBook')

  // A closed save dialog writes nothing and leaves the last result as it was.
  bridge.savePath = null
  await page.getByRole('button', { name: 'Exportera fall × koder …' }).click()
  await expect(qdc).toBeVisible()
})

test('cases and case × code counts as CSV for R', async ({ page, openApp, bridge }) => {
  await openImportExport(page, openApp)
  await seedResearch(pageInvoke(page))
  const dir = tempDir()
  bridge.savePath = path.join(dir, 'fall-koder.csv')
  await page.getByRole('button', { name: 'Exportera fall × koder …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Fall × koder för R' })).toContainText('fall-koder.csv')
  expect(fs.readFileSync(path.join(dir, 'fall-koder.csv'), 'utf8')).toContain('innovationsplattform-kiruna')

  bridge.savePath = path.join(dir, 'fall.csv')
  await page.getByRole('button', { name: 'Exportera fallen …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Fall som CSV' })).toContainText('fall.csv')
  expect(fs.readFileSync(path.join(dir, 'fall.csv'), 'utf8')).toContain('Innovationsplattform Kiruna')
})

test('backup to a file, and a restore that asks first', async ({ page, openApp, bridge }) => {
  await openImportExport(page, openApp)
  await seedResearch(pageInvoke(page))
  const dir = tempDir()
  const file = path.join(dir, 'säkerhetskopia.sqlite')
  bridge.savePath = file
  await page.getByRole('button', { name: 'Säkerhetskopiera …' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Säkerhetskopian sparades' })).toContainText(
    `Säkerhetskopian sparades i ${file} (6 markeringar, 3 memon,`,
  )
  expect(fs.statSync(file).size).toBeGreaterThan(0)

  await page.getByRole('button', { name: 'Återställ från säkerhetskopia …' }).click()
  const confirm = page.getByRole('group', { name: 'Återställa från en säkerhetskopia?' })
  await expect(confirm).toContainText('Den nuvarande databasen tas inte bort: den sparas bredvid')
  await expect(confirm).toContainText('Appen startar om')
  await expect(confirm.getByRole('button', { name: 'Välj säkerhetskopia och återställ …' })).toBeFocused()
  await confirm.getByRole('button', { name: 'Avbryt' }).click()
  await expect(confirm).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Återställ från säkerhetskopia …' })).toBeFocused()

  // A sound project: no damage shown, and the full check on demand says so.
  await expect(page.getByText('Projektfilen är skadad')).toHaveCount(0)
  await page.getByRole('button', { name: 'Kontrollera databasen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Databasen är hel' })).toBeVisible()
})

test('documents attached from a case page show up among its reports', async ({ page, openApp, bridge }) => {
  const dir = tempDir()
  bridge.pickFiles = [
    writeFile(dir, 'intervju.docx', await docx('Intervju med projektledaren', [{ heading: 'Frågor', text: 'Hur började arbetet i Kiruna?' }])),
  ]
  await openApp('#/fall/innovationsplattform-kiruna')
  await expect(page.getByRole('heading', { level: 1, name: 'Innovationsplattform Kiruna' })).toBeVisible()
  await page.getByRole('button', { name: 'Bifoga dokument …' }).click()
  await expect(page.getByText('1 dokument importerades.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Intervju med projektledaren' })).toHaveCount(2)
})

test('a project file damaged at open: every page says so, and the newest whole automatic copy is restored', async ({ browser }) => {
  // The fixture's atlas is sound; this test makes its own project, an automatic copy of it, and then damage.
  const dir = tempDir()
  const dbPath = path.join(dir, 'atlas.sqlite')
  const corpusDir = path.resolve('resources/corpus')
  const first = openAtlas({ dbPath, corpusDir, indexDir: null })
  // The first-start introduction seen, as openTestAtlas marks it: the damaged file cannot save that later.
  await first.invoke('preferences:set', { author: 'Åsa Öberg', orientationSeen: true })
  await first.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Läsanteckning', body: 'Före skadan.' })
  // The copy the app makes before a corpus update or a migration.
  safetyCopy(first.db, dbPath, 'korpus-test')
  await first.close()
  damageTable(dbPath)

  const atlas = openAtlas({ dbPath, corpusDir, indexDir: null })
  const page = await browser.newPage()
  try {
    expect(atlas.damage).not.toBeNull()
    const record = await bridgeAtlas(page, atlas)
    await page.goto(`${APP_URL}#/katalog`)
    const banner = page.getByRole('alert').filter({ hasText: 'Projektfilen är skadad och har öppnats skrivskyddad' })
    await expect(banner).toBeVisible()
    await banner.getByRole('link', { name: 'Återställ en säkerhetskopia' }).click()
    await expect(page).toHaveURL(/#\/importera-exportera$/)

    const offer = page.getByRole('group', { name: /^Den nyaste automatiska kopian som är hel: atlas-före-korpus-test-/ })
    await expect(offer).toContainText('0 markeringar, 1 memon')
    await offer.getByRole('button', { name: 'Återställ den här kopian …' }).click()
    await expect(offer).toContainText('Den nuvarande databasen tas inte bort')
    await offer.getByRole('button', { name: 'Återställ kopian' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Projektet återställdes' })).toContainText('1 memon')
    expect(record.consoleErrors).toEqual([])
    expect(record.blockedRequests).toEqual([])
  } finally {
    await page.close()
    await atlas.close()
  }
  // Opened again (the app restarts after a restore): sound, with the memo written before the damage.
  const again = openAtlas({ dbPath, corpusDir, indexDir: null })
  expect(again.damage).toBeNull()
  expect(again.db.prepare('SELECT title FROM memos').all()).toEqual([{ title: 'Läsanteckning' }])
  await again.close()
})
