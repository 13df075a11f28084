// The notes as a report for a steering group, as one self-contained HTML page (no script, no outside
// resources) that a Printer turns into a PDF (pdf.ts): a title page (project, author, date, corpus version, the
// filter used, true counts), contents with page numbers, then the highlights — each once, under the case or
// document whose text it is, with all its codes (or, by the researcher's explicit choice, once under each of
// its codes) — then the memos. Notes and memos are Markdown rendered by the app's own safe renderer. A
// highlight on one of the atlas's paraphrases is never printed as a quotation: it says it comes from the
// summary of its source.
//
// Built in the parse process (export/job.ts, format 'notes-html'): the page of 50,000 highlights is tens of
// megabytes the app's main process never holds. The outline of a first print tells on which page each heading
// landed (headingPages, read with pdf.js in that process too), and the second HTML puts those numbers in the
// contents.
import { renderMarkdown } from '../../../shared/markdown'
import { message } from '../../../shared/messages'
import type { PdfPageOptions } from '../printer'
import { codePath, type NotesData, type PlacedHighlight } from './notes-data'
import { swedishDate, swedishNumber, swedishQuote, swedishSpacing } from './swedish'

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

/** 'entity': each highlight once, under the case or document whose text it is; 'code': once under each code. */
export type NotesGrouping = 'entity' | 'code'

interface Group {
  key: string
  title: string
  /** Under a report: the cases it is about. */
  about: string[]
  highlights: PlacedHighlight[]
}

function groupHighlights(highlights: PlacedHighlight[], by: NotesGrouping): Group[] {
  const groups = new Map<string, Group>()
  const add = (key: string, title: string, about: string[], ph: PlacedHighlight): void => {
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { key, title, about, highlights: [] }))
    group.highlights.push(ph)
  }
  for (const ph of highlights) {
    const h = ph.highlight
    if (by === 'entity') {
      const own = ph.place.cases.some((c) => c.id === h.entityId)
      const about = own ? [] : ph.place.cases.map((c) => c.name)
      add(`${own ? 0 : 1}:${h.entityName}:${h.entityId}`, `${h.entityName} (${ENTITY_LABEL[h.entityType] ?? h.entityType})`, about, ph)
    } else {
      const codes = h.codes.length ? h.codes.map((c) => codePath(c.path)) : [UNCODED]
      for (const code of codes) add(code === UNCODED ? `1:${code}` : `0:${code}`, code, [], ph)
    }
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key, 'sv'))
}

const markdown = (value: string): string => `<div class="text">${renderMarkdown(swedishSpacing(value))}</div>`

function highlightHtml(ph: PlacedHighlight, by: NotesGrouping): string {
  const h = ph.highlight
  const where = [h.entityName, ph.place.section].filter(Boolean).join(' › ')
  const meta = [escapeHtml(where), `${escapeHtml(h.author)}, ${swedishDate(h.createdAt)}`]
  if (ph.place.sourceUrl) meta.push(`<a href="${escapeHtml(ph.place.sourceUrl)}">${escapeHtml(ph.place.sourceUrl)}</a>`)
  const codes = h.codes.map((c) => codePath(c.path))
  // A paraphrase is the atlas's wording, not the source's: no quotation marks, and it says so.
  const passage =
    ph.place.textOrigin === 'summary'
      ? `<p class="paraphrase"><span class="label">${escapeHtml(message('pdf.paraphraseOf', { name: ph.place.document }))}</span> ${escapeHtml(swedishSpacing(h.quote))}</p>`
      : `<blockquote>${escapeHtml(swedishQuote(swedishSpacing(h.quote)))}</blockquote>`
  return `<article class="highlight">
${passage}
${h.note ? markdown(h.note) : ''}
${by === 'entity' || codes.length > 1 ? `<p class="meta codes">${escapeHtml(message('pdf.codes', { codes: codes.length ? codes.join('; ') : UNCODED }))}</p>` : ''}
<p class="meta">${meta.join(' · ')}</p>
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
.paraphrase { margin: 0 0 1.5mm; white-space: pre-wrap; }
.paraphrase .label, .note-on-paraphrase { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.5pt; color: #555; }
.text { margin: 0 0 1.5mm; }
.text p { margin: 0 0 1.5mm; }
.text ul, .text ol { margin: 0 0 1.5mm; padding-left: 6mm; }
nav li { display: flex; gap: 2mm; }
nav li a { flex: 1; }
nav li .page { min-width: 8mm; text-align: right; }
nav li .page.unknown { visibility: hidden; }
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

/** Page numbers of the report's headings, by heading text, once a first print has shown where they land. */
export type HeadingPages = Map<string, number>

export function renderNotesHtml(data: NotesData, options: { groupBy?: NotesGrouping; pages?: HeadingPages } = {}): string {
  const by = options.groupBy ?? 'entity'
  const groups = groupHighlights(data.highlights, by)
  const placeCount = new Set(data.highlights.map((h) => h.highlight.entityId)).size
  const memoGroups = MEMO_GROUPS.map((g) => ({ ...g, memos: data.memos.filter((m) => m.target.type === g.type) })).filter((g) => g.memos.length)
  const anyParaphrase = data.highlights.some((h) => h.place.textOrigin === 'summary')

  const counted = (key: 'pdf.highlightCount' | 'pdf.placeCount' | 'pdf.memoCount', n: number): string =>
    message(key, { count: n, number: swedishNumber(n) })
  const facts = [
    data.author ? escapeHtml(message('pdf.compiledBy', { author: data.author })) : null,
    swedishDate(data.exportedAt),
    data.corpusVersion ? escapeHtml(message('pdf.corpusVersion', { version: data.corpusVersion })) : null,
    escapeHtml(data.selection.length ? message('pdf.selection', { parts: data.selection.join(', ') }) : message('pdf.selectionAll')),
    message('pdf.totals', {
      highlights: counted('pdf.highlightCount', data.highlights.length),
      places: counted('pdf.placeCount', placeCount),
      memos: counted('pdf.memoCount', data.memos.length),
    }),
  ].filter(Boolean)

  const headings = [...groups.map((g, i) => ({ id: `g${i}`, text: `${i + 1}. ${g.title}` })), ...(memoGroups.length ? [{ id: 'memon', text: `${groups.length + 1}. ${message('pdf.memos')}` }] : [])]
  const contents = headings
    .map((h) => {
      const page = options.pages?.get(normaliseHeading(h.text))
      // Without numbers yet (the first print), the same space is kept so the pages come out the same.
      return `<li><a href="#${h.id}">${escapeHtml(h.text)}</a><span class="page${page ? '' : ' unknown'}">${page ?? '000'}</span></li>`
    })
    .join('\n')

  const body = groups
    .map(
      (g, i) => `<section>
<h2 id="g${i}">${escapeHtml(headings[i]!.text)}</h2>
${g.about.length ? `<p class="meta">${escapeHtml(message('pdf.relatedCases', { cases: g.about.join(', ') }))}</p>` : ''}
${g.highlights.map((ph) => highlightHtml(ph, by)).join('\n')}
</section>`,
    )
    .join('\n')

  const memos = memoGroups.length
    ? `<section>
<h2 id="memon">${escapeHtml(headings[headings.length - 1]!.text)}</h2>
${memoGroups
  .map(
    (g) => `<h3>${g.title}</h3>
${g.memos
  .map(
    (m) => `<article class="memo">
<h4>${escapeHtml(m.title || message('pdf.untitled'))}</h4>
${g.type === 'project' ? '' : `<p class="meta">${g.about} ${escapeHtml(swedishQuote(m.targetName))}</p>`}
${markdown(m.body)}
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
${anyParaphrase ? `<p class="note-on-paraphrase">${escapeHtml(message('pdf.paraphraseNote'))}</p>` : ''}
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

const normaliseHeading = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** Where each heading of a printed PDF begins (1-based page), read from the outline Chromium embeds. */
export async function headingPages(pdf: Uint8Array): Promise<HeadingPages> {
  // pdf.js is loaded for this only, not with the app's main process (megabytes of heap every collection walks).
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({ data: new Uint8Array(pdf), useWasm: false, useSystemFonts: false, isOffscreenCanvasSupported: false, verbosity: 0 })
  const doc = await task.promise
  try {
    const pages: HeadingPages = new Map()
    type Item = { title: string; dest: string | unknown[] | null; items: Item[] }
    const walk = async (items: Item[]): Promise<void> => {
      for (const item of items) {
        const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest
        const ref = dest?.[0]
        if (ref && typeof ref === 'object') pages.set(normaliseHeading(item.title), (await doc.getPageIndex(ref as { num: number; gen: number })) + 1)
        await walk(item.items)
      }
    }
    await walk(((await doc.getOutline()) ?? []) as Item[])
    return pages
  } finally {
    await task.destroy()
  }
}
