// Overlays at the bottom of the window (the comparison tray, the reader's key hint, notices) must never hide the
// element that has focus (WCAG 2.4.11). Each one publishes how much of the window's bottom it covers as a CSS
// variable on the root: `--overlay-<name>` for itself and `--overlay-bottom` for the largest. app.css turns
// that into scroll padding (focus scrolls clear of it) and padding under the page (the page's end can scroll
// clear of a fixed overlay); notices stack above the tray through `--overlay-tray`.
import type { Attachment } from 'svelte/attachments'

const covered = new Map<string, number>()

function publish(name: string): void {
  const style = document.documentElement.style
  const own = covered.get(name)
  if (own === undefined) style.removeProperty(`--overlay-${name}`)
  else style.setProperty(`--overlay-${name}`, `${own}px`)
  const fixed = [...covered.entries()].filter(([key]) => key !== 'tray').map(([, px]) => px)
  style.setProperty('--overlay-bottom', `${Math.max(0, ...covered.values())}px`)
  style.setProperty('--overlay-fixed-bottom', `${Math.max(0, ...fixed)}px`)
}

/**
 * Measures the element while it is on the page. A fixed overlay covers from its top edge to the window's
 * bottom; a sticky one (the tray) its own height, while it is stuck; one that is in the flow (the tray on a
 * short window, see ComparisonTray) covers nothing.
 */
export function coversBottom(name: string): Attachment<HTMLElement> {
  return (el) => {
    el.dataset.overlay = name
    const measure = (): void => {
      const position = getComputedStyle(el).position
      const px =
        position === 'fixed'
          ? window.innerHeight - el.getBoundingClientRect().top
          : position === 'sticky'
            ? el.offsetHeight
            : 0
      covered.set(name, Math.max(0, Math.ceil(px)))
      publish(name)
    }
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    window.addEventListener('resize', measure)
    measure()
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', measure)
      covered.delete(name)
      publish(name)
    }
  }
}
