// A PDF's compressed streams, measured before pdf.js reads them. pdf.js inflates a content stream whole, in
// JavaScript, with no limit: one 1 MB file whose content stream inflates to 1 GiB cost 50 s and 2.7 GB, and
// the same stream shared by 20 pages over six minutes. So every Flate stream that text extraction may decode
// (content streams, fonts, object streams — not images, which reading text never decodes) is inflated here
// first by zlib with a cap on its output: a bomb costs at most the cap, and is refused naming the limit.
//
// Streams cannot live inside object streams (ISO 32000-1, 7.5.7), so every one of them lies in the file
// between the keywords `stream` and `endstream`, after its dictionary. Looking at the raw bytes is enough:
// a stream this scan cannot make sense of (damaged, another filter) is left to pdf.js, which then runs under
// the parse process's time and memory limits.
import { inflateSync } from 'node:zlib'
import { UserError } from '../../errors'
import { megabytes } from '../refi/zip'

/** No content stream, font or object stream of a real document comes near this when decoded. */
export const MAX_PDF_STREAM_BYTES = 128 * 1024 * 1024

const STREAM = Buffer.from('stream')
const ENDSTREAM = Buffer.from('endstream')
/** How far back from `stream` its dictionary is looked for; dictionaries of streams are short. */
const DICTIONARY_WINDOW = 4096

/** Throws documents.pdfStreamTooLarge when a Flate stream decodes to more than `limit` bytes. */
export function checkPdfStreams(file: string, bytes: Buffer, limit = MAX_PDF_STREAM_BYTES): void {
  let at = 0
  for (;;) {
    const keyword = bytes.indexOf(STREAM, at)
    if (keyword < 0) return
    at = keyword + STREAM.length
    // `endstream` contains `stream`: skip it, and any `stream` that is not the keyword after a dictionary.
    if (keyword >= 3 && bytes.toString('latin1', keyword - 3, keyword) === 'end') continue
    const dictionary = bytes.toString('latin1', Math.max(0, keyword - DICTIONARY_WINDOW), keyword)
    const opened = dictionary.lastIndexOf('obj')
    if (opened < 0 || !dictionary.trimEnd().endsWith('>>')) continue
    const dict = dictionary.slice(opened)
    const start = bytes[at] === 0x0d && bytes[at + 1] === 0x0a ? at + 2 : bytes[at] === 0x0a || bytes[at] === 0x0d ? at + 1 : -1
    if (start < 0) continue
    const end = bytes.indexOf(ENDSTREAM, start)
    if (end < 0) return
    at = end + ENDSTREAM.length
    if (/\/Subtype\s*\/Image\b/.test(dict)) continue
    // A filter chain inflates once per Flate in it: [/FlateDecode /FlateDecode] multiplies the ratios.
    const flates = (dict.match(/\/(FlateDecode|Fl)\b/g) ?? []).length
    if (flates === 0) continue
    let data: Buffer = bytes.subarray(start, end)
    for (let pass = 0; pass < flates; pass++) {
      try {
        data = inflateSync(data, { maxOutputLength: limit })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new UserError('documents.pdfStreamTooLarge', { file, limit: megabytes(limit) })
        }
        // Damaged, truncated or with a predictor's extra bytes: pdf.js decides what to make of it.
        break
      }
    }
  }
}
