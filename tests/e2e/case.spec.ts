import { test, expect } from './bridge'

const KIRUNA = 'Innovationsplattform Kiruna'

test('a case shows its organisations with roles, facts with sources, themes and related cases', async ({
  page,
  openApp,
  bridge,
}) => {
  await openApp('#/katalog')
  await page.getByRole('link', { name: KIRUNA }).click()
  await expect(page).toHaveURL(/#\/fall\/innovationsplattform-kiruna$/)
  const heading = page.getByRole('heading', { level: 1, name: KIRUNA })
  await expect(heading).toBeVisible()
  await expect(heading).toBeFocused()
  await expect(page).toHaveTitle(`${KIRUNA} – Innovationsatlas`)
  await expect(page.getByText('2016–2022')).toBeVisible()

  const organisations = page.getByRole('list').filter({ has: page.getByRole('link', { name: 'Kiruna', exact: true }) })
  const kiruna = organisations.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Kiruna', exact: true }) })
  await expect(kiruna.getByText('ägare', { exact: true })).toBeVisible()
  await expect(kiruna.getByText(/kod 2584, Norrbottens län/)).toBeVisible()

  await expect(page.getByRole('heading', { level: 2, name: 'Fakta' })).toBeVisible()
  const source = page.getByRole('link', { name: /^kiruna\.se/ }).first()
  await expect(source).toBeVisible()
  const href = await source.getAttribute('href')
  expect(href).toMatch(/^https:\/\/kiruna\.se\//)

  const urlBefore = page.url()
  await source.click()
  await expect.poll(() => bridge.openedLinks).toEqual([href])
  expect(page.url()).toBe(urlBefore)
  await expect(heading).toBeVisible()

  // Theme chips lead back to the catalogue, filtered by that theme.
  await page.getByRole('link', { name: 'hållbar stadsutveckling' }).click()
  await expect(page).toHaveURL(/#\/katalog\?theme=h%C3%A5llbar\+stadsutveckling$/)
  await expect(page.getByRole('checkbox', { name: /^hållbar stadsutveckling/ })).toBeChecked()
  await expect(page.getByRole('link', { name: KIRUNA })).toBeVisible()
})

test('following a related case and going back', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await page.getByRole('link', { name: KIRUNA }).click()
  await expect(page.getByRole('heading', { level: 1, name: KIRUNA })).toBeVisible()
  await page.getByRole('link', { name: 'Future by Lund' }).click()
  await expect(page).toHaveURL(/#\/fall\/future-by-lund$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Future by Lund' })).toBeFocused()
  await expect(page.getByRole('link', { name: 'Lund', exact: true }).first()).toBeVisible()

  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: KIRUNA })).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(/#\/katalog$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await page.goForward()
  await expect(page.getByRole('heading', { level: 1, name: KIRUNA })).toBeVisible()
})

test('a deep link opens a case directly, with its section marked in the navigation', async ({ page, openApp }) => {
  await openApp('#/fall/future-by-lund')
  await expect(page.getByRole('heading', { level: 1, name: 'Future by Lund' })).toBeVisible()
  await expect(page.getByText('från 2012')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Katalog' })).toHaveAttribute(
    'aria-current',
    'location',
  )
})

test('an unknown case id or address shows a friendly not-found page with a way back', async ({ page, openApp }) => {
  await openApp('#/fall/finns-inte')
  await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await page.getByRole('link', { name: 'Till Katalog' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()

  await page.goto('http://atlas.local/index.html#/ingenstans/alls')
  await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible()
  await page.goto('http://atlas.local/index.html#/rapporter/finns-inte')
  await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Till Rapporter' })).toBeVisible()
})

test('back from a case returns to the same place in the catalogue', async ({ page, openApp }) => {
  await openApp('#/katalog')
  const lastCase = page.getByRole('article').last().getByRole('link')
  await expect(lastCase).toBeVisible()
  await lastCase.scrollIntoViewIfNeeded()
  const name = (await lastCase.textContent())!.trim()
  const y = await page.evaluate(() => window.scrollY)
  expect(y).toBeGreaterThan(500)

  await lastCase.click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await page.goBack()
  await expect(lastCase).toBeInViewport()
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(y - 50)
})
