// Swedish text analysis and MiniSearch options: one module shared by index build, persisted load, queries and
// tests. Change anything here → bump SEARCH_FORMAT → the saved index is rebuilt, never loaded with other options.
import { stemmer } from '@orama/stemmers/swedish'
import { swe as swedishStopWords } from 'stopword'

// 2: documents store their parent's type (parentType), so a hit says which page it opens.
// 3: the researcher's imported documents left the saved index for the library index (FTS5, in the project).
export const SEARCH_FORMAT = 3

/**
 * The format of the library index (FTS5, in the project file): bump it with any change to what
 * `analyseLibraryText` writes, and every project's library is re-indexed in the background when it opens.
 */
// 2: a heading's folded terms in `title`, not in `folded`, so a phrase never spans heading and text.
export const LIBRARY_FORMAT = 2

/** Field names of a search document and their weight in ranking. */
// `parts` is not a field of the document: it re-reads name, text and tags and indexes only the parts of
// compounds, so "plattform" finds "innovationsplattformar" but ranks below a document that says "plattform".
export const SEARCH_FIELDS = ['name', 'text', 'tags', 'parts'] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]
export const FIELD_BOOST: Record<SearchField, number> = { name: 3, text: 1, tags: 1.5, parts: 0.5 }

const STOP_WORDS = new Set(swedishStopWords)

/** Domain words that compounds are split against even where the corpus never uses them on their own. */
const SEED_VOCABULARY = [
  'innovation', 'plattform', 'sluss', 'idé', 'fond', 'arbete', 'pris', 'stad', 'städer', 'utveckling', 'kommun',
  'region', 'strategi', 'system', 'ledning', 'ledare', 'kultur', 'upphandling', 'förmåga', 'projekt', 'program',
  'process', 'miljö', 'arena', 'labb', 'motor', 'klinik', 'vecka', 'barometer', 'kraft', 'stöd', 'samverkan',
  'förnyelse', 'hållbar', 'verksamhet', 'sektor', 'forskning', 'mätning', 'statistik', 'område', 'politik',
]

/** å/ä/ö (and é, ü) folded to a/o/e/u so that "hallbar" still finds "hållbar". */
export function fold(term: string): string {
  return term.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
}

/**
 * Snowball's Swedish stemmer is not idempotent ("hållbara" → "hållbar", but "hållbar" → "hållb"), so a word
 * and its inflected form can land on different stems. Stemming twice brings both to the same term.
 */
export function stem(word: string): string {
  return stemmer(stemmer(word))
}

/** Words of a text, lower-cased, in order; stop words are kept here and dropped by `analyseWord`. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word)
}

/** The vocabulary compounds are split against: stems of words of four letters or more. */
export class Vocabulary {
  private readonly stems = new Set<string>()

  constructor(stems: Iterable<string> = []) {
    for (const s of SEED_VOCABULARY) this.stems.add(stem(s))
    for (const s of stems) this.stems.add(s)
  }

  addText(text: string): void {
    for (const word of tokenize(text)) if (word.length >= 4 && !isStopWord(word)) this.stems.add(stem(word))
  }

  has(stemmed: string): boolean {
    return this.stems.has(stemmed)
  }

  toJSON(): string[] {
    return [...this.stems].sort()
  }
}

const MIN_PART = 4
/** A head may be three letters ("idé-slussar") but only when the vocabulary knows it. */
const MIN_HEAD = 3

/**
 * Splits a Swedish compound against the vocabulary, longest known tail first, recursing into the head:
 * "innovationsplattformar" → ["plattform", "innovation"]. The linking -s- ("innovations-") is dropped.
 * Why vocabulary splitting rather than n-grams: it indexes real words only, so "plattform" finds
 * "innovationsplattformar" without "latt" finding it too, and the index stays small.
 */
export function compoundParts(word: string, vocabulary: Vocabulary): string[] {
  if (word.length < MIN_HEAD + MIN_PART) return []
  for (let i = MIN_HEAD; i <= word.length - MIN_PART; i++) {
    const tail = stem(word.slice(i))
    if (tail.length < MIN_PART - 1 || !vocabulary.has(tail)) continue
    let head = word.slice(0, i)
    if (head.endsWith('s') && head.length > MIN_PART) head = head.slice(0, -1)
    const headStem = stem(head)
    const headKnown = vocabulary.has(headStem)
    const deeper = compoundParts(head, vocabulary)
    if (!headKnown && deeper.length === 0) continue
    return [tail, ...(headKnown ? [headStem] : []), ...deeper]
  }
  return []
}

/**
 * Index terms for one word: its stem and the stem folded. Returns [] for stop words. Exact and folded forms
 * both live in the index, so a query in correct spelling matches twice and ranks above a folded-only match.
 */
export function analyseWord(word: string): string[] {
  if (isStopWord(word)) return []
  const base = stem(word)
  return base === fold(base) ? [base] : [base, fold(base)]
}

/** Index terms for the `parts` field: the compound's parts, exact and folded. */
export function analyseCompound(word: string, vocabulary: Vocabulary): string[] {
  if (isStopWord(word)) return []
  const terms = new Set<string>()
  for (const part of compoundParts(word, vocabulary)) {
    terms.add(part)
    terms.add(fold(part))
  }
  return [...terms]
}

/** Query terms for one typed word: the stem and its folded form (no compound splitting: the whole word is indexed too). */
export function queryTerms(word: string): string[] {
  const base = stem(word.normalize('NFC').toLowerCase())
  return [...new Set([base, fold(base)])]
}

/**
 * How many edits a typed word may be from a word of the index: none below four letters (short words have too
 * many neighbours), one from four, two from eight. A swap of two neighbouring letters counts as one edit.
 */
export function editsFor(word: string): number {
  const length = [...word].length
  return length >= 8 ? 2 : length >= 4 ? 1 : 0
}

/**
 * A text as the library index (FTS5) stores it, one analysed column per kind of term, every column a
 * space-separated list of terms. `exact` and `folded` keep every word in order, stop words included, so that a
 * phrase matches word for word; `parts` holds the parts of compounds (no order: parts are never phrases).
 * Compounds are split against the fixed seed vocabulary, so a word's parts do not depend on what else the
 * library holds and the analysis of a word can be cached.
 */
export interface LibraryText {
  exact: string
  folded: string
  parts: string
}

const LIBRARY_VOCABULARY = new Vocabulary()

export function analyseLibraryText(text: string, cache: Map<string, LibraryWord> = new Map()): LibraryText {
  const exact: string[] = []
  const folded: string[] = []
  const parts: string[] = []
  for (const word of tokenize(text)) {
    let analysed = cache.get(word)
    if (!analysed) {
      const base = stem(word)
      analysed = { stem: base, folded: fold(base), parts: isStopWord(word) ? [] : analyseCompound(word, LIBRARY_VOCABULARY) }
      // Bounded: a cache the size of a language, not of a library.
      if (cache.size > 200_000) cache.clear()
      cache.set(word, analysed)
    }
    exact.push(analysed.stem)
    folded.push(analysed.folded)
    for (const part of analysed.parts) parts.push(part)
  }
  return { exact: exact.join(' '), folded: folded.join(' '), parts: parts.join(' ') }
}

export interface LibraryWord {
  stem: string
  folded: string
  parts: string[]
}
