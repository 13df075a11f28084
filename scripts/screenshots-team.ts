// The team pictures for scripts/screenshots.ts: a colleague's project in the merge preview, and the agreement
// table once it is merged.
import { seedResearch, type Invoke } from '../tests/e2e/seed'
import { colleagueProject } from '../tests/e2e/team-seed'
import { chooseFiles, type IoShot } from './screenshots-io'

let seeded = false
let merged = false

/** Forgets the seeding above, for a second pass over a fresh atlas. */
export function resetTeamShots(): void {
  seeded = false
  merged = false
}

async function seedOnce(invoke: Invoke): Promise<void> {
  if (seeded) return
  seeded = true
  // The research seeded elsewhere may already be there; the team pictures need it once.
  const coders = await invoke('team:coders', {})
  if (coders.length === 0) await seedResearch(invoke)
  chooseFiles([await colleagueProject()])
}

export const TEAM_SHOTS: IoShot[] = [
  {
    file: 'team-merge.png',
    hash: '#/importera-exportera',
    heading: 'Importera och exportera',
    prepare: seedOnce,
    act: async (page) => {
      await page.getByRole('button', { name: 'Välj REFI-QDA-fil …' }).click()
      const preview = page.getByRole('group', { name: 'Det här läggs till i projektet' })
      await preview.waitFor()
      await preview.evaluate((el) => el.closest('section')?.scrollIntoView({ block: 'start' }))
      await page.waitForTimeout(200)
    },
  },
  {
    file: 'agreement.png',
    hash: '#/team',
    heading: 'Team och överensstämmelse',
    prepare: async (invoke) => {
      await seedOnce(invoke)
      if (merged) return
      merged = true
      const inspection = await invoke('refi:inspect', {})
      if (inspection.cancelled) throw new Error('No colleague file to merge')
      await invoke('refi:import', { token: inspection.token })
    },
    // The settings, the table and the disagreements under it: one picture of the whole page.
    fullPage: true,
    act: async (page) => {
      await page.getByRole('button', { name: 'Beräkna överensstämmelse' }).click()
      await page.getByRole('heading', { level: 2, name: 'Överensstämmelse', exact: true }).waitFor()
      await page.getByRole('list', { name: 'Oenigheter' }).locator(':scope > li').first().waitFor()
      await page.waitForTimeout(200)
    },
  },
]
