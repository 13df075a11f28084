// The renderer is served from app://atlas/, a privileged custom scheme, instead of file://. A file:// page
// has the opaque origin "null" and file:// grants extra privileges (the grantFileProtocolExtraPrivileges fuse is
// off in the packaged app); app:// gives the page a real origin that 'self' in the policy means, and the
// Content-Security-Policy arrives as a response header, where it also covers what a <meta> cannot
// (frame-ancestors). Only files inside the built renderer folder are ever answered.
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Protocol } from 'electron'

export const APP_SCHEME = 'app'
export const APP_HOST = 'atlas'
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * The renderer's policy: the one in src/renderer/index.html (which the dev server and the E2E tests use), plus
 * frame-ancestors, which only a header can set. tests/unit/shell.test.ts keeps the two from drifting apart.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
}

/** Must run before the app is ready: Electron fixes the schemes' privileges when it starts. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // standard: a real origin and relative URLs; secure: a secure context, like https.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ])
}

/**
 * The file an app:// URL names inside `rootDir`, or a refusal. Slashes or dots that arrive percent-encoded
 * (`..%2F`) are decoded here, after the URL parser removed the plain `..` segments, so the containment check
 * runs on the path that would really be opened.
 */
export function resolveAppFile(rootDir: string, url: string): { file: string } | { status: 400 | 403 | 404 } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { status: 400 }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 404 }
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return { status: 400 }
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 403 }
  const root = path.resolve(rootDir)
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  if (!file.startsWith(root + path.sep)) return { status: 403 }
  return { file }
}

/** The handler protocol.handle gets: every answer, refusals included, carries the policy. */
export function createAppHandler(rootDir: string): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  return async (request) => {
    const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' }
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers })
    const target = resolveAppFile(rootDir, request.url)
    if ('status' in target) return new Response(null, { status: target.status, headers })
    try {
      const body = await fs.readFile(target.file)
      const type = CONTENT_TYPES[path.extname(target.file).toLowerCase()] ?? 'application/octet-stream'
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...headers, 'Content-Type': type } })
    } catch {
      return new Response(null, { status: 404, headers })
    }
  }
}

/** Serves the built renderer (out/renderer) on app://atlas/. Call once the app is ready. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(rootDir))
}
