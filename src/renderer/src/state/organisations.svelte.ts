// The organisations list: the filtered rows from organisations:list, grouped by county, plus the full list
// once, so the county choices do not shrink to the one county currently chosen.
import type { County, OrganisationSummary, OrganisationType } from '../../../shared/domain'
import type { Call } from '../lib/api'
import { sortList } from '../lib/sorting'
import { Loader } from './loader.svelte'

export interface CountyGroup {
  county: County | null
  organisations: OrganisationSummary[]
}

const TYPE_ORDER: Record<OrganisationType, number> = {
  region: 0,
  kommun: 1,
  myndighet: 2,
  universitet: 3,
  institut: 4,
  företag: 5,
  annat: 6,
}

export class OrganisationDirectory {
  readonly everyone: Loader<'organisations:list'>
  readonly shown: Loader<'organisations:list'>
  readonly #collator: Intl.Collator
  readonly #intl: string

  constructor(call: Call, intlLocale = 'sv-SE') {
    this.everyone = new Loader(call, 'organisations:list')
    this.shown = new Loader(call, 'organisations:list')
    this.#collator = new Intl.Collator(intlLocale)
    this.#intl = intlLocale
  }

  counties = $derived.by((): County[] => {
    const byCode = new Map<string, County>()
    for (const org of this.everyone.value ?? []) if (org.county) byCode.set(org.county.code, org.county)
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code))
  })

  groups = $derived.by((): CountyGroup[] => {
    const byCode = new Map<string, CountyGroup>()
    for (const org of this.shown.value ?? []) {
      const key = org.county?.code ?? ''
      let group = byCode.get(key)
      if (!group) byCode.set(key, (group = { county: org.county, organisations: [] }))
      group.organisations.push(org)
    }
    const groups = [...byCode.values()]
    for (const group of groups) {
      group.organisations.sort(
        (a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || this.#collator.compare(a.name, b.name),
      )
    }
    // Counties by name, as the sort says; organisations without a county (agencies, universities, companies) last.
    return groups.sort((a, b) =>
      a.county && b.county ? this.#collator.compare(a.county.name, b.county.name) : a.county ? -1 : b.county ? 1 : 0,
    )
  })

  /** The shown organisations in one list, by name or by kind (regions, kommuner, … then by name). */
  list(sort: 'name' | 'kind'): OrganisationSummary[] {
    return sortList(this.shown.value ?? [], sort, { name: (o) => o.name, kind: (o) => TYPE_ORDER[o.type] }, this.#intl)
  }

  async load(type: OrganisationType | null, county: string | null): Promise<void> {
    const everyone = this.everyone.value || this.everyone.loading ? null : this.everyone.load({})
    await Promise.all([
      everyone,
      this.shown.load({ ...(type ? { type } : {}), ...(county ? { county } : {}) }),
    ])
  }
}
