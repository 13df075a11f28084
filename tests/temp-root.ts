// Every temporary file of a test run under one folder, removed when the run ends. The tests make hundreds of
// folders (a project each), and the processes they start (the CLI, the parse process, Chromium) write theirs
// under the system's temporary folder too: pointed at this one through TMPDIR, which os.tmpdir() reads and the
// test workers and their children inherit.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Makes the run's folder, points TMPDIR at it; returns what removes it. */
export function useTempRoot(prefix: string): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  process.env.TMPDIR = root
  return () => fs.rmSync(root, { recursive: true, force: true })
}
