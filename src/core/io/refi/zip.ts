// Reading a .qdpx (a ZIP) without trusting it: names that climb out of the archive or are absolute are
// refused, and only the entries the import needs are inflated. Where an entry starts and how many compressed
// bytes it has come from the central directory; what it inflates to is never taken from any header (local,
// central or data descriptor), because all of them can lie. Each wanted entry is inflated with a cap on its
// output (zlib stops chunk by chunk as soon as the bytes actually produced pass it), so a decompression bomb
// costs at most the limit in memory and time, not what it would inflate to. Nothing is ever written to disk.
import { inflateRawSync } from 'node:zlib'
import { zipSync, type Zippable } from 'fflate'
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'

export interface ZipLimits {
  /** One entry may grow to this many bytes when inflated… */
  entryBytes: number
  /** …and all the inflated entries together to this many. */
  totalBytes: number
  /** Above `ratioFloorBytes`, an entry that inflates more than this many times its compressed size is a bomb. */
  ratio: number
  ratioFloorBytes: number
  /** More entries than this in the central directory refuse the archive. */
  entries: number
}

export const ZIP_LIMITS: Readonly<ZipLimits> = {
  entryBytes: 100 * 1024 * 1024,
  totalBytes: 300 * 1024 * 1024,
  ratio: 200,
  ratioFloorBytes: 1024 * 1024,
  // A full-size project exports about 100,000 sources, one entry each, and its export must merge back in.
  entries: 250_000,
}

export const MAX_ENTRY_BYTES = ZIP_LIMITS.entryBytes
export const MAX_TOTAL_BYTES = ZIP_LIMITS.totalBytes
export const MAX_RATIO = ZIP_LIMITS.ratio
export const MAX_ENTRIES = ZIP_LIMITS.entries

/** Why a name is refused, or null when it is a plain relative path inside the archive. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\\')) return message('problems.zipNames.backslash')
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return message('problems.zipNames.absolute')
  if (name.split('/').some((part) => part === '..')) return message('problems.zipNames.climbsOut')
  // eslint-disable-next-line no-control-regex -- a control character in a file name is refused, not read
  if (/[\u0000-\u001F]/.test(name)) return message('problems.zipNames.controlCharacters')
  return null
}

/** One entry as the central directory describes it. Its declared uncompressed size is deliberately not kept. */
export interface ZipEntry {
  name: string
  flags: number
  method: number
  compressedSize: number
  localHeaderOffset: number
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const UTF8 = new TextDecoder('utf-8')
const LATIN1 = new TextDecoder('latin1')

/**
 * The entries of the central directory, in order, every name checked. Throws a UserError for an archive that
 * is no ZIP, is damaged, or has more entries than `limits.entries`.
 */
export function listZip(bytes: Uint8Array, fileName: string, limits: ZipLimits = ZIP_LIMITS): ZipEntry[] {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new UserError('refi.notZip', { file: fileName })
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const damaged = (reason: string): UserError => new UserError('refi.zipDamaged', { file: fileName, reason })
  // The end record is in the last 22 + 65,535 (comment) bytes.
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      end = at
      break
    }
  }
  if (end < 0) throw damaged(message('problems.zipStructure.noEnd'))
  let count = view.getUint16(end + 10, true)
  let directorySize = view.getUint32(end + 12, true)
  let directoryOffset = view.getUint32(end + 16, true)
  if ((count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) && end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    const record = safeNumber(view.getBigUint64(end - 20 + 8, true))
    if (record === null || record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD) throw damaged(message('problems.zipStructure.noEnd'))
    const count64 = safeNumber(view.getBigUint64(record + 32, true))
    const size64 = safeNumber(view.getBigUint64(record + 40, true))
    const offset64 = safeNumber(view.getBigUint64(record + 48, true))
    if (count64 === null || size64 === null || offset64 === null) throw damaged(message('problems.zipStructure.directory'))
    count = count64
    directorySize = size64
    directoryOffset = offset64
  }
  if (count > limits.entries) throw new UserError('refi.zipTooManyFiles', { file: fileName, limit: limits.entries })
  if (directoryOffset + directorySize > bytes.length) throw damaged(message('problems.zipStructure.directory'))

  const entries: ZipEntry[] = []
  let at = directoryOffset
  // The count in the end record may lie too: the directory is walked until its signature stops, and counted.
  while (at + 46 <= bytes.length && view.getUint32(at, true) === CENTRAL) {
    if (entries.length >= limits.entries) throw new UserError('refi.zipTooManyFiles', { file: fileName, limit: limits.entries })
    const flags = view.getUint16(at + 8, true)
    const method = view.getUint16(at + 10, true)
    let compressedSize = view.getUint32(at + 20, true)
    const uncompressed32 = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    let localHeaderOffset = view.getUint32(at + 42, true)
    const next = at + 46 + nameLength + extraLength + commentLength
    if (next > bytes.length) throw damaged(message('problems.zipStructure.directory'))
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength)
    // Bit 11: the name is UTF-8; otherwise CP437, read as Latin-1 (its ASCII part, all the checks look at, is the same).
    const name = ((flags & 0x800) !== 0 ? UTF8 : LATIN1).decode(nameBytes)
    // Zip64: the 64-bit values stand in the extra field, in this order, for the fields that are all ones.
    let extra = at + 46 + nameLength
    const extraEnd = extra + extraLength
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true)
      const size = view.getUint16(extra + 2, true)
      if (id === 0x0001) {
        let field = extra + 4
        const take = (): number | null => {
          if (field + 8 > extra + 4 + size) return null
          const value = safeNumber(view.getBigUint64(field, true))
          field += 8
          return value
        }
        if (uncompressed32 === 0xffffffff) take()
        if (compressedSize === 0xffffffff) compressedSize = take() ?? -1
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take() ?? -1
      }
      extra += 4 + size
    }
    if (compressedSize < 0 || localHeaderOffset < 0) throw damaged(message('problems.zipStructure.directory'))
    const unsafe = unsafeEntryName(name)
    if (unsafe) throw new UserError('refi.zipUnsafeName', { file: fileName, name, reason: unsafe })
    entries.push({ name, flags, method, compressedSize, localHeaderOffset })
    at = next
  }
  if (entries.length === 0 && count > 0) throw damaged(message('problems.zipStructure.directory'))
  return entries
}

/**
 * An entry's bytes, inflated with at most `cap` bytes of output. Returns null when the entry would grow past
 * `cap`: inflating stops there, whatever any header says its size is.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, cap: number): Buffer | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) {
    throw new UserError('refi.zipDamaged', { file: fileName, reason: message('problems.zipStructure.localHeader', { name: entry.name }) })
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  if (start + entry.compressedSize > bytes.length) {
    throw new UserError('refi.zipDamaged', { file: fileName, reason: message('problems.zipStructure.truncated', { name: entry.name }) })
  }
  if ((entry.flags & 0x1) !== 0) throw new UserError('refi.zipEntryFailed', { file: fileName, name: entry.name, reason: message('problems.zipStructure.encrypted') })
  const data = bytes.subarray(start, start + entry.compressedSize)
  if (entry.method === 0) return data.length > cap ? null : Buffer.from(data)
  if (entry.method !== 8) {
    throw new UserError('refi.zipEntryFailed', { file: fileName, name: entry.name, reason: message('problems.zipStructure.method', { method: entry.method }) })
  }
  try {
    // maxOutputLength: zlib counts the output of every chunk it inflates and stops as soon as the count passes it.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, cap), chunkSize: 64 * 1024 })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null
    throw new UserError('refi.zipEntryFailed', { file: fileName, name: entry.name, reason: (error as Error).message })
  }
}

/**
 * The entries `wanted` selects, inflated. Every entry name is checked, wanted or not. `fileName` names the
 * archive in messages. The size and ratio limits hold for the bytes actually inflated.
 */
export function readZip(bytes: Uint8Array, fileName: string, wanted: (name: string) => boolean, limits: ZipLimits = ZIP_LIMITS): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  let total = 0
  for (const entry of listZip(bytes, fileName, limits)) {
    if (!wanted(entry.name)) continue
    const ratioCap = Math.max(limits.ratioFloorBytes, limits.ratio * entry.compressedSize)
    const sizeCap = Math.min(limits.entryBytes, limits.totalBytes - total)
    const data = inflateEntry(bytes, entry, fileName, Math.min(ratioCap, sizeCap))
    if (!data) {
      if (ratioCap < sizeCap) throw new UserError('refi.zipRatio', { file: fileName, name: entry.name, ratio: limits.ratio })
      if (limits.entryBytes <= limits.totalBytes - total) {
        throw new UserError('refi.zipBomb', { file: fileName, name: entry.name, limit: mb(limits.entryBytes) })
      }
      throw new UserError('refi.zipTotalTooLarge', { file: fileName, limit: mb(limits.totalBytes) })
    }
    total += data.length
    files.set(entry.name, plain(data))
  }
  return files
}

/** The most XML a Word document (.docx) may inflate to before mammoth is let near it: it holds all of it in memory, many times over. */
export const MAX_WORD_XML_BYTES = 50 * 1024 * 1024

/**
 * Whether the XML parts of a Word document (word/document.xml and every other .xml or .rels entry, since the
 * package's relationships can name any of them as the main document) inflate to at most `limit` bytes
 * together. Inflating stops at the limit. Throws a UserError (refi.*) when the ZIP itself is damaged.
 */
export function wordXmlWithin(bytes: Uint8Array, fileName: string, limit = MAX_WORD_XML_BYTES): boolean {
  let left = limit
  for (const entry of listZip(bytes, fileName)) {
    if (!/\.(xml|rels)$/i.test(entry.name)) continue
    const data = inflateEntry(bytes, entry, fileName, left)
    if (!data) return false
    left -= data.length
  }
  return true
}

export function megabytes(bytes: number): string {
  return mb(bytes)
}

/** A plain Uint8Array, as fflate gave before: a view when the Buffer owns its memory, a copy when it sits in Node's pool. */
function plain(data: Buffer): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? new Uint8Array(data.buffer, 0, data.byteLength) : new Uint8Array(data)
}

function safeNumber(value: bigint): number | null {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null
}

function mb(bytes: number): string {
  return `${Math.ceil(bytes / 1024 / 1024)} MB`
}

/**
 * Writes a ZIP with the given entries, in the given order, with a fixed time stamp. `level` 0 stores the
 * entries as they are.
 */
export function writeZip(entries: [name: string, data: Uint8Array][], mtime: Date, level: 0 | 6 = 6): Buffer {
  const tree: Zippable = {}
  for (const [name, data] of entries) tree[name] = [data, { level, mtime }]
  // Counted from the tree: a name given twice is one entry.
  return withZip64End(zipSync(tree), Object.keys(tree).length)
}

/**
 * fflate writes no ZIP64 records, and its end record keeps only the low 16 bits of the entry count: past
 * 65,535 entries other tools would see a few thousand of them. Its entry records stay right as long as every
 * offset fits in 32 bits, so the end of the archive is written again with the ZIP64 end record and locator in
 * front of a plain end record whose count says "see ZIP64" (0xffff), as Info-ZIP and yazl write it.
 * Not yazl itself: on 70,000 small entries it took 80 s and 15 GB (it opens a deflate stream for every
 * entry at once), and its pump walks the entry list from the start for each entry, so time grows as n².
 */
function withZip64End(zip: Uint8Array, count: number): Buffer {
  const end = zip.length - 22
  // An offset past 4 GiB would also need ZIP64 fields in every entry record, which fflate cannot write. The
  // export process is stopped at 4 GB of memory (runner.ts) long before it could hold such an archive.
  if (end >= 0xffffffff) throw new Error(`A ZIP archive of ${zip.length} bytes needs ZIP64 entry records`)
  const plain = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)
  if (count < 0xffff) return plain
  const directoryOffset = plain.readUInt32LE(end + 16)
  const directorySize = end - directoryOffset
  const tail = Buffer.alloc(56 + 20 + 22)
  tail.writeUInt32LE(ZIP64_EOCD, 0)
  tail.writeBigUInt64LE(44n, 4) // the size of the rest of this record
  // 4.5: the version of the format that brought ZIP64.
  tail.writeUInt16LE(45, 12)
  tail.writeUInt16LE(45, 14)
  tail.writeBigUInt64LE(BigInt(count), 24)
  tail.writeBigUInt64LE(BigInt(count), 32)
  tail.writeBigUInt64LE(BigInt(directorySize), 40)
  tail.writeBigUInt64LE(BigInt(directoryOffset), 48)
  tail.writeUInt32LE(ZIP64_LOCATOR, 56)
  tail.writeBigUInt64LE(BigInt(end), 56 + 8) // where the ZIP64 end record starts
  tail.writeUInt32LE(1, 56 + 16)
  tail.writeUInt32LE(EOCD, 76)
  tail.writeUInt16LE(0xffff, 76 + 8)
  tail.writeUInt16LE(0xffff, 76 + 10)
  tail.writeUInt32LE(directorySize, 76 + 12)
  tail.writeUInt32LE(directoryOffset, 76 + 16)
  return Buffer.concat([plain.subarray(0, end), tail])
}
