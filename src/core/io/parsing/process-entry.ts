// The parse process: reads one file at a time for the app and answers with plain data, and builds the app's
// large exports from the project file (export/job.ts). It is started as an
// Electron utility process by the desktop app and as a Node child process by the CLI and the tests; a file
// that makes it run out of memory or time ends this process, never the app.
//
// Its memory is watched from a thread of its own, because a parser can hold the main thread for seconds in
// one synchronous call (pdf.js inflating a stream): above the limit, the watch writes a marker on stderr,
// so the app can name the limit, and ends the process at once. V8's heap limit (--max-old-space-size, set
// by the app) catches the rest; byte arrays live outside that heap, which is why the watch looks at the
// whole process.
import { Worker } from 'node:worker_threads'
import { UserError } from '../../errors'
import { runParseJob } from './jobs'
import { EXPORT_MEMORY_LIMIT_ARG, MEMORY_LIMIT_ARG, MEMORY_LIMIT_MARKER, type FromParser, type ToParser } from './protocol'

interface ParentPort {
  on(event: 'message', listener: (event: { data: ToParser }) => void): void
  postMessage(message: FromParser): void
}

const electronPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort
const post = (message: FromParser): void => {
  if (electronPort) electronPort.postMessage(message)
  else process.send?.(message)
}

function megabytesArg(name: string): number {
  const arg = process.argv.find((a) => a.startsWith(name))
  return arg ? Number(arg.slice(name.length)) : 0
}
const limitMb = megabytesArg(MEMORY_LIMIT_ARG)
const exportLimitMb = megabytesArg(EXPORT_MEMORY_LIMIT_ARG)
/** The limit in bytes, shared with the watch's thread so that an export job can raise it. */
const memoryLimit = new Float64Array(new SharedArrayBuffer(8))
memoryLimit[0] = limitMb * 1024 * 1024
if (limitMb > 0) watchMemory()

async function handle({ id, job }: ToParser): Promise<void> {
  // An export may grow larger than a read; the app ends this process after an export (runner.ts), so the
  // larger limit never carries over to the next file read.
  if (job.kind === 'export' && exportLimitMb > 0) memoryLimit[0] = exportLimitMb * 1024 * 1024
  try {
    const value = await runParseJob(job, (step) => post({ id, kind: 'progress', step }))
    post({ id, kind: 'done', value })
  } catch (error) {
    if (error instanceof UserError) post({ id, kind: 'failed', error: { key: error.key, params: error.params, code: error.code }, detail: '' })
    else post({ id, kind: 'failed', error: null, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  }
}

// One job at a time, in the order asked: the app sends the next only after this one answered.
if (electronPort) electronPort.on('message', (event) => void handle(event.data))
else process.on('message', (message) => void handle(message as ToParser))
// The app going away (its end of the channel closing) ends this process too.
process.on('disconnect', () => process.exit(0))

function watchMemory(): void {
  const source = `
    const { workerData } = require('node:worker_threads')
    const fs = require('node:fs')
    setInterval(() => {
      if (process.memoryUsage.rss() > workerData.limit[0]) {
        fs.writeSync(2, '\\n' + workerData.marker + '\\n')
        process.kill(process.pid, 'SIGKILL')
      }
    }, 25)
  `
  const watch = new Worker(source, { eval: true, workerData: { limit: memoryLimit, marker: MEMORY_LIMIT_MARKER } })
  // The watch alone must not keep the process alive.
  watch.unref()
}
