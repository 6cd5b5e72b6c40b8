import { employmentSourceInfo, endReasonLabels, formLabels, reportableSources } from '../employments/schema'
import { DESTINATION_LABELS, EMPLOYMENT_STATUS_LABELS, POVERTY_LABELS } from '../laborers/index'
import { visitMethodLabels, visitOutcomeLabels } from '../visits/schema'

/**
 * The Chinese words the workbench shows for codes, taken from the domains that own them
 * (employments: forms, end reasons, sources; visits: methods, outcomes; laborers: poverty,
 * status, destination wishes), so the page keeps no copy of its own. Sent once by
 * `GET /desk/labels` and kept on the phone for offline use.
 */
export function deskLabels() {
  return {
    poverty: POVERTY_LABELS,
    status: EMPLOYMENT_STATUS_LABELS,
    forms: formLabels,
    endReasons: endReasonLabels,
    /** Only the sources a village agent may report (自主就业). */
    sources: Object.fromEntries(reportableSources.map((s) => [s, employmentSourceInfo[s].label])),
    visitMethods: visitMethodLabels,
    visitOutcomes: visitOutcomeLabels,
    wishes: DESTINATION_LABELS,
  }
}
