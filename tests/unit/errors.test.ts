// Errors as data (issue 9, step 4): the core throws a UserError with a key and parameters, the failure crosses
// the boundary without words, and the renderer (i18next) and the CLI (the shared formatter) both turn it into
// the same Swedish sentence from src/shared/messages. Unknown errors and SQLite's own still reach the
// researcher as a sentence, and their cause is logged.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openAtlas } from '../../src/core/atlas'
import { toFailure, UserError } from '../../src/core/errors'
import { errorText, type ErrorKey } from '../../src/shared/errors'
import { CATALOGUES, en, hasMessage, message, sv, translate, type Messages } from '../../src/shared/messages'
import { errorWords, instance } from '../../src/renderer/src/i18n/instance'
import { tempDir, worded, writeCorpus } from './helpers'

/** Every message in a catalogue as [key, template], plural forms under their own key (e.g. "x_one"). */
function leaves(node: unknown, prefix = ''): [string, string][] {
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  )
}

const placeholders = (template: string): string[] => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!)
const baseKey = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '')

describe('the message catalogue', () => {
  // A second language is a second object of the same type: a missing key is a compile error there.
  const english: Messages = en
  const all = leaves(sv)

  it('gives every message well-formed placeholders, and a plural form its count', () => {
    expect(Object.keys(CATALOGUES)).toEqual(['sv', 'en'])
    expect(leaves(english)).toHaveLength(all.length)
    for (const [key, template] of [...all, ...leaves(english)]) {
      // A lone brace is a typo for {{param}} and would be printed as it stands.
      expect(template.replace(/\{\{\w+\}\}/g, ''), key).not.toMatch(/[{}]/)
      expect(template.trim(), key).not.toBe('')
    }
  })

  it('says the same in the renderer (i18next) as in the CLI and the core (the shared formatter), for every key', () => {
    for (const [key, template] of all) {
      const base = baseKey(key)
      const counts = key === base ? [undefined] : [1, 2]
      for (const count of counts) {
        const params: Record<string, string | number> = Object.fromEntries(placeholders(template).map((p) => [p, `‹${p}›`]))
        if (count !== undefined) params.count = count
        const shared = translate('sv', base, params)
        expect(shared, base).not.toContain('{{')
        expect(instance.t(base, { ...params, ns: 'core', lng: 'sv' }), base).toBe(shared)
      }
    }
  })

  it('chooses the plural form by count, as i18next does', () => {
    expect(message('refiExport.notCarried.orphans', { count: 1 })).toMatch(/^1 markering saknar plats/)
    expect(message('refiExport.notCarried.orphans', { count: 3 })).toMatch(/^3 markeringar saknar plats/)
    expect(message('pdf.highlightCount', { count: 1200, number: '1 200' })).toBe('1 200 markeringar')
  })

  it('has a message, with every parameter it uses, for each error the source throws', () => {
    // A runtime check beside the compiler's: every `new UserError('key', { … })` and `failure(code, 'key', { … })`
    // in src/ names a key that exists and passes each {{param}} its message uses.
    const sources = fs
      .readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join('src', f), 'utf8'))
      .join('\n')
    const sites = [...sources.matchAll(/(?:new UserError|failure\('[\w-]+',)\s*\(?'([\w.]+)'(?:,\s*\{([^}]*)\})?/g)]
    expect(sites.length).toBeGreaterThan(100)
    for (const [, key, params = ''] of sites) {
      expect(hasMessage(`errors.${key}`), key).toBe(true)
      const given = params.split(',').map((p) => p.trim().split(':')[0]!.trim()).filter(Boolean)
      const used = leaves(sv.errors).filter(([k]) => baseKey(k) === key).flatMap(([, t]) => placeholders(t))
      for (const name of used) expect(given, `${key} uses {{${name}}}`).toContain(name)
    }
  })

  it('refuses, at compile time, an unknown key or a missing parameter', () => {
    const unchecked = (): void => {
      // @ts-expect-error: no message has this key
      void new UserError('codes.noSuchKey')
      // @ts-expect-error: the message says "…som heter "{{name}}"…", so name is required
      void new UserError('codes.nameTaken')
      // @ts-expect-error: a plural message needs its count
      void message('pdf.highlightCount', { number: '1' })
    }
    expect(unchecked).toBeTypeOf('function')
  })
})

describe('a failure crossing the boundary', () => {
  afterEach(() => vi.restoreAllMocks())
  const open = () => openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()) })

  it('carries a thrown UserError as key and parameters, which the renderer shows in words', async () => {
    const atlas = open()
    await atlas.invoke('codes:create', { name: 'Kultur' })
    const result = await atlas.invoke('codes:create', { name: 'Kultur' })
    expect(result).toEqual({ ok: false, code: 'invalid-input', error: { key: 'codes.nameTaken', params: { name: 'Kultur' } } })
    if (result.ok) return
    expect(errorWords(result.error, 'sv')).toBe('Det finns redan en kod som heter "Kultur" på den nivån.')
    expect(errorText(result.error)).toBe(errorWords(result.error, 'sv'))
    await atlas.close()
  })

  it('keeps the not-found code and names the missing thing', async () => {
    const atlas = open()
    const result = await atlas.invoke('cases:get', { id: 'finns-inte' })
    expect(worded(result)).toEqual({ ok: false, code: 'not-found', message: 'Fallet "finns-inte" finns inte i atlasen.' })
    await atlas.close()
  })

  it('words a contract violation with the field and the contract’s own key', async () => {
    const atlas = open()
    const result = await atlas.invoke('cases:create', {
      draft: { kind: 'initiative', name: ' ', summary: '', startYear: null, endYear: null, themes: [], funders: [], organisations: [], related: [] },
    })
    expect(result).toMatchObject({ ok: false, error: { key: 'request.caseNameMissing', params: { channel: 'cases:create', path: 'draft.name' } } })
    expect(worded(result)).toMatchObject({ message: 'Ogiltig förfrågan till cases:create (draft.name): ett fall måste ha ett namn.' })
    const unknown = await atlas.invoke('nope:nope' as never, {})
    expect(worded(unknown)).toMatchObject({ code: 'invalid-input', message: 'Okänd kanal "nope:nope".' })
    await atlas.close()
  })

  it('gives an unknown error the internal message and logs its cause, without the cause reaching the front', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const atlas = open()
    // A defect: the connection is gone, and better-sqlite3 says so with a plain TypeError.
    atlas.db.close()
    const result = await atlas.invoke('codes:list', {})
    expect(result).toEqual({ ok: false, code: 'internal', error: { key: 'internal.unexpected', params: {} } })
    expect(worded(result)).toMatchObject({ message: 'Något gick fel i Innovationsatlas. Försök igen; om felet kvarstår, starta om appen.' })
    expect(JSON.stringify(result)).not.toMatch(/connection|TypeError/)
    expect(logged).toHaveBeenCalledWith(expect.any(TypeError))
  })

  it('says the disk is full when SQLite is out of room (SQLITE_FULL), and logs it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const atlas = open()
    await atlas.invoke('preferences:set', { author: 'Åsa' })
    // No page left to grow into: the next write fails as it would on a full disk.
    atlas.db.pragma(`max_page_count = ${atlas.db.pragma('page_count', { simple: true }) as number}`)
    let result = await atlas.invoke('memos:create', { target: { type: 'project', id: null }, body: 'x'.repeat(90_000) })
    for (let i = 0; result.ok && i < 50; i++) {
      result = await atlas.invoke('memos:create', { target: { type: 'project', id: null }, body: 'x'.repeat(90_000) })
    }
    expect(result).toEqual({ ok: false, code: 'database', error: { key: 'database.diskFull', params: {} } })
    expect(worded(result)).toMatchObject({ message: expect.stringMatching(/^Disken är full/) })
    expect(logged).toHaveBeenCalled()
    await atlas.close()
  })

  it('an export to a full disk says so and leaves no file behind', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const dir = tempDir()
    const target = path.join(dir, 'anteckningar.csv')
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: writeCorpus(tempDir()), indexDir: null, pickSavePath: async () => target })
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    const write = vi.spyOn(fs, 'writeFileSync').mockImplementation((file) => {
      // Half a file written, then the disk is full.
      const fd = fs.openSync(file as string, 'w')
      fs.writeSync(fd, 'halv')
      fs.closeSync(fd)
      throw full
    })
    const result = await atlas.invoke('export:notes', { format: 'csv' })
    write.mockRestore()
    expect(worded(result)).toMatchObject({ ok: false, message: expect.stringMatching(/^Disken är full, så filen kunde inte skrivas/) })
    expect(fs.readdirSync(dir)).toEqual([])
    await atlas.close()
  })

  it.each([
    ['SQLITE_READONLY_DBMOVED', 'database.readOnly'],
    ['SQLITE_CANTOPEN', 'database.cannotOpen'],
    ['SQLITE_CORRUPT', 'database.corrupt'],
    ['SQLITE_BUSY', 'database.unavailable'],
  ] as [string, ErrorKey][])('maps %s to its own message', (code, key) => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(toFailure(new Database.SqliteError('disk I/O', code))).toEqual({ ok: false, code: 'database', error: { key, params: {} } })
  })
})
