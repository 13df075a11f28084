// `import FILE…`: what each file is, is read from its content (classify.ts), then it goes through the same
// channels as the app's import dialogs, with the files standing in for the dialog's answer.
import path from 'node:path'
import type { ConflictChoice } from '../shared/domain'
import type { Atlas } from '../core/atlas'
import { classifyFile, type ImportKind } from '../core/io/classify'
import { call, type CliIo } from './call'

/** `chosen` is what the app's open dialog would answer: filled here, group by group, before each channel call. */
export async function runImport(
  atlas: Atlas,
  paths: string[],
  options: { attach: string[]; onConflict?: ConflictChoice | undefined },
  chosen: string[],
  json: boolean,
  io: CliIo,
): Promise<number> {
  const { attach, onConflict } = options
  const groups = new Map<ImportKind, string[]>()
  for (const file of paths) {
    const kind = await classifyFile(file)
    groups.set(kind, [...(groups.get(kind) ?? []), path.resolve(file)])
  }
  const report: Record<string, unknown> = {}
  let failed = false
  for (const [kind, files] of groups) {
    chosen.splice(0, chosen.length, ...files)
    if (kind === 'document') {
      const result = await call(atlas, 'documents:import', attach.length ? { attachTo: attach } : {})
      report.documents = result
      failed ||= result.failed.length > 0
      if (!json) {
        for (const d of result.imported) io.out(`Importerade ${d.file} → ${d.entityId} (${d.sections} avsnitt)`)
        for (const f of result.failed) io.err(`Fel: ${f.message}`)
      }
    } else if (kind === 'kolada') {
      report.kolada = await call(atlas, 'kolada:import', {})
      if (!json) io.out(`Importerade Kolada-värden från ${files.map((f) => path.basename(f)).join(', ')}`)
    } else if (kind === 'survey-csv') {
      for (const file of files) {
        chosen.splice(0, chosen.length, file)
        report.surveys = [...((report.surveys as unknown[]) ?? []), await call(atlas, 'import:survey', {})]
        if (!json) io.out(`Importerade enkätvärden från ${path.basename(file)}`)
      }
    } else if (kind === 'cases-csv') {
      for (const file of files) {
        chosen.splice(0, chosen.length, file)
        const preview = await call(atlas, 'import:casesPreview', {})
        if (preview.cancelled) continue
        const result = await call(atlas, 'import:cases', { token: preview.token, mapping: preview.mapping })
        report.cases = [...((report.cases as unknown[]) ?? []), result]
        if (!json) io.out(`Importerade ${result.created.length} nya och ${result.updated.length} ändrade fall från ${path.basename(file)}`)
      }
    } else {
      // REFI-QDA: what cannot be carried is said before anything is written.
      for (const file of files) {
        chosen.splice(0, chosen.length, file)
        const inspection = await call(atlas, 'refi:inspect', {})
        if (inspection.cancelled) continue
        if (!json) for (const line of inspection.unsupported) io.out(`Tas inte med: ${line}`)
        // A conflict is the researcher's to settle: listed here, then the import refuses unless told how.
        if (!onConflict || !json) {
          for (const c of inspection.conflicts) io.err(`Konflikt (${c.kind} ${c.guid}) ”${c.name}”: mitt: ${c.mine} | deras: ${c.theirs}`)
        }
        const result = await call(atlas, 'refi:import', { token: inspection.token, ...(onConflict ? { onConflict } : {}) })
        report.refi = [
          ...((report.refi as unknown[]) ?? []),
          { file: path.basename(file), unsupported: inspection.unsupported, conflictsFound: inspection.conflicts, ...result },
        ]
        if (!json) {
          io.out(
            `Importerade ${path.basename(file)}: ${result.documents} dokument, ${result.highlights} markeringar, ` +
              `${result.codes.created} nya och ${result.codes.merged} sammanslagna koder, ${result.memos} memon.`,
          )
          const same = result.unchanged
          if (same.documents + same.highlights + same.memos > 0) {
            io.out(`Fanns redan (samma GUID, samma innehåll): ${same.documents} dokument, ${same.highlights} markeringar, ${same.memos} memon.`)
          }
          const settled = result.conflicts
          if (settled.mine + settled.theirs + settled.both > 0) {
            io.out(`Konflikter: ${settled.mine} behöll mitt, ${settled.theirs} tog deras, ${settled.both} behöll båda.`)
          }
        }
      }
    }
  }
  if (json) io.out(JSON.stringify(report))
  return failed ? 1 : 0
}
