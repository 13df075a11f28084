// From coders' highlights to reliability tables — one per code (the value: coded with the code, 1, or not,
// 0) and one overall (the value: the codes a coder gave the unit, taken together, as one nominal category,
// so that one code per passage is the classic nominal case) — for the three units of analysis:
//
// - segment: the coded passages themselves. Passages of any coders that overlap by at least `overlap` of the
//   longer one are the same unit. A coder's value for a code there is 1 (coded it with the code), 0 (coded the
//   passage, with other codes only) or — coded nothing there — missing, or 0 when `uncoded` is 'value'. Only
//   passages someone coded with the code are its units.
// - section: every section of the chosen documents is a unit; 1 if the coder coded anything in it with the
//   code, else 0.
// - char: every character (code point) of those sections is a unit, as NVivo counts; runs that every coder
//   coded alike are one weighted unit, so a long text costs its number of passage boundaries, not its length.
import type { ReliabilityUnit } from './statistics'

export type AgreementUnit = 'segment' | 'section' | 'char'
export type Uncoded = 'missing' | 'value'

/** One coder's coded passage in a section, code points [start, end). */
export interface Passage {
  coder: number
  section: string
  start: number
  end: number
  codes: ReadonlySet<string>
}

export interface TableOptions {
  coders: number
  overlap: number
  uncoded: Uncoded
  /** Every section of the chosen documents with its length in code points (section and char units). */
  sections: ReadonlyMap<string, number>
}

export interface ReliabilityTables {
  overall: ReliabilityUnit[]
  byCode: Map<string, ReliabilityUnit[]>
}

/** The codes of `set` among `codes`, as one value ("" for none). */
const combination = (set: ReadonlySet<string>, codes: string[]): string => codes.filter((c) => set.has(c)).join('+')

export function reliabilityTables(unit: AgreementUnit, passages: Passage[], codes: string[], options: TableOptions): ReliabilityTables {
  switch (unit) {
    case 'segment':
      return segmentTables(passages, codes, options)
    case 'section':
      return sectionTables(passages, codes, options)
    case 'char':
      return charTables(passages, codes, options)
  }
}

/**
 * Passages that count as one unit: in the same section and joined through any pair that overlaps by at least
 * `overlap` of the longer passage of the pair.
 */
export function clusterPassages<P extends Pick<Passage, 'section' | 'start' | 'end'>>(passages: P[], overlap: number): P[][] {
  const bySection = new Map<string, P[]>()
  for (const p of passages) {
    const list = bySection.get(p.section)
    if (list) list.push(p)
    else bySection.set(p.section, [p])
  }
  const clusters: P[][] = []
  for (const list of bySection.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end)
    const parent = list.map((_, i) => i)
    const root = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
      return i
    }
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!
      // Sorted by start: once a passage starts at or after a's end, no later one overlaps a.
      for (let j = i + 1; j < list.length && list[j]!.start < a.end; j++) {
        const b = list[j]!
        const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start)
        const longer = Math.max(a.end - a.start, b.end - b.start)
        if (shared >= overlap * longer) parent[root(j)] = root(i)
      }
    }
    const groups = new Map<number, P[]>()
    list.forEach((p, i) => {
      const group = groups.get(root(i))
      if (group) group.push(p)
      else groups.set(root(i), [p])
    })
    clusters.push(...groups.values())
  }
  return clusters
}

function segmentTables(passages: Passage[], codes: string[], { coders, overlap, uncoded }: TableOptions): ReliabilityTables {
  const clusters = clusterPassages(passages, overlap)
  const byCode = new Map(codes.map((c) => [c, [] as ReliabilityUnit[]]))
  const overall: ReliabilityUnit[] = []
  for (const cluster of clusters) {
    // Each coder's codes on this unit (several passages of one coder in one unit: their codes together).
    const codesOf: (Set<string> | null)[] = Array.from({ length: coders }, () => null)
    for (const p of cluster) codesOf[p.coder] = new Set([...(codesOf[p.coder] ?? []), ...p.codes])
    let chosen = false
    for (const code of codes) {
      if (!codesOf.some((set) => set?.has(code))) continue
      chosen = true
      byCode.get(code)!.push({ values: codesOf.map((set) => (set ? (set.has(code) ? '1' : '0') : uncoded === 'value' ? '0' : null)) })
    }
    if (chosen) overall.push({ values: codesOf.map((set) => (set ? combination(set, codes) : uncoded === 'value' ? '' : null)) })
  }
  return { overall, byCode }
}

function sectionTables(passages: Passage[], codes: string[], { coders, sections }: TableOptions): ReliabilityTables {
  const key = (section: string, coder: number) => `${section}\u0000${coder}`
  const codedIn = new Map<string, Set<string>>()
  for (const p of passages) {
    const set = codedIn.get(key(p.section, p.coder)) ?? new Set<string>()
    for (const code of p.codes) set.add(code)
    codedIn.set(key(p.section, p.coder), set)
  }
  const codesOf = (section: string, coder: number): ReadonlySet<string> => codedIn.get(key(section, coder)) ?? new Set()
  const coderList = Array.from({ length: coders }, (_, coder) => coder)
  return {
    overall: [...sections.keys()].map((section) => ({ values: coderList.map((coder) => combination(codesOf(section, coder), codes)) })),
    byCode: new Map(
      codes.map((code) => [code, [...sections.keys()].map((section) => ({ values: coderList.map((coder) => (codesOf(section, coder).has(code) ? '1' : '0')) }))]),
    ),
  }
}

function charTables(passages: Passage[], codes: string[], { coders, sections }: TableOptions): ReliabilityTables {
  const bySection = new Map<string, Passage[]>()
  for (const p of passages) {
    const list = bySection.get(p.section)
    if (list) list.push(p)
    else bySection.set(p.section, [p])
  }
  /** Runs of characters between neighbouring passage boundaries: every character of a run has the same values. */
  const runs = (length: number, mine: Passage[], value: (coder: number, inside: Passage[]) => string): ReliabilityUnit[] => {
    const bounds = [...new Set([0, length, ...mine.flatMap((p) => [Math.min(p.start, length), Math.min(p.end, length)])])].sort((a, b) => a - b)
    const units: ReliabilityUnit[] = []
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [from, to] = [bounds[i]!, bounds[i + 1]!]
      if (to <= from) continue
      const inside = mine.filter((p) => p.start <= from && p.end >= to)
      units.push({ values: Array.from({ length: coders }, (_, coder) => value(coder, inside)), weight: to - from })
    }
    return units
  }
  const overall: ReliabilityUnit[] = []
  const byCode = new Map(codes.map((c) => [c, [] as ReliabilityUnit[]]))
  for (const [section, length] of sections) {
    const here = bySection.get(section) ?? []
    overall.push(
      ...runs(length, here, (coder, inside) => combination(new Set(inside.filter((p) => p.coder === coder).flatMap((p) => [...p.codes])), codes)),
    )
    for (const code of codes) {
      const mine = here.filter((p) => p.codes.has(code))
      byCode.get(code)!.push(...runs(length, mine, (coder, inside) => (inside.some((p) => p.coder === coder) ? '1' : '0')))
    }
  }
  return { overall, byCode }
}
