// Keyboard and drop moves in the codebook (src/renderer/src/lib/code-tree.ts) turned into `codes:move`, and the
// notes view's addresses and places (lib/routes.ts, lib/notes.ts).
import { describe, expect, it } from 'vitest'
import type { CodeNode, Highlight, NoteEntry } from '../../src/shared/domain'
import { dropMove, dropZone, keyboardMove, mergeTargets, visibleCodes } from '../../src/renderer/src/lib/code-tree'
import { highlightHref, highlightPlace, memoHref, reportsToName } from '../../src/renderer/src/lib/notes'
import { href, parseHash } from '../../src/renderer/src/lib/routes'

function node(id: string, children: CodeNode[] = [], path: string[] = [id]): CodeNode {
  return { id, parentId: null, position: 0, name: id, color: '#000000', description: '', count: 0, totalCount: 0, path, children }
}

// a            d
// ├ b            └ e
// └ c
const tree = (): CodeNode[] => [node('a', [node('b'), node('c')]), node('d', [node('e')])]

describe('keyboardMove', () => {
  it.each([
    ['c', 'up', { id: 'c', parentId: 'a', position: 0 }],
    ['b', 'down', { id: 'b', parentId: 'a', position: 1 }],
    ['c', 'indent', { id: 'c', parentId: 'b', position: 0 }],
    ['d', 'indent', { id: 'd', parentId: 'a', position: 2 }],
    ['e', 'outdent', { id: 'e', parentId: null, position: 2 }],
    ['b', 'outdent', { id: 'b', parentId: null, position: 1 }],
  ] as const)('%s %s', (id, move, expected) => {
    expect(keyboardMove(tree(), id, move)).toEqual(expected)
  })

  it.each([
    ['a', 'up'],
    ['d', 'down'],
    ['b', 'indent'],
    ['a', 'outdent'],
    ['nope', 'up'],
  ] as const)('%s cannot go %s', (id, move) => {
    expect(keyboardMove(tree(), id, move)).toBeNull()
  })
})

describe('dropMove', () => {
  it('dropping onto a code appends it as the last child', () => {
    expect(dropMove(tree(), 'e', 'a', 'inside')).toEqual({ id: 'e', parentId: 'a', position: 2 })
  })
  it('dropping before or after a code places it among that code’s siblings', () => {
    expect(dropMove(tree(), 'e', 'c', 'before')).toEqual({ id: 'e', parentId: 'a', position: 1 })
    expect(dropMove(tree(), 'e', 'c', 'after')).toEqual({ id: 'e', parentId: 'a', position: 2 })
    // Within the same parent the moved code is not counted: b after c is position 1.
    expect(dropMove(tree(), 'b', 'c', 'after')).toEqual({ id: 'b', parentId: 'a', position: 1 })
  })
  it('refuses a drop into itself, below itself, or one that changes nothing', () => {
    expect(dropMove(tree(), 'a', 'a', 'inside')).toBeNull()
    expect(dropMove(tree(), 'a', 'b', 'inside')).toBeNull()
    expect(dropMove(tree(), 'a', 'c', 'after')).toBeNull()
    expect(dropMove(tree(), 'b', 'a', 'inside')).toBeNull()
    expect(dropMove(tree(), 'b', 'c', 'before')).toBeNull()
  })
  it('reads the row in quarters', () => {
    expect(dropZone(2, 40)).toBe('before')
    expect(dropZone(20, 40)).toBe('inside')
    expect(dropZone(38, 40)).toBe('after')
    expect(dropZone(5, 0)).toBe('inside')
  })
})

describe('tree walking', () => {
  it('leaves out the children of collapsed codes', () => {
    expect(visibleCodes(tree(), new Set(['a'])).map((p) => `${p.level}${p.node.id}`)).toEqual(['1a', '1d', '2e'])
  })
  it('offers every code but the source and its children as a merge target', () => {
    expect(mergeTargets(tree(), 'a').map((p) => p.node.id)).toEqual(['d', 'e'])
  })
})

describe('notes addresses', () => {
  it('round-trips every filter through the address', () => {
    const filter = {
      codeIds: ['starter-perspektiv', 'starter-fas'],
      includeChildren: true,
      entityId: 'innovationsplattform-kiruna',
      author: 'Åsa Öberg',
      from: '2026-01-01',
      to: '2026-12-31',
      kind: 'highlight' as const,
      status: 'orphan' as const,
    }
    expect(parseHash(href.notes(filter, 'place'))).toEqual({ name: 'notes', filter, sort: 'place' })
    expect(href.notes()).toBe('#/anteckningar')
    expect(href.notes({ codeIds: ['x'], includeChildren: true })).toBe('#/anteckningar?kod=x&barn=1')
  })
  it('drops malformed values', () => {
    expect(parseHash('#/anteckningar?fran=2026-13-45&till=igår&typ=alla&sort=slump&status=x&kod=')).toEqual({
      name: 'notes',
      filter: {},
      sort: 'created-desc',
    })
    expect(parseHash('#/anteckningar?kod=a')).toEqual({ name: 'notes', filter: { codeIds: ['a'], includeChildren: false }, sort: 'created-desc' })
  })
  it('opens the codebook at a code', () => {
    expect(parseHash(href.codebook('starter-fas'))).toEqual({ name: 'codebook', code: 'starter-fas' })
    expect(parseHash('#/koder/x').name).toBe('notFound')
  })
})

function highlight(over: Partial<Highlight>): Highlight {
  return {
    id: 'h',
    target: { type: 'section', id: 'r#s4' },
    entityId: 'r',
    entityName: 'Rapporten',
    entityType: 'report',
    start: 0,
    end: 1,
    quote: 'q',
    prefix: '',
    suffix: '',
    note: '',
    author: 'Åsa',
    status: 'anchored',
    codes: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  }
}

describe('where a note sits', () => {
  const labels = { facts: 'Fakta', summary: 'Sammanfattning' }
  it('links a section, a fact and a summary to their place', () => {
    expect(highlightHref(highlight({}))).toBe('#/rapporter/r?avsnitt=r%23s4')
    expect(highlightHref(highlight({ target: { type: 'fact', id: 'k#f6' }, entityId: 'k', entityType: 'initiative' }))).toBe(
      '#/fall/k?fakta=k%23f6',
    )
    expect(highlightHref(highlight({ target: { type: 'summary', id: 'o' }, entityId: 'o', entityType: 'organisation' }))).toBe(
      '#/organisationer/o',
    )
  })
  it('names the place with the section heading once known', () => {
    const h = highlight({})
    expect(highlightPlace(h, new Map(), labels)).toBe('Rapporten')
    expect(highlightPlace(h, new Map([['r#s4', 'Struktur och kultur']]), labels)).toBe('Rapporten › Struktur och kultur')
    expect(highlightPlace(highlight({ target: { type: 'fact', id: 'r#f1' } }), new Map(), labels)).toBe('Rapporten › Fakta')
  })
  it('asks only for reports whose headings are missing', () => {
    const entries: NoteEntry[] = [{ kind: 'highlight', highlight: highlight({}) }]
    expect(reportsToName(entries, new Map())).toEqual(['r'])
    expect(reportsToName(entries, new Map([['r#s4', 'x']]))).toEqual([])
  })
  it('links a memo to what it is about', () => {
    expect(memoHref({ target: { type: 'case', id: 'k' } })).toBe('#/fall/k')
    expect(memoHref({ target: { type: 'code', id: 'c' } })).toBe('#/koder?kod=c')
    expect(memoHref({ target: { type: 'project', id: null } })).toBe('#/anteckningar')
  })
})
