import type { Page } from '@playwright/test'
import { test, expect } from './bridge'
import { MEETING_MD, tempDir, writeFile } from './io-fixtures'

const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Sök' })
const inputOf = (page: Page) => dialogOf(page).getByRole('combobox', { name: 'Sök i atlasen' })
const resultsOf = (page: Page) => dialogOf(page).getByRole('listbox', { name: 'Sökträffar' })
const groupOf = (page: Page, name: string) => resultsOf(page).getByRole('group', { name: new RegExp(`^${name} `) })

async function openWithShortcut(page: Page): Promise<void> {
  await page.keyboard.press('Control+k')
  await expect(dialogOf(page)).toBeVisible()
  await expect(inputOf(page)).toBeFocused()
}

test('Ctrl+K opens search from the catalogue; results are grouped with counts and highlighted words', async ({
  page,
  openApp,
}) => {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await openWithShortcut(page)

  // Before anything is typed: how the query language works.
  await expect(dialogOf(page).getByText('typ:rapport')).toBeVisible()
  await expect(dialogOf(page).getByText('år:2016..2020')).toBeVisible()

  await inputOf(page).fill('idésluss')
  // Counts are over every match: 8 initiatives + 3 programmes are one "Fall" group.
  await expect(groupOf(page, 'Fall')).toBeVisible()
  await expect(groupOf(page, 'Fall')).toHaveAccessibleName(/^Fall 11 träffar/)
  await expect(groupOf(page, 'Fakta')).toHaveAccessibleName(/^Fakta 14 träffar/)
  await expect(groupOf(page, 'Rapporter')).toHaveAccessibleName(/^Rapporter 2 träffar/)
  await expect(groupOf(page, 'Avsnitt')).toHaveAccessibleName(/^Avsnitt 3 träffar/)
  // Groups come in a fixed order, cases first.
  const groupNames = await resultsOf(page)
    .getByRole('group')
    .evaluateAll((els) => els.map((el) => el.getAttribute('aria-labelledby')))
  expect(groupNames).toEqual([
    'search-group-case',
    'search-group-report',
    'search-group-section',
    'search-group-fact',
  ])
  await expect(dialogOf(page).getByRole('status')).toHaveText('30 träffar')

  const first = groupOf(page, 'Fall').getByRole('option').first()
  // An option is named by all it shows, title first (label in name): title, kind, snippet.
  await expect(first).toHaveAccessibleName(/^Idésluss Sundsvallsregionen Initiativ … Timrå/)
  await expect(first).toHaveAttribute('aria-selected', 'true')
  const mark = first.locator('mark')
  await expect(mark).toHaveText('idéslussar')
  // The matched word is a real element around exact snippet text, not markup from the data.
  await expect(first).toContainText('inom Vinnovas satsning på idéslussar i kommuner')

  // Facts, sections and values name what they belong to.
  await expect(groupOf(page, 'Fakta').getByRole('option').first()).toHaveAccessibleName(/ i Idéslussar i kommuner /)

  // Several groups share the dialog: each shows its best hits, and the rest on request, from the keyboard too.
  const facts = groupOf(page, 'Fakta').getByRole('option')
  await expect(facts).toHaveCount(4)
  const more = groupOf(page, 'Fakta').getByRole('option', { name: 'Visa 11 till i Fakta' })
  while ((await more.getAttribute('aria-selected')) !== 'true') await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(facts).toHaveCount(14)
  await expect(facts.nth(3)).toHaveAttribute('aria-selected', 'true')
  await expect(dialogOf(page)).toBeVisible()
})

test('ArrowDown and Enter open the active hit; its page loads and takes focus', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await openWithShortcut(page)
  await inputOf(page).fill('idésluss')
  const options = resultsOf(page).getByRole('option')
  await expect(options.first()).toHaveAttribute('aria-selected', 'true')

  await page.keyboard.press('ArrowDown')
  const second = options.nth(1)
  await expect(second).toHaveAccessibleName(/^Idésluss i Örebro kommun Initiativ/)
  await expect(second).toHaveAttribute('aria-selected', 'true')
  await expect(options.first()).toHaveAttribute('aria-selected', 'false')
  await expect(inputOf(page)).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!)
  // Up from the top wraps to the last hit; down again returns.
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await expect(options.last()).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(second).toHaveAttribute('aria-selected', 'true')

  await page.keyboard.press('Enter')
  await expect(dialogOf(page)).toBeHidden()
  await expect(page).toHaveURL(/#\/fall\/idesluss-orebro-kommun$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Idésluss i Örebro kommun' })).toBeFocused()
})

test('a section hit opens its report scrolled to the section, marked', async ({ page, openApp }) => {
  await openApp('#/organisationer')
  await expect(page.getByRole('heading', { level: 1, name: 'Organisationer' })).toBeVisible()
  await openWithShortcut(page)
  await inputOf(page).fill('typ:avsnitt kultur')
  await expect(resultsOf(page).getByRole('group')).toHaveCount(1)
  const hit = groupOf(page, 'Avsnitt').getByRole('option', { name: /^Struktur och kultur/ })
  await expect(hit).toContainText('i Att stärka innovationsförmågan')
  await expect(hit.locator('mark').first()).toHaveText(/^kultur/i)
  await expect(hit).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')

  await expect(page).toHaveURL(/#\/rapporter\/skr-att-starka-innovationsformagan\?avsnitt=/)
  const section = page.getByRole('region', { name: 'Struktur och kultur' })
  await expect(section).toHaveClass(/revealed-passage/)
  await expect(section).toBeInViewport()
  await expect(section.getByRole('heading', { level: 3, name: 'Struktur och kultur' })).toBeFocused()
  // Only the one passage is marked.
  await expect(page.locator('.revealed-passage')).toHaveCount(1)
})

test('a fact hit opens its case with the fact in view and marked', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await openWithShortcut(page)
  await inputOf(page).fill('typ:fakta kiruna')
  const hit = groupOf(page, 'Fakta').getByRole('option').first()
  await expect(hit).toContainText('i Innovationsplattform Kiruna')
  const factStart = (await hit.locator('.hit-title').textContent())!.replace(/…$/, '').trim().slice(0, 40)
  await hit.click()

  await expect(dialogOf(page)).toBeHidden()
  await expect(page).toHaveURL(/#\/fall\/innovationsplattform-kiruna\?fakta=innovationsplattform-kiruna%23f\d+$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Innovationsplattform Kiruna' })).toBeVisible()
  const fact = page.getByRole('listitem').filter({ hasText: factStart })
  await expect(fact).toHaveCount(1)
  await expect(fact).toHaveClass(/revealed-passage/)
  await expect(fact).toBeInViewport()
  await expect(fact).toBeFocused()
})

test('a value hit opens its survey with the table row marked', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await openWithShortcut(page)
  await inputOf(page).fill('typ:värde systematiskt')
  const hit = groupOf(page, 'Värden').getByRole('option', { name: /drygt 3 av 10/ })
  await expect(hit).toContainText('i Innovation i offentlig sektor 2019–2020')
  await hit.click()

  await expect(page).toHaveURL(/#\/enkater\/scb-innovation-i-offentlig-sektor-2019-2020\?varde=/)
  const row = page
    .getByRole('table', { name: /Innovation i offentlig sektor 2019–2020/ })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: /^kommuner/ }) })
  await expect(row).toHaveClass(/revealed-passage/)
  await expect(row).toBeInViewport()
})

test('the toolbar button opens search too; focus stays in the dialog and Esc returns it', async ({
  page,
  openApp,
}) => {
  await openApp('#/rapporter/skr-att-starka-innovationsformagan')
  await expect(page.getByRole('heading', { level: 1, name: /^Att stärka innovationsförmågan/ })).toBeVisible()
  const button = page.getByRole('button', { name: /^Sök/ })
  await expect(button).toHaveAttribute('aria-keyshortcuts', 'Control+K')
  await button.click()
  await expect(dialogOf(page)).toBeVisible()
  await expect(inputOf(page)).toBeFocused()

  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab')
    expect(await dialogOf(page).evaluate((el) => el.contains(document.activeElement))).toBe(true)
  }
  await page.keyboard.press('Shift+Tab')
  expect(await dialogOf(page).evaluate((el) => el.contains(document.activeElement))).toBe(true)

  await page.keyboard.press('Escape')
  await expect(dialogOf(page)).toBeHidden()
  await expect(button).toBeFocused()

  // From a link inside the page: Ctrl+K, Esc, and the researcher is back on that link.
  const link = page.getByRole('navigation', { name: 'Avsnitt' }).getByRole('link').first()
  await link.focus()
  await openWithShortcut(page)
  await inputOf(page).fill('kiruna')
  await expect(resultsOf(page).getByRole('option').first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialogOf(page)).toBeHidden()
  await expect(link).toBeFocused()
  await expect(page).toHaveURL(/#\/rapporter\/skr-att-starka-innovationsformagan$/)

  // Reopened, the last query is still there, selected so typing replaces it.
  await openWithShortcut(page)
  await expect(inputOf(page)).toHaveValue('kiruna')
  expect(await inputOf(page).evaluate((el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!)).toBe(6)
})

test('a misspelled word still finds innovation platforms', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await openWithShortcut(page)
  await inputOf(page).fill('innovatoinsplattform')
  await groupOf(page, 'Fall').getByRole('option', { name: /^Visa \d+ till i Fall$/ }).click()
  await expect(groupOf(page, 'Fall').getByRole('option', { name: /^Innovationsplattform Kiruna Initiativ/ })).toBeVisible()
  await expect(
    groupOf(page, 'Fall').getByRole('option', { name: /^Innovationsplattform Norrby/ }).locator('mark').first(),
  ).toHaveText(/^Innovationsplattform/)
})

test('a part that cannot be read is shown as ignored, and the rest is still searched', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await openWithShortcut(page)
  await inputOf(page).fill('år:tjugo idésluss')
  await expect(dialogOf(page).getByText('Ignorerat: år:tjugo (kunde inte tolkas)')).toBeVisible()
  await expect(groupOf(page, 'Fall').getByRole('option', { name: /^Idésluss Sundsvallsregionen Initiativ/ })).toBeVisible()

  await inputOf(page).fill('qqqwwwzzz')
  await expect(dialogOf(page).getByText('Inga träffar för ”qqqwwwzzz”')).toBeVisible()
  await expect(resultsOf(page)).toHaveCount(0)
  await expect(dialogOf(page).getByText(/^Ignorerat/)).toHaveCount(0)

  await inputOf(page).fill('')
  await expect(dialogOf(page).getByRole('heading', { name: 'Så söker du' })).toBeVisible()
})

test('a slow answer to an earlier query never replaces the answer to the latest one', async ({
  page,
  openApp,
  bridge,
}) => {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let heldCalls = 0
  let heldDelivered = false
  bridge.beforeReply = async (channel, input) => {
    if (channel !== 'search:query' || (input as { query?: string }).query !== 'kiruna') return
    heldCalls++
    await held
    setTimeout(() => (heldDelivered = true), 0)
  }

  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await openWithShortcut(page)
  await inputOf(page).fill('kiruna')
  await expect.poll(() => heldCalls).toBe(1)

  await inputOf(page).fill('idésluss')
  const sundsvall = resultsOf(page).getByRole('option', { name: /^Idésluss Sundsvallsregionen Initiativ/ })
  await expect(sundsvall).toBeVisible()

  release()
  await expect.poll(() => heldDelivered).toBe(true)
  // Give the page time to (wrongly) render the late answer before checking it did not.
  await page.waitForTimeout(300)
  await expect(sundsvall).toBeVisible()
  await expect(resultsOf(page).getByRole('option', { name: /^Innovationsplattform Kiruna Initiativ/ })).toHaveCount(0)
  await expect(dialogOf(page).getByRole('status')).toHaveText('30 träffar')
  await expect(inputOf(page)).toHaveValue('idésluss')
})

test('an imported document is searched at once: a Dokument group, a misspelling with swapped letters, Enter opens the passage', async ({
  page,
  openApp,
  bridge,
}) => {
  bridge.pickFiles = [writeFile(tempDir(), 'Möte i Kiruna.md', MEETING_MD)]
  await openApp('#/importera-exportera')
  await page.getByRole('button', { name: 'Välj dokument att importera …' }).click()
  await expect(page.getByText(/1 dokument importerades/)).toBeVisible()

  await openWithShortcut(page)
  // "välfärdstenkik": two letters swapped in a word only the imported document holds.
  await inputOf(page).fill('välfärdstenkik ')
  const group = groupOf(page, 'Dokument')
  await expect(group).toBeVisible()
  const hit = group.getByRole('option', { name: /^Beslut/ })
  await expect(hit).toContainText('i Möte om idéslussen i Kiruna')
  await hit.click()
  await expect(page).toHaveURL(/#\/rapporter\/[^?]+\?avsnitt=/)
  const section = page.getByRole('region', { name: 'Beslut' })
  await expect(section).toHaveClass(/revealed-passage/)
  await expect(section).toBeInViewport()
})
