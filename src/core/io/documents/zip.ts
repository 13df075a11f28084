// A DOCX is a ZIP, and a ZIP is hostile until shown otherwise. Its central directory is read (yauzl) before
// anything else touches it: names that climb out of a folder or start at the root, too many entries, or
// sizes that add up to a decompression bomb refuse the file. The declared sizes can lie, so every entry is
// then inflated once into nowhere with yauzl checking that the real sizes match the declared ones; only after
// that is the ZIP handed to mammoth, which inflates whole entries into memory.
import yauzl from 'yauzl'
import { UserError } from '../../errors'

export const ZIP_LIMITS = {
  entries: 2_000,
  totalUncompressedBytes: 200 * 1024 * 1024,
  /** Ratios are only judged for entries above `ratioFloorBytes`: tiny entries compress wildly and harmlessly. */
  ratio: 100,
  ratioFloorBytes: 1024 * 1024,
}

export interface ZipListing {
  names: string[]
}

export async function inspectZip(file: string, bytes: Buffer, limits = ZIP_LIMITS): Promise<ZipListing> {
  let zip: yauzl.ZipFile
  try {
    // decodeStrings: false so that yauzl does not reject unsafe names itself with an English message.
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true })
  } catch {
    throw new UserError('documents.zipDamaged', { file })
  }
  try {
    if (zip.entryCount > limits.entries) {
      throw new UserError('documents.zipTooManyFiles', { file, count: zip.entryCount, limit: limits.entries })
    }
    const entries: yauzl.Entry[] = []
    let total = 0
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry)
      if (isUnsafePath(name)) {
        throw new UserError('documents.zipPathTraversal', { file, name })
      }
      total += entry.uncompressedSize
      if (total > limits.totalUncompressedBytes) {
        throw new UserError('documents.zipTooLarge', { file, limit: mb(limits.totalUncompressedBytes) })
      }
      if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.ratio * Math.max(1, entry.compressedSize)) {
        throw new UserError('documents.zipRatio', { file, name, ratio: limits.ratio })
      }
      if (entry.isEncrypted()) throw new UserError('documents.zipEncrypted', { file })
      entries.push(entry)
    }
    for (const entry of entries) await drain(zip, entry, file)
    return { names: entries.map(entryName) }
  } finally {
    zip.close()
  }
}

async function drain(zip: yauzl.ZipFile, entry: yauzl.Entry, file: string): Promise<void> {
  if (entry.uncompressedSize === 0 && entry.compressedSize === 0) return
  try {
    const stream = await zip.openReadStreamPromise(entry)
    for await (const _chunk of stream) {
      // yauzl counts the bytes and errors out as soon as they exceed the declared size
    }
  } catch {
    throw new UserError('documents.zipEntryDamaged', { file, name: entryName(entry) })
  }
}

function entryName(entry: yauzl.Entry): string {
  // Bit 11: the name is UTF-8; else CP437, whose ASCII part (all that the path checks look at) is the same.
  return entry.fileNameRaw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1')
}

export function isUnsafePath(name: string): boolean {
  const slashed = name.replace(/\\/g, '/')
  return (
    slashed.startsWith('/') ||
    /^[a-zA-Z]:/.test(slashed) ||
    slashed.split('/').some((part) => part === '..') ||
    slashed.includes('\0')
  )
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)
