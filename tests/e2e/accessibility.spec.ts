// axe-core over every view and the states a researcher meets (a search with results, an open popover, the
// comparison with its cell panel, seeded notes): no serious or critical violation, experimental rules included
// (label-content-name-mismatch is one). Each state is one test, so a failure names the view.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { COMPARED, seedComparison } from './compare-seed'
import { expect, test } from './bridge'
import { KIRUNA, pageInvoke, REPORT, seedResearch } from './seed'

interface State {
  name: string
  hash: string
  heading: string | RegExp
  seed?: 'research' | 'comparison'
  act?: (page: Page) => Promise<void>
}

const STATES: State[] = [
  { name: 'catalogue', hash: '#/katalog', heading: 'Katalog' },
  { name: 'catalogue filtered to nothing', hash: '#/katalog?q=finnsinte', heading: 'Katalog' },
  { name: 'case', hash: `#/fall/${KIRUNA}`, heading: /Kiruna/ },
  { name: 'reports', hash: '#/rapporter', heading: 'Rapporter' },
  { name: 'report with highlights', hash: `#/rapporter/${REPORT}`, heading: /^Att stärka innovationsförmågan/, seed: 'research' },
  { name: 'surveys', hash: '#/enkater', heading: 'Enkäter' },
  { name: 'survey', hash: '#/enkater/scb-innovation-i-offentlig-sektor-2019-2020', heading: 'Innovation i offentlig sektor 2019–2020' },
  { name: 'organisations', hash: '#/organisationer', heading: 'Organisationer' },
  { name: 'organisation', hash: '#/organisationer/kommun-2584', heading: 'Kiruna' },
  { name: 'codebook', hash: '#/koder', heading: 'Kodbok', seed: 'research' },
  { name: 'notes', hash: '#/anteckningar', heading: 'Anteckningar', seed: 'research' },
  { name: 'comparison', hash: `#/jamfor?fall=${COMPARED.join(',')}`, heading: 'Jämför fall', seed: 'comparison' },
  {
    name: 'comparison cell panel',
    hash: `#/jamfor?fall=${COMPARED.join(',')}`,
    heading: 'Jämför fall',
    seed: 'comparison',
    act: async (page) => {
      await page.getByRole('table', { name: /^Jämförelse av/ }).getByRole('button', { name: /markering/ }).first().click()
    },
  },
  { name: 'team', hash: '#/team', heading: 'Team och överensstämmelse' },
  { name: 'import and export', hash: '#/importera-exportera', heading: 'Importera och exportera' },
  { name: 'saved comparisons', hash: '#/jamforelser', heading: /jämförelser/i },
  { name: 'page not found', hash: '#/finns-inte', heading: /.+/ },
  { name: 'help', hash: '#/hjalp', heading: 'Hjälp' },
  {
    name: 'map',
    hash: '#/karta?omrade=2584',
    heading: 'Karta',
    act: async (page) => {
      await page.getByRole('region', { name: 'Kiruna' }).waitFor()
      await page.getByRole('group', { name: /^Karta över Sverige/ }).getByRole('button', { name: /^Kiruna/ }).focus()
    },
  },
  {
    name: 'map by län, as a table',
    hash: '#/karta?niva=lan',
    heading: 'Karta',
    act: async (page) => {
      await page.getByText('Visa som tabell').click()
      await page.getByRole('table', { name: 'Fall per län' }).waitFor()
    },
  },
  {
    name: 'timeline with a marked year',
    hash: '#/tidslinje?ar=2016',
    heading: 'Tidslinje',
    act: async (page) => {
      await page.getByRole('region', { name: 'Fall på tidsaxeln' }).getByRole('heading', { level: 3 }).first().waitFor()
      await page.getByRole('link', { name: /^Idésluss i Örebro kommun/ }).first().focus()
    },
  },
  {
    name: 'timeline by county, as a table',
    hash: '#/tidslinje?grupp=county',
    heading: 'Tidslinje',
    act: async (page) => {
      await page.getByText('Visa som tabell').click()
      await page.getByRole('table', { name: 'Fallen på tidslinjen' }).waitFor()
    },
  },
  {
    name: 'first-start introduction',
    hash: '#/hjalp',
    heading: 'Hjälp',
    act: async (page) => {
      await page.getByRole('button', { name: 'Visa introduktionen igen' }).click()
      await page.getByRole('dialog', { name: 'Välkommen till Innovationsatlas' }).waitFor()
    },
  },
  {
    name: 'search with results',
    hash: '#/katalog',
    heading: 'Katalog',
    act: async (page) => {
      await page.keyboard.press('Control+k')
      await page.getByRole('dialog', { name: 'Sök' }).getByRole('combobox').fill('idésluss')
      await page.getByRole('listbox', { name: 'Sökträffar' }).getByRole('option').first().waitFor()
    },
  },
  {
    name: 'search help',
    hash: '#/katalog',
    heading: 'Katalog',
    act: async (page) => {
      await page.keyboard.press('Control+k')
      await page.getByRole('dialog', { name: 'Sök' }).waitFor()
    },
  },
]

/** Opens the state (seeding first when it needs the researcher's work), then runs axe over it. */
async function expectNoSeriousViolations(page: Page, openApp: (hash?: string) => Promise<void>, state: State, theme?: 'dark'): Promise<void> {
  if (state.seed || theme) {
    await openApp('#/katalog')
    await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
    const invoke = pageInvoke(page)
    if (theme) await invoke('preferences:set', { theme })
    if (state.seed) await seedResearch(invoke)
    if (state.seed === 'comparison') await seedComparison(invoke)
  }
  await openApp(state.hash)
  if (state.seed || theme) await page.reload()
  if (theme) await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
  await expect(page.getByRole('heading', { level: 1, name: state.heading })).toBeVisible()
  await page.getByRole('status').filter({ hasText: 'Läser in' }).waitFor({ state: 'detached' })
  await state.act?.(page)
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'])
    .analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
  expect(serious, serious.join('\n')).toEqual([])
}

for (const state of STATES) {
  test(`axe: ${state.name} has no serious or critical violations`, async ({ page, openApp }) => {
    test.slow()
    await expectNoSeriousViolations(page, openApp, state)
  })
}

// The dark theme over the states with the most colour in them: highlights, the heat map, marks in search hits,
// a chart. The system says dark and so does the researcher's saved choice.
const DARK_STATES = ['catalogue', 'report with highlights', 'codebook', 'notes', 'comparison', 'search with results', 'survey', 'map', 'timeline with a marked year', 'timeline by county, as a table']

for (const state of STATES.filter((s) => DARK_STATES.includes(s.name))) {
  test(`axe, dark theme: ${state.name} has no serious or critical violations`, async ({ page, openApp }) => {
    test.slow()
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectNoSeriousViolations(page, openApp, state, 'dark')
  })
}
