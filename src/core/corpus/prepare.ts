// Bringing a project up to date before the app opens it: its schema (migrations), the bundled corpus of this
// version of the app, and the highlights in texts the corpus changed, placed again. The desktop app does this in
// its parse process (the `prepare` job, atlas.ts's openAtlasChecked) after the automatic copy was made there: on a
// first start and after an update it took the main thread about 260 ms (the corpus read and checked, every
// bundled entity written), at the size of a large project a migration takes seconds. Opening then finds the
// project current and writes nothing.
import { createReanchor } from '../annotate/highlights'
import { openDatabase, projectVersions } from '../db/open'
import { UserError } from '../errors'
import { loadCorpusIfChanged } from './load'
import { formatProblem, readCorpus, readCorpusVersion } from './read'

/** The bundled corpus cannot be read: the installation is broken (never the researcher's data). */
export class CorpusInvalidError extends UserError<'corpus.invalid'> {
  constructor(readonly problems: string[]) {
    super('corpus.invalid', { problems: problems.join('\n') }, 'internal')
    this.name = 'CorpusInvalidError'
  }
}

/**
 * Migrates the project at `file` (creating it if there is none), loads the bundled corpus of `corpusDir` if the
 * project holds another version, and places again every highlight whose text changed. The project was checked
 * (quick_check) and copied aside, where it needed a copy, just before.
 */
export function prepareProject(file: string, corpusDir: string): { corpusLoaded: boolean } {
  const bundled = readCorpusVersion(corpusDir)
  const corpus = bundled !== null && bundled === projectVersions(file)?.corpus ? null : readCorpus(corpusDir)
  if (corpus && !corpus.ok) throw new CorpusInvalidError(corpus.problems.map(formatProblem))
  const db = openDatabase(file, { checked: { problems: null }, copied: true })
  try {
    const corpusLoaded = corpus !== null && loadCorpusIfChanged(db, corpus.corpus)
    createReanchor(db)()
    return { corpusLoaded }
  } finally {
    db.close()
  }
}
