// Two languages, and nothing said outside them: the Swedish and English catalogues of the UI and of the core
// have the same keys and the same placeholders, and no component writes words of its own into the page.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { en as coreEn, message, messageLanguage, setMessageLanguage, sv as coreSv, translate } from '../../src/shared/messages'
import { openAtlas } from '../../src/core/atlas'
import { languageOfProjectFile } from '../../src/core/db/meta'
import { exportNotesCsv } from '../../src/core/io/export/csv'
import { en as uiEn } from '../../src/renderer/src/i18n/en'
import { sv as uiSv } from '../../src/renderer/src/i18n/sv'

type Tree = { [key: string]: string | Tree }

/** Every message as key → its placeholders, sorted. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(full, [...value.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort().join(','))
    else for (const [k, v] of flatten(value, full)) out.set(k, v)
  }
  return out
}

function compare(a: Tree, b: Tree): { onlyInFirst: string[]; onlyInSecond: string[]; placeholders: string[] } {
  const first = flatten(a)
  const second = flatten(b)
  return {
    onlyInFirst: [...first.keys()].filter((k) => !second.has(k)),
    onlyInSecond: [...second.keys()].filter((k) => !first.has(k)),
    placeholders: [...first].filter(([k, p]) => second.has(k) && second.get(k) !== p).map(([k]) => k),
  }
}

describe('the catalogues', () => {
  it('of the UI: every key in Swedish is in English and back, with the same placeholders', () => {
    expect(compare(uiSv as unknown as Tree, uiEn as unknown as Tree)).toEqual({ onlyInFirst: [], onlyInSecond: [], placeholders: [] })
  })

  it('of the core: every key in Swedish is in English and back, with the same placeholders', () => {
    expect(compare(coreSv as unknown as Tree, coreEn as unknown as Tree)).toEqual({ onlyInFirst: [], onlyInSecond: [], placeholders: [] })
  })

  it('the comparison itself notices a missing key and a changed placeholder', () => {
    const result = compare({ a: 'x {{n}}', b: { c: 'y' } }, { a: 'x {{m}}' })
    expect(result).toEqual({ onlyInFirst: ['b.c'], onlyInSecond: [], placeholders: ['a'] })
  })

  it('gives English words where English is asked for', () => {
    expect(translate('en', 'errors.request.unknownChannel', { channel: 'x' })).not.toBe(translate('sv', 'errors.request.unknownChannel', { channel: 'x' }))
  })
})

// ── Hard-coded words in components ─────────────────────────────────────────────────────────────────────────

const RENDERER = path.resolve('src/renderer/src')

function svelteFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? svelteFiles(full) : e.name.endsWith('.svelte') ? [full] : []
  })
}

/** The markup with scripts, styles, comments and every {expression} blanked out (braces nest). */
function markupOnly(source: string): string {
  let text = source.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '')
  let out = ''
  let depth = 0
  let quote: string | null = null
  for (const ch of text) {
    if (depth > 0) {
      if (quote) {
        if (ch === quote) quote = null
      } else if (ch === "'" || ch === '"' || ch === '`') quote = ch
      else if (ch === '{') depth++
      else if (ch === '}') depth--
      out += ch === '\n' ? '\n' : ' '
      continue
    }
    if (ch === '{') {
      depth = 1
      out += ' '
    } else out += ch
  }
  text = out
  return text
}

/**
 * Words a component writes itself: text between tags, and literal aria-label, title, placeholder and alt values.
 * Text in <code> is code, not words: the query language (`typ:rapport`, `län:25`) is the same in every language.
 */
export function hardCodedWords(source: string): string[] {
  const markup = markupOnly(source).replace(/<code>[^<]*<\/code>/g, '<code></code>')
  const found: string[] = []
  for (const m of markup.matchAll(/\b(aria-label|title|placeholder|alt|aria-description)="([^"]*)"/g)) {
    if (/\p{L}{2,}/u.test(m[2] ?? '')) found.push(`${m[1]}="${m[2]}"`)
  }
  const text = markup.replace(/<[^>]*>/g, '\n')
  for (const line of text.split('\n')) {
    const words = line.trim()
    if (/\p{L}{2,}/u.test(words)) found.push(words)
  }
  return found
}

describe('components', () => {
  it('write no words of their own: every text comes from the catalogue', () => {
    const offenders = svelteFiles(RENDERER).flatMap((file) => hardCodedWords(fs.readFileSync(file, 'utf8')).map((w) => `${path.relative(RENDERER, file)}: ${w}`))
    expect(offenders).toEqual([])
  })

  it('the check finds a hard-coded word, and passes a translated one', () => {
    expect(hardCodedWords('<script>const a = "Hej"</script><p>Spara</p><button aria-label="Stäng">{t("x")}</button>')).toEqual([
      'aria-label="Stäng"',
      'Spara',
    ])
    expect(hardCodedWords('<p>{t("common.save")} · {count}</p><span title={t("a")}>×</span><dt><code>typ:rapport</code></dt>')).toEqual([])
  })
})

describe('the core follows the language chosen', () => {
  it('writes its words (file names, CSV headers) in English once English is chosen, and Swedish again after', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: path.resolve('resources/corpus'), spawnParser: null })
    try {
      expect(message('files.export.notes')).toBe('anteckningar')
      const set = await atlas.invoke('preferences:set', { language: 'en' })
      expect(set.ok && set.value.language).toBe('en')
      expect(messageLanguage()).toBe('en')
      expect(message('files.export.notes')).toBe('notes')
      const { highlights } = exportNotesCsv(atlas.db, { delimiter: ';', headers: messageLanguage() })
      expect(highlights.split('\n')[0]).toContain('highlight_id')
      await atlas.invoke('preferences:set', { language: 'sv' })
      expect(message('files.export.notes')).toBe('anteckningar')
    } finally {
      setMessageLanguage('sv')
      await atlas.close()
    }
  })
})

describe('the shell starts Chromium in the chosen language', () => {
  it('reads the language straight from the project file, and nothing from a file that is not there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lang-'))
    const dbPath = path.join(dir, 'atlas.sqlite')
    const atlas = openAtlas({ dbPath, corpusDir: path.resolve('resources/corpus'), spawnParser: null })
    try {
      expect(languageOfProjectFile(dbPath)).toBeNull()
      await atlas.invoke('preferences:set', { language: 'en' })
      expect(languageOfProjectFile(dbPath)).toBe('en')
    } finally {
      setMessageLanguage('sv')
      await atlas.close()
    }
    expect(languageOfProjectFile(path.join(dir, 'saknas.sqlite'))).toBeNull()
  })
})
