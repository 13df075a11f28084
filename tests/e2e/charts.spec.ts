import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect } from './bridge'

const SURVEY = 'scb-innovation-i-offentlig-sektor-2019-2020'
const TITLE = 'Andel som arbetar systematiskt med innovation (2019–2020)'

test('chart renders with its table alternative', async ({ page, openApp }) => {
  await openApp(`#/enkater/${SURVEY}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Innovation i offentlig sektor 2019–2020' })).toBeVisible()

  // The three populations' wordings ("8 av 10", "drygt 3 av 10") are one indicator: one chart.
  const chart = page.getByRole('img', { name: TITLE })
  await expect(chart).toHaveCount(1)
  await expect(chart).toBeVisible()
  await expect(chart).toHaveAccessibleDescription(
    /kommuner, central nivå: drygt 30 %; regioner, central nivå: 80 %; statliga myndigheter, central nivå: 60 %\. Streckade staplar är tal som källan inte anger exakt: ”drygt” = något mer än talet\./,
  )
  // Every bar carries its number as text, worded as the source words it; the one the source qualifies
  // ("drygt") is hatched, and the legend says what each look means.
  await expect(chart.locator('text.bar-value')).toHaveText(['drygt 30 %', '80 %', '60 %'])
  for (const fill of await chart.locator('rect[fill^="url(#"]').evaluateAll((els) => els.map((e) => e.getAttribute('fill')))) {
    expect(fill).toMatch(/^url\(#survey-chart-\d+-hatch\)$/)
  }
  // The kommun bar and its key in the legend.
  await expect(chart.locator('rect[fill^="url(#"]')).toHaveCount(2)
  await expect(chart.locator('.legend text')).toHaveText(['tal utan förbehåll', 'källan skriver ”drygt”'])

  const figure = page.getByRole('figure', { name: TITLE })
  await expect(figure.getByRole('link', { name: /webbutik\.skr\.se/ })).toBeVisible()

  // The table alternative, with the same numbers.
  const toggle = figure.getByRole('button', { name: 'Visa som tabell' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await toggle.click()
  await expect(figure.getByRole('button', { name: 'Dölj tabellen' })).toHaveAttribute('aria-expanded', 'true')
  const table = figure.getByRole('table', { name: 'Andel som arbetar systematiskt med innovation, 2019–2020' })
  await expect(table.getByRole('row')).toHaveText([
    /Population\s*Värde/,
    /kommuner, central nivå\s*drygt 30 %/,
    /regioner, central nivå\s*80 %/,
    /statliga myndigheter, central nivå\s*60 %/,
  ])

  // Downloads are made in the page: blob URLs with the right file names and types, and real files.
  const svgLink = figure.getByRole('link', { name: `Ladda ned SVG – diagrammet ${TITLE}` })
  const pngLink = figure.getByRole('link', { name: `Ladda ned PNG – diagrammet ${TITLE}` })
  await expect(svgLink).toHaveAttribute('download', /\.svg$/)
  await expect(svgLink).toHaveAttribute('type', 'image/svg+xml')
  await expect(svgLink).toHaveAttribute('href', /^(blob|data):/)
  await expect(pngLink).toHaveAttribute('download', /\.png$/)
  await expect(pngLink).toHaveAttribute('type', 'image/png')
  await expect(pngLink).toHaveAttribute('href', /^(blob|data):/)

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), svgLink.click()])
  const svgText = readFileSync((await svgDownload.path())!, 'utf8')
  expect(svgText).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
  expect(svgText).toContain('drygt 30 %')
  expect(svgText).toContain(TITLE)
  expect(svgText).toContain('Källa: webbutik.skr.se')
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), pngLink.click()])
  const png = readFileSync((await pngDownload.path())!)
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
})

test('Kolada import through the dialog shows a trend chart for Kiruna with the start year marked', async ({ page, openApp, bridge }) => {
  await openApp('#/jamfor?fall=innovationsplattform-kiruna,innovationsplattform-boras-norrby')
  const koladaRow = page.getByRole('row', { name: /^Kolada/ })
  await expect(koladaRow).toContainText('Ingen Kolada-data för fallets kommuner och regioner.')

  bridge.pickFiles = [resolve('tests/fixtures/kolada/values.json'), resolve('tests/fixtures/kolada/kpis.json')]
  await page.getByRole('button', { name: 'Importera Kolada-data' }).click()
  await expect(page.getByText('Importerade 6 värden för 3 organisationer och 1 nyckeltal (2015–2016).')).toBeVisible()

  const trend = koladaRow.getByRole('img', { name: 'Testindikator (påhittad) – Kiruna' })
  await expect(trend).toBeVisible()
  await expect(trend).toHaveAccessibleDescription(/Initiativet startade 2016\. 2015: 10,5, 2016: 12\./)
  await expect(trend.locator('.start-marker text')).toHaveText('start 2016')
  await expect(trend.locator('.start-marker line')).toHaveCount(1)
  // Region Norrbotten's only value is missing: said in words, not drawn as zero.
  await expect(koladaRow.getByText('Testindikator (påhittad): Inga värden för Region Norrbotten.')).toBeVisible()
  // Borås (1490) has no values in the file.
  await expect(koladaRow.getByRole('cell').nth(1)).toContainText('Ingen Kolada-data')
})

test('a Kolada file that cannot be read is refused with the reason, and nothing is imported', async ({ page, openApp, bridge }, testInfo) => {
  const bad = testInfo.outputPath('fel.json')
  writeFileSync(bad, JSON.stringify([{ kpi: 'N00001', municipality: '9999', period: 2016, values: [{ gender: 'T', value: 1 }] }]))
  await openApp('#/jamfor?fall=innovationsplattform-kiruna,innovationsplattform-boras-norrby')
  bridge.pickFiles = [bad]
  await page.getByRole('button', { name: 'Importera Kolada-data' }).click()
  await expect(page.getByText(/^Importen misslyckades: .*okänd kommun- eller regionkod "9999"/)).toBeVisible()
  await expect(page.getByRole('row', { name: /^Kolada/ })).toContainText('Ingen Kolada-data')
})
