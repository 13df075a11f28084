// The documented --json shapes of the CLI (README, "The CLI"): stable for scripts, so the UI's extras
// (highlight ranges, parent types, text ids) never leak into them.
import type { CodeNode, NoteEntry, SearchResponse } from '../shared/domain'

/** The documented --json shape of `codes`: the codebook tree with usage counts. */
export function codesJson(nodes: CodeNode[]): unknown[] {
  return nodes.map((n) => ({
    id: n.id,
    name: n.name,
    color: n.color,
    description: n.description,
    count: n.count,
    totalCount: n.totalCount,
    children: codesJson(n.children),
  }))
}

/** The documented --json shape of `notes`: one object per highlight or memo, positions in code points. */
export function noteJson(entry: NoteEntry): unknown {
  if (entry.kind === 'memo') {
    const m = entry.memo
    return {
      kind: 'memo',
      id: m.id,
      title: m.title,
      body: m.body,
      author: m.author,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      place: { type: m.target.type, id: m.target.id, name: m.targetName },
    }
  }
  const h = entry.highlight
  return {
    kind: 'highlight',
    id: h.id,
    quote: h.quote,
    note: h.note,
    author: h.author,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    start: h.start,
    end: h.end,
    status: h.status,
    codes: h.codes.map((c) => ({ id: c.id, name: c.name, path: c.path })),
    place: {
      entityType: h.entityType,
      entityId: h.entityId,
      entityName: h.entityName,
      textType: h.target.type,
      textId: h.target.id,
      ...(h.target.type === 'section' ? { sectionId: h.target.id, reportId: h.entityId } : {}),
      ...(h.target.type === 'fact' ? { factId: h.target.id } : {}),
    },
  }
}

/** The documented --json shape of `search`: hits without the UI's highlight ranges. */
export function searchJson(r: SearchResponse) {
  return {
    query: r.query,
    total: r.total,
    // Exactly the documented keys: the UI's extras (highlight ranges, parent type, text id) stay out.
    hits: r.hits.map((h) => ({
      type: h.type,
      id: h.id,
      title: h.title,
      snippet: h.snippet,
      score: h.score,
      ...(h.parentId ? { parentId: h.parentId } : {}),
      ...(h.parentTitle ? { parentTitle: h.parentTitle } : {}),
    })),
    groups: r.groups,
    ignored: r.ignored,
  }
}
