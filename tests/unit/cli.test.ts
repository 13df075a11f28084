import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { checkCorpus } from '../../src/cli/corpus-check'
import { SCHEMA_VERSION } from '../../src/core/db/migrate'
import { tempDir, writeCorpus, REAL_CORPUS } from './helpers'

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('atlas CLI', () => {
  it('`npm run atlas -- --db FILE stats --json` reports the bundled corpus, and twice gives the same', () => {
    const db = path.join(tempDir(), 'ny.sqlite')
    const run = () => JSON.parse(execFileSync('npm', ['run', '-s', 'atlas', '--', '--db', db, 'stats', '--json'], { encoding: 'utf8' }))
    const first = run()
    expect(first).toMatchObject({ schemaVersion: SCHEMA_VERSION, initiatives: 25, programmes: 8, reports: 20, surveys: 3 })
    expect(first.organisations).toMatchObject({ kommun: 290, region: 21 })
    expect(typeof first.corpusVersion).toBe('string')
    expect(first.corpusVersion.length).toBeGreaterThan(0)
    expect(first.sections).toBeGreaterThan(0)
    expect(first.surveyValues).toBeGreaterThan(0)
    expect(run()).toEqual(first)
  })

  it('uses ATLAS_DATA_DIR when no --db is given', async () => {
    const dir = tempDir()
    const { code } = await cli(['stats', '--json'], { ATLAS_DATA_DIR: dir })
    expect(code).toBe(0)
    expect(fs.existsSync(path.join(dir, 'atlas.sqlite'))).toBe(true)
  })

  it('lists each kind as JSON objects with id and name', async () => {
    const db = path.join(tempDir(), 'a.sqlite')
    const counts: Record<string, number> = {}
    for (const kind of ['initiatives', 'programmes', 'reports', 'surveys', 'organisations']) {
      const { code, out } = await cli(['--db', db, 'list', kind, '--json'])
      expect(code).toBe(0)
      const rows = JSON.parse(out) as { id: string; name: string }[]
      for (const row of rows) expect(row).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String) }))
      counts[kind] = rows.length
    }
    expect(counts).toMatchObject({ initiatives: 25, programmes: 8, reports: 20, surveys: 3 })
    expect(counts.organisations).toBeGreaterThanOrEqual(311)
    const kommuner = JSON.parse((await cli(['--db', db, 'list', 'organisations', '--type', 'kommun', '--county', '25', '--json'])).out)
    expect(kommuner.map((k: { name: string }) => k.name)).toContain('Kiruna')
    expect(kommuner).toHaveLength(14)
  })

  it('shows a case, a report, a survey and an organisation', async () => {
    const db = path.join(tempDir(), 'a.sqlite')
    const kiruna = JSON.parse((await cli(['--db', db, 'show', 'innovationsplattform-kiruna', '--json'])).out)
    expect(kiruna.name).toBe('Innovationsplattform Kiruna')
    expect(kiruna.caseOrganisations).toContainEqual(expect.objectContaining({ id: 'kommun-2584', role: 'ägare' }))
    expect(kiruna.facts.every((f: { source: { url: string } }) => f.source.url.startsWith('http'))).toBe(true)
    const text = (await cli(['--db', db, 'show', 'skr-att-starka-innovationsformagan'])).out
    expect(text).toContain('Att stärka innovationsförmågan')
    const survey = JSON.parse((await cli(['--db', db, 'show', 'scb-innovation-i-offentlig-sektor-2019-2020', '--json'])).out)
    expect(survey.values.map((v: { value: number }) => v.value)).toEqual([80, 30, 60])
    // SKR words it "8 av 10 regioner", "drygt 3 av 10 kommuner", "6 av 10 myndigheter".
    expect(survey.values.map((v: { qualifier: string | null }) => v.qualifier)).toEqual([null, 'drygt', null])
    const surveyText = (await cli(['--db', db, 'show', 'scb-innovation-i-offentlig-sektor-2019-2020'])).out
    expect(surveyText).toContain('| kommuner, central nivå | 2019–2020 | drygt 30 procent\n')
    expect(surveyText).toContain('| regioner, central nivå | 2019–2020 | 80 procent\n')
    expect(surveyText).not.toMatch(/ca (30|60|80) procent/)
    const later = (await cli(['--db', db, 'show', 'scb-innovation-i-offentlig-sektor-2021-2022'])).out
    expect(later).toContain('| 2021–2022 | ca 72 procent\n')
    expect(later).toContain('| 2021–2022 | 60 procent\n')
    const org = JSON.parse((await cli(['--db', db, 'show', 'kommun-2584', '--json'])).out)
    expect(org).toMatchObject({ name: 'Kiruna', code: '2584', county: { code: '25', name: 'Norrbottens län' } })
    expect(org.region).toMatchObject({ id: 'region-25', name: 'Region Norrbotten' })
  })

  it.each([
    [[], 'Inget kommando angivet.'],
    [['frobnicate'], 'Okänt kommando "frobnicate".'],
    [['list'], 'list tar 1 argument, fick 0.'],
    [['list', 'cases'], 'Okänd lista "cases".'],
    [['list', 'organisations', '--type', 'stad'], 'Okänd organisationstyp "stad".'],
    [['stats', '--verbose'], "Unknown option '--verbose'"],
    [['show'], 'show tar 1 argument, fick 0.'],
  ])('`%s` prints usage and exits 2 without creating a database', async (args, message) => {
    const dir = tempDir()
    const { code, err } = await cli(args, { ATLAS_DATA_DIR: dir })
    expect(code).toBe(2)
    expect(err).toContain(message)
    expect(err).toContain('Användning: npm run atlas')
    expect(fs.existsSync(path.join(dir, 'atlas.sqlite'))).toBe(false)
  })

  it('an unknown id exits 1 with a hint', async () => {
    const { code, err } = await cli(['--db', path.join(tempDir(), 'a.sqlite'), 'show', 'finns-inte'])
    expect(code).toBe(1)
    expect(err).toContain('"finns-inte" finns inte i atlasen')
  })

  it('the real process exits non-zero on a bad command', () => {
    const result = spawnSync('npm', ['run', '-s', 'atlas', '--', 'nonsens'], { encoding: 'utf8', env: { ...process.env, ATLAS_DATA_DIR: tempDir() } })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Användning')
  })
})

describe('corpus:check', () => {
  it('passes on the bundled corpus', () => {
    const lines: string[] = []
    expect(checkCorpus(REAL_CORPUS, (l) => lines.push(l))).toBe(0)
    expect(lines.join('\n')).toMatch(/är giltig: 25 initiativ, 8 program, 20 rapporter, 3 undersökningar/)
  })

  it('`npm run corpus:check` fails naming the file when a fact’s source URL is removed', () => {
    const dir = writeCorpus(tempDir(), (f) => delete (f.get('initiatives/plattform-kiruna.yaml') as any).facts[0].source)
    const result = spawnSync('npm', ['run', '-s', 'corpus:check', '--', dir], { encoding: 'utf8' })
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('initiatives/plattform-kiruna.yaml › facts.0.source: saknas men krävs')
  })

  it.each([
    [
      'an unknown qualifier',
      (value: Record<string, unknown>) => (value.qualifier = 'cirka'),
      'surveys/enkat-a.yaml › values.0.qualifier: värdet v1 har qualifier "cirka", som inte finns: skriv drygt, ca eller knappt som källan gör, eller inget alls när källan anger talet rakt av',
    ],
    [
      'the old approximate flag',
      (value: Record<string, unknown>) => {
        delete value.qualifier
        value.approximate = true
      },
      'surveys/enkat-a.yaml › values.0.approximate: värdet v1 har fältet approximate, som inte längre används: skriv qualifier: drygt, ca eller knappt som källan gör, eller inget alls när källan anger talet rakt av',
    ],
  ])('fails on %s, naming the file and the value', (_, edit, expected) => {
    const dir = writeCorpus(tempDir(), (f) => edit((f.get('surveys/enkat-a.yaml') as any).values[0]))
    const lines: string[] = []
    expect(checkCorpus(dir, (l) => lines.push(l))).toBe(1)
    expect(lines).toEqual([`Korpusen i ${dir} har 1 fel:`, `  ${expected}`])
  })

  it('every fact and survey value in the bundled corpus has a source, and no text lost å/ä/ö', () => {
    const raw = fs.readFileSync(path.join(REAL_CORPUS, 'initiatives/innovationsplattform-kiruna.yaml'), 'utf8')
    expect(raw).toContain('Luleå tekniska universitet')
    expect(raw).not.toMatch(/Ã|Â/)
  })
})

describe('notes and codes CLI', () => {
  it('`codes --json` on a fresh database lists the starter codebook as a tree with counts', async () => {
    const { code, out } = await cli(['--db', path.join(tempDir(), 'ny.sqlite'), 'codes', '--json'])
    expect(code).toBe(0)
    const tree = JSON.parse(out)
    expect(tree.map((c: { name: string }) => c.name)).toEqual(['Perspektiv på innovationsförmåga', 'Innovationens fas'])
    expect(tree[1].children.map((c: { name: string }) => c.name)).toEqual(['Idé', 'Pilot', 'Införande', 'Spridning'])
    expect(tree[0].children[0]).toMatchObject({ name: 'Synen på innovation', count: 0, totalCount: 0, children: [] })
  })

  it('`notes --json` lists highlights and memos with codes, quote, note, author, positions and place', async () => {
    const db = path.join(tempDir(), 'a.sqlite')
    const { openAtlas } = await import('../../src/core/atlas')
    const atlas = openAtlas({ dbPath: db, corpusDir: REAL_CORPUS, indexDir: null })
    await atlas.invoke('preferences:set', { author: 'Åsa Öberg' })
    const section = 'skr-att-starka-innovationsformagan#s4'
    const created = await atlas.invoke('highlights:create', {
      target: { type: 'section', id: section }, start: 0, end: 14, codeIds: ['starter-kultur-och-attityder'], note: 'Kärnan',
    })
    expect(created.ok).toBe(true)
    await atlas.invoke('memos:create', { target: { type: 'project', id: null }, title: 'Syfte', body: 'Jämför idéslussar.' })
    await atlas.close()
    const { code, out } = await cli(['--db', db, 'notes', '--json'])
    expect(code).toBe(0)
    const notes = JSON.parse(out)
    expect(notes).toHaveLength(2)
    const highlight = notes.find((n: { kind: string }) => n.kind === 'highlight')
    expect(highlight).toMatchObject({
      quote: 'Erfarenheterna',
      note: 'Kärnan',
      author: 'Åsa Öberg',
      start: 0,
      end: 14,
      codes: [{ id: 'starter-kultur-och-attityder', name: 'Kultur och attityder', path: ['Perspektiv på innovationsförmåga', 'Kultur och attityder'] }],
      place: { entityType: 'report', entityId: 'skr-att-starka-innovationsformagan', sectionId: section, reportId: 'skr-att-starka-innovationsformagan' },
    })
    expect(notes.find((n: { kind: string }) => n.kind === 'memo')).toMatchObject({ title: 'Syfte', place: { type: 'project', id: null } })
  })
})

describe('compare CLI', () => {
  it('`compare <id> <id> --json` prints attributes and code counts for both cases', async () => {
    const { code, out } = await cli(['--db', path.join(tempDir(), 'c.sqlite'), 'compare', 'innovationsplattform-kiruna', 'innovationsplattform-boras-norrby', '--json'])
    expect(code).toBe(0)
    const matrix = JSON.parse(out)
    expect(matrix.cases.map((c: { id: string }) => c.id)).toEqual(['innovationsplattform-kiruna', 'innovationsplattform-boras-norrby'])
    expect(matrix.cases[0]).toMatchObject({ name: 'Innovationsplattform Kiruna', startYear: 2016, codes: expect.arrayContaining(['2584']) })
    expect(matrix.cases[1].counties).toContainEqual({ code: '14', name: 'Västra Götalands län' })
    expect(matrix.codes.find((c: { name: string }) => c.name === 'Pilot').counts).toEqual({
      'innovationsplattform-kiruna': 0,
      'innovationsplattform-boras-norrby': 0,
    })
  })

  it('`compare` with one case explains the limit and exits non-zero', async () => {
    const { code, err } = await cli(['--db', path.join(tempDir(), 'c.sqlite'), 'compare', 'innovationsplattform-kiruna'])
    expect(code).toBe(2)
    expect(err).toContain('compare tar minst två fall-id')
  })

  it('`kolada FILE KPIFILE` imports the values all-or-nothing', async () => {
    const db = path.join(tempDir(), 'k.sqlite')
    const ok = await cli(['--db', db, 'kolada', 'tests/fixtures/kolada/values.json', 'tests/fixtures/kolada/kpis.json', '--json'])
    expect(JSON.parse(ok.out)).toMatchObject({ values: 6, kpis: 1 })
  })

  it('`kolada` with 150,000 values reports its periods after writing them all (it once failed after the write)', async () => {
    const db = path.join(tempDir(), 'stor.sqlite')
    const values = Array.from({ length: 150_000 }, (_, i) => ({
      // Each (kpi, municipality, period) once: 240 per KPI.
      kpi: `N${String(Math.floor(i / 240)).padStart(5, '0')}`,
      municipality: i % 2 ? '2584' : '2580',
      period: 1900 + (Math.floor(i / 2) % 120),
      values: [{ gender: 'T', count: 1, status: '', value: i }],
    }))
    const file = path.join(tempDir(), 'stor.json')
    fs.writeFileSync(file, JSON.stringify({ count: values.length, values }))
    const result = await cli(['--db', db, 'kolada', file, '--json'])
    expect(result.err).toBe('')
    expect(JSON.parse(result.out)).toMatchObject({ values: 150_000, periods: { from: 1900, to: 2019 } })
  })
})

describe('backup CLI', () => {
  it('`backup --out FILE` writes a restorable copy; `restore FILE` brings it back', async () => {
    const db = path.join(tempDir(), 'atlas.sqlite')
    const copy = path.join(tempDir(), 'kopia.sqlite')
    expect((await cli(['--db', db, 'backup', '--out', copy])).code).toBe(0)
    expect(fs.existsSync(copy)).toBe(true)
    const restored = await cli(['--db', db, 'restore', copy, '--json'])
    expect(restored.code).toBe(0)
    expect(JSON.parse(restored.out)).toMatchObject({ cancelled: false, restartRequired: true })
    expect((await cli(['--db', db, 'backup'])).err).toContain('backup behöver --out FIL')
  })
})

describe('import CLI', () => {
  it('`import FILE…` reads what each file is from its content, not its name', async () => {
    const dir = tempDir()
    const doc = path.join(dir, 'anteckning.dat')
    fs.writeFileSync(doc, '# Intervju med projektledaren\n\nIdéslussen fångade 40 idéer första året.\n\n## Nästa steg\n\nSpridning till fler förvaltningar.\n')
    const survey = path.join(dir, 'enkat.txt')
    fs.writeFileSync(survey, 'indikator;population;period;värde;enhet;källa\nAndel;kommuner;2022;12;procent;https://example.org/k\n')
    const db = path.join(tempDir(), 'i.sqlite')
    const result = await cli(['--db', db, 'import', doc, survey, 'tests/fixtures/kolada/values.json', '--attach', 'innovationsplattform-kiruna', '--json'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.out)
    expect(report.documents.imported).toMatchObject([{ file: 'anteckning.dat', title: 'Intervju med projektledaren', format: 'markdown' }])
    expect(report.surveys).toMatchObject([{ cancelled: false, values: 1 }])
    expect(report.kolada).toMatchObject({ cancelled: false, values: 6 })
    const kiruna = JSON.parse((await cli(['--db', db, 'show', 'innovationsplattform-kiruna', '--json'])).out)
    expect(kiruna.reports.map((r: { name: string }) => r.name)).toContain('Intervju med projektledaren')
  })

  it('a bad document is named, exits 1, and the good ones still land', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'bra.txt'), 'Ett stycke text om innovation.')
    fs.writeFileSync(path.join(dir, 'trasig.pdf'), '%PDF-1.4 inte mer')
    const result = await cli(['--db', path.join(tempDir(), 'i.sqlite'), 'import', path.join(dir, 'bra.txt'), path.join(dir, 'trasig.pdf')])
    expect(result.code).toBe(1)
    expect(result.out).toContain('Importerade bra.txt')
    expect(result.err).toMatch(/Fel: trasig\.pdf: /)
  })
})

describe('map and timeline CLI', () => {
  it('`map --json` prints every kommun with its value and cases; `--level lan --until` the spread per län', async () => {
    const db = path.join(tempDir(), 'karta.sqlite')
    const { code, out } = await cli(['--db', db, 'map', '--json'])
    expect(code).toBe(0)
    const map = JSON.parse(out)
    expect(Object.keys(map)).toEqual(['level', 'measure', 'legend', 'areas'])
    expect(map).toMatchObject({ level: 'kommun', measure: 'cases', legend: { title: 'Fall per kommun', missing: 0 } })
    expect(map.areas).toHaveLength(290)
    expect(map.areas.find((a: { code: string }) => a.code === '2584')).toMatchObject({
      name: 'Kiruna',
      county: '25',
      value: 2,
      cases: expect.arrayContaining(['innovationsplattform-kiruna']),
    })

    const spread = JSON.parse((await cli(['--db', db, 'map', '--level', 'lan', '--until', '2014', '--json'])).out)
    const all = JSON.parse((await cli(['--db', db, 'map', '--level', 'lan', '--json'])).out)
    expect(spread.areas).toHaveLength(21)
    const total = (m: { areas: { value: number }[] }) => m.areas.reduce((n, a) => n + a.value, 0)
    expect(total(spread)).toBeLessThan(total(all))
    expect(spread.legend.notes.join(' ')).toContain('till och med 2014')
  })

  it('`map --kpi` without the indicator imported says how to import it; a bad flag changes nothing and exits 2', async () => {
    const db = path.join(tempDir(), 'karta.sqlite')
    const missing = await cli(['--db', db, 'map', '--kpi', 'N00001', '--year', '2016'])
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('Importera det först under Importera och exportera')
    const bad = await cli(['--db', path.join(tempDir(), 'ny.sqlite'), 'map', '--level', 'socken'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--level ska vara kommun eller lan')
  })

  it('`timeline --json` keeps an unknown end null; `map --out FILE.svg` and `timeline --out FILE.csv` write the figures', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'tid.sqlite')
    const timeline = JSON.parse((await cli(['--db', db, 'timeline', '--group', 'county', '--json'])).out)
    const cases = timeline.groups.flatMap((g: { cases: unknown[] }) => g.cases)
    expect(cases.find((c: { id: string }) => c.id === 'idesluss-orebro-kommun')).toEqual({
      id: 'idesluss-orebro-kommun',
      name: 'Idésluss i Örebro kommun',
      kind: 'initiative',
      start: 2015,
      end: null,
    })
    expect(timeline.groups.map((g: { label: string }) => g.label)).toContain('Örebro län')

    expect((await cli(['--db', db, 'map', '--out', path.join(dir, 'karta.svg')])).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'karta.svg'), 'utf8')).toContain('Fall per kommun')
    expect((await cli(['--db', db, 'timeline', '--out', path.join(dir, 'tid.csv')])).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'tid.csv'), 'utf8')).toContain('idesluss-orebro-kommun;Idésluss i Örebro kommun;Initiativ;Initiativ;2015;;nej')
  })
})
