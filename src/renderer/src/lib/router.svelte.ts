// A hand-written hash router: location.hash is the truth, `route` mirrors it, back/forward work because every
// navigation is an ordinary hash change.
import { pageKey, parseHash, type Route } from './routes'
import { unsaved } from './unsaved'

/** How long a restored scroll position waits for a page's data to make the document tall enough. */
const RESTORE_TIMEOUT_MS = 2000
let entryCounter = 0

export class Router {
  route = $state.raw<Route>(parseHash(window.location.hash))
  /** Set when a different page (not just other filters) was entered; the page heading takes focus once. */
  #focusPending = false
  /** Scroll positions by history entry, so back/forward return to the same place in a long list. */
  readonly #positions = new Map<string, number>()
  #entry = ''
  #lastScrollY = 0
  /** A navigation the researcher agreed to leave unsaved work for: its hash change is not asked about again. */
  #approved: string | null = null

  /** Listens for hash changes; returns the teardown for an $effect. */
  start(): () => void {
    if (window.location.hash === '' || window.location.hash === '#' || window.location.hash === '#/') {
      history.replaceState(history.state, '', '#/katalog')
      this.route = parseHash('#/katalog')
    }
    // Chromium would restore the position before our content has loaded, and before we saved the old one.
    history.scrollRestoration = 'manual'
    this.#entry = this.#entryId()
    const onChange = (event: HashChangeEvent): void => void this.#arrive(event)
    const onScroll = (): void => {
      this.#lastScrollY = window.scrollY
    }
    // A click on an in-app link with unsaved work open is held before the address changes, and asked about.
    const onClick = (event: MouseEvent): void => {
      if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return
      const link = event.target instanceof Element ? event.target.closest('a[href^="#/"]') : null
      const href = link?.getAttribute('href')
      if (!href || href === window.location.hash || !unsaved.dirty) return
      event.preventDefault()
      this.go(href)
    }
    window.addEventListener('hashchange', onChange)
    window.addEventListener('scroll', onScroll, { passive: true })
    document.addEventListener('click', onClick, true)
    return () => {
      window.removeEventListener('hashchange', onChange)
      window.removeEventListener('scroll', onScroll)
      document.removeEventListener('click', onClick, true)
    }
  }

  /**
   * Navigate to a hash href ("#/katalog?…"); adds a history entry like a link click would. With unsaved work
   * open the researcher is asked first (save, discard or stay).
   */
  go(href: string): void {
    if (href === window.location.hash) return
    void this.#leave(href)
  }

  async #leave(href: string): Promise<void> {
    if (unsaved.dirty && !(await unsaved.confirmLeave())) return
    this.#approved = href
    window.location.hash = href
  }

  /**
   * The address changed. Back, forward or a typed address cannot be held before it happens: with unsaved
   * work open the old address is put back while the researcher is asked, and the new one followed only if
   * they save or discard.
   */
  async #arrive(event: HashChangeEvent): Promise<void> {
    const next = window.location.hash
    // The hash change right after an approved navigation is that navigation (the browser may encode it anew).
    const approved = this.#approved !== null
    this.#approved = null
    if (approved || !unsaved.dirty) return this.#sync()
    const at = event.oldURL.indexOf('#')
    const back = at < 0 ? '#/katalog' : event.oldURL.slice(at)
    history.replaceState(history.state, '', back)
    if (await unsaved.confirmLeave()) {
      this.#approved = next
      window.location.hash = next
    }
  }

  /** Called by a page heading when it mounts: true once per page entered. */
  takeFocus(): boolean {
    const pending = this.#focusPending
    this.#focusPending = false
    return pending
  }

  #sync(): void {
    const next = parseHash(window.location.hash)
    const leaving = this.#entry
    this.#positions.set(leaving, this.#lastScrollY)
    this.#entry = this.#entryId()
    if (pageKey(next) !== pageKey(this.route)) {
      this.#focusPending = true
      const saved = this.#positions.get(this.#entry)
      if (saved) this.#restoreScroll(saved)
      else window.scrollTo(0, 0)
    }
    this.route = next
  }

  /** A stable id for the current history entry, kept in history.state. */
  #entryId(): string {
    const state: unknown = history.state
    if (state && typeof state === 'object' && 'atlasEntry' in state && typeof state.atlasEntry === 'string') {
      return state.atlasEntry
    }
    // Not crypto.randomUUID: it needs a secure context, which the test origin (plain http) is not.
    const id = `${Date.now().toString(36)}-${++entryCounter}`
    history.replaceState({ ...(state && typeof state === 'object' ? state : {}), atlasEntry: id }, '')
    return id
  }

  #restoreScroll(y: number): void {
    window.scrollTo(0, 0)
    const deadline = performance.now() + RESTORE_TIMEOUT_MS
    const observer = new ResizeObserver(() => attempt())
    const stop = (): void => {
      observer.disconnect()
      window.removeEventListener('wheel', stop)
      window.removeEventListener('keydown', stop)
    }
    const attempt = (): void => {
      window.scrollTo(0, y)
      if (Math.abs(window.scrollY - y) < 2 || performance.now() > deadline) stop()
    }
    observer.observe(document.body)
    // The researcher scrolling or typing wins over a restore still waiting for content.
    window.addEventListener('wheel', stop, { passive: true })
    window.addEventListener('keydown', stop)
  }
}
