import os from 'node:os'
import path from 'node:path'

/** The product name Electron derives userData from (package.json productName). */
export const APP_NAME = 'Innovationsatlas'

/**
 * Where Electron keeps userData for this app on each platform, so that the CLI without Electron reads the
 * same atlas.sqlite as the desktop app. ATLAS_DATA_DIR overrides it (see db/open.ts resolveDataDir).
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME)
}
