// Typed access to the few app-wide objects components need, without prop drilling.
import { getContext, setContext } from 'svelte'
import type { Router } from './router.svelte'
import type { Notices } from '../state/notices.svelte'

const ROUTER = Symbol('router')
const NOTICES = Symbol('notices')

export const setRouter = (router: Router): Router => setContext(ROUTER, router)
export const getRouter = (): Router => getContext<Router>(ROUTER)
export const setNotices = (notices: Notices): Notices => setContext(NOTICES, notices)
export const getNotices = (): Notices => getContext<Notices>(NOTICES)
