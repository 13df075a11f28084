import { test, expect } from './bridge'

test('a report shows its metadata, facts and ordered sections', async ({ page, openApp, bridge }) => {
  await openApp('#/rapporter')
  await expect(page.getByRole('link', { name: 'Rapporter' })).toHaveAttribute('aria-current', 'page')
  await page.getByRole('link', { name: /^Att stärka innovationsförmågan/ }).click()
  await expect(page).toHaveURL(/#\/rapporter\/skr-att-starka-innovationsformagan$/)
  await expect(page.getByRole('heading', { level: 1, name: /^Att stärka innovationsförmågan/ })).toBeFocused()

  await expect(page.getByRole('definition').filter({ hasText: 'Sveriges Kommuner och Regioner (SKR)' })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: '2021' })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: /Karin Hovlin/ })).toBeVisible()

  const sections = page.locator('section[id^="section-"]')
  const count = await sections.count()
  expect(count).toBeGreaterThanOrEqual(2)
  const toc = page.getByRole('navigation', { name: 'Avsnitt' }).getByRole('link')
  await expect(toc).toHaveCount(count)
  const tocTexts = await toc.allTextContents()
  const sectionHeadings = await sections.getByRole('heading', { level: 3 }).allTextContents()
  expect(sectionHeadings.map((s) => s.trim())).toEqual(tocTexts.map((s) => s.trim()))

  // The table of contents links to a section by address, so the same link works from outside the page.
  const last = toc.last()
  const lastHeading = (await last.textContent())!.trim()
  await last.click()
  await expect(page).toHaveURL(/#\/rapporter\/skr-att-starka-innovationsformagan\?avsnitt=/)
  const target = sections.getByRole('heading', { level: 3, name: lastHeading })
  await expect(target).toBeFocused()
  await expect(target).toBeInViewport()

  await page.getByRole('link', { name: 'rapporter.skr.se' }).first().click()
  await expect.poll(() => bridge.openedLinks.length).toBe(1)
  expect(bridge.openedLinks[0]).toMatch(/^https:\/\/rapporter\.skr\.se\//)
  await expect(page).toHaveURL(/#\/rapporter\/skr-att-starka-innovationsformagan\?avsnitt=/)
})

test('a survey shows its values in a table, each figure worded as its source words it', async ({ page, openApp }) => {
  await openApp('#/enkater')
  await page.getByRole('link', { name: 'Innovation i offentlig sektor 2019–2020' }).click()
  await expect(page).toHaveURL(/#\/enkater\/scb-innovation-i-offentlig-sektor-2019-2020$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Innovation i offentlig sektor 2019–2020' })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: 'Statistiska centralbyrån (SCB)' })).toBeVisible()

  const table = page.getByRole('table', { name: /Innovation i offentlig sektor 2019–2020/ })
  await expect(table.getByRole('columnheader')).toHaveText(['Indikator', 'Population', 'Period', 'Värde', 'Källa'])
  const rows = table.getByRole('row')
  await expect(rows).toHaveCount(4)

  // SKR: "8 av 10" regioner and "6 av 10" myndigheter, stated flatly; "drygt 3 av 10" kommuner, more than 30 %.
  const expected = [
    ['regioner', '80 procent'],
    ['kommuner', 'drygt 30 procent*(inte ett exakt tal)'],
    ['statliga myndigheter', '60 procent'],
  ] as const
  for (const [population, value] of expected) {
    const row = rows.filter({ has: page.getByRole('cell', { name: new RegExp(`^${population}`) }) })
    await expect(row).toHaveCount(1)
    // The value as the source words it; a qualified one also has the visible marker and the hidden words a
    // screen reader says instead of the marker.
    await expect(row.getByRole('cell').nth(2)).toHaveText(value.replace(/ (?=\d|procent)/g, '\u00a0'), { useInnerText: false })
    await expect(row.getByRole('link', { name: /webbutik\.skr\.se/ })).toBeVisible()
  }
  await expect(table).not.toContainText(/\bca\b/)
  await expect(page.getByText('källan anger inte talet exakt: ”drygt” = något mer än talet')).toBeVisible()
})

test('an organisation shows its county, its region and its cases', async ({ page, openApp }) => {
  await openApp('#/organisationer?typ=kommun&lan=25')
  await expect(page.getByRole('combobox', { name: 'Typ' })).toHaveValue('kommun')
  await expect(page.getByRole('combobox', { name: 'Län' })).toHaveValue('25')
  await expect(page.getByRole('heading', { level: 2, name: 'Norrbottens län' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2 })).toHaveCount(1)
  await page.getByRole('link', { name: 'Kiruna', exact: true }).click()

  await expect(page).toHaveURL(/#\/organisationer\/kommun-2584$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Kiruna' })).toBeFocused()
  await expect(page.getByRole('definition').filter({ hasText: /^Kommun$/ })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: '2584' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Norrbottens län' })).toBeVisible()
  const cases = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Innovationsplattform Kiruna' }) })
  await expect(cases.getByText('ägare', { exact: true })).toBeVisible()

  await page.getByRole('link', { name: 'Region Norrbotten' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Region Norrbotten' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Kommuner i länet' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Kiruna', exact: true })).toBeVisible()
})

test('the organisations list can be filtered by type and county', async ({ page, openApp }) => {
  await openApp('#/organisationer')
  await expect(page.getByRole('link', { name: 'Organisationer' })).toHaveAttribute('aria-current', 'page')
  const status = page.getByRole('status').filter({ hasText: /organisationer$/ })
  await expect(status).toBeVisible()
  const all = Number(/\d+/.exec((await status.textContent()) ?? '')?.[0])
  expect(all).toBeGreaterThan(300)

  await page.getByRole('combobox', { name: 'Typ' }).selectOption({ label: 'Region' })
  await expect(page).toHaveURL(/#\/organisationer\?typ=region$/)
  await expect(status).toHaveText(/^2\d organisationer$/)
  await page.getByRole('combobox', { name: 'Län' }).selectOption({ label: 'Norrbottens län' })
  await expect(page).toHaveURL(/typ=region&lan=25/)
  await expect(page.getByRole('status')).toHaveText('1 organisation')
  await expect(page.getByRole('link', { name: 'Region Norrbotten' })).toBeVisible()
})
