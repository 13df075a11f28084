// A comparison an evaluator might have built: Kiruna's and Borås's platforms beside Region Västerbotten's
// innovation clinics, with highlights on the cases' own texts (summary and facts count for their case) and
// two cell summaries in Swedish. For scripts/screenshots.ts; runs after seedResearch, whose Kiruna highlights
// it builds on.
import { KIRUNA, highlightPhrase, type Invoke } from './seed'

export const BORAS = 'innovationsplattform-boras-norrby'
export const VASTERBOTTEN = 'region-vasterbotten-innovationskliniker'
export const COMPARED = [KIRUNA, BORAS, VASTERBOTTEN]

export async function seedComparison(invoke: Invoke): Promise<void> {
  await invoke('preferences:set', { author: 'Åsa Öberg' })
  const kirunaPilot = (await invoke('highlights:forEntity', { entityId: KIRUNA })).find((h) =>
    h.codes.some((c) => c.id === 'starter-fas-pilot'),
  )
  const kirunaBridge = await highlightPhrase(
    invoke,
    { type: 'fact', id: `${KIRUNA}#f4` },
    'bryggar över traditionella förvaltnings- och organisationsgränser',
    ['starter-leda-och-organisera', 'starter-fas-pilot'],
  )
  await highlightPhrase(invoke, { type: 'fact', id: `${KIRUNA}#f8` }, 'Kiruna kommun, Tekniska Verken och Kirunabostäder arbetar tillsammans', [
    'starter-naringsliv-upphandling',
  ])
  const borasLab = await highlightPhrase(
    invoke,
    { type: 'summary', id: BORAS },
    'där stadsdelen Norrby fungerade som living lab för social, ekologisk och ekonomisk hållbar stadsutveckling',
    ['starter-fas-pilot'],
    'Norrby som testmiljö – men hur mycket styrde invånarna?',
  )
  await highlightPhrase(invoke, { type: 'summary', id: BORAS }, 'breddades arbetet till hela staden', ['starter-fas-spridning'])
  await highlightPhrase(invoke, { type: 'summary', id: BORAS }, 'stärka stadens innovationskapacitet', ['starter-stodjande-strukturer'])
  await highlightPhrase(
    invoke,
    { type: 'fact', id: `${BORAS}#f3` },
    'ett living lab och en workshopmetodik för kommun, näringsliv, forskning och medborgare utvecklades',
    ['starter-naringsliv-upphandling', 'starter-fas-pilot'],
  )
  await highlightPhrase(invoke, { type: 'summary', id: VASTERBOTTEN }, 'något nytt, nyttigt och nyttiggjort', ['starter-synen-pa-innovation'])
  await highlightPhrase(invoke, { type: 'summary', id: VASTERBOTTEN }, 'etablerade 2017–2018 tre innovationskliniker', ['starter-fas-inforande'])
  await highlightPhrase(
    invoke,
    { type: 'summary', id: VASTERBOTTEN },
    'i partnerskap med medarbetare, akademi, näringsliv och andra offentliga aktörer',
    ['starter-naringsliv-upphandling'],
  )

  await invoke('compare:summary', {
    caseId: KIRUNA,
    codeId: 'starter-fas-pilot',
    text: 'Piloten prövade nya sätt att fånga idéer över förvaltnings- och bolagsgränser; stadsflytten gav ett tydligt varför.',
    highlightIds: [...(kirunaPilot ? [kirunaPilot.id] : []), kirunaBridge.id],
  })
  await invoke('compare:summary', {
    caseId: BORAS,
    codeId: 'starter-fas-pilot',
    text: 'Norrby var ett living lab där kommun, högskola och invånare prövade lösningar tillsammans.',
    highlightIds: [borasLab.id],
  })
}
