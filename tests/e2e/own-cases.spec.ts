// The researcher's own cases: created in a form with the same fields as the bundled ones, edited and deleted
// from their page; bundled cases stay read-only but take own attributes.
import type { Page } from '@playwright/test'
import { expect, test } from './bridge'

const NAME = 'Testbädd för välfärdsteknik i Luleå'

async function pickOption(page: Page, field: string, typed: string, option: RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: field })
  await input.fill(typed)
  await page.getByRole('option', { name: option }).click()
  await expect(input).toHaveValue('')
}

test('an own case: created in the form, in the catalogue and on its page, edited, then deleted', async ({ page, openApp }) => {
  await openApp('#/katalog')
  await expect(page.getByRole('heading', { level: 1, name: 'Katalog' })).toBeVisible()
  await page.getByRole('button', { name: 'Nytt fall' }).click()

  const dialog = page.getByRole('dialog', { name: 'Nytt fall' })
  await expect(dialog.getByRole('textbox', { name: 'Namn' })).toBeFocused()
  // Saving without a name says what is missing, and nothing is created.
  await dialog.getByRole('button', { name: 'Skapa fall' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('Ge fallet ett namn.')

  await dialog.getByRole('radio', { name: 'Program' }).check()
  await dialog.getByRole('textbox', { name: 'Namn' }).fill(NAME)
  await dialog.getByRole('textbox', { name: 'Sammanfattning' }).fill('Kommunen och regionen prövar digital tillsyn i hemtjänsten.')
  await dialog.getByRole('textbox', { name: 'Startår' }).fill('2022')
  await dialog.getByRole('textbox', { name: 'Slutår' }).fill('2024')
  await dialog.getByRole('textbox', { name: 'Teman' }).fill('välfärdsteknik\näldreomsorg')
  await dialog.getByRole('textbox', { name: 'Finansiärer' }).fill('Vinnova')

  // Organisations by typing: the keyboard picks the first suggestion, the mouse a named one.
  const orgField = dialog.getByRole('combobox', { name: 'Lägg till organisation' })
  await orgField.fill('Region Norrbotten')
  await expect(orgField).toHaveAttribute('aria-expanded', 'true')
  await orgField.press('ArrowDown')
  await orgField.press('Enter')
  await pickOption(page, 'Lägg till organisation', 'Luleå', /^Luleå, Kommun/)
  await expect(dialog.getByRole('combobox', { name: 'Roll för Region Norrbotten' })).toHaveValue('ägare')
  await expect(dialog.getByRole('combobox', { name: 'Roll för Luleå' })).toHaveValue('partner')
  await dialog.getByRole('combobox', { name: 'Roll för Luleå' }).selectOption('ägare')
  await pickOption(page, 'Lägg till relaterat fall', 'Kiruna', /^Innovationsplattform Kiruna/)

  await dialog.getByRole('button', { name: 'Skapa fall' }).click()
  await expect(page).toHaveURL(/#\/fall\/own-case-/)
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible()
  await expect(page.getByText('Eget fall')).toBeVisible()
  await expect(page.getByText('2022–2024')).toBeVisible()
  const orgs = page.locator('ul.orgs > li')
  await expect(orgs.filter({ hasText: 'Luleå' })).toContainText('ägare')
  await expect(orgs.filter({ hasText: 'Region Norrbotten' })).toContainText('ägare')
  await expect(page.getByRole('link', { name: 'Innovationsplattform Kiruna' }).first()).toBeVisible()
  await expect(page.getByRole('link', { name: 'välfärdsteknik', exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'äldreomsorg', exact: true })).toBeVisible()

  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Katalog' }).click()
  const card = page.getByRole('article').filter({ has: page.getByRole('link', { name: NAME }) })
  await expect(card).toContainText('Program')
  await card.getByRole('link', { name: NAME }).click()

  await page.getByRole('button', { name: 'Redigera' }).click()
  const edit = page.getByRole('dialog', { name: `Redigera ${NAME}` })
  await expect(edit.getByRole('textbox', { name: 'Namn' })).toHaveValue(NAME)
  await expect(edit.getByRole('radio', { name: 'Program' })).toBeChecked()
  await expect(edit.getByRole('textbox', { name: 'Teman' })).toHaveValue('välfärdsteknik\näldreomsorg')
  await edit.getByRole('textbox', { name: 'Namn' }).fill(`${NAME} 2.0`)
  await edit.getByRole('textbox', { name: 'Slutår' }).fill('tjugo')
  await edit.getByRole('button', { name: 'Spara ändringar' }).click()
  await expect(edit.getByRole('alert')).toHaveText('Slutår ska vara ett årtal med fyra siffror.')
  await edit.getByRole('textbox', { name: 'Slutår' }).fill('2025')
  await edit.getByRole('button', { name: 'Spara ändringar' }).click()
  await expect(edit).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: `${NAME} 2.0` })).toBeVisible()
  await expect(page.getByText('2022–2025')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Redigera' })).toBeFocused()

  await page.getByRole('button', { name: 'Ta bort …' }).click()
  const confirm = page.getByRole('group', { name: /^Ta bort fallet/ })
  await confirm.getByRole('button', { name: 'Ja, ta bort fallet' }).click()
  await expect(page).toHaveURL(/#\/katalog$/)
  await expect(page.getByRole('alert').filter({ hasText: `Fallet ”${NAME} 2.0” togs bort.` })).toBeVisible()
  await expect(page.getByRole('link', { name: `${NAME} 2.0` })).toHaveCount(0)
})

test('a bundled case is read-only but takes own attributes', async ({ page, openApp }) => {
  await openApp('#/fall/innovationsplattform-kiruna')
  await expect(page.getByRole('heading', { level: 1, name: 'Innovationsplattform Kiruna' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Redigera' })).toHaveCount(0)

  const section = page.getByRole('region', { name: 'Egna attribut' })
  await expect(section).toContainText('Inga egna attribut ännu.')
  await section.getByRole('button', { name: 'Lägg till attribut' }).click()
  await expect(section.getByRole('textbox', { name: 'Namn på attribut 1' })).toBeFocused()
  await section.getByRole('textbox', { name: 'Namn på attribut 1' }).fill('Mognadsgrad')
  await section.getByRole('textbox', { name: 'Värde för Mognadsgrad' }).fill('tre')
  await section.getByRole('combobox', { name: 'Typ för Mognadsgrad' }).selectOption('Integer')
  await section.getByRole('button', { name: 'Spara attribut' }).click()
  await expect(section.getByRole('alert')).toHaveText('Mognadsgrad: ”tre” är inget heltal.')
  await section.getByRole('textbox', { name: 'Värde för Mognadsgrad' }).fill('3')
  await section.getByRole('button', { name: 'Lägg till attribut' }).click()
  await section.getByRole('textbox', { name: 'Namn på attribut 2' }).fill('Intervjuad')
  await section.getByRole('textbox', { name: 'Värde för Intervjuad' }).fill('2024-04-12')
  await section.getByRole('combobox', { name: 'Typ för Intervjuad' }).selectOption('Date')
  await section.getByRole('button', { name: 'Spara attribut' }).click()
  await expect(section.getByRole('status')).toHaveText('Sparat.')

  await page.reload()
  const reloaded = page.getByRole('region', { name: 'Egna attribut' })
  await expect(reloaded.getByRole('textbox', { name: 'Värde för Mognadsgrad' })).toHaveValue('3')
  await expect(reloaded.getByRole('combobox', { name: 'Typ för Mognadsgrad' })).toHaveValue('Integer')
  await expect(reloaded.getByRole('textbox', { name: 'Värde för Intervjuad' })).toHaveValue('2024-04-12')

  // Removing a row and saving removes the attribute.
  await reloaded.getByRole('button', { name: 'Ta bort Intervjuad' }).click()
  await reloaded.getByRole('button', { name: 'Spara attribut' }).click()
  await expect(reloaded.getByRole('status')).toHaveText('Sparat.')
  await page.reload()
  await expect(page.getByRole('region', { name: 'Egna attribut' }).getByRole('textbox', { name: /^Värde för/ })).toHaveCount(1)
})
