import type { Locator, Page } from '@playwright/test'
import { test, expect } from './bridge'
import { KIRUNA, REPORT, SECTION_S4, highlightPhrase, pageInvoke, writeMemo, type Invoke } from './seed'

const REPORT_NAME = 'Att stärka innovationsförmågan – lärdomar från kommunala idéslussprojekt'
const STRUCTURE = `${REPORT_NAME} › Struktur och kultur`
const VIEW = `${REPORT_NAME} › Synen på innovation`
const STRATEGY = `${REPORT_NAME} › Strategiskt och operativt perspektiv`
const KIRUNA_FACTS = 'Innovationsplattform Kiruna › Fakta'

/** Two evaluators' work: three highlights and a memo by Åsa, a highlight on a parent code and a memo by Björn. */
async function seed(invoke: Invoke): Promise<void> {
  await invoke('preferences:set', { author: 'Åsa Öberg' })
  await highlightPhrase(invoke, { type: 'section', id: SECTION_S4 }, 'strukturer och systematik', ['starter-stodjande-strukturer'], 'Struktur **och** kultur.')
  await highlightPhrase(invoke, { type: 'section', id: `${REPORT}#s3` }, 'ett gemensamt språk', ['starter-synen-pa-innovation'])
  await highlightPhrase(invoke, { type: 'fact', id: `${KIRUNA}#f6` }, 'innovationssystem inom kommunkoncernen', ['starter-fas-pilot'])
  await writeMemo(invoke, 'project', null, 'Arbetshypotes', 'Struktur och ledning hänger ihop.')
  await invoke('preferences:set', { author: 'Björn Berg' })
  await highlightPhrase(invoke, { type: 'section', id: `${REPORT}#s5` }, 'strategisk nivå', ['starter-perspektiv'])
  await writeMemo(invoke, 'case', KIRUNA, 'Kiruna efter 2022', 'Vad finns kvar när stödet tar slut?')
}

async function openNotes(page: Page, openApp: (hash?: string) => Promise<void>, hash = '#/anteckningar'): Promise<void> {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await seed(pageInvoke(page))
  await page.goto(`http://atlas.local/index.html${hash}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
}

const entries = (page: Page): Locator => page.getByRole('list', { name: 'Anteckningar' }).getByRole('listitem').filter({ has: page.getByRole('article') })
/** Each entry's heading: a highlight's place, a memo's title. */
const titles = (page: Page): Promise<string[]> => entries(page).getByRole('heading', { level: 2 }).allTextContents()
const count = (page: Page): Locator => page.getByRole('main').getByRole('status').filter({ hasText: /^\d+ anteckning/ })

test('with no notes yet the view explains how to make one', async ({ page, openApp }) => {
  await openApp('#/anteckningar')
  await expect(page.getByRole('heading', { level: 2, name: 'Inga anteckningar ännu' })).toBeVisible()
  await expect(page.getByText(/Markera en mening i en rapport/)).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anteckningar' })).toHaveAttribute(
    'aria-current',
    'page',
  )
  await expect(page.getByRole('heading', { level: 2, name: 'Projektmemon' })).toBeVisible()
})

test('lists highlights and memos; filters by code with and without child codes, case, author, date, kind; sorts', async ({
  page,
  openApp,
}) => {
  await openNotes(page, openApp)
  await expect(count(page)).toHaveText('6 anteckningar')
  // Newest first: Björn's memo, then his highlight.
  expect(await titles(page)).toEqual(['Kiruna efter 2022', STRATEGY, 'Arbetshypotes', KIRUNA_FACTS, VIEW, STRUCTURE])

  const structure = entries(page).filter({ has: page.getByRole('link', { name: STRUCTURE }) })
  await expect(structure.getByRole('blockquote')).toHaveText('strukturer och systematik')
  await expect(structure.getByRole('list', { name: 'Koder' })).toHaveText('Perspektiv på innovationsförmåga › Stödjande strukturer')
  await expect(structure.getByText('Struktur och kultur.')).toBeVisible()
  await expect(structure.locator('strong')).toHaveText('och')
  await expect(structure.getByText(/^Åsa Öberg, /)).toBeVisible()
  const memo = entries(page).filter({ hasText: 'Kiruna efter 2022' })
  await expect(memo.getByRole('link', { name: 'Memo om Innovationsplattform Kiruna' })).toBeVisible()

  // A parent code with its children: the two highlights below it and Björn's on the parent itself.
  await page.getByLabel('Kod', { exact: true }).selectOption({ label: 'Perspektiv på innovationsförmåga' })
  await expect(page).toHaveURL(/kod=starter-perspektiv&barn=1/)
  await expect(page.getByRole('checkbox', { name: 'inklusive underkoder' })).toBeChecked()
  await expect(count(page)).toHaveText(/^3 anteckningar/)
  expect(await titles(page)).toEqual([STRATEGY, VIEW, STRUCTURE])
  await page.getByRole('checkbox', { name: 'inklusive underkoder' }).uncheck()
  await expect(count(page)).toHaveText(/^1 anteckning\b/)
  expect(await titles(page)).toEqual([STRATEGY])
  await expect(page).toHaveURL(/#\/anteckningar\?kod=starter-perspektiv$/)
  // The address carries the filter: back restores it.
  await page.goBack()
  await expect(page.getByRole('checkbox', { name: 'inklusive underkoder' })).toBeChecked()
  await expect(count(page)).toHaveText(/^3 anteckningar/)
  await page.getByRole('button', { name: 'Rensa filter' }).click()
  await expect(count(page)).toHaveText('6 anteckningar')

  await page.getByLabel('Fall eller dokument').selectOption({ label: 'Innovationsplattform Kiruna' })
  await expect(page).toHaveURL(/fall=innovationsplattform-kiruna/)
  expect(await titles(page)).toEqual(['Kiruna efter 2022', KIRUNA_FACTS])
  await page.getByLabel('Fall eller dokument').selectOption({ label: 'Alla fall och dokument' })

  await page.getByLabel('Författare').selectOption('Björn Berg')
  expect(await titles(page)).toEqual(['Kiruna efter 2022', STRATEGY])
  await page.getByLabel('Författare').selectOption({ label: 'Alla författare' })
  await expect(count(page)).toHaveText('6 anteckningar')

  // Dates are the created day (UTC, as the core stores it): everything is from today.
  const today = new Date().toISOString().slice(0, 10)
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
  await page.getByLabel('Från och med').fill(tomorrow)
  await expect(page.getByText('Inga anteckningar matchar filtren.')).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`fran=${tomorrow}`))
  await page.getByLabel('Från och med').fill(today)
  await page.getByLabel('Till och med').fill(today)
  await expect(count(page)).toHaveText('6 anteckningar')
  await page.getByRole('button', { name: 'Rensa filter' }).click()

  await page.getByLabel('Typ').selectOption({ label: 'Memon' })
  expect(await titles(page)).toEqual(['Kiruna efter 2022', 'Arbetshypotes'])
  await page.getByLabel('Typ').selectOption({ label: 'Alla typer' })

  await page.getByLabel('Sortera').selectOption({ label: 'Äldst först' })
  await expect(page).toHaveURL(/sort=created-asc/)
  await expect.poll(() => titles(page)).toEqual([STRUCTURE, VIEW, KIRUNA_FACTS, 'Arbetshypotes', STRATEGY, 'Kiruna efter 2022'])
  await page.getByLabel('Sortera').selectOption({ label: 'Plats' })
  // By case or report name, highlights in text order, then memos.
  await expect.poll(() => titles(page)).toEqual([VIEW, STRUCTURE, STRATEGY, KIRUNA_FACTS, 'Kiruna efter 2022', 'Arbetshypotes'])
})

test('an entry opens its place: a report section, a case fact, a memo’s page', async ({ page, openApp }) => {
  await openNotes(page, openApp)
  await page.getByRole('link', { name: STRUCTURE }).click()
  await expect(page).toHaveURL(/#\/rapporter\/skr-att-starka-innovationsformagan\?avsnitt=skr-att-starka-innovationsformagan%23s4$/)
  const section = page.getByRole('region', { name: 'Struktur och kultur' })
  await expect(section).toHaveClass(/revealed-passage/)
  await expect(section).toBeInViewport()
  await expect(section.getByRole('heading', { name: 'Struktur och kultur' })).toBeFocused()

  await page.goBack()
  await page.getByRole('link', { name: KIRUNA_FACTS }).click()
  await expect(page).toHaveURL(/#\/fall\/innovationsplattform-kiruna\?fakta=innovationsplattform-kiruna%23f6$/)
  await expect(page.locator('.revealed-passage')).toContainText('innovationssystem inom kommunkoncernen')

  await page.goBack()
  await page.getByRole('link', { name: 'Memo om Innovationsplattform Kiruna' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Innovationsplattform Kiruna' })).toBeVisible()
  const memos = page.getByRole('region', { name: 'Memon' })
  await expect(memos.getByRole('heading', { name: 'Kiruna efter 2022' })).toBeVisible()
})

test('write, edit and delete a memo on a case page, asked for a name first; it shows in the notes view', async ({
  page,
  openApp,
}) => {
  await openApp('#/fall/future-by-lund')
  await expect(page.getByRole('heading', { level: 1, name: 'Future by Lund' })).toBeVisible()
  const memos = page.getByRole('region', { name: 'Memon' })
  await expect(memos.getByText('Inga memon ännu.')).toBeVisible()
  await memos.getByRole('button', { name: 'Nytt memo om Future by Lund' }).click()
  const editor = memos.getByRole('form', { name: 'Nytt memo om Future by Lund' })
  await expect(editor.getByLabel('Rubrik')).toBeFocused()
  await editor.getByLabel('Rubrik').fill('Brunnshög som testbädd')
  await editor.getByLabel('Text (Markdown)').fill('Staden som **labb**:\n\n- mobilitet\n- energi')
  await editor.getByRole('button', { name: 'Förhandsgranska' }).click()
  await expect(editor.getByRole('region', { name: 'Förhandsgranska' }).locator('strong')).toHaveText('labb')
  await editor.getByRole('button', { name: 'Spara memo' }).click()

  // No name is set in a fresh atlas: the app asks, then saves what was written.
  const ask = page.getByRole('dialog', { name: 'Ditt namn' })
  await ask.getByLabel('Namn').fill('Åsa Öberg')
  await ask.getByRole('button', { name: 'Spara och fortsätt' }).click()
  const saved = memos.getByRole('article', { name: 'Brunnshög som testbädd' })
  await expect(saved).toBeVisible()
  await expect(saved.getByRole('listitem')).toHaveText(['mobilitet', 'energi'])
  await expect(saved.getByText(/^Åsa Öberg, uppdaterat /)).toBeVisible()
  await expect(saved.getByRole('heading', { name: 'Brunnshög som testbädd' })).toBeFocused()

  await saved.getByRole('button', { name: 'Redigera memot Brunnshög som testbädd' }).click()
  const edit = memos.getByRole('form', { name: 'Redigera memot Brunnshög som testbädd' })
  await expect(edit.getByLabel('Text (Markdown)')).toHaveValue(/Staden som \*\*labb\*\*/)
  await edit.getByLabel('Text (Markdown)').fill('Staden som labb för mobilitet och energi.')
  await edit.getByRole('button', { name: 'Spara memo' }).click()
  await expect(saved.getByText('Staden som labb för mobilitet och energi.')).toBeVisible()

  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anteckningar' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
  const entry = entries(page).filter({ hasText: 'Brunnshög som testbädd' })
  await expect(entry.getByRole('link', { name: 'Memo om Future by Lund' })).toHaveAttribute('href', '#/fall/future-by-lund')
  await expect(entry.getByText('Staden som labb för mobilitet och energi.')).toBeVisible()

  // Deleted on its page, gone from the notes; Ctrl+Z brings it back.
  await page.goBack()
  await memos.getByRole('button', { name: 'Ta bort memot Brunnshög som testbädd' }).click()
  await memos.getByRole('button', { name: 'Ja, ta bort' }).click()
  await expect(memos.getByText('Inga memon ännu.')).toBeVisible()
  await page.keyboard.press('Control+z')
  await expect(memos.getByRole('article', { name: 'Brunnshög som testbädd' })).toBeVisible()
})

test('a project memo written on the notes view joins the list', async ({ page, openApp }) => {
  await openNotes(page, openApp, '#/anteckningar?typ=memo')
  await expect(count(page)).toHaveText('2 anteckningar')
  const project = page.getByRole('region', { name: 'Projektmemon' })
  await expect(project.getByRole('heading', { name: 'Arbetshypotes' })).toBeVisible()
  await project.getByRole('button', { name: /^Nytt memo/ }).click()
  await project.getByLabel('Rubrik').fill('Urval av fall')
  await project.getByLabel('Text (Markdown)').fill('Fall med minst två rapporter.')
  await project.getByLabel('Text (Markdown)').press('Control+Enter')
  await expect(project.getByRole('heading', { name: 'Urval av fall' })).toBeVisible()
  await expect(count(page)).toHaveText('3 anteckningar')
  expect(await titles(page)).toContain('Urval av fall')
})

test('a long list comes a page at a time: the total, the first 200, then the rest on request with focus on the first new one', async ({
  page,
  openApp,
}) => {
  test.slow()
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  const invoke = pageInvoke(page)
  await invoke('preferences:set', { author: 'Åsa Öberg' })
  for (let i = 0; i < 205; i++) {
    await invoke('highlights:create', { target: { type: 'section', id: SECTION_S4 }, start: i % 40, end: (i % 40) + 12, codeIds: [] })
  }
  await page.goto('http://atlas.local/index.html#/anteckningar')
  await expect(count(page)).toHaveText('205 anteckningar')
  await expect(entries(page)).toHaveCount(200)
  await expect(page.getByText('Visar de första 200 av 205.')).toBeVisible()
  await page.getByRole('button', { name: 'Visa 5 till' }).click()
  await expect(entries(page)).toHaveCount(205)
  await expect(page.getByRole('button', { name: /^Visa \d+ till$/ })).toHaveCount(0)
  // Reading goes on where the new entries begin.
  await expect(entries(page).nth(200).locator(':focus')).toHaveCount(1)
})
