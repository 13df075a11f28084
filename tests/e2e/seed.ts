// Seeding the researcher's work (author, highlights, memos) through the real core, for the codebook and notes
// specs and for scripts/screenshots.ts. In a spec the calls go through the page's window.api, exactly as the
// app's own would; the screenshot script calls the core directly.
import type { Page } from '@playwright/test'
import type { Channel, Input, Output, Result } from '../../src/shared/api'
import { errorText } from '../../src/shared/errors'
import type { Highlight, Memo, MemoTargetType, TextTargetType } from '../../src/shared/domain'

export type Invoke = <C extends Channel>(channel: C, input: Input<C>) => Promise<Output<C>>

function unwrap<T>(channel: string, result: Result<T>): T {
  if (!result.ok) throw new Error(`${channel}: ${errorText(result.error)}`)
  return result.value
}

/** Calls the core through the page's bridge (the page must have loaded the app). */
export function pageInvoke(page: Page): Invoke {
  return async <C extends Channel>(channel: C, input: Input<C>) => {
    const result = await page.evaluate(
      ([c, i]) => (window.api as unknown as Record<string, (input: unknown) => Promise<unknown>>)[c]!(i),
      [channel, input] as const,
    )
    return unwrap(channel, result as Result<Output<C>>)
  }
}

/** Calls a core object directly (anything with the Atlas `invoke`). */
export function coreInvoke(core: { invoke(channel: Channel, input: unknown): Promise<Result<unknown>> }): Invoke {
  return async <C extends Channel>(channel: C, input: Input<C>) =>
    unwrap(channel, (await core.invoke(channel, input)) as Result<Output<C>>)
}

export const REPORT = 'skr-att-starka-innovationsformagan'
export const SECTION_S4 = `${REPORT}#s4`

async function targetText(invoke: Invoke, type: TextTargetType, id: string): Promise<string> {
  if (type === 'section') {
    const report = await invoke('reports:get', { id: id.split('#')[0]! })
    const section = report.sections.find((s) => s.id === id)
    if (!section) throw new Error(`no section ${id}`)
    return section.text
  }
  const entityId = type === 'summary' ? id : id.split('#')[0]!
  const detail = await invoke('cases:get', { id: entityId })
  if (type === 'summary') return detail.summary
  const fact = detail.facts.find((f) => f.id === id)
  if (!fact) throw new Error(`no fact ${id}`)
  return fact.text
}

/** Highlights `phrase` where it first occurs in the text; offsets are code points. */
export async function highlightPhrase(
  invoke: Invoke,
  target: { type: TextTargetType; id: string },
  phrase: string,
  codeIds: string[],
  note?: string,
): Promise<Highlight> {
  const text = await targetText(invoke, target.type, target.id)
  const at = text.indexOf(phrase)
  if (at < 0) throw new Error(`"${phrase}" is not in ${target.id}`)
  const start = [...text.slice(0, at)].length
  const end = start + [...phrase].length
  return invoke('highlights:create', { target, start, end, codeIds, ...(note ? { note } : {}) })
}

export function writeMemo(
  invoke: Invoke,
  type: MemoTargetType,
  id: string | null,
  title: string,
  body: string,
): Promise<Memo> {
  return invoke('memos:create', { target: { type, id }, title, body })
}

export const KIRUNA = 'innovationsplattform-kiruna'

/** A morning's work by one evaluator: highlights on report sections and a case, memos on a case, a code, the project. */
export async function seedResearch(invoke: Invoke): Promise<void> {
  await invoke('preferences:set', { author: 'Åsa Öberg' })
  await writeMemo(
    invoke,
    'case',
    KIRUNA,
    'Kiruna: plattform eller projekt?',
    'Stadsflytten ger ett ovanligt tydligt *varför*. Oklart om arbetssätten lever kvar när Vinnovastödet tar slut.\n\n- Intervjua projektledningen på Tekniska Verken\n- Jämför med Future by Lund',
  )
  await writeMemo(
    invoke,
    'code',
    'starter-stodjande-strukturer',
    'Avgränsning mot Leda och organisera',
    'Använd *Stödjande strukturer* för processer och verktyg; ledningens mandat kodas som *Leda och organisera*.',
  )
  await writeMemo(
    invoke,
    'project',
    null,
    'Arbetshypotes för uppföljningen',
    'Idéslussar som överlever projekttiden har **både** en fast struktur för att ta emot idéer och ledare som efterfrågar dem.',
  )
  await highlightPhrase(
    invoke,
    { type: 'section', id: SECTION_S4 },
    'det inte räcker att arbeta med kulturen; det behövs också strukturer och systematik för att ta hand om idéer',
    ['starter-stodjande-strukturer', 'starter-kultur-och-attityder'],
    'Rapportens kärna: struktur **och** kultur behövs. Jämför med Kiruna, där idéerna länge saknade en fast mottagare.',
  )
  await highlightPhrase(
    invoke,
    { type: 'section', id: `${REPORT}#s3` },
    'ett gemensamt språk som gör det lättare att dra åt samma håll',
    ['starter-synen-pa-innovation'],
    'Återkommer i flera kommuner. Fråga i intervjuerna: *vem* formulerar språket?',
  )
  await highlightPhrase(
    invoke,
    { type: 'section', id: `${REPORT}#s5` },
    'innovationsarbetet behöver hållas ihop både på strategisk nivå, med ledning och inriktning, och i det operativa arbetet',
    ['starter-strategiskt-operativt', 'starter-leda-och-organisera'],
  )
  await highlightPhrase(
    invoke,
    { type: 'section', id: `${REPORT}#s2` },
    'Vinnova finansierade tolv sådana 2016–2020',
    ['starter-fas-spridning'],
    'Kontrollera antalet mot Vinnovas projektdatabas.',
  )
  await highlightPhrase(
    invoke,
    { type: 'fact', id: `${KIRUNA}#f6` },
    'nästa fas skulle bygga ett innovationssystem inom kommunkoncernen',
    ['starter-fas-inforande', 'starter-stodjande-strukturer'],
    'Steget från pilot till system – följ upp vad som finns kvar efter 2022.',
  )
  await highlightPhrase(
    invoke,
    { type: 'summary', id: KIRUNA },
    'prövar nya metoder för att fånga idéer och samverka över förvaltnings- och bolagsgränser',
    ['starter-fas-pilot'],
  )
}
