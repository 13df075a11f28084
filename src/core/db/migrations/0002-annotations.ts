import type { Migration } from '../migrate'

// The researcher's own work: codes, highlights (anchored passages) and memos. None of these tables has a
// foreign key into the bundled corpus: a corpus update may rewrite or drop a section, and a highlight must
// then be re-anchored or kept as an orphan, never deleted by a cascade.
const schema = `
CREATE TABLE codes (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES codes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  color TEXT NOT NULL CHECK (color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX codes_parent ON codes(parent_id, position);

-- A highlight is a passage of a stored, normalised text: a report section, a fact, or an entity's summary.
-- Positions are Unicode code points (REFI-QDA and the W3C model count code points, not UTF-16 units).
CREATE TABLE highlights (
  id TEXT PRIMARY KEY,
  target_type TEXT NOT NULL CHECK (target_type IN ('section','fact','summary')),
  target_id TEXT NOT NULL,
  start_cp INTEGER NOT NULL CHECK (start_cp >= 0),
  end_cp INTEGER NOT NULL CHECK (end_cp > start_cp),
  exact TEXT NOT NULL,
  prefix TEXT NOT NULL,
  suffix TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL,
  -- 'anchored' normally; 'orphan' when a changed text no longer holds the quote: kept for review.
  status TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored','orphan')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX highlights_target ON highlights(target_type, target_id);

CREATE TABLE highlight_codes (
  highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
  code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  PRIMARY KEY (highlight_id, code_id)
) STRICT;
CREATE INDEX highlight_codes_code ON highlight_codes(code_id);

CREATE TABLE memos (
  id TEXT PRIMARY KEY,
  target_type TEXT NOT NULL CHECK (target_type IN ('case','report','survey','organisation','code','project')),
  target_id TEXT,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((target_type = 'project') = (target_id IS NULL))
) STRICT;
CREATE INDEX memos_target ON memos(target_type, target_id);
`

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

// The starter codebook for innovation evaluation, seeded once, in this step: from then on it is the
// researcher's to rename, recolour, move, merge or delete. The first group follows the perspectives of SKR's
// learning report on the municipal idea sluices ("Att stärka innovationsförmågan", 2021); the second the
// stages an innovation passes through. Descriptions are written for this app.
const STARTER_CODEBOOK = [
  {
    id: 'starter-perspektiv',
    name: 'Perspektiv på innovationsförmåga',
    color: '#4c6ef5',
    description: 'Perspektiv för att förstå hur en kommun bygger förmåga att förnya sin verksamhet.',
    children: [
      { id: 'starter-synen-pa-innovation', name: 'Synen på innovation', color: '#4c6ef5', description: 'Hur organisationen förstår och talar om innovation, och om det finns ett gemensamt språk för vad som är nytt och nyttigt.' },
      { id: 'starter-stodjande-strukturer', name: 'Stödjande strukturer', color: '#12b886', description: 'Processer, roller, verktyg och resurser som tar hand om en idé från att den fångas till att den prövas och införs.' },
      { id: 'starter-kultur-och-attityder', name: 'Kultur och attityder', color: '#f59f00', description: 'Medarbetares och chefers inställning till att pröva nytt, ta risker och lära av det som inte fungerade.' },
      { id: 'starter-leda-och-organisera', name: 'Leda och organisera', color: '#e64980', description: 'Hur ledningen ger mandat, prioriterar och organiserar innovationsarbetet i vardagen.' },
      { id: 'starter-strategiskt-operativt', name: 'Strategiskt och operativt arbete', color: '#7048e8', description: 'Hur den strategiska inriktningen och det operativa arbetet med konkreta idéer hänger ihop eller glider isär.' },
      { id: 'starter-naringsliv-upphandling', name: 'Samverkan med näringsliv och upphandling', color: '#1098ad', description: 'Samarbete med företag och användning av offentlig upphandling för att efterfråga och sprida nya lösningar.' },
    ],
  },
  {
    id: 'starter-fas',
    name: 'Innovationens fas',
    color: '#868e96',
    description: 'Hur långt en idé eller lösning har kommit, från första tanke till spridning.',
    children: [
      { id: 'starter-fas-ide', name: 'Idé', color: '#fab005', description: 'Ett behov eller en idé har fångats men ännu inte prövats.' },
      { id: 'starter-fas-pilot', name: 'Pilot', color: '#fd7e14', description: 'Idén prövas i liten skala, som test, förstudie eller pilotprojekt.' },
      { id: 'starter-fas-inforande', name: 'Införande', color: '#40c057', description: 'Lösningen tas i bruk i den ordinarie verksamheten.' },
      { id: 'starter-fas-spridning', name: 'Spridning', color: '#228be6', description: 'Lösningen sprids till fler enheter, organisationer eller kommuner.' },
    ],
  },
]
const NOW = '2026-11-27T00:00:00.000Z'
const seed = STARTER_CODEBOOK.flatMap((group, g) => [
  `INSERT INTO codes (id, parent_id, position, name, color, description, created_at, updated_at) VALUES (${quote(group.id)}, NULL, ${g}, ${quote(group.name)}, ${quote(group.color)}, ${quote(group.description)}, '${NOW}', '${NOW}');`,
  ...group.children.map(
    (code, c) =>
      `INSERT INTO codes (id, parent_id, position, name, color, description, created_at, updated_at) VALUES (${quote(code.id)}, ${quote(group.id)}, ${c}, ${quote(code.name)}, ${quote(code.color)}, ${quote(code.description)}, '${NOW}', '${NOW}');`,
  ),
]).join('\n')

export const migration: Migration = {
  version: 2,
  name: 'annotations',
  sql: `${schema}\n${seed}`,
}
