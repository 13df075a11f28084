// `npm run bench:scale` at a tiny size, in this process: the project holds exactly what was asked for, and every
// JSON line has its fields, finite figures, a goal beside them and the load average.
import fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { buildProject, FILTER_CLASSES, firstStart, mergeProject, scaleLines, useProject, type Json, type ScaleCounts } from '../../scripts/bench/scale'
import { REAL_CORPUS, tempDir } from './helpers'

const COUNTS: ScaleCounts = { documents: 4, sectionsPerDocument: 5, highlights: 30, codes: 6 }
const dir = tempDir('bench-scale-')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Every number in a line (nested ones too) is finite. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbers)
  return []
}

describe('bench:scale', () => {
  it('builds the project asked for and prints one line per measure with its goal', { timeout: 60_000 }, async () => {
    const build = await buildProject(dir, COUNTS, REAL_CORPUS)
    const first = await firstStart(dir, REAL_CORPUS)
    const use = await useProject(dir, REAL_CORPUS, 4)
    const merge = await mergeProject(dir, REAL_CORPUS)
    const lines = JSON.parse(JSON.stringify(scaleLines(0.004, COUNTS, build, first, use, merge))) as Json[]

    const sections = COUNTS.documents * COUNTS.sectionsPerDocument
    const one = (metric: string): Json => lines.find((l) => l.metric === metric) as Json
    expect(one('project')).toMatchObject({ documents: 4, sections, highlights: 30, codes: 6 })
    expect((one('project').codings as number) >= 30).toBe(true)
    expect(one('start').notes).toBe(30)
    // Every document is attached to one of the compared cases: every highlight is counted under its top code(s).
    expect(one('compare').cases).toBe(12)
    expect(one('compare').codings_counted as number).toBeGreaterThanOrEqual(30)
    expect(lines.filter((l) => l.metric === 'filter').map((l) => l.class)).toEqual([...FILTER_CLASSES])
    expect(lines.map((l) => l.metric)).toEqual(['project', 'start', ...FILTER_CLASSES.map(() => 'filter'), 'compare', 'export', 'merge', 'memory'])
    // A colleague merged the REFI-QDA export: every highlight arrived in the new project.
    expect(one('merge')).toMatchObject({ merged: true, highlights: 30 })

    const fields: Record<string, string[]> = {
      project: ['import_ms', 'import_sections_per_s', 'highlights_per_s', 'db_bytes', 'words', 'text_mb'],
      start: ['start_ms', 'open_ms', 'start_main_max_stall_ms', 'first_notes_ms', 'search_ready_ms', 'first_start_ms', 'index_bytes', 'peak_rss_at_start_mb'],
      filter: ['class', 'example', 'queries', 'p50_ms', 'p95_ms', 'max_ms', 'mean_hits'],
      compare: ['cases', 'codings_counted', 'queries', 'p50_ms', 'p95_ms', 'max_ms', 'main_max_stall_ms'],
      export: ['csv_ms', 'csv_bytes', 'csv_main_max_stall_ms', 'qdpx_ms', 'qdpx_bytes', 'qdpx_main_max_stall_ms', 'csv_main_max_gc_ms', 'qdpx_main_max_gc_ms', 'main_heap_mb'],
      merge: ['qdpx_bytes', 'inspect_ms', 'inspect_main_max_stall_ms', 'merge_ms', 'merge_main_max_stall_ms', 'undo_ms', 'undo_main_max_stall_ms', 'redo_ms', 'redo_main_max_stall_ms', 'sources', 'highlights'],
      memory: ['peak_rss_mb', 'build_peak_rss_mb', 'first_start_peak_rss_mb', 'use_peak_rss_mb', 'merge_peak_rss_mb'],
    }
    for (const line of lines) {
      const expected = ['scale', 'documents', 'sections', 'metric', 'goal', 'met', 'load_avg', ...(fields[line.metric as string] ?? [])]
      expect(Object.keys(line).sort()).toEqual(expect.arrayContaining(expected.sort()))
      for (const n of numbers(line)) expect(Number.isFinite(n)).toBe(true)
      // A goal is judged where the issue sets one, and only there.
      if (line.goal === null) expect(line.met).toBeNull()
      else expect(typeof line.met).toBe('boolean')
    }
    expect(one('memory').goal).toEqual({ peak_rss_mb: 1536 })
    expect(lines.filter((l) => l.metric === 'filter').every((l) => (l.goal as Json).p95_ms === 100)).toBe(true)
    expect((one('export').csv_bytes as number) > 0 && (one('export').qdpx_bytes as number) > 0).toBe(true)
  })
})
