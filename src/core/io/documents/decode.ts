// Bytes → text for plain text, Markdown and HTML files. The candidates form a closed set, so nothing is
// guessed statistically: UTF-8 is valid or not (decided exactly by a fatal decoder), a BOM names UTF-16, and
// otherwise the only legacy encoding Swedish researchers meet is Windows-1252 (ISO-8859-1 is its subset for
// every printable character). Statistical detectors guess wrongly on short Swedish texts, so we check
// plausibility instead and refuse what fits none.
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'

export interface DecodedText {
  text: string
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
}

// Bytes Windows-1252 leaves undefined: real text in that encoding never contains them.
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])

export function decodeText(file: string, bytes: Uint8Array): DecodedText {
  type Why = 'documents.unknownEncoding' | 'documents.utf16WithoutBom' | 'documents.notText'
  const unknown = (why: Why = 'documents.unknownEncoding') => new UserError(why, { file })
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: strict('utf-8', bytes.subarray(3), unknown), encoding: 'utf-8' }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict('utf-16le', bytes.subarray(2), unknown), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict('utf-16be', bytes.subarray(2), unknown), encoding: 'utf-16be' }

  let controls = 0
  let zeros = 0
  let high = 0
  for (const b of bytes) {
    if (b === 0) zeros++
    else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls++
    if (b >= 0x80) high++
  }
  // UTF-16 without a BOM is refused rather than guessed: which byte order it is cannot be known for sure,
  // and every editor that writes UTF-16 on Windows writes the BOM.
  if (zeros > 0) throw unknown(zeros * 4 > bytes.length ? 'documents.utf16WithoutBom' : 'documents.notText')
  // A stray control byte (an old DOS end-of-file mark) is tolerated and stripped later; many mean binary.
  if (controls * 100 > bytes.length) throw unknown('documents.notText')

  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    // not UTF-8: try Windows-1252 below
  }
  // Swedish (or English) text in Windows-1252 is mostly ASCII with a few å/ä/ö/é and typographic quotes;
  // text in another legacy encoding (Cyrillic, Greek) is mostly high bytes and would come out as nonsense.
  if (bytes.some((b) => UNDEFINED_1252.has(b)) || high * 3 > bytes.length) throw unknown()
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' }
}

function strict(encoding: string, bytes: Uint8Array, unknown: () => Error): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw unknown()
  }
}

export function encodingWarning(decoded: DecodedText): string[] {
  return decoded.encoding === 'windows-1252' ? [message('imports.windows1252')] : []
}
