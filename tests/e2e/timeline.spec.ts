// The timeline (#/tidslinje): cases on a year axis, grouped by kind or county, unknown ends drawn open and
// said as "slut okänt", a year slider for the spread, the table alternative and the exports.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './bridge'

const chart = (page: Page) => page.getByRole('region', { name: 'Fall på tidsaxeln' })
const groupHeadings = (page: Page) => chart(page).getByRole('heading', { level: 3 })
const rowLinks = (page: Page) => chart(page).getByRole('listitem').getByRole('link')

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-timeline-'))
}

async function openTimeline(page: Page, openApp: (hash?: string) => Promise<void>, hash = '#/tidslinje'): Promise<void> {
  await openApp(hash)
  await expect(page.getByRole('heading', { level: 1, name: 'Tidslinje' })).toBeVisible()
  await expect(groupHeadings(page).first()).toBeVisible()
}

test('cases sit in kind groups, then in county groups; unknown ends are said, known ends shown', async ({ page, openApp }) => {
  await openTimeline(page, openApp)
  await expect(groupHeadings(page)).toHaveText([/^Initiativ \(\d+ fall\)$/, /^Program \(\d+ fall\)$/])

  // Örebro's idea sluice started in 2015 and the sources give no end: announced as such, never a made-up year.
  const orebro = chart(page).getByRole('link', { name: /^Idésluss i Örebro kommun/ })
  await expect(orebro).toHaveAccessibleName('Idésluss i Örebro kommun 2015 – slut okänt')
  await expect(orebro).toHaveAttribute('href', '#/fall/idesluss-orebro-kommun')
  await expect(chart(page).getByRole('link', { name: 'Innovationsplattform Kiruna 2016–2022' })).toBeVisible()
  // A long name is cut on screen but whole in the link's name and tooltip.
  const long = chart(page).getByRole('link', { name: /^Innovationsplattformar för hållbara attraktiva städer \(Utveckling av/ })
  await expect(long).toHaveAttribute('title', /Utveckling av innovationsplattformar för hållbara attraktiva städer\)$/)

  // Cases without a start year are listed apart, as links.
  const undated = page.getByRole('region', { name: 'Utan känt startår' })
  await expect(undated.getByRole('link', { name: 'Innovation Skåne' })).toHaveAttribute('href', '#/fall/innovation-skane')
  await expect(chart(page).getByRole('link', { name: /^Innovation Skåne/ })).toHaveCount(0)

  await page.getByRole('radio', { name: 'Län' }).check()
  await expect(page).toHaveURL(/#\/tidslinje\?grupp=county$/)
  await expect(groupHeadings(page).first()).toHaveText(/^Stockholms län/)
  await expect(groupHeadings(page).filter({ hasText: 'Örebro län' })).toHaveCount(1)
  await expect(groupHeadings(page).filter({ hasText: /^Initiativ/ })).toHaveCount(0)
  const orebroLan = chart(page).getByRole('region', { name: /^Örebro län/ })
  await expect(orebroLan.getByRole('link', { name: /^Idésluss i Örebro kommun/ })).toBeVisible()
})

test('arrow keys move between the rows of the chart', async ({ page, openApp }) => {
  await openTimeline(page, openApp)
  const links = rowLinks(page)
  await links.first().focus()
  await page.keyboard.press('ArrowDown')
  await expect(links.nth(1)).toBeFocused()
  await page.keyboard.press('End')
  await expect(links.last()).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(links.nth((await links.count()) - 2)).toBeFocused()
})

test('the year slider, moved by keyboard, marks a year, counts honestly and carries the year to the map', async ({ page, openApp }) => {
  await openTimeline(page, openApp)
  const spread = page.getByRole('region', { name: 'Spridning över tid' })
  await expect(spread.getByRole('status')).toHaveText('Inget år markerat')
  const slider = spread.getByRole('slider', { name: 'År' })
  await expect(slider).toHaveAttribute('min', '2011')

  // From no year marked, five steps right: 2016.
  await slider.focus()
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
  await expect(page).toHaveURL(/#\/tidslinje\?ar=2016$/)
  await expect(slider).toHaveValue('2016')
  await expect(slider).toBeFocused()
  // Those with a known end are said to have run; those with an unknown end only possibly.
  await expect(spread.getByRole('status')).toHaveText(
    '21 fall pågick eller hade startat 2016: 11 pågick enligt källorna, 10 har okänt slut och var möjligen pågående.',
  )
  await expect(spread.getByRole('link', { name: 'Visa spridningen på kartan' })).toHaveAttribute('href', /^#\/karta\?(.*&)?ar=2016$/)

  await page.keyboard.press('ArrowLeft')
  await expect(page).toHaveURL(/ar=2015$/)
  await expect(spread.getByRole('status')).toHaveText(/^\d+ fall pågick eller hade startat 2015:\s/)
  await expect(spread.getByRole('link', { name: 'Visa spridningen på kartan' })).toHaveAttribute('href', /ar=2015/)

  await spread.getByRole('button', { name: 'Ta bort markeringen' }).click()
  await expect(page).toHaveURL(/#\/tidslinje$/)
  await expect(spread.getByRole('status')).toHaveText('Inget år markerat')
})

test('play replays the spread a year at a time, pause keeps the year in the address', async ({ page, openApp }) => {
  await openTimeline(page, openApp, '#/tidslinje?ar=2020')
  const spread = page.getByRole('region', { name: 'Spridning över tid' })
  await spread.getByRole('button', { name: 'Spela upp' }).click()
  await expect(spread.getByRole('status')).toHaveText(/startat 2021:/, { timeout: 3000 })
  await spread.getByRole('button', { name: 'Pausa' }).click()
  await expect(spread.getByRole('button', { name: 'Spela upp' })).toBeVisible()
  await expect(page).toHaveURL(/ar=20(21|22)$/)
})

test('a filter in the address leaves only its cases, shown as a removable chip', async ({ page, openApp }) => {
  await openTimeline(page, openApp, '#/tidslinje?kind=programme')
  await expect(groupHeadings(page)).toHaveText([/^Program/])
  for (const row of await rowLinks(page).all()) await expect(row).toHaveAttribute('class', /\bprogramme\b/)
  await expect(page.getByRole('region', { name: 'Utan känt startår' }).getByRole('link', { name: 'Innovation Skåne' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Ändra filter i katalogen' })).toHaveAttribute('href', '#/katalog?kind=programme')

  const chips = page.getByRole('list', { name: 'Aktiva filter' })
  await chips.getByRole('button', { name: 'Ta bort filtret Typ: Program' }).click()
  await expect(page).toHaveURL(/#\/tidslinje$/)
  await expect(groupHeadings(page)).toHaveText([/^Initiativ/, /^Program/])
  await expect(page.getByText('Inga filter: alla fall i katalogen räknas.')).toBeVisible()
})

test('the table alternative has one row per case, unknown years written as such', async ({ page, openApp }) => {
  await openTimeline(page, openApp)
  const total = (await rowLinks(page).count()) + (await page.getByRole('region', { name: 'Utan känt startår' }).getByRole('link').count())
  await page.getByText('Visa som tabell').click()
  const table = page.getByRole('table', { name: 'Fallen på tidslinjen' })
  await expect(table.locator('tbody tr')).toHaveCount(total)
  const orebro = table.getByRole('row', { name: /Idésluss i Örebro kommun/ })
  await expect(orebro.getByRole('cell')).toHaveText(['Initiativ', 'Initiativ', '2015', 'okänt'])
  await expect(table.getByRole('row', { name: /Innovationsplattform Kiruna/ }).getByRole('cell')).toHaveText(['Initiativ', 'Initiativ', '2016', '2022'])
})

test('exports the table as CSV and the figure as SVG and PNG', async ({ page, openApp, bridge }) => {
  await openTimeline(page, openApp, '#/tidslinje?kind=programme')
  const dir = tempDir()

  bridge.savePath = path.join(dir, 'tidslinje.csv')
  await page.getByRole('button', { name: 'Spara tabellen som CSV …' }).click()
  const csvResult = page.getByRole('region', { name: 'Exporterat: Tidslinjen som CSV' })
  await expect(csvResult).toContainText('tidslinje.csv')
  const lines = fs.readFileSync(bridge.savePath, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  const rows = (await rowLinks(page).count()) + (await page.getByRole('region', { name: 'Utan känt startår' }).getByRole('link').count())
  expect(lines).toHaveLength(rows + 1)
  expect(lines.join('\n')).toContain('Idéslussar i kommuner')
  expect(lines.join('\n')).not.toContain('Idésluss i Örebro kommun')

  bridge.savePath = path.join(dir, 'tidslinje.svg')
  await page.getByRole('button', { name: 'Spara som SVG …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Tidslinjen som SVG' })).toContainText('tidslinje.svg')
  expect(fs.readFileSync(bridge.savePath, 'utf8')).toContain('<svg')

  bridge.savePath = path.join(dir, 'tidslinje.png')
  await page.getByRole('button', { name: 'Spara som PNG …' }).click()
  await expect(page.getByRole('region', { name: 'Exporterat: Tidslinjen som PNG' })).toContainText('tidslinje.png')
  const png = fs.readFileSync(bridge.savePath)
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(png.length).toBeGreaterThan(5000)
})
