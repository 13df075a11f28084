// A deterministic synthetic Swedish corpus for `npm run bench:search`: report sections of 150–400 words with a
// title, drawn from a ~38,000-form vocabulary (real domain words, generated Swedish-like stems with their
// inflections, and compounds joined with and without the linking -s-; ~40 % with å/ä/ö) at Zipf frequencies,
// with stop words, a few topic words repeated per section, and domain words ("innovation", "kommun", …) in
// most sections. Section i is the same at every size: the 1,000-section corpus is the start of the 10,000 one.
import type { SearchDocument } from '../../src/core/search/engine'
import { isStopWord } from '../../src/shared/search-options'

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rng = () => number
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T
const int = (rng: Rng, from: number, to: number): number => from + Math.floor(rng() * (to - from + 1))

// Real words of the domain: `head/compound-head: forms…`. The head is what the word becomes as the first part
// of a compound ("innovations-", "stads-"); it defaults to the first form.
const REAL_WORDS = `
innovation/innovations: innovation innovationen innovationer innovationerna innovationens
kommun: kommun kommunen kommuner kommunerna kommunens kommunernas
region: region regionen regioner regionerna regionens
utveckling/utvecklings: utveckling utvecklingen utvecklingar utvecklingens
samverkan/samverkans: samverkan samverkans
organisation/organisations: organisation organisationen organisationer organisationerna
strategi: strategi strategin strategier strategierna
plattform: plattform plattformen plattformar plattformarna
sluss: sluss slussen slussar slussarna
idé: idé idén idéer idéerna
fond: fond fonden fonder fonderna
stad/stads: stad staden städer städerna stadens
miljö: miljö miljön miljöer miljöerna
arena: arena arenan arenor arenorna
labb: labb labbet labben
motor: motor motorn motorer motorerna
klinik: klinik kliniken kliniker klinikerna
kraft: kraft kraften krafter
sektor: sektor sektorn sektorer sektorerna
politik: politik politiken politikens
statistik: statistik statistiken
kultur: kultur kulturen kulturer
ledning/lednings: ledning ledningen ledningar
ledare: ledare ledaren ledarna ledarens
förvaltning/förvaltnings: förvaltning förvaltningen förvaltningar förvaltningens
näringsliv/näringslivs: näringsliv näringslivet näringslivets
företag/företags: företag företaget företagen företagens
tjänst/tjänste: tjänst tjänsten tjänster tjänsterna
välfärd/välfärds: välfärd välfärden välfärdens
vård: vård vården vårdens
skola/skol: skola skolan skolor skolorna
omsorg/omsorgs: omsorg omsorgen
lösning/lösnings: lösning lösningen lösningar lösningarna
erfarenhet/erfarenhets: erfarenhet erfarenheten erfarenheter erfarenheterna
kunskap/kunskaps: kunskap kunskapen kunskaper kunskaperna
samarbete/samarbets: samarbete samarbetet samarbeten
digitalisering/digitaliserings: digitalisering digitaliseringen
hållbarhet/hållbarhets: hållbarhet hållbarheten
förnyelse: förnyelse förnyelsen
arbete/arbets: arbete arbetet arbeten arbetets
område/områdes: område området områden områdena
projekt: projekt projektet projekten projektets
stöd/stöd: stöd stödet stöden
system: system systemet systemen
program: program programmet programmen
nätverk: nätverk nätverket nätverken
samhälle/samhälls: samhälle samhället samhällen
behov: behov behovet behoven
förmåga: förmåga förmågan förmågor
upphandling/upphandlings: upphandling upphandlingen upphandlingar
finansiering/finansierings: finansiering finansieringen
forskning/forsknings: forskning forskningen forskningens
styrning/styrnings: styrning styrningen
mätning/mätnings: mätning mätningen mätningar
medborgare: medborgare medborgaren medborgarna
invånare: invånare invånaren invånarna
utmaning/utmanings: utmaning utmaningen utmaningar utmaningarna
effekt: effekt effekten effekter effekterna
resultat: resultat resultatet resultaten
modell: modell modellen modeller modellerna
verktyg: verktyg verktyget verktygen
kompetens: kompetens kompetensen kompetenser
personal: personal personalen
chef: chef chefen chefer cheferna
politiker: politiker politikern politikerna
län/läns: län länet länen
värde/värde: värde värdet värden
metod: metod metoden metoder metoderna
process: process processen processer processerna
resurs: resurs resursen resurser resurserna
aktör/aktörs: aktör aktören aktörer aktörerna
myndighet/myndighets: myndighet myndigheten myndigheter myndigheterna
verksamhet/verksamhets: verksamhet verksamheten verksamheter verksamheterna
förändring/förändrings: förändring förändringen förändringar förändringarna
test: test testet tester testerna
bädd: bädd bädden bäddar
pris: pris priset priser
vecka: vecka veckan veckor
barometer: barometer barometern barometrar
utveckla: utveckla utvecklar utvecklade utvecklande utvecklat
samverka: samverka samverkar samverkade samverkande
stödja: stödja stödjer stödde
skapa: skapa skapar skapade skapande skapat
främja: främja främjar främjade främjande
genomföra: genomföra genomför genomförde genomfört genomförande
förbättra: förbättra förbättrar förbättrade förbättring
finansiera: finansiera finansierar finansierade
undersöka: undersöka undersöker undersökte undersökning
hållbar: hållbar hållbara hållbart
offentlig: offentlig offentliga offentligt
digital: digital digitala digitalt
regional: regional regionala regionalt
lokal: lokal lokala lokalt
nationell: nationell nationella nationellt
gemensam: gemensam gemensamma gemensamt
systematisk: systematisk systematiska systematiskt
strategisk: strategisk strategiska strategiskt
innovativ: innovativ innovativa innovativt
attraktiv: attraktiv attraktiva attraktivt
långsiktig: långsiktig långsiktiga långsiktigt
kommunal: kommunal kommunala kommunalt
ekonomisk: ekonomisk ekonomiska ekonomiskt
effektiv: effektiv effektiva effektivt
öppen: öppen öppna öppet
`

/** Real compounds a researcher would look for; generated compounds add thousands more. */
const REAL_COMPOUNDS = `
innovationsplattform innovationsplattformen innovationsplattformar innovationsplattformarna
innovationssluss innovationsslussen innovationsslussar
idésluss idéslussen idéslussar idéslussarna
innovationsfond innovationsfonden innovationsfonder
innovationsarbete innovationsarbetet innovationsarbeten
kommunledning kommunledningen kommunledningar
utvecklingsarbete utvecklingsarbetet
samverkansprojekt samverkansprojektet samverkansprojekten
testbädd testbädden testbäddar testbäddarna
innovationsförmåga innovationsförmågan
innovationskultur innovationskulturen
förnyelsepris förnyelsepriset
hållbarhetsarbete hållbarhetsarbetet
välfärdsteknik välfärdstekniken
innovationsvecka innovationsveckan
innovationsbarometer innovationsbarometern
`

/** The domain words that occur in most sections, as in a real corpus of innovation reports. */
export const DOMAIN_WORDS = ['innovation', 'kommun', 'region', 'utveckling', 'samverkan'] as const

const STOP_WORDS = [
  'och', 'i', 'att', 'det', 'som', 'en', 'på', 'är', 'av', 'för', 'med', 'till', 'den', 'har', 'de', 'inte', 'om',
  'ett', 'var', 'men', 'så', 'vi', 'kan', 'från', 'eller', 'också', 'under', 'efter', 'mellan', 'genom', 'där', 'hur',
  'vid', 'mot', 'när', 'sina', 'sin', 'sitt', 'alla', 'detta', 'dessa', 'andra', 'mycket', 'mer', 'kommer', 'ska',
  'skulle', 'blir', 'finns', 'både', 'inom', 'utan', 'samt', 'flera', 'olika', 'enligt', 'även', 'än', 'över',
].filter((w) => isStopWord(w))

const ONSETS = ['b', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'bl', 'br', 'dr', 'fl', 'fr',
  'gl', 'gr', 'kl', 'kr', 'pl', 'pr', 'sk', 'sl', 'sm', 'sn', 'sp', 'st', 'str', 'sv', 'tr', 'sj', 'skr', 'spr', 'kv', 'gn']
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'y', 'a', 'e', 'i', 'o', 'a', 'e']
const DIACRITIC_VOWELS = ['å', 'ä', 'ö', 'ä']
const CODAS = ['n', 'r', 'l', 's', 't', 'k', 'm', 'ng', 'nd', 'rt', 'st', 'll', 'kt', 'rk', 'lk', 'nn', 'mm', 'tt',
  'ns', 'gg', 'ft', 'rd', 'lv', 'rm']
/** Inflection classes of generated stems: the suffixes a noun, verb or adjective takes. */
const INFLECTIONS = [
  ['', 'en', 'ar', 'arna', 'ens'],
  ['', 'en', 'er', 'erna', 'ens'],
  ['', 'et', 'en', 'ets', 'ena'],
  ['a', 'an', 'or', 'orna'],
  ['a', 'ar', 'ade', 'ande', 'are', 'at'],
  ['', 'a', 't', 'are', 'aste'],
]
/** Share of generated stems given an å, ä or ö; compounds of two stems get one more often. */
const DIACRITIC_SHARE = 0.24
const GENERATED_STEMS = 2300
const TARGET_FORMS = 38_000

interface Lexeme {
  head: string
  forms: string[]
  kind: 'real' | 'simple' | 'compound'
}

export interface Vocabulary {
  /** Every form, most frequent first (Zipf rank order). */
  forms: string[]
  kinds: Lexeme['kind'][]
  /** Cumulative Zipf weights, for sampling a rank. */
  cumulative: Float64Array
  /** Forms of each domain word. */
  domain: string[][]
  formSet: Set<string>
}

function generatedStem(rng: Rng): string {
  const syllables = rng() < 0.45 ? 1 : rng() < 0.85 ? 2 : 3
  let word = ''
  for (let s = 0; s < syllables; s++) {
    const onset = s === 0 && rng() < 0.2 ? '' : pick(rng, ONSETS)
    const coda = s === syllables - 1 || rng() < 0.5 ? pick(rng, CODAS) : ''
    word += onset + pick(rng, VOWELS) + coda
  }
  if (rng() < DIACRITIC_SHARE) {
    const vowels = [...word].flatMap((c, i) => ('aeiouy'.includes(c) ? [i] : []))
    const at = vowels.length ? pick(rng, vowels) : -1
    if (at >= 0) word = word.slice(0, at) + pick(rng, DIACRITIC_VOWELS) + word.slice(at + 1)
  }
  return word.replace(/(.)\1\1+/g, '$1$1')
}

function chooseForms(rng: Rng, stem: string, suffixes: string[]): string[] {
  const n = Math.min(int(rng, 3, 5), new Set(suffixes).size)
  const chosen = new Set<string>([suffixes[0] as string])
  while (chosen.size < n) chosen.add(pick(rng, suffixes))
  return [...chosen].map((s) => stem + s)
}

/** The vocabulary: the same for every corpus size. */
export function buildVocabulary(seed = 20_240_917): Vocabulary {
  const rng = mulberry32(seed)
  const lexemes: Lexeme[] = []
  const seen = new Set<string>()
  const add = (lexeme: Lexeme): void => {
    const forms = lexeme.forms.filter((f) => !seen.has(f) && !isStopWord(f))
    if (forms.length === 0) return
    for (const f of forms) seen.add(f)
    lexemes.push({ ...lexeme, forms })
  }
  for (const line of REAL_WORDS.trim().split('\n')) {
    const [name, list] = line.split(':') as [string, string]
    const forms = list.trim().split(/\s+/)
    add({ head: name.split('/')[1] ?? (forms[0] as string), forms, kind: 'real' })
  }
  for (const line of REAL_COMPOUNDS.trim().split('\n')) {
    const forms = line.trim().split(/\s+/)
    add({ head: forms[0] as string, forms, kind: 'compound' })
  }
  const realCount = lexemes.length
  const stems: { stem: string; suffixes: string[] }[] = []
  while (stems.length < GENERATED_STEMS) {
    const stem = generatedStem(rng)
    if (stem.length < 3 || stem.length > 9 || seen.has(stem)) continue
    const suffixes = pick(rng, INFLECTIONS)
    const before = lexemes.length
    add({ head: stem, forms: chooseForms(rng, stem, suffixes), kind: 'simple' })
    if (lexemes.length > before) stems.push({ stem, suffixes })
  }
  const formCount = (): number => lexemes.reduce((n, l) => n + l.forms.length, 0)
  let total = formCount()
  const realHeads = lexemes.slice(0, realCount).filter((l) => l.kind === 'real')
  while (total < TARGET_FORMS) {
    const head = rng() < 0.35 ? pick(rng, realHeads).head : pick(rng, stems).stem
    const link = /(tion|ning|het|else|ling|skap)$/.test(head) || (head.length > 3 && rng() < 0.3) ? 's' : ''
    let tailStem: string
    let suffixes: string[]
    if (rng() < 0.4) {
      const real = pick(rng, realHeads)
      tailStem = real.forms[0] as string
      suffixes = real.forms.map((f) => f.slice(tailStem.length)).filter((_, i) => real.forms[i]?.startsWith(tailStem))
    } else {
      const s = pick(rng, stems)
      tailStem = s.stem
      suffixes = s.suffixes
    }
    if (head === tailStem || suffixes.length === 0) continue
    const before = lexemes.length
    add({ head: head + link + tailStem, forms: chooseForms(rng, head + link + tailStem, suffixes), kind: 'compound' })
    if (lexemes.length > before) total += (lexemes.at(-1) as Lexeme).forms.length
  }

  // Zipf rank: real words first, then simple words, compounds mostly later.
  const entries: { form: string; kind: Lexeme['kind']; key: number }[] = []
  for (const l of lexemes) {
    const weight = l.kind === 'real' ? 0.04 : l.kind === 'simple' ? 1 : 2.5
    for (const form of l.forms) entries.push({ form, kind: l.kind, key: rng() * weight })
  }
  entries.sort((a, b) => a.key - b.key)
  const forms = entries.map((e) => e.form)
  const cumulative = new Float64Array(forms.length)
  let sum = 0
  for (let r = 0; r < forms.length; r++) cumulative[r] = sum += 1 / Math.pow(r + 2.7, 1.0)
  const domain = DOMAIN_WORDS.map((w) => lexemes.find((l) => l.forms[0] === w)?.forms ?? [w])
  return { forms, kinds: entries.map((e) => e.kind), cumulative, domain, formSet: new Set(forms) }
}

function zipfRank(rng: Rng, cumulative: Float64Array): number {
  const x = rng() * (cumulative[cumulative.length - 1] as number)
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((cumulative[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

const STOP_CUMULATIVE = (() => {
  const c = new Float64Array(STOP_WORDS.length)
  let sum = 0
  for (let r = 0; r < STOP_WORDS.length; r++) c[r] = sum += 1 / (r + 1)
  return c
})()

const capitalise = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1)

export interface Corpus {
  docs: SearchDocument[]
  vocabulary: Vocabulary
  /** Occurrences of each form (by rank) in titles and texts. */
  counts: Uint32Array
  words: number
  textBytes: number
}

const STOP_SHARE = 0.3
const TOPIC_SHARE = 0.2
const SECTIONS_PER_REPORT = 12

/** `size` sections; section i is the same whatever the size. */
export function generateCorpus(size: number, vocabulary = buildVocabulary(), seed = 7_301): Corpus {
  const rng = mulberry32(seed)
  const { forms, cumulative, domain } = vocabulary
  const counts = new Uint32Array(forms.length)
  const rank = new Map(forms.map((f, i) => [f, i]))
  const content = (): number => zipfRank(rng, cumulative)
  const docs: SearchDocument[] = []
  let words = 0
  let textBytes = 0
  let reportTitle = ''
  let year = 2010
  for (let i = 0; i < size; i++) {
    if (i % SECTIONS_PER_REPORT === 0) {
      reportTitle = capitalise(Array.from({ length: int(rng, 4, 8) }, () => forms[content()] as string).join(' '))
      year = int(rng, 2008, 2024)
    }
    const titleRanks = Array.from({ length: int(rng, 3, 8) }, content)
    const topic = Array.from({ length: 6 }, () => 100 + Math.floor(rng() * (forms.length / 4)))
    const length = int(rng, 150, 400)
    const tokens: string[] = []
    for (let k = 0; k < length; k++) {
      const r = rng()
      if (r < STOP_SHARE) tokens.push(STOP_WORDS[zipfRank(rng, STOP_CUMULATIVE)] as string)
      else tokens.push(forms[r < STOP_SHARE + TOPIC_SHARE * (1 - STOP_SHARE) ? pick(rng, topic) : content()] as string)
    }
    for (const domainForms of domain) {
      if (rng() >= 0.8) continue
      for (let n = int(rng, 1, 3); n > 0; n--) tokens[Math.floor(rng() * length)] = pick(rng, domainForms)
    }
    for (const t of tokens) {
      const r = rank.get(t)
      if (r !== undefined) counts[r] = (counts[r] as number) + 1
    }
    for (const r of titleRanks) counts[r] = (counts[r] as number) + 1
    // Sentences of 6–18 words, a comma now and then.
    let text = ''
    let sentence = 0
    let sentenceLength = int(rng, 6, 18)
    for (let k = 0; k < tokens.length; k++) {
      const word = tokens[k] as string
      text += sentence === 0 ? (k > 0 ? ' ' : '') + capitalise(word) : ` ${word}`
      sentence++
      if (sentence === sentenceLength || k === tokens.length - 1) {
        text += '.'
        sentence = 0
        sentenceLength = int(rng, 6, 18)
      } else if (rng() < 0.06) text += ','
    }
    const title = capitalise(titleRanks.map((r) => forms[r] as string).join(' '))
    words += length + titleRanks.length
    textBytes += Buffer.byteLength(text) + Buffer.byteLength(title)
    docs.push({
      id: `section:s${i}`,
      type: 'section',
      targetId: `s${i}`,
      title,
      name: title,
      text,
      tags: '',
      parentId: `r${Math.floor(i / SECTIONS_PER_REPORT)}`,
      parentTitle: reportTitle,
      parentType: 'report',
      year,
      counties: [],
      kommuner: [],
    })
  }
  return { docs, vocabulary, counts, words, textBytes }
}

export const QUERY_CLASSES = ['common', 'rare', 'two-words', 'prefix', 'misspelled', 'phrase'] as const
export type QueryClass = (typeof QUERY_CLASSES)[number]

export interface BenchQuery {
  /** As typed into the search box (MiniSearch side, through parseQuery). */
  q: string
  /** The analogous FTS5 MATCH expression. */
  fts: string
  /** For a misspelling: the word meant. */
  intended?: string
}

const WORD = /[\p{L}\p{N}]+/gu
const TYPO_LETTERS = 'abdefgiklmnoprstuvyåäö'

function misspell(rng: Rng, word: string): string {
  const chars = [...word]
  const at = int(rng, 1, chars.length - 1)
  switch (Math.floor(rng() * 4)) {
    case 0: // substitution
      chars[at] = pick(rng, [...TYPO_LETTERS].filter((c) => c !== chars[at]))
      break
    case 1: // deletion
      chars.splice(at, 1)
      break
    case 2: // insertion
      chars.splice(at, 0, pick(rng, [...TYPO_LETTERS]))
      break
    default: {
      // transposition of two neighbours
      const j = at === chars.length - 1 ? at - 1 : at
      ;[chars[j], chars[j + 1]] = [chars[j + 1] as string, chars[j] as string]
    }
  }
  return chars.join('')
}

/** ~`perClass` queries of each class, drawn deterministically from the corpus. */
export function drawQueries(corpus: Corpus, perClass = 200, seed = 99): Record<QueryClass, BenchQuery[]> {
  const rng = mulberry32(seed + corpus.docs.length)
  const { forms, formSet } = corpus.vocabulary
  const contentWords = (text: string): string[] => (text.toLowerCase().match(WORD) ?? []).filter((w) => !isStopWord(w))
  const randomDoc = (): SearchDocument => pick(rng, corpus.docs)
  const quote = (w: string): string => `"${w}"`

  const present = [...forms.keys()].filter((r) => (corpus.counts[r] as number) > 0)
  const byCount = [...present].sort((a, b) => (corpus.counts[b] as number) - (corpus.counts[a] as number) || a - b)
  const top = byCount.slice(0, 100)
  const tail = byCount.slice(Math.floor(byCount.length * 0.8))

  const repeat = (make: () => BenchQuery | null): BenchQuery[] => {
    const out: BenchQuery[] = []
    for (let guard = 0; out.length < perClass && guard < perClass * 50; guard++) {
      const q = make()
      if (q) out.push(q)
    }
    return out
  }
  return {
    common: repeat(() => {
      const w = forms[pick(rng, top)] as string
      return { q: `${w} `, fts: quote(w) }
    }),
    rare: repeat(() => {
      const w = forms[pick(rng, tail)] as string
      return { q: `${w} `, fts: quote(w) }
    }),
    'two-words': repeat(() => {
      const words = contentWords(randomDoc().text)
      const a = pick(rng, words)
      const b = pick(rng, words)
      return a === b ? null : { q: `${a} ${b} `, fts: `${quote(a)} ${quote(b)}` }
    }),
    prefix: repeat(() => {
      const w = pick(rng, contentWords(randomDoc().text).filter((x) => x.length >= 5))
      if (!w) return null
      const p = [...w].slice(0, rng() < 0.5 ? 3 : 4).join('')
      return { q: p, fts: `${quote(p)}*` }
    }),
    misspelled: repeat(() => {
      const w = pick(rng, contentWords(randomDoc().text).filter((x) => [...x].length >= 5))
      if (!w) return null
      const typo = misspell(rng, w)
      if (typo === w || formSet.has(typo) || isStopWord(typo)) return null
      return { q: `${typo} `, fts: quote(typo), intended: w }
    }),
    phrase: repeat(() => {
      const text = randomDoc().text
      const parts = text.split(/([^\p{L}\p{N}]+)/u)
      const starts: number[] = []
      for (let i = 0; i + 2 < parts.length; i += 2) {
        const a = (parts[i] as string).toLowerCase()
        const b = (parts[i + 2] as string).toLowerCase()
        if (parts[i + 1] === ' ' && a && b && !isStopWord(a) && !isStopWord(b)) starts.push(i)
      }
      if (starts.length === 0) return null
      const i = pick(rng, starts)
      const phrase = `${(parts[i] as string).toLowerCase()} ${(parts[i + 2] as string).toLowerCase()}`
      return { q: `"${phrase}"`, fts: `"${phrase}"` }
    }),
  }
}
