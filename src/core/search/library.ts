// Searching the researcher's document library: the FTS5 index in the project file (db/library.ts writes it).
// A parsed query becomes one FTS5 MATCH expression over the analysed columns, ranked by bm25() with the
// columns weighted as the catalogue's fields are; completion and typo tolerance come from the index's own
// vocabulary (fts5vocab), held in a Lexicon, so they behave as they do for the catalogue.
import { fold, isStopWord, queryTerms, tokenize, stem } from '../../shared/search-options'
import type { ParsedQuery } from '../../shared/search-query'
import type { ReadableDB } from '../db/connection'
import { completionsOf, nearestSpellings, type EngineFilter, type RawHit } from './engine'
import { Lexicon } from './lexicon'

/** bm25 weights of title, exact, folded and parts: a heading counts most, a folded or compound match least. */
const WEIGHTS = [3, 1, 0.6, 0.4] as const
const ALL_COLUMNS = '{title exact folded parts}'
/** How many vocabulary rows are read between yields when the lexicon is loaded in the background. */
const VOCABULARY_CHUNK = 2_000

const quoted = (term: string): string => `"${term.replace(/"/g, '""')}"`
const anyOf = (terms: readonly string[]): string => `(${terms.map(quoted).join(' OR ')})`

interface Row {
  document_id: string
  section_id: string | null
  score: number
}

export class LibrarySearch {
  /** The index's vocabulary; null until loaded, and the word being typed is then a plain FTS5 prefix. */
  private lexicon: Lexicon | null = null
  private loading: Promise<void> | null = null
  private reloadWanted = false

  constructor(private readonly db: ReadableDB) {}

  /** How many passages (documents' records and sections) the library index holds. */
  passageCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM library_passages').get() as { n: number }).n
  }

  /**
   * Reads the vocabulary in chunks, yielding between them, so that a first query is answered before it is
   * loaded; a call while loading asks for one more load afterwards (the library changed meanwhile).
   */
  loadVocabulary(): Promise<void> {
    if (this.loading) {
      this.reloadWanted = true
      return this.loading
    }
    this.loading = (async () => {
      // FTS5 counts a term's documents by walking its doclist, so reading the vocabulary costs as much as the
      // index is large (about a second at 100,000 sections): it starts after the caller's turn, in small ranges.
      await new Promise((resolve) => setImmediate(resolve))
      do {
        this.reloadWanted = false
        // The project may be closed between two ranges (the app quits, a test ends): then there is nothing to load.
        if (!this.db.open) return
        const fresh = new Lexicon()
        const chunk = this.db.prepare('SELECT term, doc FROM library_terms WHERE term > ? ORDER BY term LIMIT ?')
        let after = ''
        for (;;) {
          const rows = chunk.all(after, VOCABULARY_CHUNK) as { term: string; doc: number }[]
          for (const row of rows) fresh.set(row.term, row.doc)
          if (rows.length < VOCABULARY_CHUNK) break
          after = (rows.at(-1) as { term: string }).term
          await new Promise((resolve) => setImmediate(resolve))
          if (!this.db.open) return
        }
        this.lexicon = fresh
      } while (this.reloadWanted)
    })().finally(() => {
      this.loading = null
    })
    return this.loading
  }

  /** Waits for the vocabulary when a query needs it (a word not in the index, or one being typed). */
  async ready(): Promise<void> {
    if (!this.lexicon) await (this.loading ?? this.loadVocabulary())
  }

  get vocabularyLoaded(): boolean {
    return this.lexicon !== null
  }

  /**
   * The library's hits for a parsed query, best first, at most `limit`, and how many passages match in all.
   * Filters: a type filter without `document` leaves the library out; county and kommun filters keep documents
   * related to organisations there; a year filter keeps documents with a year in the range.
   */
  search(query: ParsedQuery, filter: EngineFilter, limit: number, onlyPassages?: ReadonlySet<string>): { hits: RawHit[]; total: number } {
    const none = { hits: [], total: 0 }
    if (filter.types?.length && !filter.types.includes('document')) return none
    if (onlyPassages?.size === 0) return none
    const match = this.matchExpression(query)
    const where = this.filterClause(filter, onlyPassages)
    if (match === null && !where.any) return none
    if (match !== null && query.lastWordIsPrefix && isStopWord(query.words.at(-1) ?? '')) {
      // The typed stop word's completions may find nothing ("innovation och"): then it is a stop word.
      const found = this.run(match, where, limit)
      if (found.total > 0) return found
      return this.run(this.matchExpression(query, false), where, limit)
    }
    return this.run(match, where, limit)
  }

  private run(match: string | null, where: { sql: string; params: Record<string, unknown>; any: boolean }, limit: number): { hits: RawHit[]; total: number } {
    if (match === null && !where.any) return { hits: [], total: 0 }
    const params = { ...where.params, match, limit }
    const filtered = where.sql !== '1'
    const bm25 = `-bm25(library_index, ${WEIGHTS.join(', ')})`
    // Without a filter the best rows are ranked inside FTS5 and only they are joined to their passages. With
    // one, the match and the filter are run once for the best rows and their number (a window over all of them):
    // counting in a query of its own ran the whole match a second time (kod: at full size, ~35 ms each).
    if (match !== null && filtered) {
      const ranked = this.db
        .prepare(
          // bm25() may not stand beside a window function: the matches are materialised first.
          `WITH found AS MATERIALIZED (
             SELECT p.document_id, p.section_id, ${bm25} AS score
             FROM library_index JOIN library_passages p ON p.rowid = library_index.rowid
             WHERE library_index MATCH @match AND ${where.sql})
           SELECT document_id, section_id, score, count(*) OVER () AS total FROM found ORDER BY score DESC LIMIT @limit`,
        )
        .all(params) as (Row & { total: number })[]
      return { hits: this.toHits(ranked, this.matchedTerms(match)), total: ranked[0]?.total ?? 0 }
    }
    const rows = (
      match === null
        ? this.db.prepare(`SELECT p.document_id, p.section_id, 1.0 AS score FROM library_passages p WHERE ${where.sql} ORDER BY p.rowid LIMIT @limit`)
        : this.db.prepare(
            `SELECT p.document_id, p.section_id, best.score FROM
               (SELECT rowid, ${bm25} AS score FROM library_index WHERE library_index MATCH @match ORDER BY score DESC LIMIT @limit) best
             JOIN library_passages p ON p.rowid = best.rowid ORDER BY best.score DESC`,
          )
    ).all(match === null ? params : { match, limit }) as Row[]
    const total = (
      match === null
        ? this.db.prepare(`SELECT count(*) AS n FROM library_passages p WHERE ${where.sql}`).get(params)
        : this.db.prepare('SELECT count(*) AS n FROM library_index WHERE library_index MATCH @match').get({ match })
    ) as { n: number }
    return { hits: this.toHits(rows, this.matchedTerms(match)), total: total.n }
  }

  /**
   * The FTS5 expression for the query, or null when it has no word to search for. Every word must match (its
   * stem or folded stem in any column; a word the index does not know also by its near spellings; the word
   * being typed also by its most used completions); phrases match word for word; excluded words remove hits.
   */
  matchExpression(query: ParsedQuery, completeTypedStopWord = true): string | null {
    const groups: string[] = []
    for (const [i, word] of query.words.entries()) {
      const isTyping = query.lastWordIsPrefix && i === query.words.length - 1
      if (isStopWord(word)) {
        if (isTyping && completeTypedStopWord) {
          const completions = this.completions(word)
          if (completions.length > 0) groups.push(`${ALL_COLUMNS} : ${anyOf(completions)}`)
        }
        continue
      }
      groups.push(this.wordGroup(word, isTyping))
    }
    for (const phrase of query.phrases) {
      const words = tokenize(phrase)
      if (words.length === 0) continue
      const exact = words.map((w) => stem(w)).join(' ')
      const folded = fold(exact)
      // The folded phrase only where folding changes it: each phrase is a scan of its own.
      groups.push(
        exact === folded
          ? `{title exact folded} : ${quoted(exact)}`
          : `({title exact} : ${quoted(exact)} OR {title folded} : ${quoted(folded)})`,
      )
    }
    if (groups.length === 0) return null
    let expression = groups.join(' AND ')
    for (const word of query.excluded) expression = `(${expression}) NOT ${ALL_COLUMNS} : ${anyOf(queryTerms(word))}`
    return expression
  }

  private wordGroup(word: string, isTyping: boolean): string {
    const terms = queryTerms(word)
    const lexicon = this.lexicon
    if (!lexicon) {
      // The vocabulary is still loading: the word being typed is searched as a prefix of its stem.
      const prefix = isTyping ? ` OR ${ALL_COLUMNS} : (${terms.map((t) => `${quoted(t)}*`).join(' OR ')})` : ''
      return `(${ALL_COLUMNS} : ${anyOf(terms)}${prefix})`
    }
    const alternatives = new Set(terms)
    if (!terms.some((t) => lexicon.has(t))) {
      // A word being typed is completed; only a finished word (or one nothing completes) is misspelled.
      const completions = isTyping ? this.completions(word) : []
      for (const c of completions) alternatives.add(c)
      if (completions.length === 0) for (const near of nearestSpellings(lexicon, word)) alternatives.add(near)
    }
    return `${ALL_COLUMNS} : ${anyOf([...alternatives])}`
  }

  private completions(word: string): string[] {
    return this.lexicon ? completionsOf(this.lexicon, word) : []
  }

  /** The terms of a match expression, for marking the matched words in snippets. */
  private matchedTerms(match: string | null): string[] {
    if (!match) return []
    const positive = match.split(' NOT ')[0] ?? ''
    return [...positive.matchAll(/"((?:[^"]|"")+)"/g)].flatMap((m) => (m[1] ?? '').replace(/""/g, '"').split(' '))
  }

  /** SQL conditions on a passage `p` for the filters; `onlyPassages` (from `kod:`) names the sections allowed. */
  private filterClause(filter: EngineFilter, onlyPassages?: ReadonlySet<string>): { sql: string; params: Record<string, unknown>; any: boolean } {
    const parts: string[] = []
    const params: Record<string, unknown> = {}
    if (onlyPassages) {
      params.passages = JSON.stringify([...onlyPassages])
      parts.push('p.section_id IN (SELECT value FROM json_each(@passages))')
    }
    const placed = (column: 'county_code' | 'code', codes: string[], name: string): void => {
      params[name] = JSON.stringify(codes)
      parts.push(
        `p.document_id IN (SELECT pa.entity_id FROM participations pa JOIN organisations o ON o.entity_id = pa.organisation_id
           WHERE o.${column} IN (SELECT value FROM json_each(@${name}))${column === 'code' ? " AND o.org_type = 'kommun'" : ''})`,
      )
    }
    if (filter.counties?.length) placed('county_code', filter.counties, 'counties')
    if (filter.kommuner?.length) placed('code', filter.kommuner, 'kommuner')
    if (filter.years) {
      params.yearFrom = filter.years.from
      params.yearTo = filter.years.to
      parts.push('(SELECT year FROM reports r WHERE r.entity_id = p.document_id) BETWEEN @yearFrom AND @yearTo')
    }
    const any = parts.length > 0 || Boolean(filter.types?.includes('document'))
    return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params, any }
  }

  private toHits(rows: Row[], terms: string[]): RawHit[] {
    const document = this.db.prepare('SELECT name FROM entities WHERE id = ?')
    const section = this.db.prepare('SELECT heading FROM sections WHERE id = ?')
    return rows.map((row) => {
      const name = (document.get(row.document_id) as { name: string } | undefined)?.name ?? row.document_id
      const heading = row.section_id ? (section.get(row.section_id) as { heading: string } | undefined)?.heading : undefined
      const hit: RawHit = {
        id: `document:${row.section_id ?? row.document_id}`,
        type: 'document',
        targetId: row.section_id ?? row.document_id,
        title: row.section_id ? heading || name : name,
        parentId: row.section_id ? row.document_id : null,
        parentTitle: row.section_id ? name : null,
        parentType: row.section_id ? 'report' : null,
        year: null,
        counties: [],
        kommuner: [],
        score: row.score,
        terms,
      }
      return hit
    })
  }
}
