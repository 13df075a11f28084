// Printing a page (app.css's @media print): only the page's content, at full width, black on white even when
// the researcher works in the dark theme.
import type { Page } from '@playwright/test'
import { COMPARED, seedComparison } from './compare-seed'
import { expect, test } from './bridge'
import { KIRUNA, pageInvoke, seedResearch } from './seed'

/** The computed colour of an element, as the browser gives it ("rgb(r, g, b)"). */
function colourOf(page: Page, selector: string, property: 'color' | 'backgroundColor'): Promise<string> {
  return page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property)
}

async function openDark(page: Page, openApp: (hash?: string) => Promise<void>, hash: string, seed: boolean): Promise<void> {
  await page.emulateMedia({ colorScheme: 'dark' })
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  const invoke = pageInvoke(page)
  await invoke('preferences:set', { theme: 'dark' })
  if (seed) {
    await seedResearch(invoke)
    await seedComparison(invoke)
  }
  await openApp(hash)
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByRole('status').filter({ hasText: 'Läser in' }).waitFor({ state: 'detached' })
  // On screen the page is dark, so the white below is the print stylesheet's doing.
  expect(await colourOf(page, 'html', 'backgroundColor')).not.toBe('rgb(255, 255, 255)')
}

async function expectPaper(page: Page, heading: string | RegExp): Promise<void> {
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' })
  await expect(page.getByRole('navigation', { name: 'Huvudmeny' })).toBeHidden()
  await expect(page.getByRole('button', { name: /^Sök/ })).toBeHidden()
  const main = page.getByRole('main')
  await expect(main).toBeVisible()
  await expect(main.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  expect(await colourOf(page, 'html', 'backgroundColor')).toBe('rgb(255, 255, 255)')
  expect(await colourOf(page, 'main h1', 'color')).toBe('rgb(0, 0, 0)')
  // The content takes the page's width: nothing beside it where the sidebar was.
  const box = await main.boundingBox()
  const width = page.viewportSize()!.width
  expect(box!.x).toBeLessThan(20)
  expect(box!.width).toBeGreaterThan(width * 0.9)
}

test('a case page prints without the app around it, black on white in the dark theme', async ({ page, openApp }) => {
  await openDark(page, openApp, `#/fall/${KIRUNA}`, false)
  await expect(page.getByRole('heading', { level: 1, name: /Kiruna/ })).toBeVisible()
  await expectPaper(page, /Kiruna/)
  // A web source names its address on paper.
  const source = page.getByRole('main').locator('a[href^="http"]').first()
  const after = await source.evaluate((el) => getComputedStyle(el, '::after').content)
  expect(after).toContain('http')
})

test('the comparison prints as a whole table with its header row repeated', async ({ page, openApp }) => {
  test.slow()
  await openDark(page, openApp, `#/jamfor?fall=${COMPARED.join(',')}`, true)
  const matrix = page.getByRole('table', { name: /^Jämförelse av/ })
  await expect(matrix).toBeVisible()
  await expectPaper(page, 'Jämför fall')
  await expect(matrix).toBeVisible()
  expect(await matrix.locator('thead').evaluate((el) => getComputedStyle(el).display)).toBe('table-header-group')
  // The figures stay (they are buttons on screen); the controls go.
  await expect(matrix.getByRole('button', { name: /markering/ }).first()).toBeVisible()
  await expect(page.getByRole('button', { name: /^Spara/ }).first()).toBeHidden()
  // The whole table on the page, not a scrolling box cut at the window's edge.
  const table = await matrix.boundingBox()
  expect(table!.width).toBeLessThanOrEqual(page.viewportSize()!.width)
})
