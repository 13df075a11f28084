import { test, expect } from './bridge'
import type { Page } from '@playwright/test'

const results = (page: Page) => page.getByRole('region', { name: /\d+ fall$/ })
const caseHeadings = (page: Page) => results(page).getByRole('heading', { level: 3 })

/** The number shown beside a filter value, e.g. 8 beside "Program". */
async function countBeside(page: Page, group: string, value: string): Promise<number> {
  const label = page.getByRole('group', { name: group }).locator('label').filter({ hasText: value })
  const text = await label.locator('.count [aria-hidden="true"]').textContent()
  return Number(text)
}

async function resultCount(page: Page): Promise<number> {
  const text = (await results(page).getByRole('heading', { level: 2 }).textContent()) ?? ''
  return Number(/(\d+) fall/.exec(text)?.[1])
}

test('the catalogue lists the bundled cases as cards', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await expect(caseHeadings(page).first()).toBeVisible()
  const total = await resultCount(page)
  expect(total).toBeGreaterThanOrEqual(25)
  await expect(caseHeadings(page)).toHaveCount(total)

  const card = page.getByRole('article').filter({ has: page.getByRole('link', { name: 'Innovationsplattform Kiruna' }) })
  await expect(card.getByText('Initiativ', { exact: true })).toBeVisible()
  await expect(card.getByText('2016–2022')).toBeVisible()
  await expect(card.getByText(/Ägare: .*Kiruna/)).toBeVisible()
  await expect(page.getByRole('link', { name: 'Katalog' })).toHaveAttribute('aria-current', 'page')
})

test('filtering by kind and by county narrows the list, updates the counts and the URL', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(caseHeadings(page).first()).toBeVisible()
  const total = await resultCount(page)

  const programmes = await countBeside(page, 'Typ av fall', 'Program')
  expect(programmes).toBeGreaterThan(0)
  expect(programmes).toBeLessThan(total)
  await page.getByRole('checkbox', { name: /^Program/ }).check()
  await expect(page).toHaveURL(/#\/katalog\?kind=programme$/)
  await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(`${programmes} fall`)
  await expect(caseHeadings(page)).toHaveCount(programmes)
  for (const card of await page.getByRole('article').all()) {
    await expect(card.getByText('Program', { exact: true })).toBeVisible()
  }

  await page.getByRole('checkbox', { name: /^Program/ }).uncheck()
  await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(`${total} fall`)

  const norrbotten = await countBeside(page, 'Län', 'Norrbottens län')
  await page.getByRole('checkbox', { name: /^Norrbottens län/ }).check()
  await expect(page).toHaveURL(/county=25/)
  await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(`${norrbotten} fall`)
  await expect(page.getByRole('link', { name: 'Innovationsplattform Kiruna' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Future by Lund' })).toHaveCount(0)
  await expect(page.getByRole('checkbox', { name: /^Norrbottens län/ })).toBeChecked()

  await page.goBack()
  await expect(page).toHaveURL(/#\/katalog$/)
  await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(`${total} fall`)
  await expect(page.getByRole('checkbox', { name: /^Norrbottens län/ })).not.toBeChecked()
})

test('a start-year range keeps only cases that started within it', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(caseHeadings(page).first()).toBeVisible()
  const total = await resultCount(page)

  await page.getByRole('spinbutton', { name: 'från' }).fill('2013')
  await page.getByRole('spinbutton', { name: 'från' }).press('Tab')
  await page.getByRole('spinbutton', { name: 'till' }).fill('2020')
  await page.getByRole('spinbutton', { name: 'till' }).press('Tab')
  await expect(page).toHaveURL(/from=2013&to=2020/)

  await expect.poll(() => resultCount(page)).toBeLessThan(total)
  const years = await page.getByRole('article').locator('.years').allTextContents()
  expect(years.length).toBeGreaterThan(0)
  for (const text of years) {
    const start = Number(/\d{4}/.exec(text)?.[0])
    expect(start, text).toBeGreaterThanOrEqual(2013)
    expect(start, text).toBeLessThanOrEqual(2020)
  }
  await expect(page.getByRole('article').getByText('år okänt')).toHaveCount(0)
})

test('the filters come from the URL, and "Rensa filter" clears them', async ({ page, openApp }) => {
  await openApp('#/katalog?kind=initiative&county=25&from=2013&to=2020')
  await expect(page.getByRole('checkbox', { name: /^Initiativ/ })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: /^Norrbottens län/ })).toBeChecked()
  await expect(page.getByRole('spinbutton', { name: 'från' })).toHaveValue('2013')
  await expect(page.getByRole('link', { name: 'Innovationsplattform Kiruna' })).toBeVisible()
  const filtered = await resultCount(page)

  await page.getByRole('button', { name: 'Rensa filter' }).click()
  await expect(page).toHaveURL(/#\/katalog$/)
  await expect.poll(() => resultCount(page)).toBeGreaterThan(filtered)
  await expect(page.getByRole('checkbox', { name: /^Initiativ/ })).not.toBeChecked()
  await expect(page.getByRole('spinbutton', { name: 'från' })).toHaveValue('')
  await expect(page.getByRole('button', { name: 'Rensa filter' })).toBeDisabled()
})

test('filters that match nothing show an empty state with a way out', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(caseHeadings(page).first()).toBeVisible()
  await page.getByRole('spinbutton', { name: 'från' }).fill('2199')
  await page.getByRole('spinbutton', { name: 'från' }).press('Tab')

  await expect(page.getByText('Inga fall matchar filtren')).toBeVisible()
  await expect(results(page).getByRole('heading', { level: 2 })).toHaveText('0 fall')
  await expect(caseHeadings(page)).toHaveCount(0)
  // Values with no matching case are greyed out and cannot be chosen.
  await expect(page.getByRole('checkbox', { name: /^Program/ })).toBeDisabled()

  await results(page).getByRole('button', { name: 'Rensa filter' }).click()
  await expect(page.getByText('Inga fall matchar filtren')).toHaveCount(0)
  await expect.poll(() => resultCount(page)).toBeGreaterThanOrEqual(25)
})

test('a long facet list is shortened until "Visa alla" is pressed', async ({ page, openApp }) => {
  await openApp('#/katalog')
  const counties = page.getByRole('group', { name: 'Län' })
  await expect(counties.getByRole('checkbox').first()).toBeVisible()
  await expect(counties.getByRole('checkbox')).toHaveCount(8)
  const showAll = counties.getByRole('button', { name: /^Visa alla \((\d+)\)$/ })
  const n = Number(/\((\d+)\)/.exec((await showAll.textContent()) ?? '')?.[1])
  expect(n).toBeGreaterThan(8)
  await showAll.click()
  await expect(counties.getByRole('checkbox')).toHaveCount(n)
  await expect(counties.getByRole('button', { name: 'Visa färre' })).toHaveAttribute('aria-expanded', 'true')
})
