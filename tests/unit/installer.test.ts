// The installers' configuration (electron-builder.yml). Packaging downloads Electron, which the build machines
// cannot (docs/toolchain.md), so `npm run dist` cannot run here. What can be checked without it is checked:
// electron-builder's own loader and schema accept the file, it names the targets, icons and fuses a researcher's
// installer needs, and the app archive would hold the built app and nothing of the sources or the data.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml')

interface Target {
  target: string[]
  icon: string
}
interface BuilderConfig {
  appId: string
  productName: string
  directories: { output: string; buildResources: string }
  files: string[]
  asar: boolean
  asarUnpack: string[]
  npmRebuild: boolean
  extraResources: { from: string; to: string }[]
  electronFuses: Record<string, boolean>
  linux: Target
  win: Target
  mac: Target
}

const config = parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as BuilderConfig

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(file: string): { width: number; height: number } | null {
  const bytes = fs.readFileSync(file)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/**
 * What electron-builder would put in app.asar from the project folder: `files` applied in order, a `!` pattern
 * taking out what an earlier one put in (its FileMatcher's rule). Production node_modules are added by
 * electron-builder itself, outside these patterns.
 */
function packed(files: readonly string[], patterns: readonly string[]): string[] {
  return files.filter((file) => {
    let included = false
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) {
        if (path.posix.matchesGlob(file, pattern.slice(1))) included = false
      } else if (path.posix.matchesGlob(file, pattern)) included = true
    }
    return included
  })
}

/** Every file of the project (not node_modules or .git), as posix paths relative to its root. */
function projectFiles(): string[] {
  const entries = fs.globSync('**/*', {
    cwd: ROOT,
    exclude: (name: string) => /(^|[\\/])(node_modules|\.git)$/.test(name),
  })
  return entries
    .filter((entry) => fs.statSync(path.join(ROOT, entry)).isFile())
    .map((entry) => entry.split(path.sep).join('/'))
}

describe('electron-builder.yml', () => {
  it("is accepted by electron-builder's own loader and schema, which refuse a misspelt fuse", async () => {
    const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'))
    const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
      getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Record<string, unknown>>
      validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>
    }
    const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    const loaded = await getConfig(ROOT, CONFIG_FILE, null)
    expect(loaded.appId).toBe('se.innovationsatlas.app')
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined()
    const misspelt = { ...loaded, electronFuses: { ...config.electronFuses, runAsNodes: false } }
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/)
    // Loading app-builder-lib takes seconds on the two shared cores.
  }, 60_000)

  it('names the app and builds AppImage and deb, NSIS, and dmg', () => {
    expect(config.appId).toBe('se.innovationsatlas.app')
    expect(config.productName).toBe('Innovationsatlas')
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
  })

  it('gives every platform a 512×512 PNG icon, with its SVG source beside it', () => {
    for (const platform of [config.linux, config.win, config.mac]) {
      const icon = path.join(ROOT, platform.icon)
      expect(fs.existsSync(icon), platform.icon).toBe(true)
      expect(pngSize(icon)).toEqual({ width: 512, height: 512 })
      expect(fs.readFileSync(icon.replace(/\.png$/, '.svg'), 'utf8')).toMatch(/^<svg[^>]+viewBox="0 0 512 512"/)
    }
  })

  it("keeps better-sqlite3's native binary outside the archive and never rebuilds it", () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**')
    expect(config.npmRebuild).toBe(false)
  })

  it('ships the bundled corpus beside the archive, where the packaged app reads it', () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/corpus', to: 'corpus' }))
    expect(fs.existsSync(path.join(ROOT, 'resources', 'corpus', 'corpus.yaml'))).toBe(true)
    // main/index.ts: app.isPackaged ? process.resourcesPath/corpus
    expect(fs.readFileSync(path.join(ROOT, 'src', 'main', 'index.ts'), 'utf8')).toMatch(
      /path\.join\(process\.resourcesPath, 'corpus'\)/,
    )
  })

  it('ships the map outlines beside the corpus, where the core looks for them (geo/ next to corpus/)', () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/geo', to: 'geo' }))
    expect(fs.existsSync(path.join(ROOT, 'resources', 'geo', 'kommuner.geojson'))).toBe(true)
    expect(fs.existsSync(path.join(ROOT, 'resources', 'geo', 'lan.geojson'))).toBe(true)
  })

  it('sets the fuses: no running as Node, the app only from its archive, the archive checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('puts the built main, preload and renderer in the archive, and no sources, tests, maps or data', () => {
    // The build's entry points are named too, so the check does not depend on a build having run first.
    const built = ['out/main/index.js', 'out/main/index.js.map', 'out/preload/index.cjs', 'out/renderer/index.html']
    const researcherData = ['.data/atlas.sqlite', '.data/window-state.json']
    const files = [...new Set([...projectFiles(), ...built, ...researcherData])]
    expect(files).toEqual(expect.arrayContaining(['src/main/index.ts', 'tests/unit/installer.test.ts']))

    const archive = packed(files, config.files)
    expect(archive).toEqual(
      expect.arrayContaining(['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']),
    )
    for (const folder of ['out/main/', 'out/preload/', 'out/renderer/']) {
      expect(archive.some((file) => file.startsWith(folder)), folder).toBe(true)
    }
    const outside = archive.filter((file) => file !== 'package.json' && !file.startsWith('out/'))
    expect(outside).toEqual([])
    for (const prefix of ['src/', 'tests/', '.data/', 'resources/', 'scripts/', 'docs/']) {
      expect(archive.filter((file) => file.startsWith(prefix)), prefix).toEqual([])
    }
    expect(archive.filter((file) => file.endsWith('.map'))).toEqual([])
  })

  it('is what `npm run dist` builds with, after electron-vite', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts
    expect(scripts.dist).toBe('electron-vite build && electron-builder')
  })
})
