// What merging a colleague's project would add, worked out before anything is written: the codes the project
// does not have yet (matched as the import matches them: by GUID, then by name under the same parent), the
// documents it does not have (and those it has under another GUID, found by their text), and each coder's highlights — new ones, and those already merged before.
import type { MergePreview } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import type { ReadableDB } from '../../db/connection'
import { authorName } from '../../db/meta'
import { walkTree } from '../../../shared/tree'
import { codesByGuid } from './conflicts'
import type { ParsedCode, ParsedProject } from './parse'
import { textHash } from '../../text'
import { sectionsBySourceGuid, sectionsByText } from './write'

export function mergePreview(db: ReadableDB, p: ParsedProject): MergePreview {
  const byGuid = codesByGuid(db)
  const byName = db.prepare('SELECT id FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)')
  const newCodes: string[] = []
  // The parent's id in the project (null: a new parent, so every code below it is new too) and the path.
  walkTree<ParsedCode, { id: string | null; isNew: boolean; path: string[] }>(p.codes, { id: null, isNew: false, path: [] }, (c, parent) => {
    const path = [...parent.path, c.name]
    const found = parent.isNew ? undefined : (byGuid.get(c.guid) ?? (byName.get(parent.id, c.name) as { id: string } | undefined))
    if (!found) newCodes.push(path.join(' › '))
    return { id: found?.id ?? null, isNew: !found, path }
  })

  const sections = sectionsBySourceGuid(db)
  const byText = sectionsByText(db)
  const ownDocument = db.prepare('SELECT 1 FROM entities WHERE id = ?')
  const newDocuments: string[] = []
  const matchedByText: MergePreview['matchedByText'] = []
  for (const s of p.sources) {
    if (sections.has(s.guid) || ownDocument.get(`own-doc-${s.guid}`)) continue
    const same = byText.get(textHash(s.text))
    if (same) matchedByText.push({ source: s.name, document: same.name })
    else newDocuments.push(s.name)
  }

  const highlightExists = db.prepare('SELECT 1 FROM highlights WHERE id = ?')
  const fallback = authorName(db) ?? message('refiImport.unknownAuthor')
  const coders = new Map<string, { name: string; highlights: number; unchanged: number }>()
  for (const s of p.sources) {
    for (const sel of s.selections) {
      const name = (sel.user ? p.users.get(sel.user) : undefined) ?? fallback
      const coder = coders.get(name) ?? { name, highlights: 0, unchanged: 0 }
      if (highlightExists.get(sel.guid)) coder.unchanged++
      else coder.highlights++
      coders.set(name, coder)
    }
  }
  return { newCodes, newDocuments, matchedByText, coders: [...coders.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv')) }
}
