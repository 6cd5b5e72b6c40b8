import type { EmploymentStatus } from '../laborers/schema'
import type { JobType } from '../jobs/schema'
import type { TravelKind } from '../placements/schema'
import { formLabels, type EmploymentForm, type EmploymentRecord } from './schema'

/**
 * The employment rules, in one place: what a form means as an employment status, and the
 * laborer's status from their open records.
 */

/** 灵活就业 and 帮扶车间 are work close to home: they count as local. */
export function statusOfForm(form: EmploymentForm): Exclude<EmploymentStatus, 'unemployed'> {
  return form === 'flexible' || form === 'workshop' ? 'local' : form
}

/**
 * THE employment status rule: a laborer with no open record is unemployed; with open
 * records, the one started last (then recorded last) says which kind of work.
 */
export function statusOfRecords(open: readonly Pick<EmploymentRecord, 'id' | 'form' | 'startDate' | 'endDate'>[]): EmploymentStatus {
  let latest: (typeof open)[number] | undefined
  for (const r of open) {
    if (r.endDate !== null) continue
    if (!latest || r.startDate > latest.startDate || (r.startDate === latest.startDate && r.id > latest.id)) latest = r
  }
  return latest ? statusOfForm(latest.form) : 'unemployed'
}

/** The form of a placement: public-welfare posts and home-county workshops and gigs have their own. */
export function formOfPlacement(jobType: JobType, travel: TravelKind): EmploymentForm {
  if (jobType === 'public_welfare') return 'public_welfare_post'
  if (travel === 'cross_province') return 'cross_province'
  if (travel === 'in_province') return 'in_province'
  if (jobType === 'assistance_workshop') return 'workshop'
  if (jobType === 'platform_gig') return 'flexible'
  return 'local'
}

/**
 * Whether the work place fits the form (a form the place contradicts is refused): 省外务工
 * is outside the province, 省内县外务工 inside it but outside the home county, 县内务工,
 * 公益性岗位 and 帮扶车间 inside the home county; 自主创业 and 灵活就业 anywhere. Returns
 * the Chinese reason, or null when they fit.
 */
export function formContradiction(form: EmploymentForm, placeCode: string, homeCounty: string, cityCode: string, placeName: string): string | null {
  const inProvince = placeCode.slice(0, 2) === cityCode.slice(0, 2)
  const inHomeCounty = placeCode.startsWith(homeCounty)
  const label = formLabels[form]
  switch (form) {
    case 'cross_province':
      return inProvince ? `body.form 为“${label}”，但 body.placeCode（${placeName}）在省内` : null
    case 'in_province':
      if (!inProvince) return `body.form 为“${label}”，但 body.placeCode（${placeName}）在省外，应为“省外务工”`
      return inHomeCounty ? `body.form 为“${label}”，但 body.placeCode（${placeName}）在本人户籍所在县内，应为“县内务工”` : null
    case 'local':
    case 'public_welfare_post':
    case 'workshop':
      return inHomeCounty ? null : `body.form 为“${label}”，但 body.placeCode（${placeName}）不在本人户籍所在县内`
    default:
      return null
  }
}
