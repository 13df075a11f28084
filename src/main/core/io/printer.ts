// One small interface for turning HTML into PDF with Chromium. The desktop app implements it with Electron
// (a hidden BrowserWindow and webContents.printToPDF, in src/main/pdf.ts); tests and the CLI use the
// Playwright implementation below. Both print the same HTML with the same page options, so what a test reads
// back with pdftotext is what a researcher hands to a steering group.
import fs from 'node:fs'

export interface PdfPageOptions {
  /** Chromium's header/footer templates; the classes pageNumber and totalPages are filled in per page. */
  displayHeaderFooter: boolean
  headerTemplate: string
  footerTemplate: string
  /** Page margins in millimetres (Electron's printToPDF takes inches: divide by 25.4). */
  marginMm: { top: number; right: number; bottom: number; left: number }
}

export interface Printer {
  printPdf(html: string, options?: PdfPageOptions): Promise<Buffer>
}

export const DEFAULT_PAGE_OPTIONS: PdfPageOptions = {
  displayHeaderFooter: false,
  headerTemplate: '<span></span>',
  footerTemplate: '<span></span>',
  marginMm: { top: 20, right: 18, bottom: 20, left: 18 },
}

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
