// The import and export pictures for scripts/screenshots.ts: a multi-file import caught mid-way, and the
// export panel with its options and a result that names what the format could not carry. The files are made
// at run time (tests/e2e/io-fixtures.ts) and "chosen" through the core's dialog hooks below.
import path from 'node:path'
import type { Page } from '@playwright/test'
import type { BridgeRecord, TestAtlasOptions } from '../tests/e2e/bridge'
import { MEETING_MD, slowDocx, tempDir, writeFile } from '../tests/e2e/io-fixtures'
import { seedResearch, type Invoke } from '../tests/e2e/seed'

const chosen = { files: [] as string[], savePath: null as string | null }
/** Lets replies held back for a picture through. */
let releaseHeld: (() => void) | null = null

/** What the next open dialog "chooses" (absolute paths), for pictures in other modules. */
export function chooseFiles(files: string[]): void {
  chosen.files = files
}

/** Pass to openTestAtlas: what the import and save dialogs "choose" for the pictures below. */
export const ioDialogs: TestAtlasOptions = {
  pickFiles: () => chosen.files,
  pickSavePath: () => chosen.savePath,
}

export interface IoShot {
  file: string
  hash: string
  heading: string
  prepare?: (invoke: Invoke) => Promise<void>
  act: (page: Page, record: BridgeRecord) => Promise<void>
  /** The whole page, not only the window: for a view whose parts belong in one picture. */
  fullPage?: boolean
}

async function importMidway(page: Page, record: BridgeRecord): Promise<void> {
  const dir = tempDir()
  const section = (heading: string, text: string) => [{ heading, text }]
  chosen.files = [
    writeFile(dir, 'Slutrapport Innovationsslussen 2023.docx', await slowDocx('Slutrapport Innovationsslussen', section('Sammanfattning', 'Slussen tog emot 140 idéer.'))),
    writeFile(
      dir,
      'Utvärdering av testbädden för välfärdsteknik i Norrbotten – delrapport 2 (reviderad version efter styrgruppens synpunkter).docx',
      await slowDocx('Utvärdering av testbädden', section('Resultat', 'Fler brukare fick digital tillsyn.')),
    ),
    writeFile(dir, 'Intervju projektledare Kiruna.docx', await slowDocx('Intervju med projektledaren', section('Frågor', 'Hur började arbetet?'))),
    writeFile(dir, 'Protokoll styrgrupp 2024-03-14.docx', await slowDocx('Protokoll', section('Närvarande', 'Åsa, Örjan och Pär.'))),
    writeFile(dir, 'Minnesanteckningar workshop.md', MEETING_MD),
  ]
  // Polling is paused once the page has been told that a file after the first is being read: everything after
  // that (further polls, the finished import) waits until the picture is taken.
  let frozen = false
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  record.afterReply = (channel, _input, result) => {
    if (channel === 'documents:import') return gate
    if (channel !== 'documents:status') return
    if (frozen) return gate
    const value = (result as { ok: boolean; value?: { running: boolean; progress: { index: number } | null } }).value
    if (value?.running && value.progress && value.progress.index >= 1) frozen = true
  }

  const attach = page.getByRole('combobox', { name: 'Koppla till fall (valfritt)' })
  await attach.fill('Kiruna')
  await page.getByRole('option', { name: /^Innovationsplattform Kiruna/ }).click()
  await page.getByRole('button', { name: 'Välj dokument att importera …' }).click()
  await page.getByRole('progressbar', { name: /^Fil \d av 5: / }).waitFor()
  await page.getByRole('heading', { level: 3, name: 'Dokument' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.mouse.move(0, 0)
  await page.waitForTimeout(200)
  releaseHeld = release
}

async function exportResult(page: Page): Promise<void> {
  chosen.savePath = path.join(tempDir(), 'innovationsatlas-2024-05-02.qdpx')
  await page.getByRole('radio', { name: /^REFI-QDA-projekt/ }).check()
  await page.getByRole('checkbox', { name: 'Radslut för MAXQDA (CRLF)' }).check()
  await page.getByRole('button', { name: 'Exportera anteckningar …' }).click()
  await page.getByRole('region', { name: /^Exporterat: / }).waitFor()
  await page.getByRole('group', { name: 'Avgränsare i CSV-filer' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.mouse.move(0, 0)
  await page.waitForTimeout(200)
}

async function backupChecked(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Kontrollera databasen' }).click()
  await page.getByRole('status').filter({ hasText: 'Databasen är hel' }).waitFor()
  await page.getByRole('button', { name: 'Säkerhetskopiera …' }).evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.mouse.move(0, 0)
  await page.waitForTimeout(200)
}

export const IO_SHOTS: IoShot[] = [
  { file: 'import.png', hash: '#/importera-exportera', heading: 'Importera och exportera', act: importMidway },
  {
    file: 'export.png',
    hash: '#/importera-exportera',
    heading: 'Importera och exportera',
    prepare: async (invoke) => {
      if ((await invoke('notes:list', { filter: {} })).length === 0) await seedResearch(invoke)
    },
    act: exportResult,
  },
  { file: 'backup.png', hash: '#/importera-exportera', heading: 'Importera och exportera', act: backupChecked },
]

/** Called after each picture: lets a held-back import finish on the page, so it closes on a quiet core. */
export async function afterShot(page: Page): Promise<void> {
  if (!releaseHeld) return
  releaseHeld()
  releaseHeld = null
  await page.getByRole('heading', { name: 'Resultat av importen' }).waitFor()
}
