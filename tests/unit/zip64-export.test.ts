// Issue 12: a full-size project exports about 100,000 sources, one ZIP entry each. The plain end record of a
// ZIP counts entries in 16 bits, so past 65,535 only ZIP64 records say how many there are; without them
// other tools see a wrong count and the app's own reader refused the archive. The archives here are written
// by the function the REFI-QDA export uses, stored rather than deflated so that 70,000 entries stay fast.
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import yauzl from 'yauzl'
import { listZip, MAX_ENTRIES, readZip, writeZip } from '../../src/core/io/refi/zip'
import { thrownWords } from './helpers'

const COUNT = 70_000
const MTIME = new Date(2024, 0, 1)
const STORED = 0

function sources(count: number): [string, Uint8Array][] {
  return Array.from({ length: count }, (_, i): [string, Uint8Array] => [`sources/${i}.txt`, Buffer.from(`Källa ${i}`)])
}

const bytes = writeZip(sources(COUNT), MTIME, STORED)
const sample = [0, 65_534, 65_535, 65_536, COUNT - 1]

describe('an export with more entries than a plain ZIP end record can count', () => {
  it('reads back whole through the app’s own reader', () => {
    expect(listZip(bytes, 'stor.qdpx')).toHaveLength(COUNT)
    const wanted = new Set(sample.map((i) => `sources/${i}.txt`))
    const files = readZip(bytes, 'stor.qdpx', (name) => wanted.has(name))
    expect(sample.map((i) => Buffer.from(files.get(`sources/${i}.txt`) ?? []).toString())).toEqual(sample.map((i) => `Källa ${i}`))
  })

  it('opens whole in yauzl, which trusts the end records as other tools do', async () => {
    const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true })
    expect(zip.entryCount).toBe(COUNT)
    let seen = 0
    let last = ''
    for await (const entry of zip.eachEntry()) {
      if (++seen === COUNT) last = await text(await zip.openReadStreamPromise(entry))
    }
    expect([seen, last]).toEqual([COUNT, `Källa ${COUNT - 1}`])
  })

  it('still refuses an archive whose ZIP64 end record counts more entries than the limit, naming it', () => {
    const claims = Buffer.from(bytes)
    const record = Number(claims.readBigUInt64LE(claims.length - 22 - 20 + 8))
    claims.writeBigUInt64LE(BigInt(MAX_ENTRIES + 1), record + 32)
    expect(thrownWords(() => listZip(claims, 'hotfull.qdpx'))).toBe(`hotfull.qdpx innehåller fler än ${MAX_ENTRIES} filer och importeras inte.`)
  })

  it('keeps the plain end record alone for an ordinary export', async () => {
    const small = writeZip(sources(3), MTIME)
    expect(small.readUInt32LE(small.length - 22)).toBe(0x06054b50)
    expect(small.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(-1)
    expect((await yauzl.fromBufferPromise(small, { lazyEntries: true })).entryCount).toBe(3)
  })

  it('reads the central directory of an archive at the entry limit in bounded time and memory', () => {
    const atLimit = writeZip(sources(MAX_ENTRIES), MTIME, STORED)
    const before = process.memoryUsage()
    const started = performance.now()
    const entries = listZip(atLimit, 'gräns.qdpx')
    const ms = performance.now() - started
    const after = process.memoryUsage()
    expect(entries).toHaveLength(MAX_ENTRIES)
    console.log(
      `listZip of ${MAX_ENTRIES} entries (archive ${(atLimit.length / 2 ** 20).toFixed(1)} MiB): ${ms.toFixed(0)} ms, ` +
        `heap +${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(1)} MiB`,
    )
  })
})
