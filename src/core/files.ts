// Files the researcher chooses: the size is checked before anything is read, and text is decoded as UTF-8.
import fs from 'node:fs'
import path from 'node:path'
import type { DialogPurpose } from '../shared/dialogs'
import { UserError } from './errors'

export interface PickRequest {
  purpose: DialogPurpose
  extensions: string[]
  multiple: boolean
}

export type PickFiles = (request: PickRequest) => Promise<string[]>

export interface SaveRequest {
  purpose: DialogPurpose
  defaultName: string
  extensions: string[]
}

/** Asks where to save (Electron: a native save dialog). Resolves to null when the researcher cancels. */
export type PickSavePath = (request: SaveRequest) => Promise<string | null>

/** Larger files are refused before they are read. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

/**
 * A chosen file's text (its size was checked when it was chosen: chooseFiles). Chosen files are read where they
 * are parsed and written — the parse process, the write worker — never on the main thread.
 */
export function readChosenText(file: { name: string; path: string }): string {
  try {
    return fs.readFileSync(file.path, 'utf8')
  } catch {
    throw new UserError('files.unreadable', { file: file.name })
  }
}

/** The files the researcher chose, each refused above `maxBytes` before a byte of it is read. */
export async function chooseFiles(pick: PickFiles | undefined, request: PickRequest, maxBytes = MAX_FILE_BYTES): Promise<{ name: string; path: string }[]> {
  if (!pick) throw new UserError('files.pickDesktopOnly')
  const paths = await pick(request)
  return paths.map((file) => {
    const name = path.basename(file)
    let size: number
    try {
      size = fs.statSync(file).size
    } catch {
      throw new UserError('files.unreadable', { file: name })
    }
    if (size > maxBytes) {
      throw new UserError('files.tooLarge', { file: name, size: (size / 1024 / 1024).toFixed(0), limit: maxBytes / 1024 / 1024 })
    }
    return { name, path: file }
  })
}
