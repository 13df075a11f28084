// How far coders agree, read from the project: who the coders are, and agreement per code and overall for
// chosen coders, documents and codes (the statistics in statistics.ts, the units in units.ts).
//
// A coder is a highlight's author: the researcher using the app is one, a colleague whose project was merged
// in is another. Each has a stable GUID — the one their REFI-QDA file gave them, or one derived from the name
// (the same the REFI-QDA export writes) — so a coder can be named by either.
//
// Agreement is measured on sections: imported documents and the bundled reports. Highlights on a case's
// summary or facts, and orphaned ones (their passage is gone), are not part of it.
import type { AgreementRequest, AgreementResult, AgreementStatistic, Coder } from '../../shared/domain'
import { indexedBy, type ReadableDB } from '../db/connection'
import { exchangeGuids } from '../db/exchange-ids'
import { UserError } from '../errors'
import { guidFor } from '../io/refi/guid'
import { cohenKappa, krippendorffAlpha, pairableUnits, percentAgreement, readAlpha, type ReliabilityUnit } from './statistics'
import { reliabilityTables, type Passage } from './units'

export const DEFAULT_OVERLAP = 0.9

/** Everyone who has coded a passage, with how many highlights, by name. */
export function listCoders(db: ReadableDB): Coder[] {
  const guids = exchangeGuids(db, 'user')
  const rows = db.prepare(`SELECT author AS name, count(*) AS highlights FROM highlights GROUP BY author ORDER BY author COLLATE NOCASE`).all() as {
    name: string
    highlights: number
  }[]
  return rows.map((r) => ({ id: guids.get(r.name) ?? guidFor('user', r.name), name: r.name, highlights: r.highlights }))
}

export function computeAgreement(db: ReadableDB, request: AgreementRequest): AgreementResult {
  const known = listCoders(db)
  const coders = request.coders.map((wanted) => {
    const found = known.find((c) => c.id === wanted.toLowerCase()) ?? known.find((c) => c.name === wanted) ?? known.find((c) => c.name.toLowerCase() === wanted.toLowerCase())
    if (!found) throw new UserError('agreement.unknownCoder', { coder: wanted, known: known.map((c) => c.name).join(', ') || '–' })
    return found
  })
  if (new Set(coders.map((c) => c.id)).size < 2) throw new UserError('agreement.tooFewCoders')
  const unit = request.unit ?? 'segment'
  const overlap = request.overlap ?? DEFAULT_OVERLAP
  const uncoded = request.uncoded ?? 'missing'
  const coderIndex = new Map(coders.map((c, i) => [c.name, i]))

  const rows = db
    .prepare(
      `SELECT h.author, h.target_id AS section, s.report_id AS document, h.start_cp AS start, h.end_cp AS "end",
         (SELECT json_group_array(code_id) FROM highlight_codes WHERE highlight_id = h.id) AS codes
       FROM highlights h JOIN sections s ${indexedBy(db, 'sections_report_of')} ON s.id = h.target_id
       WHERE h.target_type = 'section' AND h.status = 'anchored'`,
    )
    .all() as { author: string; section: string; document: string; start: number; end: number; codes: string }[]
  const documents = request.documentIds?.length ? new Set(request.documentIds) : null
  const passages: Passage[] = []
  const usedDocuments = new Set<string>()
  for (const r of rows) {
    const coder = coderIndex.get(r.author)
    if (coder === undefined || (documents && !documents.has(r.document))) continue
    passages.push({ coder, section: r.section, start: r.start, end: r.end, codes: new Set(JSON.parse(r.codes) as string[]) })
    usedDocuments.add(r.document)
  }

  // The codes asked for, or every code the chosen coders used; named as the codebook names them.
  const names = new Map((db.prepare('SELECT id, name FROM codes').all() as { id: string; name: string }[]).map((c) => [c.id, c.name]))
  const codeIds = request.codeIds?.length ? request.codeIds : [...new Set(passages.flatMap((p) => [...p.codes]))]
  for (const id of codeIds) if (!names.has(id)) throw new UserError('agreement.unknownCode', { code: id })
  codeIds.sort((a, b) => names.get(a)!.localeCompare(names.get(b)!, 'sv'))

  // Section and character units need every section of the documents: those asked for, or those coded in.
  const sectionLengths = new Map<string, number>()
  if (unit !== 'segment') {
    const inDocuments = db.prepare('SELECT id, text FROM sections WHERE report_id = ? ORDER BY position')
    for (const document of documents ?? usedDocuments) {
      for (const s of inDocuments.all(document) as { id: string; text: string }[]) sectionLengths.set(s.id, [...s.text].length)
    }
  }

  const tables = reliabilityTables(unit, passages, codeIds, { coders: coders.length, overlap, uncoded, sections: sectionLengths })
  const nameOf = db.prepare('SELECT name FROM entities WHERE id = ?').pluck()
  const documentsNamed = (ids: string[]) =>
    ids.map((id) => ({ id, name: (nameOf.get(id) as string | undefined) ?? id })).sort((a, b) => a.name.localeCompare(b.name, 'sv'))
  const statistic = (units: ReliabilityUnit[]): AgreementStatistic => {
    const alpha = krippendorffAlpha(units)
    const kappa = coders.length === 2 ? cohenKappa(units).value : null
    return {
      alpha: alpha.value,
      alphaReason: alpha.reason,
      reading: readAlpha(alpha.value),
      kappa,
      percent: percentAgreement(units),
      units: pairableUnits(units),
    }
  }
  return {
    unit,
    coders: coders.map(({ id, name }) => ({ id, name })),
    settings: { overlap, uncoded, documents: documentsNamed([...(documents ?? usedDocuments)]), computedAt: new Date().toISOString() },
    overall: statistic(tables.overall),
    codes: codeIds.map((id) => ({ id, name: names.get(id)!, ...statistic(tables.byCode.get(id)!) })),
  }
}
