// The CLI's printer: a headless Chromium through Playwright. The desktop app prints with Electron's own
// printToPDF (src/main/pdf.ts); both print the same HTML with the same page options.
import fs from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { DEFAULT_PAGE_OPTIONS, type Printer } from '../core/io/printer'

/** Debian's and Ubuntu's Chromium, used when present instead of Playwright's own download. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/**
 * Prints with a headless Chromium through Playwright (Node only: tests, CLI). The browser starts on the first
 * print and is reused by the next ones (a start costs seconds) until `close()`. The page runs no script and may
 * load nothing from outside: the HTML is self-contained.
 */
export function createChromiumPrinter(options: { executablePath?: string } = {}): Printer & { close(): Promise<void> } {
  const executablePath = options.executablePath ?? SYSTEM_CHROMIUM.find((p) => fs.existsSync(p))
  let running: Promise<Browser> | null = null
  const browser = (): Promise<Browser> =>
    (running ??= import('playwright-core').then(({ chromium }) =>
      // Imported on use: the desktop app prints with Electron and never loads Playwright.
      chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--headless', '--no-sandbox', '--disable-gpu'] }),
    ))
  return {
    async close() {
      const started = running
      running = null
      if (started) await (await started).close()
    },
    async printPdf(htmlFile, page = DEFAULT_PAGE_OPTIONS) {
      const context = await (await browser()).newContext({ javaScriptEnabled: false, offline: true })
      try {
        // The report's file and nothing else loads (the page is self-contained, and its CSP allows nothing either).
        const url = pathToFileURL(htmlFile).href
        await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()))
        const tab = await context.newPage()
        await tab.goto(url, { waitUntil: 'load' })
        const mm = (n: number): string => `${n}mm`
        const pdf = await tab.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: false,
          displayHeaderFooter: page.displayHeaderFooter,
          headerTemplate: page.headerTemplate,
          footerTemplate: page.footerTemplate,
          margin: { top: mm(page.marginMm.top), right: mm(page.marginMm.right), bottom: mm(page.marginMm.bottom), left: mm(page.marginMm.left) },
          // Tagged for screen readers; the outline gives bookmarks and lets the report number its contents.
          tagged: true,
          outline: true,
        })
        return Buffer.from(pdf)
      } finally {
        await context.close()
      }
    },
  }
}
