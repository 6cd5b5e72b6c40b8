import type { FastifyPluginAsync } from 'fastify'
import kioskRoutes from './kiosk/routes'
import webRoutes from './web/routes'
import regionRoutes from './regions/routes'
import authRoutes from './auth/routes'
import networkRoutes from './network/routes'
import piiPlugin from './pii/plugin'
import dispatchPlugin from './dispatch/plugin'
import dispatchRoutes from './dispatch/routes'
import transportRoutes from './transport/routes'
import alertRoutes from './alerts/routes'
import laborerRoutes from './laborers/routes'
import searchPlugin from './search/plugin'
import searchRoutes from './search/routes'
import employerRoutes from './employers/routes'
import jobRoutes from './jobs/routes'
import subsidyRoutes from './policy/routes'
import policyFactRoutes from './policy/fact-routes'
import subsidyBatchRoutes from './policy/batch-routes'
import reportRoutes from './reports/routes'
import ledgerRoutes from './reports/ledger-routes'
import matchingRoutes from './matching/routes'
import fairRoutes from './fairs/routes'
import welfareRoutes from './welfare/routes'
import gigRoutes from './gigs/routes'
import workshopRoutes from './workshops/routes'
import employmentRoutes from './employments/routes'
import visitRoutes from './visits/routes'
import trainingRoutes from './policy/training-routes'
import povertyProposalRoutes from './laborers/proposal-routes'
import deskRoutes from './desk/routes'
import rightsRoutes from './rights/routes'
import followUpRoutes from './followups/routes'

/**
 * The product, module by module. Service plugins decorate the app with shared services
 * (registered after db, regions and auth); route plugins are encapsulated under a prefix.
 */
export const servicePlugins: FastifyPluginAsync[] = [piiPlugin, dispatchPlugin, searchPlugin]

export const apiModules: { plugin: FastifyPluginAsync<any>; prefix: string }[] = [
  { plugin: kioskRoutes, prefix: '/api/v1' },
  { plugin: webRoutes, prefix: '' },
  { plugin: regionRoutes, prefix: '/api/v1' },
  { plugin: authRoutes, prefix: '/api/v1' },
  { plugin: networkRoutes, prefix: '/api/v1' },
  { plugin: dispatchRoutes, prefix: '' },
  { plugin: transportRoutes, prefix: '/api/v1' },
  { plugin: alertRoutes, prefix: '/api/v1' },
  { plugin: laborerRoutes, prefix: '/api/v1' },
  { plugin: employmentRoutes, prefix: '/api/v1' },
  { plugin: visitRoutes, prefix: '/api/v1' },
  { plugin: povertyProposalRoutes, prefix: '/api/v1' },
  { plugin: employerRoutes, prefix: '/api/v1' },
  { plugin: jobRoutes, prefix: '/api/v1' },
  { plugin: subsidyRoutes, prefix: '/api/v1' },
  { plugin: policyFactRoutes, prefix: '/api/v1' },
  { plugin: subsidyBatchRoutes, prefix: '/api/v1' },
  { plugin: reportRoutes, prefix: '/api/v1' },
  { plugin: ledgerRoutes, prefix: '/api/v1' },
  { plugin: searchRoutes, prefix: '/api/v1' },
  { plugin: matchingRoutes, prefix: '/api/v1' },
  { plugin: fairRoutes, prefix: '' },
  { plugin: welfareRoutes, prefix: '/api/v1' },
  { plugin: gigRoutes, prefix: '/api/v1' },
  { plugin: workshopRoutes, prefix: '/api/v1' },
  { plugin: trainingRoutes, prefix: '/api/v1' },
  { plugin: deskRoutes, prefix: '/api/v1' },
  { plugin: rightsRoutes, prefix: '/api/v1' },
  { plugin: followUpRoutes, prefix: '/api/v1' },
]
