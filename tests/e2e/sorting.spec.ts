import { test, expect } from './bridge'
import type { Page } from '@playwright/test'

const results = (page: Page) => page.getByRole('region', { name: /\d+ fall$/ })
const caseNames = (page: Page) => results(page).getByRole('heading', { level: 3 }).allTextContents()
const sortBy = (page: Page) => page.getByRole('combobox', { name: 'Sortera efter' })
const swedish = new Intl.Collator('sv-SE', { numeric: true })

/** The start year on each card, newest-first order checkable; null for "år okänt". */
async function startYears(page: Page): Promise<(number | null)[]> {
  const texts = await results(page).getByRole('article').locator('.years').allTextContents()
  return texts.map((text) => {
    const year = /\d{4}/.exec(text)
    // "till 2020" names an end, not a start.
    return year && !/^\s*till/.test(text) ? Number(year[0]) : null
  })
}

test('the catalogue sorts by start year, newest first and unknown last, and by name; the address keeps it', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(results(page).getByRole('heading', { level: 3 }).first()).toBeVisible()
  await expect(sortBy(page)).toHaveValue('name')
  const byName = await caseNames(page)
  expect(byName.length).toBeGreaterThanOrEqual(25)
  expect(byName).toEqual([...byName].sort(swedish.compare))

  await sortBy(page).selectOption({ label: 'Startår, nyast först' })
  await expect(page).toHaveURL(/#\/katalog\?sortera=ar$/)
  await expect.poll(async () => (await caseNames(page))[0]).not.toBe(byName[0])
  const years = await startYears(page)
  const known = years.filter((y): y is number => y !== null)
  expect(known.length).toBeGreaterThan(5)
  expect(known.slice(0, 5)).toEqual([...known].sort((a, b) => b - a).slice(0, 5))
  expect(known).toEqual([...known].sort((a, b) => b - a))
  // An unknown start year only after every known one.
  expect(years.slice(0, known.length)).toEqual(known)
  const firstFew = (await caseNames(page)).slice(0, 4)

  await page.reload()
  await expect(sortBy(page)).toHaveValue('year')
  await expect.poll(async () => (await caseNames(page)).slice(0, 4)).toEqual(firstFew)

  // A filter keeps the sort.
  await page.getByRole('checkbox', { name: /^Program/ }).check()
  await expect(page).toHaveURL(/kind=programme&sortera=ar$/)
  const programmeYears = (await startYears(page)).filter((y): y is number => y !== null)
  expect(programmeYears).toEqual([...programmeYears].sort((a, b) => b - a))

  await sortBy(page).selectOption({ label: 'Namn' })
  await expect(page).toHaveURL(/#\/katalog\?kind=programme$/)
  const programmes = await caseNames(page)
  expect(programmes).toEqual([...programmes].sort(swedish.compare))
})

test('organisations sort by name in one list and by county in groups, å, ä and ö after z', async ({ page, openApp }) => {
  await openApp('#/organisationer?sortera=namn')
  await expect(sortBy(page)).toHaveValue('name')
  const list = page.locator('ul.orgs li a')
  await expect(list.first()).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Norrbottens län' })).toHaveCount(0)
  const names = await list.allTextContents()
  expect(names.length).toBeGreaterThan(100)
  expect(names).toEqual([...names].sort(swedish.compare))
  expect(names.findIndex((n) => n.startsWith('Ö'))).toBeGreaterThan(names.findIndex((n) => n.startsWith('Z')))

  await sortBy(page).selectOption({ label: 'Län' })
  await expect(page).toHaveURL(/#\/organisationer$/)
  await expect(page.getByRole('heading', { level: 2, name: 'Norrbottens län' })).toBeVisible()
  const counties = await page.locator('section.group h2').allTextContents()
  const named = counties.slice(0, -1)
  expect(counties.at(-1)).toBe('Utan län')
  expect(named).toEqual([...named].sort(swedish.compare))
  expect(named.at(-1)).toMatch(/^Ö/)

  await sortBy(page).selectOption({ label: 'Typ' })
  await expect(page).toHaveURL(/sortera=typ$/)
  await page.reload()
  await expect(sortBy(page)).toHaveValue('kind')
  await expect(page.locator('ul.orgs li').first()).toContainText('Region')
})
