import type { Page } from '@playwright/test'
import { test, expect } from './bridge'
import { pageInvoke, writeMemo } from './seed'

// Never lose a draft: what is typed in a memo is kept in the project as it is typed, leaving asks first, and
// a reload (as after a crash) brings the draft back with a notice.

async function openProjectMemo(page: Page, openApp: (hash?: string) => Promise<void>): Promise<void> {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  const invoke = pageInvoke(page)
  await invoke('preferences:set', { author: 'Åsa Öberg' })
  await writeMemo(invoke, 'project', null, 'Arbetshypotes', 'Struktur och ledning hänger ihop.')
  await page.goto('http://atlas.local/index.html#/anteckningar')
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
}

const editor = (page: Page) => page.getByRole('form', { name: 'Redigera memot Arbetshypotes' })
const unsavedDialog = (page: Page) => page.getByRole('dialog', { name: 'Osparade ändringar' })
const TYPED = 'Struktur och ledning hänger ihop, men bara där ledningen frågar efter idéerna.'

test('a memo being written is kept, asked about on leaving, and restored after a reload', async ({ page, openApp }) => {
  await openProjectMemo(page, openApp)
  await page.getByRole('button', { name: 'Redigera memot Arbetshypotes' }).click()
  const body = editor(page).getByLabel('Text (Markdown)')
  await body.fill(TYPED)
  await expect(editor(page).getByText('Utkast sparat')).toBeVisible()

  // Leaving asks; staying keeps the page and the text.
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Katalog' }).click()
  await expect(unsavedDialog(page)).toBeVisible()
  await expect(unsavedDialog(page)).toContainText('Du har osparade ändringar. Spara, kasta eller stanna kvar?')
  await unsavedDialog(page).getByRole('button', { name: 'Stanna kvar' }).click()
  await expect(unsavedDialog(page)).toBeHidden()
  await expect(page).toHaveURL(/#\/anteckningar$/)
  await expect(body).toHaveValue(TYPED)

  // The window goes away without a word (a crash): the draft is in the project.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
  await page.getByRole('button', { name: 'Redigera memot Arbetshypotes' }).click()
  await expect(editor(page).getByRole('status').filter({ hasText: 'Återställde ett osparat utkast från' })).toBeVisible()
  await expect(editor(page).getByLabel('Text (Markdown)')).toHaveValue(TYPED)
  await expect(editor(page).getByLabel('Rubrik')).toHaveValue('Arbetshypotes')

  await editor(page).getByRole('button', { name: 'Spara memo' }).click()
  await expect(editor(page)).toBeHidden()
  await expect(page.getByRole('region', { name: 'Projektmemon' }).getByText(TYPED)).toBeVisible()
  expect(await pageInvoke(page)('drafts:get', { kind: 'memo', target: (await memoId(page)) })).toBeNull()

  // Opening it again: the saved text, no notice.
  await page.getByRole('button', { name: 'Redigera memot Arbetshypotes' }).click()
  await expect(editor(page).getByLabel('Text (Markdown)')).toHaveValue(TYPED)
  await expect(editor(page).getByText(/Återställde ett osparat utkast/)).toHaveCount(0)
  // Nothing changed: cancelling asks nothing.
  await editor(page).getByRole('button', { name: 'Avbryt' }).click()
  await expect(editor(page)).toBeHidden()
  await expect(unsavedDialog(page)).toHaveCount(0)
})

test('leaving with unsaved text: Spara saves and goes on, Kasta throws the draft away', async ({ page, openApp }) => {
  await openProjectMemo(page, openApp)
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' })

  await page.getByRole('button', { name: 'Redigera memot Arbetshypotes' }).click()
  await editor(page).getByLabel('Text (Markdown)').fill('Sparad på vägen ut.')
  await nav.getByRole('link', { name: 'Katalog' }).click()
  await unsavedDialog(page).getByRole('button', { name: 'Spara', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  const id = await memoId(page)
  expect((await pageInvoke(page)('notes:list', { filter: { kind: 'memo' } })).flatMap((e) => (e.kind === 'memo' ? [e.memo.body] : []))).toEqual([
    'Sparad på vägen ut.',
  ])
  expect(await pageInvoke(page)('drafts:get', { kind: 'memo', target: id })).toBeNull()

  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
  await page.getByRole('button', { name: 'Redigera memot Arbetshypotes' }).click()
  await editor(page).getByLabel('Text (Markdown)').fill('Ett infall att glömma.')
  await expect(editor(page).getByText('Utkast sparat')).toBeVisible()
  await nav.getByRole('link', { name: 'Katalog' }).click()
  await unsavedDialog(page).getByRole('button', { name: 'Kasta', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  expect(await pageInvoke(page)('drafts:get', { kind: 'memo', target: id })).toBeNull()
})

async function memoId(page: Page): Promise<string> {
  const entries = await pageInvoke(page)('notes:list', { filter: { kind: 'memo' } })
  const memo = entries.find((e) => e.kind === 'memo')
  if (!memo || memo.kind !== 'memo') throw new Error('no memo')
  return memo.memo.id
}

test('a new memo not saved before a reload is waiting under "Fortsätt på det osparade memot"', async ({ page, openApp }) => {
  await openProjectMemo(page, openApp)
  const memos = page.getByRole('region', { name: 'Projektmemon' })
  await memos.getByRole('button', { name: /^Nytt memo/ }).click()
  const fresh = page.getByRole('form', { name: /^Nytt memo om/ })
  await fresh.getByLabel('Rubrik').fill('Till intervjuerna')
  await fresh.getByLabel('Text (Markdown)').fill('Fråga vem som formulerar språket.')
  await expect(fresh.getByText('Utkast sparat')).toBeVisible()

  await page.reload()
  await memos.getByRole('button', { name: /^Fortsätt på det osparade memot/ }).click()
  await expect(fresh.getByRole('status').filter({ hasText: 'Återställde ett osparat utkast från' })).toBeVisible()
  await expect(fresh.getByLabel('Rubrik')).toHaveValue('Till intervjuerna')
  await expect(fresh.getByLabel('Text (Markdown)')).toHaveValue('Fråga vem som formulerar språket.')

  // Thrown away from the notice: the editor is empty again and nothing waits any more.
  await fresh.getByRole('button', { name: 'Kasta utkastet' }).click()
  await expect(fresh.getByLabel('Text (Markdown)')).toHaveValue('')
  await fresh.getByRole('button', { name: 'Avbryt' }).click()
  await expect(memos.getByRole('button', { name: /^Nytt memo/ })).toBeVisible()
  expect(await pageInvoke(page)('drafts:get', { kind: 'memo-new', target: 'project:' })).toBeNull()
})
