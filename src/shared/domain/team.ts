// Team evaluation: coders and how far they agree.

/** Someone who coded passages: the researcher using the app, or a colleague whose work was merged in. */
export interface Coder {
  /** Stable GUID: the one their REFI-QDA file carried, or one derived from the name. */
  id: string
  name: string
  highlights: number
}

export const AGREEMENT_UNITS = ['segment', 'section', 'char'] as const
export type AgreementUnitKind = (typeof AGREEMENT_UNITS)[number]
export const UNCODED_CHOICES = ['missing', 'value'] as const
export type UncodedChoice = (typeof UNCODED_CHOICES)[number]

export interface AgreementRequest {
  /** Two or more coders, by name or GUID. */
  coders: string[]
  unit?: AgreementUnitKind
  /** Segment units: passages overlapping by at least this share of the longer one are one unit (default 0.9). */
  overlap?: number
  /** Segment units: a coder who coded nothing in a unit is missing (default) or gives the value "not coded". */
  uncoded?: UncodedChoice
  codeIds?: string[]
  documentIds?: string[]
}

/** Krippendorff's reading: ≥ 0.800 reliable, 0.667–0.800 for tentative conclusions only, below not reliable. */
export type AlphaReading = 'reliable' | 'tentative' | 'unreliable'

export interface AgreementStatistic {
  /** Krippendorff's alpha (nominal); null when undefined, with alphaReason saying why. */
  alpha: number | null
  alphaReason: string | null
  reading: AlphaReading | null
  /** Cohen's kappa: null unless exactly two coders (or when undefined). */
  kappa: number | null
  /** Share (0–1) of units on which every coder with a value gave the same one; null without such units. */
  percent: number | null
  /** Units with values from at least two coders (characters for the char unit). */
  units: number
}

export interface AgreementResult {
  unit: AgreementUnitKind
  coders: { id: string; name: string }[]
  /** What the figures were computed with, for the method chapter: the documents by id and name. */
  settings: { overlap: number; uncoded: UncodedChoice; documents: { id: string; name: string }[]; computedAt: string }
  overall: AgreementStatistic
  codes: ({ id: string; name: string } & AgreementStatistic)[]
}

/** What merging a colleague's REFI-QDA project would add, shown before anything is written. */
export interface MergePreview {
  /** Codes the project does not have, as paths ("Parent › Child"). */
  newCodes: string[]
  /** Documents (sources) the project does not have, by name. */
  newDocuments: string[]
  /**
   * Sources whose GUID the project does not know but whose text it has (another tool gave the document a new
   * GUID): merged into that document unless the import is told `matchByText: false`.
   */
  matchedByText: { source: string; document: string }[]
  /** Per coder: highlights that would be added, and those already in the project (merged before). */
  coders: { name: string; highlights: number; unchanged: number }[]
}

export interface DisagreementsRequest {
  /** The document (report) whose sections are read. */
  documentId: string
  /** Two or more coders, by name. */
  coders: string[]
  overlap?: number
}

/** One unit where the coders' codings differ: each coder's passages there, and the consensus if settled. */
export interface Disagreement {
  sectionId: string
  sectionHeading: string
  position: number
  /** The span of all passages in the unit, in code points of the section's text. */
  start: number
  end: number
  quote: string
  coders: {
    name: string
    passages: { highlightId: string; start: number; end: number; quote: string; codes: { id: string; name: string; color: string }[] }[]
  }[]
  settled: boolean
  /** The codes the Konsensus coder gave the unit (none: settled as "not coded", or not settled). */
  consensus: { id: string; name: string; color: string }[]
}

/** An agreement result kept in the project, as it was computed. */
export type SavedAgreement = AgreementResult & { id: string }
