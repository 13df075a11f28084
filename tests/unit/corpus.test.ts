import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAtlas, CorpusInvalidError } from '../../src/core/atlas'
import { readCorpus, formatProblem } from '../../src/core/corpus/read'
import { tempDir, writeCorpus, REAL_CORPUS } from './helpers'

const problemsOf = (dir: string): string[] => {
  const result = readCorpus(dir)
  return result.ok ? [] : result.problems.map(formatProblem)
}

describe('corpus validation', () => {
  it('accepts the small fixture corpus', () => {
    expect(problemsOf(writeCorpus(tempDir()))).toEqual([])
  })

  it.each([
    [
      'a fact without its source URL',
      (f: Map<string, any>) => delete f.get('initiatives/plattform-kiruna.yaml').facts[0].source,
      'initiatives/plattform-kiruna.yaml › facts.0.source: saknas men krävs',
    ],
    [
      'a survey value without source',
      (f: Map<string, any>) => delete f.get('surveys/enkat-a.yaml').values[0].source,
      'surveys/enkat-a.yaml › values.0.source: saknas men krävs',
    ],
    [
      'a source that is not a URL',
      (f: Map<string, any>) => (f.get('initiatives/plattform-kiruna.yaml').facts[0].source = 'vinnova.se'),
      'initiatives/plattform-kiruna.yaml › facts.0.source: ska vara en fullständig http(s)-adress',
    ],
    [
      'a related id that does not exist',
      (f: Map<string, any>) => f.get('reports/rapport-a.yaml').related.push('finns-inte'),
      'reports/rapport-a.yaml › related.1: "finns-inte" finns inte i korpusen',
    ],
    [
      'an organisation reference that does not resolve',
      (f: Map<string, any>) => f.get('programmes/program-stader.yaml').organisations.push({ id: 'kommun-9999', role: 'partner' }),
      'programmes/program-stader.yaml › organisations.1.id: organisationen "kommun-9999" finns inte i organisations/',
    ],
    [
      'a role outside ägare/partner/finansiär',
      (f: Map<string, any>) => (f.get('programmes/program-stader.yaml').organisations[0].role = 'sponsor'),
      'programmes/program-stader.yaml › organisations.0.role',
    ],
    [
      'a kommun code that does not start with its county code',
      (f: Map<string, any>) => (f.get('organisations/kommun-2584.yaml').code = '0184'),
      'organisations/kommun-2584.yaml › code: koden "0184" börjar inte med länskoden "25"',
    ],
    [
      'a kommun without a code',
      (f: Map<string, any>) => delete f.get('organisations/kommun-2584.yaml').code,
      'organisations/kommun-2584.yaml › code: en kommun måste ha sin officiella kod (4 siffror)',
    ],
    [
      'an unknown county',
      (f: Map<string, any>) => (f.get('organisations/region-25.yaml').county = '99'),
      'organisations/region-25.yaml › county: länskoden "99" finns inte i counties.yaml',
    ],
    [
      'an id that differs from the file name',
      (f: Map<string, any>) => (f.get('surveys/enkat-a.yaml').id = 'enkat-b'),
      'surveys/enkat-a.yaml › id: "enkat-b" ska vara samma som filnamnet utan .yaml',
    ],
    [
      'a misspelled field',
      (f: Map<string, any>) => (f.get('reports/rapport-a.yaml').yeer = 2020),
      'reports/rapport-a.yaml: okänt fält: yeer',
    ],
    [
      'a qualifier the source cannot have used',
      (f: Map<string, any>) => (f.get('surveys/enkat-a.yaml').values[0].qualifier = 'ungefär'),
      'surveys/enkat-a.yaml › values.0.qualifier: värdet v1 har qualifier "ungefär", som inte finns: skriv drygt, ca eller knappt',
    ],
    [
      'the retired approximate flag',
      (f: Map<string, any>) => {
        const value = f.get('surveys/enkat-a.yaml').values[0]
        delete value.qualifier
        value.approximate = true
      },
      'surveys/enkat-a.yaml › values.0.approximate: värdet v1 har fältet approximate, som inte längre används: skriv qualifier:',
    ],
  ])('names file, field and reason for %s', (_, edit, expected) => {
    const problems = problemsOf(writeCorpus(tempDir(), edit))
    expect(problems.some((p) => p.startsWith(expected))).toBe(true)
  })

  it('reports invalid YAML with the file name', () => {
    const dir = writeCorpus(tempDir())
    fs.writeFileSync(path.join(dir, 'reports/rapport-a.yaml'), 'id: rapport-a\nname: [oavslutad\n')
    expect(problemsOf(dir).join('\n')).toMatch(/^reports\/rapport-a\.yaml › rad \d+: ogiltig YAML/)
  })

  it('is read whole only when the project does not hold its version: a start reads the manifest alone', async () => {
    const dir = writeCorpus(tempDir())
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    ;(await openAtlas({ dbPath, corpusDir: dir, indexDir: null }).close())
    // The same version with a broken file is not read again (the project holds that version already) …
    fs.writeFileSync(path.join(dir, 'reports/rapport-a.yaml'), 'id: rapport-a\nname: [oavslutad\n')
    const same = openAtlas({ dbPath, corpusDir: dir, indexDir: null })
    expect((await same.invoke('app:info', {})).ok).toBe(true)
    await same.close()
    // … but an update (a new version) is read whole, and a broken one refused with the project untouched.
    fs.writeFileSync(path.join(dir, 'corpus.yaml'), 'version: "2"\n')
    const before = fs.readFileSync(dbPath)
    expect(() => openAtlas({ dbPath, corpusDir: dir, indexDir: null })).toThrow(CorpusInvalidError)
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true)
  })

  it('refuses to open the atlas on an invalid corpus, and writes nothing', () => {
    const dir = writeCorpus(tempDir(), (f) => delete (f.get('initiatives/plattform-kiruna.yaml') as any).facts[0].source)
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    expect(() => openAtlas({ dbPath, corpusDir: dir })).toThrow(CorpusInvalidError)
    expect(fs.existsSync(dbPath)).toBe(false)
  })
})

describe('corpus loading', () => {
  it('loads the bundled corpus: every dossier case, all kommuner and regioner', async () => {
    const atlas = openAtlas({ dbPath: path.join(tempDir(), 'atlas.sqlite'), corpusDir: REAL_CORPUS })
    const stats = await atlas.invoke('app:info', {})
    atlas.close()
    expect(stats.ok && stats.value).toMatchObject({ initiatives: 25, programmes: 8, reports: 20, surveys: 3 })
    expect(stats.ok && stats.value.organisations).toMatchObject({ kommun: 290, region: 21 })
  })

  it('keeps each survey figure’s word as the source has it: drygt where it says drygt, none where it states the figure flatly', async () => {
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir: REAL_CORPUS, indexDir: null })
    const qualifiers = async (id: string) => {
      const survey = await atlas.invoke('surveys:get', { id })
      if (!survey.ok) throw new Error(`${id}: ${survey.code}`)
      return survey.value.values.map((v) => [v.population, v.value, v.qualifier])
    }
    // SKR: 8 av 10 regioner, drygt 3 av 10 kommuner, 6 av 10 myndigheter.
    expect(await qualifiers('scb-innovation-i-offentlig-sektor-2019-2020')).toEqual([
      ['regioner, central nivå', 80, null],
      ['kommuner, central nivå', 30, 'drygt'],
      ['statliga myndigheter, central nivå', 60, null],
    ])
    // SCB: 60 percent flatly; about 72, 72 and 52 percent, and about SEK 278 million.
    expect((await qualifiers('scb-innovation-i-offentlig-sektor-2021-2022')).map((v) => v.slice(1))).toEqual([
      [60, null],
      [72, 'ca'],
      [72, 'ca'],
      [52, 'ca'],
      [278, 'ca'],
    ])
    // SKL: åtta av tio arbetsplatser.
    expect((await qualifiers('skr-innovationsbarometern-2018')).map((v) => v.slice(1))).toEqual([[80, null]])
    await atlas.close()
  })

  it('a newer corpus replaces a value’s qualifier, and a value the source states flatly loses it', async () => {
    const corpusDir = writeCorpus(tempDir())
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const first = openAtlas({ dbPath, corpusDir, indexDir: null })
    const before = await first.invoke('surveys:get', { id: 'enkat-a' })
    expect(before.ok && before.value.values.map((v) => v.qualifier)).toEqual(['drygt'])
    await first.close()
    writeCorpus(corpusDir, (f) => delete (f.get('surveys/enkat-a.yaml') as any).values[0].qualifier, '2')
    const second = openAtlas({ dbPath, corpusDir, indexDir: null })
    const after = await second.invoke('surveys:get', { id: 'enkat-a' })
    expect(after.ok && after.value.values.map((v) => v.qualifier)).toEqual([null])
    await second.close()
  })

  it('opening twice does not duplicate anything', async () => {
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const first = openAtlas({ dbPath, corpusDir: REAL_CORPUS })
    const before = await first.invoke('app:info', {})
    const rowCounts = (db: typeof first.db) =>
      ['entities', 'facts', 'sections', 'survey_values', 'participations', 'themes', 'relations', 'sources'].map(
        (t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
      )
    const countsBefore = rowCounts(first.db)
    first.close()
    const second = openAtlas({ dbPath, corpusDir: REAL_CORPUS })
    expect(await second.invoke('app:info', {})).toEqual(before)
    expect(rowCounts(second.db)).toEqual(countsBefore)
    second.close()
  })

  it('a newer corpus replaces bundled rows and never touches the researcher’s own rows', async () => {
    const corpusDir = writeCorpus(tempDir())
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    const atlas = openAtlas({ dbPath, corpusDir })
    // The researcher's own case, linked to a bundled kommun, with an own theme on a bundled case.
    atlas.db.exec(`
      INSERT INTO entities (id, type, name, summary, origin) VALUES ('own-idesluss', 'initiative', 'Min idésluss', 'Egen anteckning', 'own');
      INSERT INTO participations (entity_id, organisation_id, role, origin) VALUES ('own-idesluss', 'kommun-2584', 'ägare', 'own');
      INSERT INTO themes (entity_id, theme, origin) VALUES ('plattform-kiruna', 'min egen kod', 'own');
      INSERT INTO relations (from_id, to_id, origin) VALUES ('own-idesluss', 'program-stader', 'own');`)
    atlas.close()

    // Version 2: the case is renamed, a fact changes, the programme is gone, a section is rewritten.
    writeCorpus(
      corpusDir,
      (f) => {
        const kiruna = f.get('initiatives/plattform-kiruna.yaml') as any
        kiruna.name = 'Innovationsplattform Kiruna (fas 2)'
        kiruna.facts[0].text = 'Plattformen förlängdes med tre år.'
        kiruna.related = []
        f.delete('programmes/program-stader.yaml')
        ;(f.get('reports/rapport-a.yaml') as any).sections[1].text = 'Omskrivet avsnitt.'
      },
      '2',
    )
    const updated = openAtlas({ dbPath, corpusDir })
    const info = await updated.invoke('app:info', {})
    expect(info.ok && info.value.corpusVersion).toBe('2')
    const kiruna = await updated.invoke('cases:get', { id: 'plattform-kiruna' })
    expect(kiruna.ok && kiruna.value.name).toBe('Innovationsplattform Kiruna (fas 2)')
    expect(kiruna.ok && kiruna.value.facts.map((f) => f.text)).toEqual(['Plattformen förlängdes med tre år.'])
    expect(kiruna.ok && kiruna.value.themes).toContain('min egen kod')
    const own = await updated.invoke('cases:get', { id: 'own-idesluss' })
    expect(own.ok && own.value.caseOrganisations.map((o) => [o.id, o.role])).toEqual([['kommun-2584', 'ägare']])
    // The dropped programme is still referenced by the researcher's relation: kept, marked withdrawn.
    expect(updated.db.prepare("SELECT withdrawn FROM entities WHERE id = 'program-stader'").get()).toEqual({ withdrawn: 1 })
    const report = await updated.invoke('reports:get', { id: 'rapport-a' })
    expect(report.ok && report.value.sections[1]).toMatchObject({ id: 'rapport-a#s2', text: 'Omskrivet avsnitt.' })
    updated.close()
  })

  it('a bundled entity dropped from the corpus and unused by the researcher is removed', async () => {
    const corpusDir = writeCorpus(tempDir())
    const dbPath = path.join(tempDir(), 'atlas.sqlite')
    openAtlas({ dbPath, corpusDir }).close()
    writeCorpus(corpusDir, (f) => f.delete('surveys/enkat-a.yaml'), '2')
    const atlas = openAtlas({ dbPath, corpusDir })
    expect(await atlas.invoke('surveys:get', { id: 'enkat-a' })).toMatchObject({ ok: false, code: 'not-found' })
    expect(atlas.db.prepare("SELECT count(*) AS n FROM survey_values").get()).toEqual({ n: 0 })
    atlas.close()
  })

  it('stores texts normalised: NFC, LF, no BOM or control characters', async () => {
    const corpusDir = writeCorpus(tempDir(), (f) => {
      ;(f.get('reports/rapport-a.yaml') as any).sections[0].text = '\uFEFFHa\u030Allbar\r\nstad\u0007'
    })
    const atlas = openAtlas({ dbPath: ':memory:', corpusDir })
    const report = await atlas.invoke('reports:get', { id: 'rapport-a' })
    expect(report.ok && report.value.sections[0]?.text).toBe('Hållbar\nstad')
    atlas.close()
  })
})
