// The ordering rules behind search-as-you-type (src/renderer/src/state/search-requests.ts), with a fake core
// whose replies the test resolves in any order, and fake timers for the debounce.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SearchResponse } from '../../src/shared/domain'
import { SEARCH_DELAY_MS, SearchRequests } from '../../src/renderer/src/state/search-requests'
import { groupHits, groupRows, highlightSegments, hitHref } from '../../src/renderer/src/lib/search-hits'

function response(query: string): SearchResponse {
  return { query, total: 0, hits: [], groups: [], ignored: [] }
}

/** A fake `search:query`: every call waits until the test answers or fails it. */
function fakeCore() {
  const calls: { query: string; answer: () => void; fail: (error: unknown) => void }[] = []
  const run = (query: string) =>
    new Promise<SearchResponse>((resolve, reject) => {
      calls.push({ query, answer: () => resolve(response(query)), fail: reject })
    })
  return { calls, run }
}

function setup() {
  const core = fakeCore()
  const shown: string[] = []
  const errors: unknown[] = []
  const pending: boolean[] = []
  const requests = new SearchRequests({
    run: core.run,
    onResult: (r) => shown.push(r.query),
    onError: (e) => errors.push(e),
    onPending: (p) => pending.push(p),
  })
  return { core, shown, errors, pending, requests }
}

const settle = () => vi.advanceTimersByTimeAsync(0)

describe('SearchRequests', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends one request once typing pauses, for the text as it stands then', async () => {
    const { core, requests } = setup()
    for (const text of ['i', 'id', 'idé', 'idés']) {
      requests.type(text)
      await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS - 20)
    }
    expect(core.calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(20)
    expect(core.calls.map((c) => c.query)).toEqual(['idés'])
  })

  it('drops a reply that arrives after the reply to a later query', async () => {
    const { core, shown, pending, requests } = setup()
    requests.type('kiruna')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    requests.type('idésluss')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(core.calls.map((c) => c.query)).toEqual(['kiruna', 'idésluss'])

    core.calls[1]!.answer()
    await settle()
    core.calls[0]!.answer()
    await settle()
    expect(shown).toEqual(['idésluss'])
    expect(pending.at(-1)).toBe(false)
  })

  it('drops an earlier reply even while the latest is still on its way, and stays pending', async () => {
    const { core, shown, pending, requests } = setup()
    requests.type('kiruna')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    requests.type('idésluss')
    core.calls[0]!.answer()
    await settle()
    expect(shown).toEqual([])
    expect(pending.at(-1)).toBe(true)
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    core.calls[1]!.answer()
    await settle()
    expect(shown).toEqual(['idésluss'])
  })

  it('drops a stale failure but reports the latest one', async () => {
    const { core, errors, requests } = setup()
    void requests.now('a')
    void requests.now('b')
    core.calls[0]!.fail(new Error('old'))
    await settle()
    expect(errors).toEqual([])
    core.calls[1]!.fail(new Error('new'))
    await settle()
    expect(errors).toEqual([new Error('new')])
  })

  it('cancel forgets both a waiting keystroke and a request in flight', async () => {
    const { core, shown, pending, requests } = setup()
    requests.type('kiruna')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    requests.type('kirunab')
    requests.cancel()
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS * 2)
    expect(core.calls.map((c) => c.query)).toEqual(['kiruna'])
    core.calls[0]!.answer()
    await settle()
    expect(shown).toEqual([])
    expect(pending.at(-1)).toBe(false)
  })

  it('now() overtakes a keystroke still waiting for the debounce', async () => {
    const { core, shown, requests } = setup()
    requests.type('kir')
    const sent = requests.now('kiruna')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS * 2)
    expect(core.calls.map((c) => c.query)).toEqual(['kiruna'])
    core.calls[0]!.answer()
    await sent
    expect(shown).toEqual(['kiruna'])
  })
})

describe('highlightSegments', () => {
  const cases: { name: string; text: string; ranges: [number, number][]; marked: string[]; whole: string }[] = [
    { name: 'no ranges', text: 'idésluss', ranges: [], marked: [], whole: 'idésluss' },
    { name: 'one range', text: 'en idésluss här', ranges: [[3, 11]], marked: ['idésluss'], whole: 'en idésluss här' },
    { name: 'unsorted', text: 'a bb cc', ranges: [[5, 7], [2, 4]], marked: ['bb', 'cc'], whole: 'a bb cc' },
    { name: 'overlapping merge', text: 'abcdef', ranges: [[1, 4], [3, 5]], marked: ['bcde'], whole: 'abcdef' },
    { name: 'out of range clamped', text: 'abc', ranges: [[-5, 1], [2, 99]], marked: ['a', 'c'], whole: 'abc' },
    { name: 'empty and reversed dropped', text: 'abc', ranges: [[1, 1], [2, 1]], marked: [], whole: 'abc' },
    { name: 'markup stays text', text: '<b>x</b>', ranges: [[3, 4]], marked: ['x'], whole: '<b>x</b>' },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const segments = highlightSegments(c.text, c.ranges)
      expect(segments.map((s) => s.text).join('')).toBe(c.whole)
      expect(segments.filter((s) => s.marked).map((s) => s.text)).toEqual(c.marked)
    })
  }
})

describe('groupHits and hitHref', () => {
  const hit = (type: SearchResponse['hits'][number]['type'], id: string, parentId?: string) => ({
    type,
    id,
    title: id,
    snippet: '',
    highlights: [],
    score: 1,
    ...(parentId ? { parentId, parentTitle: parentId } : {}),
  })

  it('orders groups cases, organisations, reports, sections, facts, surveys, values and counts all matches', () => {
    const groups = groupHits({
      query: 'x',
      total: 40,
      hits: [hit('fact', 'a#f1', 'a'), hit('programme', 'p'), hit('organisation', 'o'), hit('initiative', 'i')],
      groups: [
        { type: 'fact', count: 30 },
        { type: 'initiative', count: 5 },
        { type: 'programme', count: 2 },
        { type: 'organisation', count: 3 },
      ],
      ignored: [],
    })
    expect(groups.map((g) => [g.key, g.count, g.hits.map((h) => h.id)])).toEqual([
      ['case', 7, ['p', 'i']],
      ['organisation', 3, ['o']],
      ['fact', 30, ['a#f1']],
    ])
  })

  it('shows a few hits per group and a row for the rest, unless one group has the dialog to itself', () => {
    const facts = { key: 'fact' as const, count: 9, hits: ['1', '2', '3', '4', '5'].map((n) => hit('fact', `a#f${n}`, 'a')) }
    const cases = { key: 'case' as const, count: 4, hits: ['a', 'b', 'c', 'd'].map((id) => hit('initiative', id)) }
    const shape = (views: ReturnType<typeof groupRows>) =>
      views.map((v) => v.rows.map((r) => (r.kind === 'hit' ? r.hit.id : `+${r.hidden}`)))
    expect(shape(groupRows([facts], []))).toEqual([['a#f1', 'a#f2', 'a#f3', 'a#f4', 'a#f5']])
    // Four cases fit: a "show 1 more" row would take the place of the one hit it hides.
    expect(shape(groupRows([cases, facts], []))).toEqual([
      ['a', 'b', 'c', 'd'],
      ['a#f1', 'a#f2', 'a#f3', '+2'],
    ])
    expect(shape(groupRows([cases, facts], ['fact']))[1]).toHaveLength(5)
  })

  it('addresses each kind of hit, encoding ids that contain #', () => {
    expect(hitHref(hit('initiative', 'idesluss-orebro-kommun'))).toBe('#/fall/idesluss-orebro-kommun')
    expect(hitHref(hit('section', 'r#s4', 'r'))).toBe('#/rapporter/r?avsnitt=r%23s4')
    expect(hitHref(hit('value', 's#v2', 's'))).toBe('#/enkater/s?varde=s%23v2')
    expect(hitHref({ ...hit('fact', 'rise#f1', 'rise'), parentType: 'organisation' })).toBe('#/organisationer/rise?fakta=rise%23f1')
    expect(hitHref(hit('fact', 'c#f1', 'c'))).toBeNull()
    // A note opens where it sits; one on a code (no page of its own) opens the notes.
    expect(hitHref({ ...hit('highlight', 'h1', 'r'), parentType: 'report', textId: 'r#s2' })).toBe('#/rapporter/r?avsnitt=r%23s2')
    expect(hitHref({ ...hit('memo', 'm1', 'code-1'), parentType: 'code' })).toBe('#/anteckningar')
  })
})
