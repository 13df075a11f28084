// The CLI's printer: a headless Chromium through Playwright. The desktop app prints with Electron's own
// printToPDF (src/main/pdf.ts); both print the same HTML with the same page options.
import fs from 'node:fs'
import { DEFAULT_PAGE_OPTIONS, type Printer } from '../core/io/printer'

/** Debian's and Ubuntu's Chromium, used when present instead of Playwright's own download. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/**
 * Prints with a headless Chromium through Playwright (Node only: tests, CLI). Each call starts and closes its
 * own browser. The page runs no script and may load nothing from outside: the HTML is self-contained.
 */
export function createChromiumPrinter(options: { executablePath?: string } = {}): Printer {
  const executablePath = options.executablePath ?? SYSTEM_CHROMIUM.find((p) => fs.existsSync(p))
  return {
    async printPdf(html, page = DEFAULT_PAGE_OPTIONS) {
      // Imported on use: the desktop app prints with Electron and never loads Playwright.
      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({
        ...(executablePath ? { executablePath } : {}),
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      })
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
        await context.route('**/*', (route) => route.abort())
        const tab = await context.newPage()
        await tab.setContent(html, { waitUntil: 'load' })
        const mm = (n: number): string => `${n}mm`
        const pdf = await tab.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: false,
          displayHeaderFooter: page.displayHeaderFooter,
          headerTemplate: page.headerTemplate,
          footerTemplate: page.footerTemplate,
          margin: { top: mm(page.marginMm.top), right: mm(page.marginMm.right), bottom: mm(page.marginMm.bottom), left: mm(page.marginMm.left) },
        })
        return Buffer.from(pdf)
      } finally {
        await browser.close()
      }
    },
  }
}
