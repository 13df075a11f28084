// A colleague's coding of the same report, as their own project exported to REFI-QDA: some passages coded
// as Åsa Öberg coded them (seed.ts), some with other codes, one she did not code. Used by the team pictures
// and tests, merged into the fixture's project like any colleague's file.
import path from 'node:path'
import { openTestAtlas } from './bridge'
import { tempDir } from './io-fixtures'
import { coreInvoke, highlightPhrase, REPORT, SECTION_S4 } from './seed'

export const COLLEAGUE = 'Björn Ek'

/** Writes Björn Ek's project as a .qdpx file and returns its path. */
export async function colleagueProject(): Promise<string> {
  const file = path.join(tempDir(), 'Björn Ek – idéslussar.qdpx')
  const colleague = openTestAtlas({ pickSavePath: () => file })
  try {
    const invoke = coreInvoke(colleague.atlas)
    await invoke('preferences:set', { author: COLLEAGUE })
    // The same passage and codes as Åsa Öberg.
    await highlightPhrase(
      invoke,
      { type: 'section', id: SECTION_S4 },
      'det inte räcker att arbeta med kulturen; det behövs också strukturer och systematik för att ta hand om idéer',
      ['starter-stodjande-strukturer', 'starter-kultur-och-attityder'],
    )
    await highlightPhrase(invoke, { type: 'section', id: `${REPORT}#s3` }, 'ett gemensamt språk som gör det lättare att dra åt samma håll', ['starter-synen-pa-innovation'])
    // The same passage, one code of two.
    await highlightPhrase(
      invoke,
      { type: 'section', id: `${REPORT}#s5` },
      'innovationsarbetet behöver hållas ihop både på strategisk nivå, med ledning och inriktning, och i det operativa arbetet',
      ['starter-leda-och-organisera'],
    )
    // The same passage, another code.
    await highlightPhrase(invoke, { type: 'section', id: `${REPORT}#s2` }, 'Vinnova finansierade tolv sådana 2016–2020', ['starter-fas-inforande'])
    const exported = await invoke('export:notes', { format: 'qdpx' })
    if (exported.cancelled) throw new Error('The colleague’s export was cancelled')
    return file
  } finally {
    colleague.close()
  }
}
