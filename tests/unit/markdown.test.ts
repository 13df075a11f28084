import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../src/shared/markdown'

describe('notes render Markdown safely', () => {
  it.each([
    ['raw HTML is shown as text', '<script>alert(1)</script> **fet**', '&lt;script&gt;', '<script>'],
    ['no image is ever loaded: it stays a link to click', '![logga](https://example.org/a.png)', 'href="https://example.org/a.png"', '<img'],
    ['javascript: links are not links', '[klick](javascript:alert(1))', '[klick]', 'href="javascript'],
    ['an onerror attribute cannot be smuggled in', '<img src=x onerror=alert(1)>', '&lt;img', '<img'],
  ])('%s', (_, input, mustContain, mustNotContain) => {
    const html = renderMarkdown(input)
    expect(html).toContain(mustContain)
    expect(html).not.toContain(mustNotContain)
  })

  it('keeps ordinary Markdown and https links, and å/ä/ö', () => {
    const html = renderMarkdown('**Viktigt:** se [rapporten](https://rapporter.skr.se/) om *idéslussar*')
    expect(html).toContain('<strong>Viktigt:</strong>')
    expect(html).toContain('<a href="https://rapporter.skr.se/">rapporten</a>')
    expect(html).toContain('<em>idéslussar</em>')
  })
})
