// The window's size and position, remembered between sessions in a small JSON file in the data folder. The
// file is outside input like any other: it is validated, and a position saved on a display that is gone (a
// laptop away from its external monitor) is moved onto the display nearest to it, so the window never opens
// off screen.
import fs from 'node:fs'
import path from 'node:path'
import type { BrowserWindow, Rectangle, Screen } from 'electron'
import { z } from 'zod'

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const
export const MIN_SIZE = { width: 900, height: 600 } as const

const coordinate = z.number().int().min(-100_000).max(100_000)
const length = z.number().int().min(1).max(100_000)
const storedState = z
  .object({ x: coordinate, y: coordinate, width: length, height: length, maximized: z.boolean() })
  .strict()

export type WindowState = z.infer<typeof storedState>

/** Where and how large the window opens: x and y are absent on a first start (the platform centres it). */
export interface InitialWindow {
  bounds: { x?: number; y?: number; width: number; height: number }
  maximized: boolean
}

/** The saved state, or null when there is none or it is not what this module wrote. Never throws. */
export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = storedState.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Writes the state through a temporary file, so a crash mid-write leaves the old file, never half a new one. */
export function writeWindowState(file: string, state: WindowState): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const temporary = `${file}.tmp`
    fs.writeFileSync(temporary, JSON.stringify(state))
    fs.renameSync(temporary, file)
  } catch (error) {
    // Losing the window's place is no reason to bother the researcher.
    console.error('Innovationsatlas: the window state was not saved', error)
  }
}

/** `bounds` made to fit inside `area` (a display's work area): shrunk if too large, then moved inside. */
export function fitInside(bounds: Rectangle, area: Rectangle): Rectangle {
  const width = Math.min(Math.max(bounds.width, MIN_SIZE.width), area.width)
  const height = Math.min(Math.max(bounds.height, MIN_SIZE.height), area.height)
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height)
  return { x, y, width, height }
}

/** The window's first bounds: the saved ones fitted to the display they (most nearly) lie on, or the default. */
export function initialWindow(saved: WindowState | null, screen: Pick<Screen, 'getDisplayMatching'>): InitialWindow {
  if (!saved) return { bounds: { ...DEFAULT_SIZE }, maximized: false }
  const rectangle = { x: saved.x, y: saved.y, width: saved.width, height: saved.height }
  return { bounds: fitInside(rectangle, screen.getDisplayMatching(rectangle).workArea), maximized: saved.maximized }
}

/** Saves the window's normal (not maximised, not full-screen) bounds and whether it was maximised when it closes. */
export function rememberWindowState(
  window: Pick<BrowserWindow, 'once' | 'getNormalBounds' | 'isMaximized'>,
  file: string,
): void {
  window.once('close', () => {
    const { x, y, width, height } = window.getNormalBounds()
    // Rounded: with fractional display scaling the bounds may not be whole pixels, which the reader refuses.
    const whole = { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) }
    writeWindowState(file, { ...whole, maximized: window.isMaximized() })
  })
}
