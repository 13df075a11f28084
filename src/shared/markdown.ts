// Notes and memos are Markdown the researcher writes, rendered safely and the same way in the app and in the
// PDF report: raw HTML is shown as text (never parsed), images are not rendered at all (a remote image would
// be a network request), and links keep only http(s) and mailto targets — the app opens them through
// links:open, never by navigating.
import MarkdownIt from 'markdown-it'

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true })
md.disable(['image'])

const SAFE_LINK = /^(https?:|mailto:)/i
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim())

/** HTML for a Markdown text; safe to put in the DOM with {@html} because no raw HTML survives. */
export function renderMarkdown(text: string): string {
  return md.render(text)
}
