// The atlas itself: Sweden's kommuner and län on a map, coloured by cases or an imported Kolada indicator,
// reachable by keyboard, filtered like the catalogue, and saved as SVG, PNG and CSV.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './bridge'
import { KIRUNA } from './seed'

const areasOf = (page: Page) => page.getByRole('group', { name: /^Karta över Sverige/ }).getByRole('button')
const legendOf = (page: Page) => page.getByRole('region', { name: /^(Fall per|Testindikator)/ })

async function openMap(page: Page, openApp: (hash?: string) => Promise<void>, hash = '#/karta'): Promise<void> {
  await openApp(hash)
  await expect(page.getByRole('heading', { level: 1, name: 'Karta' })).toBeVisible()
  await expect(areasOf(page).first()).toBeVisible()
}

test('the map shows 290 kommuner with cases per kommun, and Kiruna is found and opened by keyboard', async ({ page, openApp }) => {
  await openMap(page, openApp)
  await expect(areasOf(page)).toHaveCount(290)
  const legend = legendOf(page)
  await expect(legend).toContainText('Fall per kommun')
  await expect(legend).toContainText('Källa: atlasens katalog och dina egna fall')
  await expect(legend).toContainText('Ett fall räknas i varje kommun som deltar i det.')
  await expect(legend).toContainText(/\d+ fall har ingen kommun bland sina organisationer/)
  // The credit of the outlines, with its link.
  await expect(page.getByText(/Kartans konturer: okfse\/sweden-geojson/)).toBeVisible()
  await expect(page.getByRole('link', { name: /github\.com/ })).toBeVisible()

  // One area in the Tab order at a time (a roving tabindex).
  await expect(areasOf(page).and(page.locator('[tabindex="0"]'))).toHaveCount(1)
  await areasOf(page).and(page.locator('[tabindex="0"]')).focus()
  await page.keyboard.press('Home')
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Upplands Väsby \(Stockholms län\): \d+ fall$/)
  // Kiruna has the highest kommunkod: End goes there.
  await page.keyboard.press('End')
  const kiruna = page.locator(':focus')
  await expect(kiruna).toHaveAccessibleName(/^Kiruna \(Norrbottens län\): [1-9]\d* fall$/)
  // The arrows move to a neighbour and back: south of Kiruna is Gällivare, north of it Kiruna again.
  await page.keyboard.press('ArrowDown')
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Gällivare \(Norrbottens län\)/)
  await page.keyboard.press('ArrowUp')
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Kiruna/)
  await expect(page.locator(':focus')).toHaveAttribute('tabindex', '0')

  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/omrade=2584/)
  const details = page.getByRole('region', { name: 'Kiruna' })
  await expect(details).toContainText('Norrbottens län')
  await expect(details.getByRole('link', { name: 'Innovationsplattform Kiruna' })).toHaveAttribute('href', `#/fall/${KIRUNA}`)
  await expect(details.getByRole('link', { name: 'Kommunens sida i atlasen' })).toHaveAttribute('href', '#/organisationer/kommun-2584')
  await expect(page.getByRole('button', { name: /^Kiruna/, pressed: true })).toHaveCount(1)
  // Escape closes the panel; the focus stays on Kiruna.
  await page.keyboard.press('Escape')
  await expect(details).toBeHidden()
  await expect(page).not.toHaveURL(/omrade=/)
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Kiruna/)

  // Hover shows the tooltip with the kommun's figure and its cases.
  await page.locator('path[data-code="2584"]').hover()
  await expect(page.locator('.tooltip')).toContainText('Innovationsplattform Kiruna')
})

test('the län level shows 21 areas; a filter in the address changes the figures and shows as a chip', async ({ page, openApp }) => {
  await openMap(page, openApp, '#/karta?niva=lan')
  await expect(areasOf(page)).toHaveCount(21)
  await expect(legendOf(page)).toContainText('Fall per län')
  const allCounties = await areasOf(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))

  await openMap(page, openApp, '#/karta?niva=lan&county=25')
  await expect(page.getByRole('button', { name: 'Ta bort filtret Län: Norrbottens län' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Ändra filter i katalogen' })).toHaveAttribute('href', '#/katalog?county=25')
  await expect(page.getByRole('button', { name: /^Norrbottens län: [1-9]\d* fall$/ })).toBeVisible()
  // Only cases with an organisation in Norrbotten count now: fewer in Stockholms län, some län with none left.
  const filtered = await areasOf(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
  const stockholm = (labels: (string | null)[]): number => Number(/^Stockholms län: (\d+) fall$/.exec(labels.find((l) => l?.startsWith('Stockholms län')) ?? '')?.[1])
  expect(stockholm(filtered)).toBeLessThan(stockholm(allCounties))
  expect(filtered.filter((l) => l?.endsWith(': 0 fall')).length).toBeGreaterThan(allCounties.filter((l) => l?.endsWith(': 0 fall')).length)

  // Selecting a län links to the catalogue filtered to it.
  await page.getByRole('button', { name: /^Norrbottens län:/ }).click()
  const details = page.getByRole('region', { name: 'Norrbottens län' })
  await expect(details.getByRole('link', { name: 'Fallen i Norrbottens län i katalogen' })).toHaveAttribute('href', '#/katalog?county=25')
  await expect(details.getByRole('link', { name: 'Regionens sida i atlasen' })).toHaveAttribute('href', '#/organisationer/region-25')

  // Removing the chip removes the filter from the address and the figures.
  await page.getByRole('button', { name: 'Ta bort filtret Län: Norrbottens län' }).click()
  await expect(page).not.toHaveURL(/county=/)
  await expect(page.getByRole('button', { name: /^Stockholms län:/ })).toHaveAccessibleName(allCounties.find((l) => l?.startsWith('Stockholms län'))!)
})

test('the table alternative lists 290 kommuner, and the map is saved as CSV and PNG', async ({ page, openApp, bridge }) => {
  await openMap(page, openApp)
  await page.getByText('Visa som tabell').click()
  const table = page.getByRole('table', { name: 'Fall per kommun' })
  await expect(table.locator('tbody tr')).toHaveCount(290)
  await expect(table.getByRole('row', { name: /^2584 Kiruna Norrbottens län [1-9]\d* fall/ })).toBeVisible()

  const dir = mkdtempSync(join(tmpdir(), 'atlas-map-'))
  bridge.savePath = join(dir, 'karta.csv')
  await page.getByRole('button', { name: 'Spara tabellen som CSV' }).click()
  await expect(page.getByText('Exporterat: kartans tabell som CSV')).toBeVisible()
  const csv = readFileSync(bridge.savePath, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  expect(csv[0]).toBe('kod;namn;län;värde;fall')
  expect(csv).toHaveLength(291)
  expect(csv.find((line) => line.startsWith('2584;'))).toMatch(/^2584;Kiruna;Norrbottens län;[1-9]\d*;.*Innovationsplattform Kiruna/)

  bridge.savePath = join(dir, 'karta.png')
  await page.getByRole('button', { name: 'Spara som PNG' }).click()
  await expect(page.getByText('Exporterat: kartan som PNG')).toBeVisible()
  const png = readFileSync(bridge.savePath)
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(png.length).toBeGreaterThan(20_000)
})

test('a Kolada indicator: an empty state says how to import one; afterwards the legend names it and its gaps', async ({ page, openApp, bridge }) => {
  await openApp('#/karta?matt=kolada')
  await expect(page.getByText('Det finns inga nyckeltal från Kolada i projektet ännu.')).toBeVisible()
  await expect(areasOf(page)).toHaveCount(0)
  await page.getByRole('link', { name: 'Gå till Importera och exportera' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Importera och exportera' })).toBeVisible()

  bridge.pickFiles = [resolve('tests/fixtures/kolada/values.json'), resolve('tests/fixtures/kolada/kpis.json')]
  await page.getByRole('button', { name: 'Importera Kolada-data' }).click()
  await expect(page.getByText(/Importerade 6 värden/)).toBeVisible()

  await openMap(page, openApp, '#/karta?matt=kolada')
  const legend = legendOf(page)
  await expect(legend).toContainText('Testindikator (påhittad) (N00001)')
  await expect(legend).toContainText('År 2016')
  await expect(legend).toContainText('Källa: Kolada, nyckeltal N00001')
  // Kiruna and Gällivare have a value for 2016; the other 288 kommuner have none, and the legend says so.
  await expect(legend).toContainText('Saknar värde: 288 kommuner')
  await expect(page.getByRole('button', { name: /^Kiruna \(Norrbottens län\): 12; / })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Stockholm \(Stockholms län\): saknar värde/ })).toBeVisible()

  // Another year, chosen in the address.
  await page.getByRole('combobox', { name: 'År', exact: true }).selectOption('2015')
  await expect(page).toHaveURL(/kpiar=2015/)
  await expect(legend).toContainText('Saknar värde: 289 kommuner')
  await expect(page.getByRole('button', { name: /^Kiruna \(Norrbottens län\): 10,5; / })).toBeVisible()
})

test('the spread: a year in the address leaves later cases out, and the slider changes it', async ({ page, openApp }) => {
  await openMap(page, openApp, '#/karta?ar=2012')
  await expect(legendOf(page)).toContainText('Spridningen till och med 2012')
  const slider = page.getByRole('slider', { name: 'Fall som startat till och med' })
  await expect(slider).toHaveValue('2012')
  await slider.focus()
  await page.keyboard.press('ArrowRight')
  await expect(page).toHaveURL(/ar=2013/)
  await expect(legendOf(page)).toContainText('Spridningen till och med 2013')
  await page.getByRole('button', { name: 'Visa alla år' }).click()
  await expect(page).not.toHaveURL(/ar=/)
  await expect(page.getByText('Alla år, även fall utan känt startår')).toBeVisible()
})
