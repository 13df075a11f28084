// contextBridge only: window.api gets one async function per contract channel and nothing else (no
// ipcRenderer, no generic invoke), so the page can reach exactly the channels main registers.
//
// Only types come from api.ts: its CHANNELS list is derived from the zod schemas, and importing it would
// bundle zod into this sandboxed preload. The table below is checked against Channel instead: a channel
// missing from it, or one the contract does not have, is a compile error.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { AtlasBridge, Channel } from '../shared/api'
import { isMenuCommand, MENU_COMMAND_EVENT, type MenuCommand, type ShellBridge } from '../shared/shell-events'

const EXPOSED = {
  'app:info': true,
  'catalogue:list': true,
  'cases:get': true,
  'reports:list': true,
  'reports:get': true,
  'surveys:list': true,
  'surveys:get': true,
  'organisations:list': true,
  'organisations:get': true,
  'search:query': true,
  'search:status': true,
  'codes:list': true,
  'codes:create': true,
  'codes:update': true,
  'codes:move': true,
  'codes:merge': true,
  'codes:impact': true,
  'codes:delete': true,
  'highlights:create': true,
  'highlights:update': true,
  'highlights:delete': true,
  'highlights:reattach': true,
  'highlights:forEntity': true,
  'memos:create': true,
  'memos:update': true,
  'memos:delete': true,
  'drafts:get': true,
  'drafts:save': true,
  'drafts:discard': true,
  'notes:list': true,
  'notes:page': true,
  'history:undo': true,
  'history:redo': true,
  'history:state': true,
  'preferences:get': true,
  'preferences:set': true,
  'compare:matrix': true,
  'compare:excerpts': true,
  'compare:summary': true,
  'compare:similar': true,
  'comparisons:list': true,
  'comparisons:get': true,
  'comparisons:save': true,
  'comparisons:rename': true,
  'comparisons:delete': true,
  'kolada:import': true,
  'kolada:series': true,
  'cases:create': true,
  'cases:update': true,
  'cases:delete': true,
  'cases:attributes': true,
  'cases:setAttributes': true,
  'import:casesPreview': true,
  'import:cases': true,
  'import:survey': true,
  'documents:import': true,
  'documents:status': true,
  'documents:cancel': true,
  'documents:attach': true,
  'export:notes': true,
  'export:codebook': true,
  'export:matrix': true,
  'export:caseCodes': true,
  'export:cases': true,
  'export:agreement': true,
  'refi:inspect': true,
  'refi:import': true,
  'backup:create': true,
  'backup:check': true,
  'backup:restore': true,
  'backup:restoreSafetyCopy': true,
  'team:coders': true,
  'agreement:compute': true,
  'agreement:save': true,
  'agreement:saved': true,
  'agreement:deleteSaved': true,
  'consensus:disagreements': true,
  'consensus:accept': true,
  'map:outlines': true,
  'map:layer': true,
  'map:svg': true,
  'timeline:layout': true,
  'timeline:svg': true,
  'export:map': true,
  'export:timeline': true,
  'links:open': true,
  'files:open': true,
  'files:reveal': true,
} as const satisfies Record<Channel, true>

const bridge = Object.fromEntries(
  (Object.keys(EXPOSED) as Channel[]).map((channel) => [
    channel,
    (input: unknown) => ipcRenderer.invoke(channel, input),
  ]),
) as AtlasBridge

contextBridge.exposeInMainWorld('api', bridge)

// The one push event from main: the Edit menu's Undo and Redo. The page gets the command only, never the
// IPC event (whose sender would hand it ipcRenderer).
const shellBridge: ShellBridge = {
  onMenuCommand(listener: (command: MenuCommand) => void) {
    const forward = (_event: IpcRendererEvent, command: unknown): void => {
      if (isMenuCommand(command)) listener(command)
    }
    ipcRenderer.on(MENU_COMMAND_EVENT, forward)
    return () => void ipcRenderer.removeListener(MENU_COMMAND_EVENT, forward)
  },
}

contextBridge.exposeInMainWorld('shell', shellBridge)
