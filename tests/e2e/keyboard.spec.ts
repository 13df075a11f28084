import { test, expect } from './bridge'

test('keyboard only: skip link, Tab to a case link, Enter opens it and focus lands on its heading', async ({
  page,
  openApp,
}) => {
  // Up to 200 Tab presses, each followed by a look at the focus: about 10 s on a quiet machine, and a loaded
  // CI machine has run it past the default 30 s.
  test.slow()
  await openApp('#/katalog')
  await expect(page.getByRole('link', { name: 'Innovationsplattform Kiruna' })).toBeVisible()

  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Hoppa till innehåll' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeFocused()

  let reached = false
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press('Tab')
    reached = await page
      .getByRole('link', { name: 'Innovationsplattform Kiruna' })
      .evaluate((el) => el === document.activeElement)
  }
  expect(reached, 'the case link is reachable with Tab').toBe(true)
  const outline = await page
    .getByRole('link', { name: 'Innovationsplattform Kiruna' })
    .evaluate((el) => getComputedStyle(el).outlineStyle)
  expect(outline).not.toBe('none')

  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/fall\/innovationsplattform-kiruna$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Innovationsplattform Kiruna' })).toBeFocused()
})

test('landmarks and heading order', async ({ page, openApp }) => {
  await openApp('#/fall/innovationsplattform-kiruna')
  await expect(page.getByRole('heading', { level: 1, name: 'Innovationsplattform Kiruna' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Huvudmeny' })).toBeVisible()
  await expect(page.getByRole('main')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
  const levels = await page
    .getByRole('main')
    .getByRole('heading')
    .evaluateAll((els) => els.map((el) => Number(el.tagName.slice(1))))
  expect(levels[0]).toBe(1)
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1)
})
