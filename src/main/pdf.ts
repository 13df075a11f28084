// The desktop app's printer: the notes report's HTML file printed by Electron's own Chromium (printToPDF) in
// a hidden, sandboxed window that runs no script and loads nothing but the one file it is given (a file, not a
// data: URL: Chromium refuses URLs over 2 MiB, a report of a few hundred highlights). The window has a session
// of its own (in memory, never written to disk): its request filter and its cache cannot touch the app's
// window, whose default session would otherwise get the "this file only" filter after the first print.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, session, type Session } from 'electron'
import type { PdfPageOptions, Printer } from '../core/io/printer'
import { DEFAULT_PAGE_OPTIONS } from '../core/io/printer'

const MM_PER_INCH = 25.4

/** No `persist:` prefix: the partition lives in memory only. */
export const PDF_PARTITION = 'pdf-printing'

/** The file a URL names, or null for any other URL. */
function fileOf(url: string): string | null {
  if (!url.startsWith('file:')) return null
  try {
    return path.resolve(fileURLToPath(url))
  } catch {
    return null
  }
}

/** The printing session, set up once: only the file being printed loads, and no permission is ever granted. */
function printingSession(printing: Session, allowed: () => string | null): Session {
  printing.webRequest.onBeforeRequest((details, respond) => {
    const file = fileOf(details.url)
    respond({ cancel: file === null || file !== allowed() })
  })
  printing.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  printing.setPermissionCheckHandler(() => false)
  return printing
}

export function createElectronPrinter(): Printer {
  let printing: Session | null = null
  /** The one file the session lets load, while it is printed. */
  let printed: string | null = null
  return {
    async printPdf(htmlFile: string, page: PdfPageOptions = DEFAULT_PAGE_OPTIONS): Promise<Buffer> {
      // Made at the first print: a session may only be created once the app is ready.
      printing ??= printingSession(session.fromPartition(PDF_PARTITION), () => printed)
      const window = new BrowserWindow({
        show: false,
        webPreferences: { session: printing, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      })
      printed = path.resolve(htmlFile)
      try {
        await window.loadFile(printed)
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
        printed = null
        window.destroy()
      }
    },
  }
}
