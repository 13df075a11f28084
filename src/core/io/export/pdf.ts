// The notes as a report for a steering group: a title page (project, author, date, corpus version), contents,
// the highlights grouped by case and then by code — each with its quote, the researcher's note and where it
// comes from — then the memos. Rendered as one self-contained HTML page (no script, no outside resources)
// and printed by Chromium through the Printer interface, with page numbers from Chromium's footer template.
//
// Notes and memos are printed as written (Markdown is not rendered): what the researcher typed is what the
// steering group reads, and nothing is dropped by a formatting step.
import type { NotesFilter } from '../../../shared/domain'
import { message } from '../../../shared/messages'
import type { AtlasDatabase } from '../../db/open'
import type { PdfPageOptions, Printer } from '../printer'
import { codePath, collectNotes, type NotesData, type PlacedHighlight } from './notes-data'
import { swedishDate, swedishNumber, swedishQuote } from './swedish'

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const MEMO_TYPES = ['project', 'case', 'report', 'survey', 'organisation', 'code'] as const
const MEMO_GROUPS = MEMO_TYPES.map((type) => ({ type, title: message(`pdf.memoGroups.${type}`), about: message(`pdf.memoAbout.${type}`) }))

const ENTITY_LABEL: Record<string, string> = {
  initiative: message('pdf.entityTypes.initiative'),
  programme: message('pdf.entityTypes.programme'),
  report: message('pdf.entityTypes.report'),
  survey: message('pdf.entityTypes.survey'),
  organisation: message('pdf.entityTypes.organisation'),
}

const UNCODED = message('pdf.uncoded')

interface Group {
  key: string
  title: string
  byCode: Map<string, PlacedHighlight[]>
}

/** Highlights by case (a report's highlights under each case it is about; others under their document), then by code. */
function groupHighlights(highlights: PlacedHighlight[]): Group[] {
  const groups = new Map<string, Group>()
  for (const ph of highlights) {
    const h = ph.highlight
    const owners = ph.place.cases.length
      ? ph.place.cases.map((c) => ({ key: `0:${c.name}:${c.id}`, title: c.name }))
      : [{ key: `1:${h.entityName}:${h.entityId}`, title: `${h.entityName} (${ENTITY_LABEL[h.entityType] ?? h.entityType})` }]
    const codes = h.codes.length ? h.codes.map((c) => codePath(c.path)) : [UNCODED]
    for (const owner of owners) {
      let group = groups.get(owner.key)
      if (!group) groups.set(owner.key, (group = { key: owner.key, title: owner.title, byCode: new Map() }))
      for (const code of codes) {
        const list = group.byCode.get(code) ?? []
        list.push(ph)
        group.byCode.set(code, list)
      }
    }
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key, 'sv'))
}

function sortedCodes(group: Group): string[] {
  return [...group.byCode.keys()].sort((a, b) => (a === UNCODED ? 1 : b === UNCODED ? -1 : a.localeCompare(b, 'sv')))
}

const text = (value: string): string => `<div class="text">${escapeHtml(value)}</div>`

function highlightHtml(ph: PlacedHighlight, code: string): string {
  const h = ph.highlight
  const where = [h.entityName, ph.place.section].filter(Boolean).join(' › ')
  const others = h.codes.map((c) => codePath(c.path)).filter((p) => p !== code)
  const meta = [escapeHtml(where), `${escapeHtml(h.author)}, ${swedishDate(h.createdAt)}`]
  if (ph.place.sourceUrl) meta.push(`<a href="${escapeHtml(ph.place.sourceUrl)}">${escapeHtml(ph.place.sourceUrl)}</a>`)
  return `<article class="highlight">
<blockquote>${escapeHtml(swedishQuote(h.quote))}</blockquote>
${h.note ? text(h.note) : ''}
<p class="meta">${meta.join(' · ')}</p>
${others.length ? `<p class="meta">${escapeHtml(message('pdf.alsoCoded', { codes: others.join('; ') }))}</p>` : ''}
${h.status === 'orphan' ? `<p class="meta warning">${escapeHtml(message('pdf.orphan'))}</p>` : ''}
</article>`
}

const CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; }
body { margin: 0; hyphens: auto; -webkit-hyphens: auto; font-variant-numeric: lining-nums; }
h1, h2, h3, h4, .meta, .title-page .facts, nav { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; hyphens: manual; }
h1 { font-size: 24pt; line-height: 1.15; margin: 0 0 8mm; }
h2 { font-size: 15pt; margin: 0 0 4mm; break-before: page; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 6mm 0 2mm; break-after: avoid; color: #333; }
h4 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; }
.title-page { height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.title-page .subtitle { font-size: 14pt; margin: 0 0 14mm; }
.title-page .facts { font-size: 10.5pt; line-height: 1.8; }
nav ol { padding-left: 6mm; }
nav li { margin: 1mm 0; }
nav a { color: inherit; text-decoration: none; }
.highlight { break-inside: avoid; margin: 0 0 4mm; padding-left: 3mm; border-left: 1.5pt solid #bbb; }
blockquote { margin: 0 0 1.5mm; font-style: italic; white-space: pre-wrap; }
.text { white-space: pre-wrap; margin: 0 0 1.5mm; }
.meta { font-size: 8.5pt; color: #555; margin: 0; overflow-wrap: anywhere; }
.meta a { color: inherit; }
.warning { color: #9c2f00; }
.memo { break-inside: avoid; margin: 0 0 5mm; }
`

/** Page numbers ("Sida 3 av 12") and the project's name at the foot of every page. */
export function notesPageOptions(project: string): PdfPageOptions {
  // Chromium fills the two spans in with the numbers.
  const page = message('pdf.page', { page: '<span class="pageNumber"></span>', pages: '<span class="totalPages"></span>' })
  return {
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: `<div style="width:100%; margin:0 18mm; font-family:'DejaVu Sans',Arial,sans-serif; font-size:8pt; color:#555; display:flex; justify-content:space-between;"><span>${escapeHtml(project)}</span><span>${page}</span></div>`,
    marginMm: { top: 20, right: 18, bottom: 22, left: 18 },
  }
}

export function renderNotesHtml(data: NotesData): string {
  const groups = groupHighlights(data.highlights)
  const caseCount = new Set(data.highlights.flatMap((h) => h.place.cases.map((c) => c.id))).size
  const memoGroups = MEMO_GROUPS.map((g) => ({ ...g, memos: data.memos.filter((m) => m.target.type === g.type) })).filter((g) => g.memos.length)

  const counted = (key: 'pdf.highlightCount' | 'pdf.caseCount' | 'pdf.memoCount', n: number): string =>
    message(key, { count: n, number: swedishNumber(n) })
  const facts = [
    data.author ? escapeHtml(message('pdf.compiledBy', { author: data.author })) : null,
    swedishDate(data.exportedAt),
    data.corpusVersion ? escapeHtml(message('pdf.corpusVersion', { version: data.corpusVersion })) : null,
    message('pdf.totals', {
      highlights: counted('pdf.highlightCount', data.highlights.length),
      cases: counted('pdf.caseCount', caseCount),
      memos: counted('pdf.memoCount', data.memos.length),
    }),
  ].filter(Boolean)

  const contents = [
    ...groups.map((g, i) => `<li><a href="#g${i}">${escapeHtml(g.title)}</a></li>`),
    memoGroups.length ? `<li><a href="#memon">${message('pdf.memos')}</a></li>` : '',
  ].join('\n')

  const body = groups
    .map(
      (g, i) => `<section>
<h2 id="g${i}">${i + 1}. ${escapeHtml(g.title)}</h2>
${sortedCodes(g)
  .map((code) => `<h3>${escapeHtml(code)}</h3>\n${g.byCode.get(code)!.map((ph) => highlightHtml(ph, code)).join('\n')}`)
  .join('\n')}
</section>`,
    )
    .join('\n')

  const memos = memoGroups.length
    ? `<section>
<h2 id="memon">${groups.length + 1}. ${message('pdf.memos')}</h2>
${memoGroups
  .map(
    (g) => `<h3>${g.title}</h3>
${g.memos
  .map(
    (m) => `<article class="memo">
<h4>${escapeHtml(m.title || message('pdf.untitled'))}</h4>
${g.type === 'project' ? '' : `<p class="meta">${g.about} ${escapeHtml(swedishQuote(m.targetName))}</p>`}
${text(m.body)}
<p class="meta">${escapeHtml(m.author)}, ${swedishDate(m.createdAt)}${m.updatedAt !== m.createdAt ? ` ${message('pdf.edited', { date: swedishDate(m.updatedAt) })}` : ''}</p>
</article>`,
  )
  .join('\n')}`,
  )
  .join('\n')}
</section>`
    : ''

  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(message('pdf.documentTitle', { project: data.project }))}</title>
<style>${CSS}</style>
</head>
<body>
<section class="title-page">
<h1>${escapeHtml(data.project)}</h1>
<p class="subtitle">${message('pdf.subtitle')}</p>
<div class="facts">${facts.map((f) => `<div>${f}</div>`).join('\n')}</div>
</section>
<nav>
<h2>${message('pdf.contents')}</h2>
<ol>
${contents}
</ol>
</nav>
${body}
${memos}
</body>
</html>
`
}

export interface NotesPdfOptions {
  filter?: NotesFilter
  project?: string
  now?: Date
}

export async function exportNotesPdf(db: AtlasDatabase, printer: Printer, options: NotesPdfOptions = {}): Promise<Buffer> {
  const data = collectNotes(db, options)
  return printer.printPdf(renderNotesHtml(data), notesPageOptions(data.project))
}
