// Reflow (WCAG 1.4.10) and focus not obscured (2.4.11): the window researchers use, 1280 px wide, zoomed to
// 200 % is 640 CSS px and to 400 % is 320 CSS px. At both the page never scrolls sideways, wide tables scroll
// in a region of their own, and no overlay at the window's bottom covers the element that has focus.
import type { Locator, Page } from '@playwright/test'
import { test, expect } from './bridge'
import { COMPARED, seedComparison } from './compare-seed'
import { REPORT, pageInvoke, seedResearch } from './seed'

test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 1 })

async function open(page: Page, openApp: (hash: string) => Promise<void>, hash: string, heading: string | RegExp): Promise<void> {
  await openApp(hash)
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Läser in' })).toHaveCount(0)
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
  expect(scrollWidth, `${what} at ${innerWidth} px scrolls sideways`).toBeLessThanOrEqual(innerWidth)
}

/** Inside the window and on top: what is at its centre is the element itself (or a part of it). */
async function expectUncovered(element: Locator): Promise<void> {
  const seen = await element.evaluate((el) => {
    const box = el.getBoundingClientRect()
    // A link's first line: the middle of a link that wraps can fall between its lines.
    const line = el.getClientRects()[0] ?? box
    const top = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2)
    return {
      inside: box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth,
      onTop: top !== null && (top === el || el.contains(top)),
      covering: top && !el.contains(top) ? `${top.tagName}.${String(top.className)}` : '',
    }
  })
  expect(seen.inside, 'fully inside the window').toBe(true)
  expect(seen.onTop, `not covered (by ${seen.covering})`).toBe(true)
}

for (const width of [640, 320]) {
  test(`catalogue, notes, comparison, survey and report reflow at ${width} px without sideways scrolling`, async ({
    page,
    openApp,
  }) => {
    await page.setViewportSize({ width, height: 400 })
    await open(page, openApp, '#/katalog', 'Katalog')
    const invoke = pageInvoke(page)
    await seedResearch(invoke)
    await seedComparison(invoke)
    await expectNoSidewaysScroll(page, 'the catalogue')

    await open(page, openApp, '#/anteckningar', 'Anteckningar')
    await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible()
    await expectNoSidewaysScroll(page, 'the notes')

    await open(page, openApp, `#/jamfor?fall=${COMPARED.join(',')}`, 'Jämför fall')
    const region = page.getByRole('region', { name: /^Jämförelse av 3 fall/ })
    await expect(region.getByRole('table')).toBeVisible()
    await expectNoSidewaysScroll(page, 'the comparison')
    // The matrix is wider than the window and scrolls inside its region, by keyboard too.
    const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
    expect(sizes.scroll).toBeGreaterThan(sizes.client)
    await region.focus()
    await expect(region).toBeFocused()
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
    await expectNoSidewaysScroll(page, 'the scrolled comparison')

    await open(page, openApp, '#/enkater/scb-innovation-i-offentlig-sektor-2019-2020', 'Innovation i offentlig sektor 2019–2020')
    await expect(page.getByRole('region', { name: /Innovation i offentlig sektor/ }).getByRole('table')).toBeVisible()
    await expectNoSidewaysScroll(page, 'a survey')

    await open(page, openApp, `#/rapporter/${REPORT}`, 'Att stärka innovationsförmågan')
    await expectNoSidewaysScroll(page, 'a report')
  })
}

test('at 320 px the menu folds into a button that opens it and closes with Escape', async ({ page, openApp }) => {
  await page.setViewportSize({ width: 320, height: 400 })
  await open(page, openApp, '#/katalog', 'Katalog')
  const menu = page.getByRole('button', { name: 'Meny' })
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  await expect(nav).toBeHidden()
  await menu.focus()
  await page.keyboard.press('Enter')
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  await expect(nav).toBeVisible()
  // Past the search field, which stays in the bar.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: /^Sök/ })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(nav.getByRole('link', { name: 'Katalog' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(nav).toBeHidden()
  await expect(menu).toBeFocused()
  await menu.click()
  await nav.getByRole('link', { name: 'Anteckningar' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
  await expect(nav).toBeHidden()
  await expectNoSidewaysScroll(page, 'the open menu')
})

test('the skip link is the first Tab stop and moves focus into main', async ({ page, openApp }) => {
  await page.setViewportSize({ width: 320, height: 400 })
  await open(page, openApp, '#/katalog', 'Katalog')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Hoppa till innehåll' })
  await expect(skip).toBeFocused()
  await expectUncovered(skip)
  await page.keyboard.press('Enter')
  const heading = page.getByRole('heading', { level: 1, name: 'Katalog' })
  await expect(heading).toBeFocused()
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true)
  // A heading that took focus is a place, not a control: no heavy outline on it.
  expect(await heading.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none')
})

for (const height of [400, 800]) {
  test(`with the comparison tray shown (640×${height}), Tab never lands under it and its Rensa button stays uncovered`, async ({
    page,
    openApp,
  }) => {
    await page.setViewportSize({ width: 640, height })
    await open(page, openApp, '#/katalog', 'Katalog')
    const toggles = page.getByRole('main').getByRole('checkbox', { name: /^Jämför / })
    await toggles.nth(0).check()
    await toggles.nth(1).check()
    const tray = page.getByRole('region', { name: 'Fall valda för jämförelse' })
    await expect(tray).toBeVisible()

    // Tab through the case cards: whatever gets focus is never under the tray.
    await page.getByRole('main').getByRole('link', { name: /^FRÖN/ }).focus()
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      const focused = page.locator(':focus')
      if (await focused.evaluate((el) => el.closest('[data-overlay]') !== null)) break
      await expectUncovered(focused)
    }

    // The tray's own buttons: the last name's remove button, then Tab to "Rensa".
    await tray.getByRole('button', { name: /^Ta bort / }).last().focus()
    await page.keyboard.press('Tab')
    const clear = tray.getByRole('button', { name: 'Rensa' })
    await expect(clear).toBeFocused()
    await expectUncovered(clear)
    await expectNoSidewaysScroll(page, 'the catalogue with the tray')
  })
}

test('the fifth section of a report is a handful of key presses away', async ({ page, openApp }) => {
  await page.setViewportSize({ width: 640, height: 400 })
  await open(page, openApp, `#/rapporter/${REPORT}`, 'Att stärka innovationsförmågan')
  const report = await pageInvoke(page)('reports:get', { id: REPORT })
  const fifth = report.sections[4]!

  const keys = ['Tab', 'Enter', 'Tab', 'Enter', 'Tab', 'Tab', 'Tab', 'Tab', 'Enter']
  await page.keyboard.press(keys[0]!)
  await expect(page.getByRole('link', { name: 'Hoppa till innehåll' })).toBeFocused()
  await page.keyboard.press(keys[1]!)
  await page.keyboard.press(keys[2]!)
  const jump = page.getByRole('link', { name: 'Hoppa till avsnitten (' + report.sections.length + ')' })
  await expect(jump).toBeFocused()
  expect(await jump.evaluate((el) => getComputedStyle(el).outlineStyle), 'a control shows its keyboard focus').not.toBe('none')
  await page.keyboard.press(keys[3]!)
  const toc = page.getByRole('navigation', { name: 'Avsnitt' })
  await expect(toc.getByRole('link').first()).toBeFocused()
  for (const key of keys.slice(4, -1)) await page.keyboard.press(key)
  await expect(toc.getByRole('link', { name: fifth.heading, exact: true })).toBeFocused()
  await page.keyboard.press(keys.at(-1)!)
  const heading = page.getByRole('heading', { level: 3, name: fifth.heading, exact: true })
  await expect(heading).toBeFocused()
  await expectUncovered(heading)
  expect(await heading.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none')
  expect(keys.length).toBeLessThanOrEqual(10)
})
