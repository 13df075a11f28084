// The researcher's own cases (created, edited and deleted with the same fields as bundled ones) and the own
// attributes any case can carry. Bundled cases stay read-only; the core refuses changes to them anyway.
import type { CaseAttribute } from '../../../shared/api'
import { ROLES, type CaseDetail, type CaseKind, type Role } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { t } from '../i18n/i18n.svelte'
import { Action } from './action.svelte'

export interface ChosenOrganisation {
  id: string
  name: string
  role: Role
}

export interface ChosenCase {
  id: string
  name: string
}

/** One entry per line (or `|`-separated, as in the CSV import), trimmed, empty lines and repeats dropped. */
export function parseList(text: string): string[] {
  const values = text.split(/\r?\n|\|/).map((part) => part.trim())
  return values.filter((value, i) => value !== '' && values.indexOf(value) === i)
}

/** "" → null; a four-digit year → the number; anything else → undefined (an error to show). */
export function parseYearField(text: string): number | null | undefined {
  const value = text.trim()
  if (value === '') return null
  return /^\d{4}$/.test(value) ? Number(value) : undefined
}

/** The form for a new or an own case; saving it is its action. */
export class CaseFormState extends Action {
  kind = $state<CaseKind>('initiative')
  name = $state('')
  summary = $state('')
  startYear = $state('')
  endYear = $state('')
  themes = $state('')
  funders = $state('')
  organisations = $state<ChosenOrganisation[]>([])
  related = $state<ChosenCase[]>([])

  readonly #call: Call
  /** The case being edited; null for a new one. */
  readonly id: string | null

  constructor(call: Call, detail: CaseDetail | null = null) {
    super()
    this.#call = call
    this.id = detail?.id ?? null
    if (!detail) return
    this.kind = detail.kind
    this.name = detail.name
    this.summary = detail.summary
    this.startYear = detail.startYear?.toString() ?? ''
    this.endYear = detail.endYear?.toString() ?? ''
    this.themes = detail.themes.join('\n')
    this.funders = detail.funders.join('\n')
    this.organisations = detail.caseOrganisations.map((o) => ({ id: o.id, name: o.name, role: o.role }))
    this.related = detail.related
      .filter((r) => r.type === 'initiative' || r.type === 'programme')
      .map((r) => ({ id: r.id, name: r.name }))
  }

  addOrganisation(org: { id: string; name: string }): void {
    // The first organisation usually owns the case; the researcher can change the role.
    const role: Role = this.organisations.some((o) => o.role === 'ägare') ? 'partner' : 'ägare'
    if (this.organisations.some((o) => o.id === org.id && o.role === role)) return
    this.organisations = [...this.organisations, { id: org.id, name: org.name, role }]
  }

  setRole(index: number, role: Role): void {
    this.organisations = this.organisations.map((o, i) => (i === index ? { ...o, role } : o))
  }

  removeOrganisation(index: number): void {
    this.organisations = this.organisations.filter((_, i) => i !== index)
  }

  addRelated(item: ChosenCase): void {
    if (item.id === this.id || this.related.some((r) => r.id === item.id)) return
    this.related = [...this.related, item]
  }

  removeRelated(id: string): void {
    this.related = this.related.filter((r) => r.id !== id)
  }

  /** Checks what the form can check itself; the core checks the rest and its message is shown as it is. */
  draft(): { ok: true; draft: import('../../../shared/api').Input<'cases:create'>['draft'] } | { ok: false; message: string } {
    const name = this.name.trim()
    if (!name) return { ok: false, message: t('cases.nameRequired') }
    const startYear = parseYearField(this.startYear)
    if (startYear === undefined) return { ok: false, message: t('cases.invalidYear', { field: t('cases.startYear') }) }
    const endYear = parseYearField(this.endYear)
    if (endYear === undefined) return { ok: false, message: t('cases.invalidYear', { field: t('cases.endYear') }) }
    const keys = this.organisations.map((o) => `${o.id}|${o.role}`)
    const organisations = this.organisations
      .filter((o, i) => keys.indexOf(`${o.id}|${o.role}`) === i && ROLES.includes(o.role))
      .map((o) => ({ id: o.id, role: o.role }))
    return {
      ok: true,
      draft: {
        kind: this.kind,
        name,
        summary: this.summary.trim(),
        startYear,
        endYear,
        themes: parseList(this.themes),
        funders: parseList(this.funders),
        organisations,
        related: this.related.map((r) => r.id),
      },
    }
  }

  /** Creates or updates the case; resolves to its id, or null with `error` set. */
  async save(): Promise<string | null> {
    if (this.busy) return null
    const checked = this.draft()
    if (!checked.ok) {
      this.error = checked.message
      return null
    }
    const id = this.id
    let saved: string | null = null
    await this.run(async () => {
      const reply = id
        ? await this.#call('cases:update', { id, draft: checked.draft })
        : await this.#call('cases:create', { draft: checked.draft })
      saved = reply.id
    })
    return saved
  }
}

export const ATTRIBUTE_TYPES: readonly CaseAttribute['type'][] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime']

export interface AttributeRow extends CaseAttribute {
  /** Stable key for the list while a name is being typed. */
  key: number
}

/** Whether `value` can be read as `type` (as REFI-QDA and R will read it); null when it can, else why not. */
export function attributeProblem(row: CaseAttribute): string | null {
  const value = row.value.trim()
  if (value === '') return null
  const ok =
    row.type === 'Text' ||
    (row.type === 'Boolean' && /^(true|false)$/i.test(value)) ||
    (row.type === 'Integer' && /^-?\d+$/.test(value)) ||
    (row.type === 'Float' && /^-?\d+([.,]\d+)?$/.test(value)) ||
    (row.type === 'Date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) ||
    (row.type === 'DateTime' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(value))
  return ok ? null : t(`cases.attributes.problem.${row.type}`, { name: row.name.trim() || '?', value })
}

/** The researcher's own attributes (variables) on one case, bundled or own. */
export class CaseAttributesState extends Action {
  rows = $state<AttributeRow[]>([])
  loaded = $state(false)
  saved = $state(false)

  readonly #call: Call
  readonly #caseId: string
  /** Names as last saved: a name no longer in the list is removed on save. */
  #stored: string[] = []
  #key = 0

  constructor(call: Call, caseId: string) {
    super()
    this.#call = call
    this.#caseId = caseId
  }

  async load(): Promise<void> {
    try {
      this.#set(await this.#call('cases:attributes', { id: this.#caseId }))
    } catch (error) {
      this.error = errorMessage(error)
    } finally {
      this.loaded = true
    }
  }

  add(): AttributeRow {
    const row: AttributeRow = { key: ++this.#key, name: '', value: '', type: 'Text' }
    this.rows = [...this.rows, row]
    this.saved = false
    return row
  }

  remove(key: number): void {
    this.rows = this.rows.filter((r) => r.key !== key)
    this.saved = false
  }

  edited(): void {
    this.saved = false
  }

  async save(): Promise<boolean> {
    if (this.busy) return false
    this.error = null
    this.saved = false
    const rows = this.rows.filter((r) => r.name.trim() !== '' || r.value.trim() !== '')
    const unnamed = rows.find((r) => r.name.trim() === '')
    if (unnamed) {
      this.error = t('cases.attributes.nameRequired')
      return false
    }
    const names = rows.map((r) => r.name.trim())
    const twice = names.find((n, i) => names.indexOf(n) !== i)
    if (twice) {
      this.error = t('cases.attributes.duplicate', { name: twice })
      return false
    }
    const problem = rows.map(attributeProblem).find((p) => p !== null)
    if (problem) {
      this.error = problem
      return false
    }
    // An empty value removes an attribute in the core: send one for each name that is gone.
    const removed = this.#stored.filter((n) => !names.includes(n)).map((name) => ({ name, value: '', type: 'Text' as const }))
    const attributes = [...removed, ...rows.map((r) => ({ name: r.name.trim(), value: r.value.trim(), type: r.type }))]
    this.saved = await this.run(async () => this.#set(await this.#call('cases:setAttributes', { id: this.#caseId, attributes })))
    return this.saved
  }

  #set(attributes: CaseAttribute[]): void {
    this.#stored = attributes.map((a) => a.name)
    this.rows = attributes.map((a) => ({ ...a, key: ++this.#key }))
  }
}
