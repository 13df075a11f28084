// The search query language, parsed once and shared by the core and the UI (which shows what was ignored):
//   hållbara städer        words (all must match, the last one may be half typed)
//   "hållbara städer"      a phrase (these words, in this order)
//   -kommun                exclude hits containing the word
//   typ:rapport            only this kind of hit (fall, initiativ, program, rapport, avsnitt, dokument, fakta,
//                          enkät, värde, organisation, anteckning, memo, kod)
//   län:25 / län:Norrbotten   only hits tied to this county
//   kommun:Kiruna / kommun:2584   only hits tied to this kommun
//   år:2016..2020 / år:2016    only hits whose year (start year, publication year) lies in the range
//   kod:<namn>             only highlights with this code (or a code below it), and the texts that carry them
// A malformed part is never an error: it is left out and named in `ignored`, and the rest is searched.

export const HIT_TYPES = [
  'initiative',
  'programme',
  'report',
  'section',
  'fact',
  'survey',
  'value',
  'organisation',
  // The researcher's own work: a passage of an imported document (the library), a highlight (its quote and
  // note), a memo, a code of the codebook.
  'document',
  'highlight',
  'memo',
  'code',
] as const
export type HitType = (typeof HIT_TYPES)[number]

/** Swedish words a researcher types after typ:, mapped to hit types. */
export const TYPE_WORDS: Record<string, HitType[]> = {
  fall: ['initiative', 'programme'],
  initiativ: ['initiative'],
  program: ['programme'],
  rapport: ['report', 'section', 'document'],
  rapporter: ['report', 'section', 'document'],
  dokument: ['document'],
  dokumenten: ['document'],
  bibliotek: ['document'],
  avsnitt: ['section'],
  fakta: ['fact'],
  faktum: ['fact'],
  enkät: ['survey', 'value'],
  enkat: ['survey', 'value'],
  undersökning: ['survey', 'value'],
  värde: ['value'],
  varde: ['value'],
  organisation: ['organisation'],
  org: ['organisation'],
  markering: ['highlight'],
  markeringar: ['highlight'],
  anteckning: ['highlight', 'memo'],
  anteckningar: ['highlight', 'memo'],
  memo: ['memo'],
  memon: ['memo'],
  kod: ['code'],
  koder: ['code'],
}

export interface ParsedQuery {
  /** Free words, in order, as typed (lower-cased); the analyser stems and folds them. */
  words: string[]
  /** Phrases, lower-cased, each at least one word. */
  phrases: string[]
  excluded: string[]
  types: HitType[]
  /** County names or codes as typed; resolved against the database. */
  counties: string[]
  kommuner: string[]
  years: { from: number; to: number } | null
  codes: string[]
  /** Parts that could not be understood, quoted as typed, for the UI to show. */
  ignored: string[]
  /** True when the query ends inside a word (no trailing space): that word is matched as a prefix. */
  lastWordIsPrefix: boolean
}

const FIELD = /^(typ|län|lan|kommun|år|ar|kod):(.*)$/i

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = {
    words: [],
    phrases: [],
    excluded: [],
    types: [],
    counties: [],
    kommuner: [],
    years: null,
    codes: [],
    ignored: [],
    lastWordIsPrefix: false,
  }
  const text = input.normalize('NFC')
  // Tokens: "quoted phrases" (an unclosed quote runs to the end), or runs of non-space characters.
  const tokens = text.match(/"[^"]*"?|[^\s"]+/g) ?? []
  for (const token of tokens) {
    if (token.startsWith('"')) {
      const phrase = token.replace(/^"|"$/g, '').trim().toLowerCase()
      if (phrase) q.phrases.push(phrase)
      else q.ignored.push(token)
      continue
    }
    if (token.startsWith('-')) {
      const word = token.slice(1).toLowerCase()
      if (isWord(word)) q.excluded.push(word)
      else q.ignored.push(token)
      continue
    }
    const field = FIELD.exec(token)
    if (field) {
      applyField(q, (field[1] ?? '').toLowerCase(), field[2] ?? '', token)
      continue
    }
    const word = token.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    if (isWord(word)) q.words.push(word)
    else if (token.trim()) q.ignored.push(token)
  }
  const last = tokens.at(-1)
  q.lastWordIsPrefix = q.words.length > 0 && !/\s$/.test(text) && last !== undefined && !last.startsWith('"') && !FIELD.test(last)
  return q
}

function isWord(word: string): boolean {
  return /[\p{L}\p{N}]/u.test(word)
}

function applyField(q: ParsedQuery, name: string, rawValue: string, token: string): void {
  const value = rawValue.trim()
  if (!value) {
    q.ignored.push(token)
    return
  }
  switch (name) {
    case 'typ': {
      const types = TYPE_WORDS[value.toLowerCase()]
      if (types) q.types.push(...types.filter((t) => !q.types.includes(t)))
      else q.ignored.push(token)
      return
    }
    case 'län':
    case 'lan':
      q.counties.push(value.replace(/_/g, ' '))
      return
    case 'kommun':
      q.kommuner.push(value.replace(/_/g, ' '))
      return
    case 'år':
    case 'ar': {
      const range = /^(\d{4})(?:\.\.(\d{4}))?$/.exec(value)
      const from = range ? Number(range[1]) : NaN
      const to = range?.[2] ? Number(range[2]) : from
      if (!range || to < from) q.ignored.push(token)
      else q.years = { from, to }
      return
    }
    case 'kod':
      q.codes.push(value)
      return
  }
}
