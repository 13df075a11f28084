// `npm run corpus:check [-- DIR]`: validates the bundled corpus and names file, field and reason for
// every problem. Exit code 0 when valid, 1 when not.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatProblem, readCorpus } from '../core/corpus/read'
import { CORPUS_DIR } from './main'

export function checkCorpus(dir: string, out: (line: string) => void): number {
  const result = readCorpus(dir)
  if (!result.ok) {
    out(`Korpusen i ${dir} har ${result.problems.length} fel:`)
    for (const p of result.problems) out(`  ${formatProblem(p)}`)
    return 1
  }
  const c = result.corpus
  const initiatives = c.cases.filter((x) => x.kind === 'initiative').length
  const byType = new Map<string, number>()
  for (const o of c.organisations) byType.set(o.type, (byType.get(o.type) ?? 0) + 1)
  const facts = [...c.cases, ...c.reports, ...c.surveys, ...c.organisations].reduce((n, e) => n + e.facts.length, 0)
  const values = c.surveys.reduce((n, s) => n + s.values.length, 0)
  out(
    `Korpusen ${c.version} är giltig: ${initiatives} initiativ, ${c.cases.length - initiatives} program, ` +
      `${c.reports.length} rapporter, ${c.surveys.length} undersökningar, ${c.organisations.length} organisationer ` +
      `(${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}); ${facts} fakta och ${values} värden, alla med källa.`,
  )
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : CORPUS_DIR
  process.exitCode = checkCorpus(dir, (line) => console.log(line))
}
