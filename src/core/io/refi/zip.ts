// Reading a .qdpx (a ZIP) without trusting it: names that climb out of the archive or are absolute are
// refused, and only the entries the import needs are inflated, each counted as it streams so that a
// decompression bomb is stopped at the limit whatever its headers claim. Nothing is ever written to disk.
import { Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate'
import { message } from '../../../shared/messages'
import { UserError } from '../../errors'

/** One entry may grow to this many bytes when inflated… */
export const MAX_ENTRY_BYTES = 100 * 1024 * 1024
/** …and all the inflated entries together to this many. */
export const MAX_TOTAL_BYTES = 300 * 1024 * 1024
/** Above this size, an entry that inflates more than this many times its compressed size is a bomb. */
export const MAX_RATIO = 200
const RATIO_FLOOR = 1024 * 1024
export const MAX_ENTRIES = 20_000

/** Why a name is refused, or null when it is a plain relative path inside the archive. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\\')) return message('problems.zipNames.backslash')
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return message('problems.zipNames.absolute')
  if (name.split('/').some((part) => part === '..')) return message('problems.zipNames.climbsOut')
  // eslint-disable-next-line no-control-regex -- a control character in a file name is refused, not read
  if (/[\u0000-\u001F]/.test(name)) return message('problems.zipNames.controlCharacters')
  return null
}

/**
 * The entries `wanted` selects, inflated. Every entry name is checked, wanted or not. `fileName` names the
 * archive in messages.
 */
export function readZip(bytes: Uint8Array, fileName: string, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new UserError('refi.notZip', { file: fileName })
  }
  const files = new Map<string, Uint8Array>()
  let problem: UserError | null = null
  let entries = 0
  let total = 0
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    if (problem) return
    entries++
    if (entries > MAX_ENTRIES) {
      problem = new UserError('refi.zipTooManyFiles', { file: fileName, limit: MAX_ENTRIES })
      return
    }
    const unsafe = unsafeEntryName(file.name)
    if (unsafe) {
      problem = new UserError('refi.zipUnsafeName', { file: fileName, name: file.name, reason: unsafe })
      return
    }
    if (!wanted(file.name)) return
    const declared = file.originalSize
    if (declared !== undefined && declared > MAX_ENTRY_BYTES) {
      problem = new UserError('refi.zipEntryTooLarge', { file: fileName, name: file.name, size: mb(declared), limit: mb(MAX_ENTRY_BYTES) })
      return
    }
    const chunks: Uint8Array[] = []
    let size = 0
    file.ondata = (error, chunk, final) => {
      if (problem) return
      if (error) {
        problem = new UserError('refi.zipEntryFailed', { file: fileName, name: file.name, reason: error.message })
        return
      }
      size += chunk.length
      total += chunk.length
      const compressed = file.size ?? 0
      if (size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES) {
        problem = new UserError('refi.zipBomb', { file: fileName, name: file.name, limit: mb(Math.min(MAX_ENTRY_BYTES, MAX_TOTAL_BYTES)) })
      } else if (size > RATIO_FLOOR && compressed > 0 && size / compressed > MAX_RATIO) {
        problem = new UserError('refi.zipRatio', { file: fileName, name: file.name, ratio: MAX_RATIO })
      }
      if (problem) {
        file.terminate()
        return
      }
      chunks.push(chunk)
      if (final) files.set(file.name, concat(chunks, size))
    }
    file.start()
  }
  try {
    unzip.push(bytes, true)
  } catch (error) {
    if (!problem) problem = new UserError('refi.zipDamaged', { file: fileName, reason: (error as Error).message })
  }
  if (problem) throw problem
  return files
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

function mb(bytes: number): string {
  return `${Math.ceil(bytes / 1024 / 1024)} MB`
}

/** Writes a ZIP with the given entries, in the given order, with a fixed time stamp. */
export function writeZip(entries: [name: string, data: Uint8Array][], mtime: Date): Buffer {
  const tree: Zippable = {}
  for (const [name, data] of entries) tree[name] = [data, { level: 6, mtime }]
  return Buffer.from(zipSync(tree))
}
