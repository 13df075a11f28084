// One small interface for turning HTML into PDF with Chromium. The desktop app implements it with Electron
// (a hidden BrowserWindow and webContents.printToPDF, in src/main/pdf.ts); the CLI and the tests with
// Playwright (src/cli/chromium-printer.ts). The core knows only this interface. Both print the same HTML with
// the same page options, so what a test reads back with pdftotext is what a researcher hands to a steering group.
export interface PdfPageOptions {
  /** Chromium's header/footer templates; the classes pageNumber and totalPages are filled in per page. */
  displayHeaderFooter: boolean
  headerTemplate: string
  footerTemplate: string
  /** Page margins in millimetres (Electron's printToPDF takes inches: divide by 25.4). */
  marginMm: { top: number; right: number; bottom: number; left: number }
}

export interface Printer {
  /**
   * A tagged PDF with a document outline (bookmarks from the headings), of a self-contained HTML file (no
   * script, nothing from outside): a file, because Chromium navigates to no URL longer than 2 MiB.
   */
  printPdf(htmlFile: string, options?: PdfPageOptions): Promise<Buffer>
  /** Ends a browser kept for the next print, where the printer keeps one. */
  close?(): Promise<void>
}

export const DEFAULT_PAGE_OPTIONS: PdfPageOptions = {
  displayHeaderFooter: false,
  headerTemplate: '<span></span>',
  footerTemplate: '<span></span>',
  marginMm: { top: 20, right: 18, bottom: 20, left: 18 },
}
