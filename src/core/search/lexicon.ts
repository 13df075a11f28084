// The terms an index holds with the number of documents that use each, in MiniSearch's SearchableMap (a radix
// tree): the word being typed is completed from it (`atPrefix`) and a misspelled word is looked up in it
// (`fuzzyGet`), then the index is searched for exact terms. One lexicon sits beside each index — the catalogue's
// and the notes' MiniSearch indexes and the library's FTS5 index — so completion and typo tolerance behave the
// same everywhere.
import SearchableMap from 'minisearch/SearchableMap'

export interface Candidate {
  term: string
  /** Edits from the typed term; a swap of two neighbouring letters is one. */
  edits: number
  documents: number
}

export class Lexicon {
  private readonly map: SearchableMap<number>

  constructor(entries: Iterable<[string, number]> = []) {
    this.map = SearchableMap.from(entries)
  }

  get size(): number {
    return this.map.size
  }

  has(term: string): boolean {
    return (this.map.get(term) ?? 0) > 0
  }

  documents(term: string): number {
    return this.map.get(term) ?? 0
  }

  set(term: string, documents: number): void {
    this.map.set(term, documents)
  }

  /** Counts one more document for each term. */
  add(terms: Iterable<string>): void {
    for (const term of terms) this.map.update(term, (n = 0) => n + 1)
  }

  /** Counts one document fewer for each term; a term no document uses any more is dropped. */
  remove(terms: Iterable<string>): void {
    for (const term of terms) {
      const n = (this.map.get(term) ?? 0) - 1
      if (n > 0) this.map.set(term, n)
      else this.map.delete(term)
    }
  }

  /** The most used terms that begin with any of the prefixes, most used first. */
  complete(prefixes: Iterable<string>, limit: number): string[] {
    const found = new Map<string, number>()
    for (const prefix of prefixes) {
      if (!prefix) continue
      for (const [term, n] of this.map.atPrefix(prefix)) found.set(term, n)
    }
    return [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([term]) => term)
  }

  /**
   * Terms within `edits` of `term`, nearest and then most used first, the term itself left out. Levenshtein
   * distance counts a swap of neighbouring letters as two edits ("kirnua" is two from "kiruna"), so each swap
   * of the typed term is also looked up, at one edit already spent.
   */
  fuzzy(term: string, edits: number, limit: number): Candidate[] {
    if (edits <= 0) return []
    const best = new Map<string, number>()
    const note = (found: string, distance: number): void => {
      if (found === term) return
      const known = best.get(found)
      if (known === undefined || distance < known) best.set(found, distance)
    }
    for (const [found, [, distance]] of this.map.fuzzyGet(term, edits)) note(found, distance)
    const letters = [...term]
    for (let i = 0; i + 1 < letters.length; i++) {
      if (letters[i] === letters[i + 1]) continue
      const swapped = [...letters]
      ;[swapped[i], swapped[i + 1]] = [swapped[i + 1] as string, swapped[i] as string]
      const variant = swapped.join('')
      if (edits === 1) {
        if (this.map.has(variant)) note(variant, 1)
      } else {
        for (const [found, [, distance]] of this.map.fuzzyGet(variant, edits - 1)) note(found, distance + 1)
      }
    }
    return [...best]
      .map(([found, distance]) => ({ term: found, edits: distance, documents: this.documents(found) }))
      .sort((a, b) => a.edits - b.edits || b.documents - a.documents || (a.term < b.term ? -1 : 1))
      .slice(0, limit)
  }

  entries(): [string, number][] {
    return [...this.map]
  }
}
