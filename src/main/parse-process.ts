// The parse process of the desktop app: an Electron utility process (a Node process Chromium starts and
// ends with the app) running out/main/parse-process.js, the entry electron-vite builds from
// src/core/io/parsing/process-entry.ts. The core decides what it does; this file only starts it.
import path from 'node:path'
import { utilityProcess } from 'electron'
import type { SpawnParser } from '../core/io/parsing/runner'

export function spawnUtilityParser(entry = path.join(import.meta.dirname, 'parse-process.js')): SpawnParser {
  return (args, execArgv) => {
    const child = utilityProcess.fork(entry, args, { execArgv, stdio: ['ignore', 'inherit', 'pipe'], serviceName: 'Innovationsatlas filläsning' })
    return {
      post: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', () => listener()),
      onStderr: (listener) => void child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
      kill: () => void child.kill(),
    }
  }
}
