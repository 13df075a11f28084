// The help page and the first-start introduction. The fixture marks the introduction as seen for every other
// test (bridge.ts); here it is reset, as on a project opened for the first time.
import type { Page } from '@playwright/test'
import { expect, test } from './bridge'
import { pageInvoke } from './seed'

const INTRODUCTION = 'Välkommen till Innovationsatlas'

async function firstStart(page: Page, openApp: (hash?: string) => Promise<void>): Promise<void> {
  // Three loads of the app, each answered by a core that builds its search index in this process on a loaded
  // machine: more than the default 30 s.
  test.slow()
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await pageInvoke(page)('preferences:set', { orientationSeen: false })
  await page.reload()
}

test('the first start says what the atlas is; Escape dismisses it for good, and the help shows it again', async ({ page, openApp }) => {
  await firstStart(page, openApp)
  const dialog = page.getByRole('dialog', { name: INTRODUCTION })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('projektets egna sammanfattningar av rapporter och initiativ, inte originalen')
  await expect(dialog).toContainText('Sök i allt med Ctrl+K.')
  await expect(dialog.getByRole('button', { name: 'Kom igång' })).toBeFocused()

  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect.poll(async () => (await pageInvoke(page)('preferences:get', {})).orientationSeen).toBe(true)

  // Saved in the project: a restart does not show it again.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await page.getByRole('status').filter({ hasText: 'Läser in' }).waitFor({ state: 'detached' })
  await expect(page.getByRole('link', { name: 'Innovationsplattform Kiruna' })).toBeVisible()
  await expect(dialog).toHaveCount(0)

  // Found again from the help page; "Läs hjälpen" closes it, and focus is back on the page's heading.
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Hjälp' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Hjälp' })).toBeVisible()
  const again = page.getByRole('button', { name: 'Visa introduktionen igen' })
  await again.click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(dialog.getByRole('button', { name: 'Läs hjälpen' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1, name: 'Hjälp' })).toBeFocused()
})

test('"Läs hjälpen" on the first start goes to the help page', async ({ page, openApp }) => {
  await firstStart(page, openApp)
  const dialog = page.getByRole('dialog', { name: INTRODUCTION })
  await dialog.getByRole('button', { name: 'Läs hjälpen' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page).toHaveURL(/#\/hjalp$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Hjälp' })).toBeVisible()
  await expect.poll(async () => (await pageInvoke(page)('preferences:get', {})).orientationSeen).toBe(true)
})

test('the help page: reached from the menu, a heading per topic with links to each, and the shortcuts as a table', async ({
  page,
  openApp,
}) => {
  await openApp('#/katalog')
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' })
  await nav.getByRole('link', { name: 'Hjälp' }).click()
  await expect(page).toHaveURL(/#\/hjalp$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Hjälp' })).toBeFocused()
  await expect(nav.getByRole('link', { name: 'Hjälp' })).toHaveAttribute('aria-current', 'page')
  await expect(page).toHaveTitle('Hjälp – Innovationsatlas')

  const topics = [
    'Katalogen som följer med',
    'Dina dokument och var dina data finns',
    'Koda text',
    'Jämföra fall',
    'Teamrundor',
    'Exportera',
    'Sök',
    'Kortkommandon',
  ]
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(topics)
  const contents = page.getByRole('navigation', { name: 'På sidan' }).getByRole('link')
  await expect(contents).toHaveText(topics)

  // The summaries are not the originals, and the originals come in as documents.
  const corpus = page.getByRole('region', { name: 'Katalogen som följer med' })
  await expect(corpus).toContainText('projektets egna sammanfattningar av rapporterna och initiativen, inte originalen')
  await expect(page.getByRole('region', { name: 'Dina dokument och var dina data finns' })).toContainText(
    'PDF, Word (.docx), HTML, Markdown och vanlig text',
  )

  // A link in the contents moves focus to its heading, by keyboard.
  await contents.filter({ hasText: 'Kortkommandon' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 2, name: 'Kortkommandon' })).toBeFocused()
  await expect(page).toHaveURL(/#\/hjalp$/)

  const shortcuts = page.getByRole('table', { name: 'Kortkommandon' })
  await expect(shortcuts.locator('thead').getByRole('columnheader')).toHaveText(['Tangenter', 'Vad som händer'])
  await expect(shortcuts.getByRole('row').filter({ hasText: 'Ctrl+K' })).toContainText('Öppna sökningen')
  await expect(shortcuts.getByRole('row').filter({ hasText: 'Alt+Enter' })).toContainText('jämförelsen')
  await expect(shortcuts.getByRole('row').filter({ hasText: 'F2' })).toContainText('Byt namn')
  await expect(shortcuts.getByRole('row').filter({ hasText: 'J och K' })).toContainText('oenighet')

  const queries = page.getByRole('table', { name: 'Sökfrågor' })
  await expect(queries.getByRole('row').filter({ hasText: 'kommun:Kiruna' })).toContainText('bara en kommun')

  // The documented Ctrl+K does what the table says.
  await page.keyboard.press('Control+k')
  await expect(page.getByRole('dialog', { name: 'Sök' })).toBeVisible()
})
