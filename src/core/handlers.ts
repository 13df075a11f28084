// Each domain is a small "app" that answers its share of the contract (the model: Actual Budget's per-domain
// `createApp`, merged into one `Handlers` type). atlas.ts composes the domains; TypeScript checks that together
// they answer every channel of the contract.
import type { Channel, Input, Output } from '../shared/api'
import type { AtlasDatabase } from './db/open'
import type { Annotations } from './annotate/annotations'
import type { Compare } from './compare/compare'
import type { Geography } from './geography/map'
import type { PickFiles, PickSavePath } from './files'
import type { Parser } from './io/parsing/runner'
import type { Printer } from './io/printer'
import type { Searcher } from './search/searcher'
import type { LibraryIndexer } from './search/library-indexer'
import type { Reads } from './reads/reads'
import type { Writes } from './writes/writes'
import type { WriteGate } from './writes/gate'

export type Handler<C extends Channel> = (input: Input<C>) => Output<C> | Promise<Output<C>>

/** A domain's handlers: exactly the channels it names. */
export type DomainHandlers<C extends Channel> = { [K in C]: Handler<K> }

/** Every channel of the contract, answered once. */
export type Handlers = DomainHandlers<Channel>

/** What the shell hands the core: the outside world the core may not reach itself. */
export interface ShellServices {
  /** Called for links:open after the URL was checked; the Electron shell passes shell.openExternal. */
  openExternal?: (url: string) => Promise<void>
  /** Opens a file the app wrote with the program the system uses for it (Electron: shell.openPath). */
  openPath?: (path: string) => Promise<void>
  /** Shows a file the app wrote in the system's file manager (Electron: shell.showItemInFolder). */
  showInFolder?: (path: string) => void
  /**
   * Asks the researcher to choose files (Electron: a native open dialog). Paths only ever come from here,
   * never from the renderer. Resolves to [] when the researcher cancels.
   */
  pickFiles?: PickFiles
  /** Asks where to save a file (Electron: a native save dialog); null when cancelled. */
  pickSavePath?: PickSavePath
  /** Prints HTML to PDF: Electron's printToPDF in the app, Chromium through Playwright in the CLI and tests. */
  printer?: Printer
  /** Called after a restore replaced the database: the desktop app restarts to drop what it kept in memory. */
  onRestored?: () => void
}

/** What every domain may use: the open database, the shell's services, and the long-lived services. */
export interface DomainContext {
  db: AtlasDatabase
  /** ':memory:' or the path of the project file. */
  dbPath: string
  shell: ShellServices
  searcher: Searcher
  /** Catches up the document library's index of an older project; null for a damaged, read-only one. */
  library: LibraryIndexer | null
  annotations: Annotations
  /** The comparison matrix: read by the compare domain and by the matrix export. */
  compare: Compare
  /** Reads the files a researcher chooses (documents, REFI-QDA) in a process of its own. */
  parser: Parser
  /** The heavy reads of the project (through every highlight): in the app, in its read worker. */
  reads: Reads
  /** The large writes (a merge, deleting a big code) and their undo steps: in the app, in its write worker. */
  writes: Writes
  /** The writes' turns: atlas.ts holds it for every channel that writes; others wait for it before a write. */
  gate: WriteGate
  /** The map's and the timeline's layers; read by the geography domain and by their exports. */
  geography: Geography
  /** Folder of the bundled outlines (resources/geo). */
  geoDir: string
}
