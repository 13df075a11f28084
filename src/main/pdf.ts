// The desktop app's printer: the notes report's HTML printed by Electron's own Chromium (printToPDF) in a
// hidden, sandboxed window that runs no script and loads nothing but the HTML it is given. The window has a
// session of its own (in memory, never written to disk): its request filter and its cache cannot touch the
// app's window, whose default session would otherwise get the "data: only" filter after the first print.
import { BrowserWindow, session, type Session } from 'electron'
import type { PdfPageOptions, Printer } from '../core/io/printer'
import { DEFAULT_PAGE_OPTIONS } from '../core/io/printer'

const MM_PER_INCH = 25.4

/** No `persist:` prefix: the partition lives in memory only. */
export const PDF_PARTITION = 'pdf-printing'

/** The printing session, set up once: only data: URLs load, and no permission is ever granted. */
function printingSession(): Session {
  const printing = session.fromPartition(PDF_PARTITION)
  printing.webRequest.onBeforeRequest((details, respond) => respond({ cancel: !details.url.startsWith('data:') }))
  printing.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  printing.setPermissionCheckHandler(() => false)
  return printing
}

export function createElectronPrinter(): Printer {
  let printing: Session | null = null
  return {
    async printPdf(html: string, page: PdfPageOptions = DEFAULT_PAGE_OPTIONS): Promise<Buffer> {
      // Made at the first print: a session may only be created once the app is ready.
      printing ??= printingSession()
      const window = new BrowserWindow({
        show: false,
        webPreferences: { session: printing, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      })
      try {
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
