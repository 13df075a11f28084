import type { Locator, Page } from '@playwright/test'
import { APP_URL, bridgeAtlas, openTestAtlas, test, expect } from './bridge'
import type { Result } from '../../src/shared/api'
import { errorText } from '../../src/shared/errors'

const REPORT = 'skr-att-starka-innovationsformagan'
const REPORT_URL = `#/rapporter/${REPORT}`
const PILOT = 'rgb(253, 126, 20)' // starter code "Pilot", #fd7e14
const KULTUR = 'rgb(245, 159, 0)' // starter code "Kultur och attityder", #f59f00
const IDE = 'rgb(250, 176, 5)' // starter code "Idé", #fab005

const section = (page: Page, heading: string): Locator => page.getByRole('region', { name: heading })
const textOf = (region: Locator): Locator => region.locator('[data-text-target]')

async function openReport(page: Page, openApp: (hash?: string) => Promise<void>): Promise<void> {
  await openApp(REPORT_URL)
  await expect(page.getByRole('heading', { level: 1, name: /^Att stärka innovationsförmågan/ })).toBeVisible()
  await expect(textOf(section(page, 'Förord'))).toBeVisible()
}

/** Drags the real mouse from the first to the last character of `phrase` inside `block`. */
async function dragOver(page: Page, block: Locator, phrase: string): Promise<void> {
  await block.scrollIntoViewIfNeeded()
  const box = await block.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted)
      if (at < 0) continue
      const charRect = (i: number) => {
        const r = document.createRange()
        r.setStart(node, i)
        r.setEnd(node, i + 1)
        return r.getBoundingClientRect()
      }
      const first = charRect(at)
      const last = charRect(at + wanted.length - 1)
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 }
    }
    throw new Error(`"${wanted}" is not in one text node of the block`)
  }, phrase)
  await page.mouse.move(box.x1, box.y1)
  await page.mouse.down()
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 5 })
  await page.mouse.move(box.x2, box.y2, { steps: 5 })
  await page.mouse.up()
}

type Api = Record<string, (input: unknown) => Promise<Result<unknown>>>

/** Calls the core through the same bridge the app uses; for setting up a page, not for what is under test. */
async function core<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    ([c, i]) => (window as unknown as { api: Api }).api[c as string]!(i),
    [channel, input] as const,
  )
  if (!result.ok) throw new Error(`${channel}: ${errorText(result.error)}`)
  return result.value as T
}

test('a passage selected with the mouse is coded with an existing and a new code, with a note, and stays after a reload', async ({
  page,
  openApp,
}) => {
  await openReport(page, openApp)
  const forord = textOf(section(page, 'Förord'))
  const phrase = 'god service med begränsade resurser'
  await dragOver(page, forord, phrase)

  await page.getByRole('button', { name: 'Koda', exact: true }).click()
  const popup = page.getByRole('dialog', { name: 'Koda markering' })
  await expect(popup).toBeVisible()
  await expect(popup.getByRole('blockquote')).toHaveText(phrase)
  const codeField = popup.getByRole('combobox', { name: 'Kod' })
  await expect(codeField).toBeFocused()

  // Type-ahead on an existing code: its path is shown, Enter takes the best match.
  await codeField.fill('pilo')
  await expect(popup.getByRole('option', { name: /Pilot/ }).first()).toContainText('Innovationens fas')
  await codeField.press('Enter')
  await expect(popup.getByRole('list', { name: 'Valda koder' })).toContainText('Pilot')
  // A name no code has: Enter makes it a new code.
  await codeField.fill('Lärande i vardagen')
  await expect(popup.getByRole('option', { name: 'Ny kod: ”Lärande i vardagen”' })).toBeVisible()
  await codeField.press('Enter')
  await expect(popup.getByRole('list', { name: 'Valda koder' })).toContainText('Lärande i vardagen')
  await popup.getByRole('textbox', { name: /Anteckning/ }).fill('Resursbristen är **drivkraften** här.')
  await popup.getByRole('button', { name: 'Spara' }).click()

  // A fresh database has no author yet: the name is asked for, and then the highlight is saved.
  const author = page.getByRole('dialog', { name: 'Ditt namn' })
  await expect(author).toContainText('Ditt namn – skrivs på varje markering och memo')
  await author.getByRole('textbox', { name: 'Namn' }).fill('Anna Följeforskare')
  await author.getByRole('button', { name: 'Spara och fortsätt' }).click()
  await expect(popup).toBeHidden()
  await expect(author).toBeHidden()

  const mark = forord.locator('mark', { hasText: phrase })
  await expect(mark).toHaveText(phrase)
  await expect(mark).toHaveAccessibleName(/Pilot/)
  await expect(mark).toHaveAccessibleName(/Lärande i vardagen/)

  // Stored where it was selected: code points of the section's stored text.
  const [stored] = await core<{ start: number; end: number; quote: string; author: string }[]>(
    page,
    'highlights:forEntity',
    { entityId: REPORT },
  )
  const sectionText = (await forord.textContent())!
  expect(stored).toMatchObject({ quote: phrase, author: 'Anna Följeforskare' })
  expect(stored!.start).toBe([...sectionText.slice(0, sectionText.indexOf(phrase))].length)
  expect(stored!.end - stored!.start).toBe([...phrase].length)

  await page.reload()
  const again = textOf(section(page, 'Förord')).locator('mark', { hasText: phrase })
  await expect(again).toHaveText(phrase)
  expect(await again.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain(PILOT)
  // The block's text is still exactly the stored text, marks included.
  expect(await textOf(section(page, 'Förord')).textContent()).toBe(sectionText)

  await again.hover()
  const tooltip = page.getByRole('tooltip')
  await expect(tooltip).toContainText('Pilot')
  await expect(tooltip).toContainText('Lärande i vardagen')
  await expect(tooltip.locator('strong')).toHaveText('drivkraften')
  await page.mouse.move(5, 5)
  await expect(tooltip).toBeHidden()
  await again.focus()
  await expect(tooltip).toContainText('Resursbristen är drivkraften här.')

  // Opened, it shows who made it and when.
  await again.press('Enter')
  const panel = page.getByRole('dialog', { name: 'Markering' })
  await expect(panel).toContainText('Av Anna Följeforskare')
  await expect(panel).toContainText(/skapad \d/)
  await panel.getByRole('button', { name: 'Stäng' }).click()
  await expect(again).toBeFocused()
})

test('a selection across two texts is refused with a message', async ({ page, openApp }) => {
  await openReport(page, openApp)
  const from = textOf(section(page, 'Förord'))
  const to = textOf(section(page, 'Inledning och innovationsförmåga – bakgrund'))
  await to.scrollIntoViewIfNeeded()
  const a = await from.boundingBox()
  const b = await to.boundingBox()
  await page.mouse.move(a!.x + 40, a!.y + 8)
  await page.mouse.down()
  await page.mouse.move(b!.x + 80, b!.y + 8, { steps: 8 })
  await page.mouse.up()
  await expect(page.getByRole('alert')).toContainText('Markera inom ett stycke i taget')
  await expect(page.getByRole('button', { name: 'Koda', exact: true })).toHaveCount(0)
})

test('keyboard only: sentence selection, type-ahead coding, then undo and redo with the keyboard', async ({
  page,
  openApp,
}) => {
  await openReport(page, openApp)
  const heading = 'Inledning och innovationsförmåga – bakgrund'
  const first =
    'Inledningen placerar kommunernas förnyelsebehov i ett sammanhang av klimatkris, snabb digitalisering och ökade krav från medborgarna.'
  const second = 'Den förklarar vad en idésluss är och att Vinnova finansierade tolv sådana 2016–2020.'

  // From the table of contents to the section, then Tab into its text.
  await page.getByRole('navigation', { name: 'Avsnitt' }).getByRole('link', { name: heading }).focus()
  await page.keyboard.press('Enter')
  await expect(section(page, heading).getByRole('heading', { level: 3 })).toBeFocused()
  await page.keyboard.press('Tab')
  const block = textOf(section(page, heading))
  await expect(block).toBeFocused()
  await expect(page.locator('#reader-keys-hint')).toBeVisible()
  await expect(page.locator('#reader-keys-hint')).toContainText('nästa/föregående mening')

  const selected = block.locator('[data-selected]')
  await page.keyboard.press('ArrowRight')
  await expect(selected).toHaveText(first)
  await page.keyboard.press('ArrowRight')
  await expect(selected).toHaveText(second)
  await page.keyboard.press('ArrowLeft')
  await expect(selected).toHaveText(first)
  await page.keyboard.press('Shift+ArrowRight')
  await expect(selected).toHaveText([first, second].join(' '), { useInnerText: false })
  await page.keyboard.press('Shift+ArrowLeft')
  await expect(selected).toHaveText(first)
  await page.keyboard.press('Shift+ArrowRight')

  await page.keyboard.press('k')
  const popup = page.getByRole('dialog', { name: 'Koda markering' })
  await expect(popup.getByRole('combobox', { name: 'Kod' })).toBeFocused()
  await page.keyboard.type('idé')
  await page.keyboard.press('Enter')
  await expect(popup.getByRole('list', { name: 'Valda koder' })).toContainText('Idé')
  await page.keyboard.press('Control+Enter')

  const author = page.getByRole('dialog', { name: 'Ditt namn' })
  await expect(author.getByRole('textbox', { name: 'Namn' })).toBeFocused()
  await page.keyboard.type('Karl Utvärderare')
  await page.keyboard.press('Enter')
  await expect(popup).toBeHidden()

  const mark = block.locator('mark')
  await expect(mark).toHaveText(`${first} ${second}`)
  expect(await mark.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain(IDE)
  // Focus is back in the text, so the next passage can be selected at once.
  await expect(block).toBeFocused()
  await expect(page.getByRole('button', { name: /^Ångra/ })).toContainText('Markera "Inledningen')

  await page.keyboard.press('Control+z')
  await expect(page.getByRole('status').filter({ hasText: 'Ångrade: Markera "Inledningen' })).toBeVisible()
  await expect(block.locator('mark')).toHaveCount(0)
  await page.keyboard.press('Control+Shift+Z')
  await expect(page.getByRole('status').filter({ hasText: 'Gjorde om: Markera "Inledningen' })).toBeVisible()
  await expect(block.locator('mark')).toHaveText(`${first} ${second}`)
  await page.keyboard.press('Control+z')
  await expect(block.locator('mark')).toHaveCount(0)
  await page.keyboard.press('Control+y')
  await expect(block.locator('mark')).toHaveCount(1)
})

test('overlapping highlights show both colours and each opens; delete is undoable', async ({ page, openApp }) => {
  await openReport(page, openApp)
  const forord = textOf(section(page, 'Förord'))
  const text = (await forord.textContent())!
  const outer = 'leverera god service med begränsade resurser'
  const inner = 'begränsade resurser och en åldrande befolkning'
  const at = (s: string): number => [...text.slice(0, text.indexOf(s))].length
  await core(page, 'preferences:set', { author: 'Anna' })
  const target = { type: 'section', id: `${REPORT}#s1` }
  await core(page, 'highlights:create', { target, start: at(outer), end: at(outer) + outer.length, codeIds: ['starter-fas-pilot'], note: 'Yttre' })
  await core(page, 'highlights:create', {
    target,
    start: at(inner),
    end: at(inner) + inner.length,
    codeIds: ['starter-kultur-och-attityder'],
    note: 'Inre',
  })
  await page.reload()

  const both = forord.locator('mark', { hasText: /^begränsade resurser$/ })
  await expect(both).toHaveCount(1)
  const background = await both.evaluate((el) => getComputedStyle(el).backgroundImage)
  expect(background).toContain(PILOT)
  expect(background).toContain(KULTUR)
  const onlyOuter = forord.locator('mark', { hasText: /^leverera god service med $/ })
  const onlyInner = forord.locator('mark', { hasText: /^ och en åldrande befolkning$/ })
  expect(await onlyOuter.evaluate((el) => getComputedStyle(el).backgroundImage)).not.toContain(KULTUR)
  expect(await onlyInner.evaluate((el) => getComputedStyle(el).backgroundImage)).not.toContain(PILOT)

  // Each highlight opens on its own part; the shared part lists both.
  await onlyOuter.click()
  const panel = page.locator('.reader-panel')
  await expect(panel.getByRole('heading', { name: 'Markering' })).toBeVisible()
  await expect(panel.getByRole('blockquote')).toHaveText(outer)
  await expect(panel).toContainText('Yttre')
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()

  await onlyInner.click()
  await expect(panel.getByRole('blockquote')).toHaveText(inner)
  await page.keyboard.press('Escape')

  await both.focus()
  await page.keyboard.press('Enter')
  await expect(panel.getByRole('heading', { name: '2 markeringar här' })).toBeVisible()
  await expect(panel.getByRole('blockquote')).toHaveText([inner, outer])

  // Recode the inner one: add a code by type-ahead, remove its first one.
  const innerCard = panel.getByRole('article').first()
  await expect(innerCard).toContainText('Inre')
  await innerCard.getByRole('combobox', { name: 'Lägg till kod' }).fill('spridn')
  await innerCard.getByRole('combobox', { name: 'Lägg till kod' }).press('Enter')
  await expect(innerCard.getByRole('listitem').filter({ hasText: 'Spridning' })).toBeVisible()
  await innerCard.getByRole('button', { name: 'Ta bort koden Kultur och attityder' }).click()
  await expect(innerCard.getByRole('button', { name: 'Ta bort koden Kultur och attityder' })).toHaveCount(0)

  // Edit the outer one's note.
  const outerCard = panel.getByRole('article').nth(1)
  await expect(outerCard).toContainText('Yttre')
  await outerCard.getByRole('button', { name: 'Ändra anteckning' }).click()
  await outerCard.getByRole('textbox').fill('Yttre, omskriven')
  await outerCard.getByRole('button', { name: 'Spara anteckning' }).click()
  await expect(outerCard).toContainText('Yttre, omskriven')

  await outerCard.getByRole('button', { name: 'Ta bort markering' }).click()
  await expect(forord.locator('mark', { hasText: /leverera/ })).toHaveCount(0)
  await expect(page.getByRole('alert').filter({ hasText: 'Markeringen togs bort' })).toBeVisible()
  await page.getByRole('button', { name: 'Stäng', exact: true }).first().click()
  await page.getByRole('button', { name: /^Ångra/ }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Ångrade: Ta bort markeringen/ })).toBeVisible()
  await expect(forord.locator('mark', { hasText: /leverera/ })).toHaveCount(1)
})

test('a note with HTML or a remote image renders as text, never as markup or a request', async ({ page, openApp }) => {
  await openReport(page, openApp)
  const forord = textOf(section(page, 'Förord'))
  const text = (await forord.textContent())!
  const phrase = 'en åldrande befolkning'
  const start = [...text.slice(0, text.indexOf(phrase))].length
  await core(page, 'preferences:set', { author: 'Anna' })
  await core(page, 'highlights:create', {
    target: { type: 'section', id: `${REPORT}#s1` },
    start,
    end: start + phrase.length,
    codeIds: ['starter-fas-ide'],
    note: '<script>window.__xss = 1</script> <img src=x onerror="window.__xss = 2"> ![x](https://example.com/x.png)',
  })
  await page.reload()
  const mark = forord.locator('mark', { hasText: phrase })
  await mark.hover()
  const tooltip = page.getByRole('tooltip')
  await expect(tooltip).toContainText('<script>window.__xss = 1</script>')
  await expect(tooltip.locator('script, img')).toHaveCount(0)
  await mark.click()
  await expect(page.locator('.reader-panel')).toContainText('<img src=x')
  await expect(page.locator('.reader-panel img, .reader-panel script')).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  // The fixture also fails the test on any request outside the app (a rendered image would be one).
})

test('an orphaned highlight is listed with its quote and can be attached to new text', async ({ browser }) => {
  // Orphans come from a changed corpus text; here the core's row is marked directly, so this test opens its own
  // atlas instead of the fixture's.
  const testAtlas = openTestAtlas()
  const page = await browser.newPage()
  try {
    const record = await bridgeAtlas(page, testAtlas.atlas)
    await page.goto(`${APP_URL}${REPORT_URL}`)
    await expect(textOf(section(page, 'Förord'))).toBeVisible()
    const text = (await textOf(section(page, 'Förord')).textContent())!
    const phrase = 'en åldrande befolkning'
    const start = [...text.slice(0, text.indexOf(phrase))].length
    await core(page, 'preferences:set', { author: 'Anna' })
    const created = await core<{ id: string }>(page, 'highlights:create', {
      target: { type: 'section', id: `${REPORT}#s1` },
      start,
      end: start + phrase.length,
      codeIds: ['starter-fas-pilot'],
      note: 'Demografin som drivkraft',
    })
    testAtlas.atlas.db.prepare("UPDATE highlights SET status = 'orphan' WHERE id = ?").run(created.id)
    await page.reload()

    const box = page.getByRole('region', { name: 'Omatchade markeringar' })
    await expect(box).toContainText(phrase)
    await expect(box).toContainText('Pilot')
    await expect(box).toContainText('Demografin som drivkraft')
    await expect(textOf(section(page, 'Förord')).locator('mark')).toHaveCount(0)

    await box.getByRole('button', { name: 'Fäst på nytt' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Markera den text där' })).toBeVisible()
    // By keyboard: the first sentence of the next section.
    const block = textOf(section(page, 'Inledning och innovationsförmåga – bakgrund'))
    await block.focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await expect(box).toBeHidden()
    await expect(block.locator('mark')).toHaveText(/^Inledningen placerar .* medborgarna\.$/)
    await expect(page.getByRole('alert').filter({ hasText: 'Markeringen sitter nu på den nya texten' })).toBeVisible()
    expect(record.consoleErrors).toEqual([])
    expect(record.blockedRequests).toEqual([])
  } finally {
    await page.close()
    testAtlas.close()
  }
})
