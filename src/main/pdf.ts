// The desktop app's printer: the notes report's HTML printed by Electron's own Chromium (printToPDF) in a
// hidden, sandboxed window that runs no script and loads nothing but the HTML it is given.
import { BrowserWindow } from 'electron'
import type { PdfPageOptions, Printer } from '../core/io/printer'
import { DEFAULT_PAGE_OPTIONS } from '../core/io/printer'

const MM_PER_INCH = 25.4

export function createElectronPrinter(): Printer {
  return {
    async printPdf(html: string, page: PdfPageOptions = DEFAULT_PAGE_OPTIONS): Promise<Buffer> {
      const window = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      })
      try {
        window.webContents.session.webRequest.onBeforeRequest((details, respond) => respond({ cancel: !details.url.startsWith('data:') }))
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
        return await window.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          // Tagged for screen readers; the outline gives bookmarks and lets the report number its contents.
          generateTaggedPDF: true,
          generateDocumentOutline: true,
          displayHeaderFooter: page.displayHeaderFooter,
          headerTemplate: page.headerTemplate,
          footerTemplate: page.footerTemplate,
          // Electron takes margins in inches.
          margins: {
            top: page.marginMm.top / MM_PER_INCH,
            right: page.marginMm.right / MM_PER_INCH,
            bottom: page.marginMm.bottom / MM_PER_INCH,
            left: page.marginMm.left / MM_PER_INCH,
          },
        })
      } finally {
        window.destroy()
      }
    },
  }
}
