// Exchange with other qualitative-analysis tools (REFI-QDA): what an import wrote and what it left.

export interface RefiImportResult {
  documents: number
  codes: { created: number; merged: number }
  highlights: number
  memos: number
  cases: { matched: number; created: number }
  attributes: number
  /** Things read but placed differently than the file asked, or left out, in Swedish. */
  remarks: string[]
  /** Already in the project under the same GUIDs: counted, not written again. */
  unchanged: { documents: number; highlights: number; memos: number }
}
