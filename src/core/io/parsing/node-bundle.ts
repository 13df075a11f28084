// Under tsx (the CLI, the tests, the scripts) the parse process would run its TypeScript through tsx as well,
// and tsx also transforms pdf.js's two large modules on the way: 300 MB before the first file and seconds to
// start, against 80 MB and a fraction of a second in plain Node. So the process's entry is bundled once
// with esbuild into plain JavaScript (packages stay imports, resolved from the project's node_modules) and
// Node runs that. The built app never comes here: electron-vite builds the entry with the rest.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const built = new Map<string, string>()

export function bundleForNode(entry: string): string {
  const known = built.get(entry)
  if (known && fs.existsSync(known)) return known
  // Loaded only here, so that the desktop app (which has no esbuild) never loads it.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  const dir = path.join(projectRoot(entry), 'node_modules', '.cache', 'innovationsatlas')
  fs.mkdirSync(dir, { recursive: true })
  // Named by content: test files running side by side write the same file, and rename is atomic.
  const file = path.join(dir, `parse-process-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`)
  if (!fs.existsSync(file)) {
    const temp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(temp, code)
    fs.renameSync(temp, file)
  }
  built.set(entry, file)
  return file
}

/** The folder with package.json above `file`: where node_modules is, for the bundle's imports. */
function projectRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${file}`)
  }
}
