// Reading a .qdpx (a ZIP) without trusting it: names that climb out of the archive or are absolute are
// refused, and only the entries the import needs are inflated, each counted as it streams so that a
// decompression bomb is stopped at the limit whatever its headers claim. Nothing is ever written to disk.
import { Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate'

export class ZipError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ZipError'
  }
}

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
  if (name.includes('\\')) return 'innehåller omvänt snedstreck'
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'är en absolut sökväg'
  if (name.split('/').some((part) => part === '..')) return 'pekar ut ur arkivet (..)'
  // eslint-disable-next-line no-control-regex -- a control character in a file name is refused, not read
  if (/[\u0000-\u001F]/.test(name)) return 'innehåller styrtecken'
  return null
}

/**
 * The entries `wanted` selects, inflated. Every entry name is checked, wanted or not. `fileName` names the
 * archive in messages.
 */
export function readZip(bytes: Uint8Array, fileName: string, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new ZipError(`${fileName} är ingen REFI-QDA-projektfil (.qdpx är en ZIP-fil, men den här är det inte).`)
  }
  const files = new Map<string, Uint8Array>()
  let problem: string | null = null
  let entries = 0
  let total = 0
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    if (problem) return
    entries++
    if (entries > MAX_ENTRIES) {
      problem = `${fileName} innehåller fler än ${MAX_ENTRIES} filer och importeras inte.`
      return
    }
    const unsafe = unsafeEntryName(file.name)
    if (unsafe) {
      problem = `${fileName}: filnamnet "${file.name}" i arkivet ${unsafe}. Filen importeras inte.`
      return
    }
    if (!wanted(file.name)) return
    const declared = file.originalSize
    if (declared !== undefined && declared > MAX_ENTRY_BYTES) {
      problem = `${fileName}: ${file.name} skulle packas upp till ${mb(declared)} (gränsen är ${mb(MAX_ENTRY_BYTES)}). Filen importeras inte.`
      return
    }
    const chunks: Uint8Array[] = []
    let size = 0
    file.ondata = (error, chunk, final) => {
      if (problem) return
      if (error) {
        problem = `${fileName}: ${file.name} gick inte att packa upp (${error.message}).`
        return
      }
      size += chunk.length
      total += chunk.length
      const compressed = file.size ?? 0
      if (size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES) {
        problem = `${fileName}: ${file.name} växer över ${mb(Math.min(MAX_ENTRY_BYTES, MAX_TOTAL_BYTES))} när den packas upp (en dekomprimeringsbomb?). Filen importeras inte.`
      } else if (size > RATIO_FLOOR && compressed > 0 && size / compressed > MAX_RATIO) {
        problem = `${fileName}: ${file.name} packas upp till mer än ${MAX_RATIO} gånger sin storlek (en dekomprimeringsbomb?). Filen importeras inte.`
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
    if (!problem) problem = `${fileName} är skadad och gick inte att packa upp (${(error as Error).message}).`
  }
  if (problem) throw new ZipError(problem)
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
