// Drafts: what an editor holds and has not saved, kept in the project as the researcher types, so leaving a
// page, a crash or a closed window does not lose it; saving the real text makes its draft go.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import type { Channel, Input, Output } from '../../src/shared/api'
import { cellTarget, memoDraftBody, newMemoTarget, readMemoDraft } from '../../src/shared/drafts'
import { messageOf, tempDir } from './helpers'

const KIRUNA = 'innovationsplattform-kiruna'
const corpusDir = path.resolve('resources/corpus')
const open: Atlas[] = []

function atlasAt(dbPath = ':memory:'): Atlas {
  const atlas = openAtlas({ dbPath, corpusDir, spawnParser: null })
  open.push(atlas)
  return atlas
}

async function call<C extends Channel>(atlas: Atlas, channel: C, input: Input<C>): Promise<Output<C>> {
  const result = await atlas.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${messageOf(result)}`)
  return result.value
}

afterEach(async () => {
  for (const atlas of open.splice(0)) await atlas.close()
})

describe('drafts', () => {
  it('are kept, read back and discarded', async () => {
    const atlas = atlasAt()
    const key = { kind: 'memo-new' as const, target: newMemoTarget({ type: 'case', id: KIRUNA }) }
    expect(await call(atlas, 'drafts:get', key)).toBeNull()

    const body = memoDraftBody({ title: 'Första intryck', body: 'Plattformen verkar bära' })
    const saved = await call(atlas, 'drafts:save', { ...key, body })
    expect(saved?.body).toBe(body)
    const read = await call(atlas, 'drafts:get', key)
    expect(read).toEqual({ body, updatedAt: saved!.updatedAt })
    expect(readMemoDraft(read!.body)).toEqual({ title: 'Första intryck', body: 'Plattformen verkar bära' })

    // Another editor's draft is its own.
    expect(await call(atlas, 'drafts:get', { kind: 'memo', target: key.target })).toBeNull()

    await call(atlas, 'drafts:discard', key)
    expect(await call(atlas, 'drafts:get', key)).toBeNull()
  })

  it('are no drafts when empty or the same as the saved text', async () => {
    const atlas = atlasAt()
    await call(atlas, 'preferences:set', { author: 'Åsa Öberg' })
    const memo = await call(atlas, 'memos:create', { target: { type: 'case', id: KIRUNA }, title: 'Titel', body: 'Text.' })
    const key = { kind: 'memo' as const, target: memo.id }

    await call(atlas, 'drafts:save', { ...key, body: memoDraftBody({ title: 'Titel', body: 'Text. Mer' }) })
    expect(await call(atlas, 'drafts:get', key)).not.toBeNull()
    // Typed back to what is saved: nothing to restore.
    expect(await call(atlas, 'drafts:save', { ...key, body: memoDraftBody({ title: 'Titel', body: 'Text.' }) })).toBeNull()
    expect(await call(atlas, 'drafts:get', key)).toBeNull()

    const cell = { kind: 'cell-summary' as const, target: cellTarget({ caseId: KIRUNA, codeId: 'starter-fas-ide' }) }
    await call(atlas, 'drafts:save', { ...cell, body: 'Ledningen' })
    expect(await call(atlas, 'drafts:save', { ...cell, body: '' })).toBeNull()
    expect(await call(atlas, 'drafts:get', cell)).toBeNull()

    // A note is saved trimmed: spaces at its ends make no draft.
    const highlight = await call(atlas, 'highlights:create', { target: { type: 'summary', id: KIRUNA }, start: 0, end: 10, codeIds: [], note: 'Viktigt.' })
    const note = { kind: 'highlight-note' as const, target: highlight.id }
    expect(await call(atlas, 'drafts:save', { ...note, body: 'Viktigt.\n' })).toBeNull()
    expect(await call(atlas, 'drafts:save', { ...note, body: 'Viktigt!' })).not.toBeNull()
  })

  it('go when the memo, note or summary they are drafts of is saved', async () => {
    const atlas = atlasAt()
    await call(atlas, 'preferences:set', { author: 'Åsa Öberg' })
    const target = { type: 'case' as const, id: KIRUNA }

    const fresh = { kind: 'memo-new' as const, target: newMemoTarget(target) }
    await call(atlas, 'drafts:save', { ...fresh, body: memoDraftBody({ title: '', body: 'Ny tanke' }) })
    const memo = await call(atlas, 'memos:create', { target, body: 'Ny tanke' })
    expect(await call(atlas, 'drafts:get', fresh)).toBeNull()

    const edit = { kind: 'memo' as const, target: memo.id }
    await call(atlas, 'drafts:save', { ...edit, body: memoDraftBody({ title: '', body: 'Ny tanke, utvecklad' }) })
    expect(await call(atlas, 'drafts:get', edit)).not.toBeNull()
    const updated = await call(atlas, 'memos:update', { id: memo.id, body: 'Ny tanke, utvecklad' })
    expect(updated.body).toBe('Ny tanke, utvecklad')
    expect(await call(atlas, 'drafts:get', edit)).toBeNull()

    const highlight = await call(atlas, 'highlights:create', { target: { type: 'summary', id: KIRUNA }, start: 0, end: 10, codeIds: ['starter-fas-ide'] })
    const note = { kind: 'highlight-note' as const, target: highlight.id }
    await call(atlas, 'drafts:save', { ...note, body: 'Viktigt' })
    await call(atlas, 'highlights:update', { id: highlight.id, note: 'Viktigt.' })
    expect(await call(atlas, 'drafts:get', note)).toBeNull()

    const cell = { kind: 'cell-summary' as const, target: cellTarget({ caseId: KIRUNA, codeId: 'starter-fas-ide' }) }
    await call(atlas, 'drafts:save', { ...cell, body: 'Idéerna' })
    await call(atlas, 'compare:summary', { caseId: KIRUNA, codeId: 'starter-fas-ide', text: 'Idéerna fångas.', highlightIds: [highlight.id] })
    expect(await call(atlas, 'drafts:get', cell)).toBeNull()

    // A draft is not an action: undo does not bring one back or take one away.
    await call(atlas, 'drafts:save', { ...edit, body: memoDraftBody({ title: '', body: 'Tredje versionen' }) })
    await call(atlas, 'history:undo', {})
    expect((await call(atlas, 'drafts:get', edit))?.body).toBe(memoDraftBody({ title: '', body: 'Tredje versionen' }))
  })

  it('refuses an oversize body with words that say what to do, and keeps the draft it had', async () => {
    const atlas = atlasAt()
    const key = { kind: 'highlight-note' as const, target: 'hl-1' }
    await call(atlas, 'drafts:save', { ...key, body: 'Kort' })
    const result = await atlas.invoke('drafts:save', { ...key, body: 'x'.repeat(300_000) })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe('invalid-input')
    expect(messageOf(result)).toBe('Utkastet är för långt för att sparas: en text får vara högst 100 000 tecken. Korta den eller dela upp den.')
    expect((await call(atlas, 'drafts:get', key))?.body).toBe('Kort')
  })

  it('refuses a kind of draft no editor keeps', async () => {
    const atlas = atlasAt()
    const result = await atlas.invoke('drafts:save', { kind: 'report', target: 'x', body: 'y' } as never)
    expect(result.ok).toBe(false)
  })

  it('survive closing and opening the project again', async () => {
    const dbPath = path.join(tempDir(), 'projekt.atlas')
    const first = atlasAt(dbPath)
    const key = { kind: 'memo-new' as const, target: newMemoTarget({ type: 'project', id: null }) }
    const body = memoDraftBody({ title: 'Hypotes', body: 'Idéslussar som överlever' })
    await call(first, 'drafts:save', { ...key, body })
    await first.close()
    open.splice(open.indexOf(first), 1)

    const again = atlasAt(dbPath)
    expect((await call(again, 'drafts:get', key))?.body).toBe(body)
  })
})
