// Runs before `npm start` and `npm run dev` (prestart, predev). Since Electron 42 `npm install` no longer
// fetches Electron's binary (electron/rfcs 0022): the electron package downloads it on first use, or through its
// own `install-electron` command. electron-vite 6 does neither: it reads node_modules/electron/path.txt and stops
// with a bare "Electron uninstall" when that file is missing, on every fresh clone (alex8088/electron-vite#904).
// So this runs Electron's own installer first (nothing to do once the binary is there), and where the download
// cannot happen it says what is missing, how to get it, and what works without it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = path.dirname(require.resolve('electron/package.json'))
const { version, bin } = require('electron/package.json')
const command = process.env.npm_lifecycle_event === 'predev' ? 'npm run dev' : 'npm start'

/** Where electron-vite will look, in its own order: ELECTRON_EXEC_PATH, else dist/ named by path.txt. */
function electronBinary() {
  const chosen = process.env.ELECTRON_EXEC_PATH?.trim()
  if (chosen) return { file: chosen, found: fs.existsSync(chosen) }
  const pathFile = path.join(electronDir, 'path.txt')
  if (!fs.existsSync(pathFile)) return { file: pathFile, found: false }
  const file = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return { file, found: fs.existsSync(file) }
}

function stop(missing, why) {
  console.error(`
${command} cannot open the app: the Electron ${version} binary is missing.

  Missing:  ${missing}
  Why:      ${why}
  To fix:   run ${command} again on a connection that reaches github.com (a one-time download, cached
            afterwards), or set ELECTRON_MIRROR to a mirror you can reach, or set ELECTRON_EXEC_PATH to an
            Electron ${version.split('.')[0]} binary you already have.

  Everything but the desktop window works without it:
    npm test                     type checks, lint, unit tests, the built UI end to end in Chromium
    npm run atlas -- <command>   the CLI on the same core and database, e.g. npm run atlas -- stats
    npm run screenshots          every view rendered in Chromium
`)
  process.exit(1)
}

if (process.env.ELECTRON_EXEC_PATH?.trim()) {
  const { file, found } = electronBinary()
  if (!found) stop(file, 'ELECTRON_EXEC_PATH names this file, and it does not exist.')
  process.exit(0)
}

if (electronBinary().found) process.exit(0)

console.log(`Electron ${version} is not downloaded yet: running its installer (install-electron) …`)
const installer = spawnSync(process.execPath, [path.join(electronDir, bin['install-electron'])], { stdio: 'inherit' })
const after = electronBinary()
if (after.found) process.exit(0)

const dist = path.relative(process.cwd(), path.join(electronDir, 'dist'))
stop(
  `${dist}${path.sep} and ${path.join(path.dirname(dist), 'path.txt')}: the Electron program itself, which\n` +
    '            npm install no longer fetches (Electron 42 and later download it on first use).',
  installer.status === 0
    ? `Electron's installer finished but left no binary at ${after.file}.`
    : "Electron's installer (install-electron) failed, its error is above: usually this machine cannot\n" +
        '            reach the download.',
)
