// `links:open` hands a URL to the operating system, which may start any program registered for its scheme. So
// main, not only the contract's schema, insists on two things: the URL is http(s), and the researcher has just
// clicked or pressed a key in that page. A script in a compromised page cannot fake an input event (they come
// from the OS through the browser process), so it cannot open links on its own, nor one link per click to a
// hundred sites: each gesture opens at most one link.
import type { IpcMainInvokeEvent, WebContents } from 'electron'
import type { Channel, Result } from '../shared/api'
import { failure } from '../shared/errors'

/** How long after a click or key press a link may still open: the round trip from the page is milliseconds. */
export const GESTURE_WINDOW_MS = 1000

const GESTURES = new Set(['mouseDown', 'mouseUp', 'keyDown', 'rawKeyDown', 'char', 'keyUp', 'gestureTap', 'touchEnd'])

const NOT_WEB = failure('forbidden', 'forbidden.linkScheme')
const NOT_CLICKED = failure('forbidden', 'forbidden.linkGesture')

/** True only for an absolute http: or https: URL without credentials in it. */
export function isWebUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2000) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
  } catch {
    return false
  }
}

export interface LinkGate {
  /** Records the researcher's input events in `contents` (call for every web contents created). */
  watch(contents: Pick<WebContents, 'on'>): void
  /** For ipc.ts: a refusal for a `links:open` call that is not a clicked web link; null lets it through. */
  guard(channel: Channel, event: Pick<IpcMainInvokeEvent, 'sender'>, input: unknown): Result<never> | null
}

export function createLinkGate(now: () => number = Date.now): LinkGate {
  // Per web contents: when the last gesture was, and whether a link already used it.
  const gestures = new WeakMap<object, { at: number; used: boolean }>()
  const record = (contents: object, type: unknown): void => {
    if (typeof type === 'string' && GESTURES.has(type)) gestures.set(contents, { at: now(), used: false })
  }
  return {
    watch(contents) {
      // before-input-event sees keys before the page does; input-event also sees the mouse.
      contents.on('before-input-event', (_event, input) => record(contents, input.type))
      contents.on('input-event', (_event, input) => record(contents, input.type))
    },
    guard(channel, event, input) {
      if (channel !== 'links:open') return null
      const url = input && typeof input === 'object' ? (input as { url?: unknown }).url : undefined
      if (!isWebUrl(url)) return NOT_WEB
      const gesture = gestures.get(event.sender)
      if (!gesture || gesture.used || now() - gesture.at > GESTURE_WINDOW_MS) return NOT_CLICKED
      gesture.used = true
      return null
    },
  }
}
