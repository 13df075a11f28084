import type { Locator, Page } from '@playwright/test'
import { test, expect } from './bridge'
import { SECTION_S4, highlightPhrase, pageInvoke } from './seed'

/** Opens the app, seeds through its bridge, then goes to `hash` (a fresh page load of the view). */
async function openWith(page: Page, openApp: (hash?: string) => Promise<void>, hash: string, seed?: (invoke: ReturnType<typeof pageInvoke>) => Promise<void>) {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  if (seed) await seed(pageInvoke(page))
  await page.goto(`http://atlas.local/index.html${hash}`)
}

const tree = (page: Page): Locator => page.getByRole('tree', { name: 'Koder' })
/** A code by its name; the item's name is the code's name and its count, as the row shows them. */
const code = (page: Page, name: string): Locator =>
  tree(page).getByRole('treeitem', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d+`) })
/** The code's own row (a click on the treeitem's middle could land on a child code). */
const row = (page: Page, name: string): Locator => code(page, name).locator('> .row')

/** [level, name] of every visible code, in order. */
async function outline(page: Page): Promise<string[]> {
  return tree(page)
    .getByRole('treeitem')
    .evaluateAll((items) =>
      items.map((el) => `${el.getAttribute('aria-level')} ${document.getElementById(el.getAttribute('aria-labelledby')!.split(' ')[0]!)!.textContent}`),
    )
}

async function seedIdeAndPilot(invoke: ReturnType<typeof pageInvoke>): Promise<void> {
  await invoke('preferences:set', { author: 'Åsa Öberg' })
  const s4 = { type: 'section' as const, id: SECTION_S4 }
  await highlightPhrase(invoke, s4, 'Erfarenheterna visar', ['starter-fas-ide'])
  await highlightPhrase(invoke, s4, 'strukturer och systematik', ['starter-fas-ide'])
  await highlightPhrase(invoke, s4, 'organisationskulturen', ['starter-fas-pilot'])
}

test('the starter codebook is a tree with usage counts, navigable by arrow keys', async ({ page, openApp }) => {
  await openWith(page, openApp, '#/koder', seedIdeAndPilot)
  await expect(page.getByRole('heading', { level: 1, name: 'Kodbok' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kodbok' })).toHaveAttribute(
    'aria-current',
    'page',
  )

  const phase = code(page, 'Innovationens fas')
  await expect(phase).toHaveAttribute('aria-level', '1')
  await expect(phase).toHaveAttribute('aria-expanded', 'true')
  await expect(phase).toHaveAccessibleDescription('3 markeringar')
  await expect(code(page, 'Idé')).toHaveAttribute('aria-level', '2')
  await expect(code(page, 'Idé')).toHaveAccessibleDescription('2 markeringar')
  await expect(code(page, 'Pilot')).toHaveAccessibleDescription('1 markering')
  await expect(code(page, 'Synen på innovation')).toHaveAccessibleDescription('0 markeringar')
  expect(await outline(page)).toEqual([
    '1 Perspektiv på innovationsförmåga',
    '2 Synen på innovation',
    '2 Stödjande strukturer',
    '2 Kultur och attityder',
    '2 Leda och organisera',
    '2 Strategiskt och operativt arbete',
    '2 Samverkan med näringsliv och upphandling',
    '1 Innovationens fas',
    '2 Idé',
    '2 Pilot',
    '2 Införande',
    '2 Spridning',
  ])

  // One tab stop; arrows walk the tree, ArrowLeft collapses, Enter opens the details.
  await row(page, 'Innovationens fas').click()
  await expect(phase).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(code(page, 'Idé')).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(phase).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(phase).toHaveAttribute('aria-expanded', 'false')
  await expect(code(page, 'Idé')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(code(page, 'Idé')).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowDown')
  await expect(code(page, 'Pilot')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(code(page, 'Pilot')).toHaveAttribute('aria-selected', 'true')
  const details = page.getByRole('region', { name: 'Detaljer för Pilot' })
  await expect(details.getByLabel('Beskrivning')).toHaveValue(/prövas i liten skala/)

  // The count opens the notes view filtered by the code, child codes included.
  await page.getByRole('link', { name: 'Visa 1 markering i Anteckningar' }).click()
  await expect(page).toHaveURL(/#\/anteckningar\?kod=starter-fas-pilot&barn=1$/)
  await expect(page.getByText(/^1 anteckning\b/)).toBeVisible()
  await page.goBack()
  await row(page, 'Innovationens fas').getByTitle('Visa markeringarna i Anteckningar').click()
  await expect(page).toHaveURL(/#\/anteckningar\?kod=starter-fas&barn=1$/)
  await expect(page.getByText(/^3 anteckningar\b/)).toBeVisible()
})

test('create a code and a child, rename and recolour; a duplicate name is refused with an alert', async ({
  page,
  openApp,
}) => {
  await openApp('#/koder')
  await expect(tree(page)).toBeVisible()
  await page.getByLabel('Namn på ny kod').fill('Finansiering')
  await page.getByRole('button', { name: 'Skapa kod' }).click()
  const created = code(page, 'Finansiering')
  await expect(created).toHaveAttribute('aria-level', '1')
  await expect(page.getByLabel('Namn på ny kod')).toHaveValue('')

  const details = page.getByRole('region', { name: 'Detaljer för Finansiering' })
  await details.getByLabel('Ny underkod till Finansiering').fill('Statliga medel')
  await details.getByRole('button', { name: 'Skapa underkod' }).click()
  await expect(code(page, 'Statliga medel')).toHaveAttribute('aria-level', '2')
  await expect(created).toHaveAttribute('aria-expanded', 'true')

  await details.getByLabel('Namn', { exact: true }).fill('Finansiering och resurser')
  await details.getByLabel('Beskrivning').fill('Pengar, tid och personal för innovationsarbetet.')
  await details.getByRole('button', { name: 'Spara' }).click()
  await expect(code(page, 'Finansiering och resurser')).toBeVisible()
  await expect(code(page, 'Finansiering')).toHaveCount(0)

  const renamed = page.getByRole('region', { name: 'Detaljer för Finansiering och resurser' })
  await renamed.getByRole('button', { name: 'Röd' }).click()
  await expect(renamed.getByRole('button', { name: 'Röd' })).toHaveAttribute('aria-pressed', 'true')
  const swatch = code(page, 'Finansiering och resurser').locator('.swatch').first()
  await expect(swatch).toHaveCSS('background-color', 'rgb(250, 82, 82)')
  await renamed.getByLabel('Egen färg').fill('#336699')
  await expect(swatch).toHaveCSS('background-color', 'rgb(51, 102, 153)')

  // The core refuses a second code with the same name on one level; the message is an alert.
  await page.getByLabel('Namn på ny kod').fill('finansiering och resurser')
  await page.getByRole('button', { name: 'Skapa kod' }).click()
  await expect(page.getByRole('alert')).toContainText('Det finns redan en kod som heter')
})

test('move codes by keyboard: Alt+arrows reorder, indent and outdent, focus stays on the code', async ({
  page,
  openApp,
}) => {
  await openApp('#/koder')
  const pilot = code(page, 'Pilot')
  await pilot.click()
  await expect(pilot).toBeFocused()

  await page.keyboard.press('Alt+ArrowUp')
  await expect.poll(async () => (await outline(page)).slice(7)).toEqual([
    '1 Innovationens fas',
    '2 Pilot',
    '2 Idé',
    '2 Införande',
    '2 Spridning',
  ])
  await expect(code(page, 'Pilot')).toBeFocused()
  await expect(page.getByRole('status').filter({ hasText: 'Pilot flyttades' })).toHaveText(
    'Pilot flyttades till Innovationens fas, plats 1 av 4.',
  )

  await page.keyboard.press('Alt+ArrowDown')
  await page.keyboard.press('Alt+ArrowDown')
  await expect.poll(async () => (await outline(page)).slice(8)).toEqual(['2 Idé', '2 Införande', '2 Pilot', '2 Spridning'])

  // Into the code above (Införande), then out again, after it.
  await page.keyboard.press('Alt+ArrowRight')
  await expect(code(page, 'Pilot')).toHaveAttribute('aria-level', '3')
  await expect(code(page, 'Införande')).toHaveAttribute('aria-expanded', 'true')
  await expect(code(page, 'Pilot')).toBeFocused()
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(code(page, 'Pilot')).toHaveAttribute('aria-level', '2')
  await expect(code(page, 'Pilot')).toBeFocused()
  await expect(page).toHaveURL(/#\/koder$/)
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(code(page, 'Pilot')).toHaveAttribute('aria-level', '1')
  await expect.poll(async () => (await outline(page)).slice(-2)).toEqual(['2 Spridning', '1 Pilot'])

  // The first top-level code cannot move up: said, not done.
  await code(page, 'Perspektiv på innovationsförmåga').focus()
  await page.keyboard.press('Alt+ArrowUp')
  await expect(page.getByRole('status').filter({ hasText: 'kan inte flyttas' })).toBeAttached()

  // The order is the core's: it survives a reload.
  await page.reload()
  await expect.poll(async () => (await outline(page)).slice(-1)).toEqual(['1 Pilot'])
})

test('move codes by dragging: onto a code makes a child, between codes reorders', async ({ page, openApp }) => {
  await openApp('#/koder')
  await expect(tree(page)).toBeVisible()

  await row(page, 'Spridning').dragTo(row(page, 'Pilot'))
  await expect(code(page, 'Spridning')).toHaveAttribute('aria-level', '3')
  await expect(code(page, 'Pilot')).toHaveAttribute('aria-expanded', 'true')

  // The top edge of "Idé": Införande goes before it.
  await row(page, 'Införande').dragTo(row(page, 'Idé'), { targetPosition: { x: 40, y: 2 } })
  await expect.poll(async () => (await outline(page)).slice(7)).toEqual([
    '1 Innovationens fas',
    '2 Införande',
    '2 Idé',
    '2 Pilot',
    '3 Spridning',
  ])

  // A code cannot be dropped into its own child.
  await row(page, 'Pilot').dragTo(row(page, 'Spridning'))
  await expect(code(page, 'Pilot')).toHaveAttribute('aria-level', '2')
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('delete states the impact first; after confirming the code is gone', async ({ page, openApp }) => {
  await openWith(page, openApp, '#/koder?kod=starter-fas', seedIdeAndPilot)
  const details = page.getByRole('region', { name: 'Detaljer för Innovationens fas' })
  await details.getByRole('button', { name: 'Ta bort …' }).click()
  const dialog = page.getByRole('dialog', { name: 'Ta bort Innovationens fas?' })
  await expect(dialog).toContainText(
    'Koden används i 3 markeringar och har 4 underkoder. Markeringarna finns kvar utan koden.',
  )
  await dialog.getByRole('button', { name: 'Avbryt' }).click()
  await expect(dialog).toBeHidden()
  await expect(code(page, 'Innovationens fas')).toBeVisible()

  // From the keyboard: Delete on a focused code asks the same question.
  await code(page, 'Pilot').focus()
  await page.keyboard.press('Delete')
  const pilotDialog = page.getByRole('dialog', { name: 'Ta bort Pilot?' })
  await expect(pilotDialog).toContainText('Koden används i 1 markering och har inga underkoder.')
  await pilotDialog.getByRole('button', { name: 'Ta bort koden' }).click()
  await expect(code(page, 'Pilot')).toHaveCount(0)
  await expect(code(page, 'Innovationens fas')).toHaveAccessibleDescription('2 markeringar')
  await expect(page.getByRole('status').filter({ hasText: 'togs bort' })).toHaveText('Pilot togs bort.')
})

test('merge two codes: the target gets all highlights; Ctrl+Z brings both back', async ({ page, openApp }) => {
  await openWith(page, openApp, '#/koder?kod=starter-fas-ide', seedIdeAndPilot)
  await expect(code(page, 'Idé')).toHaveAccessibleDescription('2 markeringar')
  await expect(code(page, 'Pilot')).toHaveAccessibleDescription('1 markering')

  await page.getByRole('region', { name: 'Detaljer för Idé' }).getByRole('button', { name: 'Slå ihop …' }).click()
  const dialog = page.getByRole('dialog', { name: 'Slå ihop Idé med …' })
  await expect(dialog).toContainText('Alla markeringar med Idé får den valda koden i stället.')
  const choices = await dialog.getByLabel('Koden som blir kvar').locator('option').allTextContents()
  expect(choices.some((c) => c.startsWith('Innovationens fas › Idé'))).toBe(false)
  await dialog.getByLabel('Koden som blir kvar').selectOption({ label: 'Innovationens fas › Pilot (1 markering)' })
  await dialog.getByRole('button', { name: 'Slå ihop' }).click()

  await expect(dialog).toBeHidden()
  await expect(code(page, 'Idé')).toHaveCount(0)
  await expect(code(page, 'Pilot')).toHaveAccessibleDescription('3 markeringar')
  await expect(code(page, 'Pilot')).toBeFocused()
  await expect(page.getByRole('region', { name: 'Detaljer för Pilot' })).toBeVisible()

  await page.keyboard.press('Control+z')
  await expect(code(page, 'Idé')).toHaveAccessibleDescription('2 markeringar')
  await expect(code(page, 'Pilot')).toHaveAccessibleDescription('1 markering')
  await expect.poll(async () => (await outline(page)).slice(8)).toEqual(['2 Idé', '2 Pilot', '2 Införande', '2 Spridning'])
})
