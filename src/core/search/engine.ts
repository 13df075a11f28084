// The search index: MiniSearch with Swedish analysis, a term dictionary for completing the word being typed,
// and the query language applied on top. It knows nothing of the database: documents come in, ranked raw
// hits go out, and texts for phrases and snippets are asked for through `textOf`.
import MiniSearch, { type Query, type SearchResult } from 'minisearch'
import {
  analyseCompound,
  analyseWord,
  editsFor,
  FIELD_BOOST,
  fold,
  isStopWord,
  queryTerms,
  SEARCH_FIELDS,
  stem,
  tokenize,
  Vocabulary,
} from '../../shared/search-options'
import { Lexicon } from './lexicon'
import type { HitParentType } from '../../shared/domain'
import type { HitType, ParsedQuery } from '../../shared/search-query'

/** One searchable unit: a case, a fact, a report section, a survey value, an organisation … */
export interface SearchDocument {
  /** Unique in the index: `<type>:<targetId>`. */
  id: string
  type: HitType
  /** What opening the hit shows: the case, report, section, fact … id. */
  targetId: string
  /** What the hit is called in the results list (stored, not indexed). */
  title: string
  /** Indexed with the highest weight: a case's or organisation's name, a section's heading. Empty for facts. */
  name: string
  text: string
  tags: string
  parentId: string | null
  parentTitle: string | null
  /** Set whenever parentId is: which page the parent opens on. */
  parentType: HitParentType | null
  year: number | null
  /** County codes (two digits) the document is tied to. */
  counties: string[]
  /** Kommun codes (four digits) the document is tied to. */
  kommuner: string[]
}

type StoredFields = Omit<SearchDocument, 'name' | 'text' | 'tags'>
const STORED_FIELDS = ['type', 'targetId', 'title', 'parentId', 'parentTitle', 'parentType', 'year', 'counties', 'kommuner'] as const

/** Whole records outrank the passages inside them when both match equally well. */
const TYPE_BOOST: Record<HitType, number> = {
  initiative: 1.3,
  programme: 1.3,
  organisation: 1.25,
  report: 1.15,
  survey: 1.15,
  section: 1,
  document: 1,
  fact: 1,
  value: 1,
  highlight: 1,
  memo: 1,
  code: 1.2,
}

/** How many completions of the word being typed are searched: the most frequent ones. */
export const COMPLETIONS = 8
/** How many spellings near a misspelled word are searched: the nearest, then the most frequent. */
export const FUZZY_CANDIDATES = 12
const scaled = (weight: number): typeof FIELD_BOOST =>
  Object.fromEntries(Object.entries(FIELD_BOOST).map(([field, boost]) => [field, boost * weight])) as typeof FIELD_BOOST
// A completion or a near spelling is a guess at the word meant: it counts, but less than the word as typed.
const COMPLETION_BOOST = scaled(0.3)
const FUZZY_BOOST: Record<number, typeof FIELD_BOOST> = { 1: scaled(0.5), 2: scaled(0.25) }

export interface RawHit extends StoredFields {
  score: number
  /** Index terms that matched, for highlighting. */
  terms: string[]
}

export interface EngineFilter {
  types?: HitType[]
  counties?: string[]
  kommuner?: string[]
  years?: { from: number; to: number } | null
  /**
   * Only these hits (`kod:`: the highlights coded so and the texts that carry them), checked as MiniSearch
   * finds each one, so the others are never built or sorted.
   */
  only?: (type: HitType, targetId: string) => boolean
}

export interface PersistedIndex {
  mini: ReturnType<MiniSearch['toJSON']>
  vocabulary: string[]
  dictionary: [string, number][]
}

export class SearchEngine {
  private readonly wordCache = new Map<string, string[]>()
  private readonly compoundCache = new Map<string, string[]>()
  /** Terms of the document being added, collected by processTerm for the dictionary. */
  private collecting: Set<string> | null = null
  private readonly mini: MiniSearch<SearchDocument>

  private constructor(
    private readonly vocabulary: Vocabulary,
    private readonly dictionary: Lexicon,
    persisted?: PersistedIndex['mini'],
  ) {
    const options = this.options()
    this.mini = persisted ? MiniSearch.loadJS(persisted, options) : new MiniSearch(options)
  }

  /** Builds an index; the vocabulary for compound splitting is every word the documents use. */
  static build(documents: Iterable<SearchDocument>, onProgress?: (done: number) => void): SearchEngine {
    const docs = [...documents]
    const vocabulary = new Vocabulary()
    for (const d of docs) vocabulary.addText(`${d.name} ${d.text} ${d.tags}`)
    const engine = new SearchEngine(vocabulary, new Lexicon())
    docs.forEach((d, i) => {
      engine.add(d)
      if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1)
    })
    onProgress?.(docs.length)
    return engine
  }

  static load(persisted: PersistedIndex): SearchEngine {
    return new SearchEngine(new Vocabulary(persisted.vocabulary), new Lexicon(persisted.dictionary), persisted.mini)
  }

  toPersisted(): PersistedIndex {
    return { mini: this.mini.toJSON(), vocabulary: this.vocabulary.toJSON(), dictionary: this.dictionary.entries() }
  }

  get documentCount(): number {
    return this.mini.documentCount
  }

  has(id: string): boolean {
    return this.mini.has(id)
  }

  add(doc: SearchDocument): void {
    this.collecting = new Set()
    try {
      this.mini.add(doc)
      this.dictionary.add(this.collecting)
    } finally {
      this.collecting = null
    }
  }

  /** Incremental update. Dictionary counts are not decremented: a stale completion only finds nothing. */
  replace(doc: SearchDocument): void {
    if (this.mini.has(doc.id)) this.mini.discard(doc.id)
    this.add(doc)
  }

  remove(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id)
  }

  /** Index terms of one word (cached: stemming is the costly part of indexing). */
  analyse(word: string): string[] {
    let terms = this.wordCache.get(word)
    if (!terms) {
      terms = analyseWord(word)
      this.wordCache.set(word, terms)
    }
    return terms
  }

  private compound(word: string): string[] {
    let terms = this.compoundCache.get(word)
    if (!terms) {
      terms = analyseCompound(word, this.vocabulary)
      this.compoundCache.set(word, terms)
    }
    return terms
  }

  private options() {
    return {
      idField: 'id',
      fields: [...SEARCH_FIELDS],
      storeFields: [...STORED_FIELDS],
      extractField: (doc: SearchDocument, field: string): string =>
        field === 'parts' ? `${doc.name} ${doc.text} ${doc.tags}` : (doc[field as keyof SearchDocument] as string),
      tokenize,
      processTerm: (word: string, field?: string) => {
        const terms = field === 'parts' ? this.compound(word) : this.analyse(word)
        if (this.collecting) for (const t of terms) this.collecting.add(t)
        return terms.length > 0 ? terms : null
      },
      searchOptions: {
        // Queries are built from already analysed terms: search must not stem them again.
        tokenize: (term: string) => [term],
        processTerm: (term: string) => term,
        boost: FIELD_BOOST,
        boostDocument: (_id: unknown, _term: string, stored?: Record<string, unknown>) =>
          TYPE_BOOST[(stored?.type as HitType | undefined) ?? 'fact'],
      },
      autoVacuum: { minDirtCount: 200, minDirtFactor: 0.1, batchSize: 2000, batchWait: 5 },
    }
  }

  /**
   * Runs a parsed query: every word must match (its stem, folded form, a typo within reach for words of five
   * letters or more, or — for the word being typed — its most frequent completions); phrases must occur in
   * order; excluded words remove hits; filters narrow by stored fields.
   */
  search(query: ParsedQuery, filter: EngineFilter, textOf: (id: string) => string): RawHit[] {
    const groups: Query[] = []
    /** The word being typed when it is a stop word ("kom" on the way to "kommun"): completed, but optional. */
    let typedStopWord: Query | null = null
    for (const [i, word] of query.words.entries()) {
      const isTyping = query.lastWordIsPrefix && i === query.words.length - 1
      // Stop words are not in the index: requiring them would match nothing.
      if (isStopWord(word)) {
        if (isTyping) typedStopWord = this.completionQuery(word, [])
        continue
      }
      groups.push(this.wordQuery(word, isTyping))
    }
    for (const phrase of query.phrases) {
      for (const word of tokenize(phrase)) {
        const terms = this.analyse(word)
        if (terms.length > 0) groups.push({ combineWith: 'OR', queries: terms.slice(0, 2) })
      }
    }
    const accept = this.filterFor(filter)
    let results: SearchResult[]
    if (groups.length === 0 && typedStopWord) {
      results = []
    } else if (groups.length === 0) {
      const anyFilter = Boolean(filter.types?.length || filter.counties?.length || filter.kommuner?.length || filter.years)
      if (!anyFilter) return []
      results = this.mini.search(MiniSearch.wildcard, { filter: accept })
    } else {
      results = this.mini.search({ combineWith: 'AND', queries: groups }, { filter: accept })
    }
    if (typedStopWord) {
      // With its completions the query may find nothing ("innovation och" while typing): then it is a stop word.
      const completed = this.mini.search({ combineWith: 'AND', queries: [...groups, typedStopWord] }, { filter: accept })
      if (completed.length > 0) results = completed
    }

    if (query.excluded.length > 0) {
      const excluded = new Set<string>()
      for (const word of query.excluded) {
        for (const r of this.mini.search({ combineWith: 'OR', queries: queryTerms(word) })) excluded.add(r.id as string)
      }
      results = results.filter((r) => !excluded.has(r.id as string))
    }
    if (query.phrases.length > 0) {
      const phrases = query.phrases.map((p) => fold(tokenize(p).join(' ')))
      results = results.filter((r) => {
        const text = fold(tokenize(`${r.title as string} ${textOf(r.id as string)}`).join(' '))
        return phrases.every((p) => text.includes(p))
      })
    }
    return results.map((r) => ({
      type: r.type as HitType,
      targetId: r.targetId as string,
      title: r.title as string,
      parentId: (r.parentId as string | null) ?? null,
      parentTitle: (r.parentTitle as string | null) ?? null,
      parentType: (r.parentType as HitParentType | null) ?? null,
      year: (r.year as number | null) ?? null,
      counties: (r.counties as string[]) ?? [],
      kommuner: (r.kommuner as string[]) ?? [],
      id: r.id as string,
      score: r.score,
      terms: r.terms,
    }))
  }

  /**
   * Typo tolerance and completion only where the word is not a term of the index: a known word is searched
   * as itself. This keeps "innovationsarbete" from ranking a fuzzy "innovationslabbet" in a title above the
   * exact word in a text, and it keeps common words fast (fuzzy expansion is the costly part of a query).
   */
  private wordQuery(word: string, isTyping: boolean): Query {
    const terms = queryTerms(word)
    const known = terms.some((t) => this.dictionary.has(t))
    if (known) return { combineWith: 'OR', queries: terms }
    const queries: Query[] = [...terms]
    // A word being typed is completed; only a finished word (or one nothing completes) is misspelled.
    const completion = isTyping ? this.completionQuery(word, terms) : null
    if (completion) queries.push(completion)
    else {
      const near = nearSpellings(this.dictionary, word)
      const edits = near[0]?.edits
      const spelled = near.filter((c) => c.edits === edits).map((c) => c.term)
      if (edits !== undefined && spelled.length > 0) queries.push({ combineWith: 'OR', queries: spelled, boost: FUZZY_BOOST[edits] })
    }
    return { combineWith: 'OR', queries }
  }

  /** The most frequent completions of the word being typed, weighted as a guess; null when there are none. */
  private completionQuery(word: string, terms: string[]): Query | null {
    const completions = completionsOf(this.dictionary, word).filter((c) => !terms.includes(c))
    return completions.length > 0 ? { combineWith: 'OR', queries: completions, boost: COMPLETION_BOOST } : null
  }

  private filterFor(filter: EngineFilter): ((r: SearchResult) => boolean) | undefined {
    const { types, counties, kommuner, years, only } = filter
    if (!types?.length && !counties?.length && !kommuner?.length && !years && !only) return undefined
    return (r) => {
      if (types?.length && !types.includes(r.type as HitType)) return false
      if (only && !only(r.type as HitType, r.targetId as string)) return false
      if (counties?.length && !(r.counties as string[]).some((c) => counties.includes(c))) return false
      if (kommuner?.length && !(r.kommuner as string[]).some((k) => kommuner.includes(k))) return false
      if (years) {
        const year = r.year as number | null
        if (year === null || year < years.from || year > years.to) return false
      }
      return true
    }
  }
}

/** Terms a misspelled word may have meant: near its stem and its folded stem, within the edits its length allows. */
export function nearSpellings(lexicon: Lexicon, word: string): { term: string; edits: number }[] {
  const edits = editsFor(word)
  if (edits === 0) return []
  const best = new Map<string, number>()
  for (const term of queryTerms(word)) {
    for (const c of lexicon.fuzzy(term, edits, FUZZY_CANDIDATES)) {
      if (c.edits < (best.get(c.term) ?? Infinity)) best.set(c.term, c.edits)
    }
  }
  return [...best].map(([term, n]) => ({ term, edits: n })).sort((a, b) => a.edits - b.edits).slice(0, FUZZY_CANDIDATES)
}

/** The near spellings at the smallest distance found: a misspelling is one or two edits, rarely both at once. */
export function nearestSpellings(lexicon: Lexicon, word: string): string[] {
  const near = nearSpellings(lexicon, word)
  return near.filter((c) => c.edits === near[0]?.edits).map((c) => c.term)
}

/** The most frequent terms that begin as the word being typed does: as typed, folded and stemmed. */
export function completionsOf(lexicon: Lexicon, word: string): string[] {
  const typed = word.normalize('NFC').toLowerCase()
  return lexicon.complete(new Set([typed, fold(typed), stem(typed)]), COMPLETIONS)
}
