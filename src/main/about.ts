// Help › About (the app menu on macOS): which app, which database schema and which bundled corpus. The three
// versions are what a researcher is asked for when reporting a problem or citing the data they worked with.
import { BrowserWindow, dialog } from 'electron'
import type { Atlas } from '../core/atlas'
import { SCHEMA_VERSION } from '../core/db/migrate'
import { message } from '../shared/messages'

export interface AboutFacts {
  version: string
  schema: number
  corpus: string
}

export async function aboutFacts(atlas: Pick<Atlas, 'invoke'>, appVersion: string): Promise<AboutFacts> {
  const info = await atlas.invoke('app:info', {})
  const corpus = info.ok && info.value.corpusVersion ? info.value.corpusVersion : message('shell.about.corpusUnknown')
  return { version: appVersion, schema: SCHEMA_VERSION, corpus }
}

export async function showAbout(atlas: Pick<Atlas, 'invoke'>, appVersion: string): Promise<void> {
  const facts = await aboutFacts(atlas, appVersion)
  const options: Electron.MessageBoxOptions = {
    type: 'info',
    title: message('shell.about.title'),
    message: message('shell.about.heading', { version: facts.version }),
    detail: message('shell.about.detail', { version: facts.version, schema: facts.schema, corpus: facts.corpus }),
    buttons: [message('shell.about.ok')],
    noLink: true,
  }
  const parent = BrowserWindow.getFocusedWindow()
  await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options))
}
