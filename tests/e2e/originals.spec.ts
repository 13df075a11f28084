import { test, expect } from './bridge'
import { MEETING_MD, tempDir, writeFile } from './io-fixtures'

test('a bundled report says its texts are paraphrases, links the original and takes the downloaded original', async ({ page, openApp, bridge }) => {
  await openApp('#/rapporter/skr-att-starka-innovationsformagan')
  await expect(page.getByRole('heading', { level: 1, name: /^Att stärka innovationsförmågan/ })).toBeVisible()
  const notice = page.getByRole('complementary', { name: 'Om texterna på sidan' })
  await expect(notice).toContainText('Sammanfattning med egna ord av källan — inte ett citat.')

  await notice.getByRole('link', { name: /Läs originalet/ }).click()
  await expect.poll(() => bridge.openedLinks.length).toBe(1)
  expect(bridge.openedLinks[0]).toMatch(/^https:\/\/rapporter\.skr\.se\//)

  // The researcher downloaded the original; it is attached to the report and can be read, coded and searched.
  bridge.pickFiles = [writeFile(tempDir(), 'originalet.md', MEETING_MD)]
  await notice.getByRole('button', { name: 'Lägg till originalet …' }).click()
  await expect(notice.getByRole('status')).toContainText('Lade till Möte om idéslussen i Kiruna')
  const link = notice.getByRole('link', { name: 'Möte om idéslussen i Kiruna' })
  await expect(link).toBeVisible()
  await link.click()
  await expect(page.getByRole('heading', { level: 1, name: 'Möte om idéslussen i Kiruna' })).toBeVisible()
  // The researcher's own document is an original: no paraphrase notice on it.
  await expect(page.getByRole('complementary', { name: 'Om texterna på sidan' })).toHaveCount(0)
})

test('the notes view exports what it shows, and offers to open the file', async ({ page, openApp, bridge }) => {
  await openApp('#/anteckningar')
  await expect(page.getByRole('heading', { level: 1, name: 'Anteckningar' })).toBeVisible()
  const bar = page.getByRole('region', { name: 'Exportera det du ser' })
  await expect(bar).toContainText('Exportera alla anteckningar:')
  bridge.savePath = `${tempDir()}/urval.csv`
  await bar.getByRole('button', { name: 'Som CSV …' }).click()
  await expect(bar.getByRole('button', { name: 'Öppna urval.csv' })).toBeVisible()
  await expect(bar.getByRole('button', { name: 'Visa urval.csv i mappen' })).toBeVisible()
})
