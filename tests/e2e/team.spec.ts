// A team round in the app: a colleague's REFI-QDA project is previewed (new codes, documents, highlights per
// coder) and merged, and the agreement between the two coders is read per code.
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from './bridge'
import { tempDir } from './io-fixtures'
import { pageInvoke, REPORT, seedResearch } from './seed'
import { COLLEAGUE, colleagueProject } from './team-seed'

test('merge a colleague’s project after a preview, then read the agreement per code', async ({ page, openApp, bridge }) => {
  await openApp('#/team')
  await expect(page.getByRole('heading', { level: 1, name: 'Team och överensstämmelse' })).toBeVisible()
  // Before any colleague's work is in: one coder at most, and the way to bring one in.
  await expect(page.getByText(/^Projektet har 0 kodare\./)).toBeVisible()

  await seedResearch(pageInvoke(page))
  // Hand out: the project for coders, without the lead's codings unless asked for.
  await expect(page.getByRole('checkbox', { name: 'Ta med befintliga kodningar' })).not.toBeChecked()
  bridge.savePath = path.join(tempDir(), 'utdelning.qdpx')
  await page.getByRole('button', { name: 'Dela ut som REFI-QDA …' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Sparades i' })).toContainText('utdelning.qdpx')
  expect(fs.statSync(bridge.savePath).size).toBeGreaterThan(0)

  bridge.pickFiles = [await colleagueProject()]
  await page.getByRole('link', { name: 'Slå ihop under Importera och exportera' }).click()
  await page.getByRole('button', { name: 'Välj REFI-QDA-fil …' }).click()
  const preview = page.getByRole('group', { name: 'Det här läggs till i projektet' })
  await expect(preview).toContainText('Inga nya koder')
  await expect(preview).toContainText('Inga nya dokument')
  await expect(preview.getByRole('listitem')).toHaveText([`${COLLEAGUE}: 4 nya, 0 finns redan`])
  await page.getByRole('button', { name: 'Importera', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Importerat' })).toBeVisible()
  // The way back: the merge is one undo step, and the project as it was is also copied aside first.
  await expect(page.getByText('Importen är ett enda steg: Ångra (Ctrl+Z) tar tillbaka allt den ändrade, så länge appen är öppen.')).toBeVisible()
  await expect(page.getByText(/^Projektet som det var före importen sparades också som .*-före-sammanslagning-.*\.sqlite i mappen säkerhetskopior/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Återställ kopian från före importen …' })).toBeVisible()
  const history = page.getByRole('group', { name: 'Ångra och gör om' })
  const undo = history.getByRole('button', { name: /^Ångra/ })
  await expect(undo).toHaveAttribute('title', `Ångra: Importera "${path.basename(bridge.pickFiles[0]!)}"`)
  const colleagueHighlights = () => pageInvoke(page)('notes:list', { filter: { author: COLLEAGUE } }).then((rows) => rows.length)
  expect(await colleagueHighlights()).toBe(4)
  await undo.click()
  await expect(page.getByRole('status').filter({ hasText: /^Ångrade: Importera/ })).toBeVisible()
  expect(await colleagueHighlights()).toBe(0)
  await history.getByRole('button', { name: /^Gör om/ }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Gjorde om: Importera/ })).toBeVisible()
  expect(await colleagueHighlights()).toBe(4)

  // The report shows both coders' highlights; the reader can show one coder's at a time.
  await page.goto(page.url().replace(/#.*$/, `#/rapporter/${REPORT}`))
  const marks = page.locator(`[data-text-target="section:${REPORT}#s2"] mark`)
  await expect(marks).not.toHaveCount(0)
  const filter = page.getByRole('combobox', { name: 'Visa markeringar av' })
  await expect(filter.getByRole('option')).toHaveText(['alla kodare (2)', 'Björn Ek', 'Åsa Öberg'])
  // Each mark lists the highlights it shows: both coders' on the same passages, then one coder's only.
  const shownIds = async () => new Set((await page.locator('mark').evaluateAll((els) => els.map((e) => e.getAttribute('data-highlight-ids') ?? ''))).flatMap((v) => v.split(' ')).filter(Boolean))
  const everyone = await shownIds()
  await filter.selectOption(COLLEAGUE)
  await expect.poll(async () => (await shownIds()).size).toBe(4)
  const his = await shownIds()
  await filter.selectOption('Åsa Öberg')
  await expect.poll(async () => [...(await shownIds())].some((id) => his.has(id))).toBe(false)
  await filter.selectOption('')
  await expect.poll(async () => (await shownIds()).size).toBe(everyone.size)
  expect(everyone.size).toBeGreaterThan(4)

  await page.goto(page.url().replace(/#.*$/, '#/team'))
  const coders = page.getByRole('group', { name: 'Kodare' })
  await expect(coders.getByRole('checkbox')).toHaveCount(2)
  await expect(coders.getByRole('checkbox', { name: `${COLLEAGUE} (4 markeringar)` })).toBeChecked()
  await page.getByRole('button', { name: 'Beräkna överensstämmelse' }).click()
  const table = page.getByRole('region', { name: 'Överensstämmelse' }).getByRole('table')
  // Four passages coded by both: the same codes on two, a different combination on the other two.
  const overall = table.getByRole('row', { name: /^Totalt/ })
  await expect(overall.getByRole('cell')).toHaveText(['0,462', 'inte tillförlitlig', '0,429', '50 %', '4'])
  await expect(table.getByRole('row', { name: /^Spridning/ }).getByRole('cell')).toHaveText(['0,000', 'inte tillförlitlig', '0,000', '0 %', '1'])
  await expect(page.getByText(/^Kodare: Björn Ek, Åsa Öberg\. Enhet: Kodade avsnitt, 1 dokument\. Beräknat /)).toBeVisible()

  // The disagreements of the report, side by side: two passages coded differently.
  const disagreements = page.getByRole('list', { name: 'Oenigheter' })
  await expect(page.getByRole('status').filter({ hasText: /^Oenigheter:/ })).toHaveText('Oenigheter: 2, varav avgjorda: 0.')
  const items = disagreements.locator(':scope > li')
  await expect(items).toHaveCount(2)
  const first = items.first()
  await expect(first.getByText('Inte kodat')).toHaveCount(0)
  await expect(first.locator('.coder').filter({ hasText: 'Åsa Öberg' })).toContainText('Spridning')
  await expect(first.locator('.coder').filter({ hasText: COLLEAGUE })).toContainText('Införande')
  // J moves to the next disagreement, K back.
  await first.getByRole('link').focus()
  await page.keyboard.press('j')
  await expect(items.nth(1)).toBeFocused()
  await page.keyboard.press('k')
  await expect(first).toBeFocused()
  // Accept Björn Ek's coding: the unit is settled and leaves the list of open ones; the coders' highlights stay.
  await first.getByRole('checkbox', { name: `Godta ${COLLEAGUE}s kodning` }).check()
  await first.getByRole('button', { name: 'Spara konsensus' }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Oenigheter:/ })).toHaveText('Oenigheter: 2, varav avgjorda: 1.')
  await expect(items).toHaveCount(1)
  await expect(items.first()).toBeFocused()
  await page.getByRole('checkbox', { name: 'Visa bara oavgjorda' }).uncheck()
  await expect(items.first()).toContainText('Konsensus: Införande')
  await expect(overall.getByRole('cell')).toHaveText(['0,462', 'inte tillförlitlig', '0,429', '50 %', '4'])

  // Kept in the project for the method chapter, and as CSV.
  await page.getByRole('button', { name: 'Spara i projektet' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Beräkningen sparades' })).toBeVisible()
  const keptList = page.getByRole('region', { name: 'Sparade beräkningar' }).getByRole('listitem')
  await expect(keptList).toHaveCount(1)
  await expect(keptList.first()).toContainText('Björn Ek, Åsa Öberg, Kodade avsnitt, α 0,462')
  bridge.savePath = path.join(tempDir(), 'överensstämmelse.csv')
  await page.getByRole('button', { name: 'Exportera som CSV …' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Exporterades till' })).toContainText('överensstämmelse.csv')
  expect(fs.readFileSync(bridge.savePath, 'utf8')).toMatch(/\r\n;Totalt;0\.4615\d*;unreliable;;0\.4285\d*;0\.5;4;segment;Björn Ek \| Åsa Öberg;0\.9;missing;/)

  // Another unit of analysis: every section of the report is a unit.
  await page.getByRole('radio', { name: /^Dokumentavsnitt/ }).check()
  await page.getByRole('button', { name: 'Beräkna överensstämmelse' }).click()
  await expect(page.getByText(/Enhet: Dokumentavsnitt, 1 dokument/)).toBeVisible()
  await expect(overall.getByRole('cell').last()).not.toHaveText('4')
})
