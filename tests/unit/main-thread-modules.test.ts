// What the Electron main thread loads at start. The document parsers (pdf.js, mammoth) are megabytes of heap that
// every full garbage collection of the main thread would walk while the window waits (a collection during a
// large export held it 139 ms when a module of the write worker's pulled them in): they belong to the parse
// process, and the main thread reaches them only through a dynamic import that never runs there. esbuild follows
// every import of src/main/index.ts; the test walks only the static ones.
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')

/** The packages the main entry imports statically, directly or through any module it imports statically. */
function staticPackagesOf(entry: string): Set<string> {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    external: ['electron'],
    write: false,
    metafile: true,
    outdir: path.join('/nowhere'),
    logLevel: 'silent',
  })
  const outputs = result.metafile.outputs
  const start = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === path.relative(process.cwd(), entry))!
  const seen = new Set<string>([start])
  const packages = new Set<string>()
  for (const output of seen) {
    for (const imported of outputs[output]!.imports) {
      if (imported.kind === 'dynamic-import') continue
      if (imported.external) packages.add(imported.path)
      else seen.add(imported.path)
    }
  }
  return packages
}

describe('the main thread', () => {
  it('does not load the document parsers (pdf.js, mammoth) when the app starts', () => {
    const packages = [...staticPackagesOf(path.resolve('src/main/index.ts'))]
    // The check finds what it looks for: the database driver is loaded at start.
    expect(packages).toContain('better-sqlite3')
    expect(packages.filter((p) => p.startsWith('pdfjs-dist') || p.startsWith('mammoth'))).toEqual([])
  })
})
