import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { areaPrefix, areaRoles, type Caller } from '../auth/caller'
import { transaction } from '../db/transaction'
import { ProposalNotFoundError } from '../errors'
import { IdParams, Limit, Nullable } from '../http/schemas'
import { PovertyStatus } from './model'
import { decideProposal, getProposal, listProposals, proposePovertyStatus } from './proposals'
import { laborerInScope, laborerVisible } from './scope'
import { getLaborer } from './queries'
import { proposalStatuses, type PovertyProposal } from './schema'

const ClientId = Type.String({
  pattern: '^[0-9A-Za-z_-]{8,64}$',
  description: 'client-generated id (a UUID) of an offline-queued change: sent again, the proposal is made once and the first answer is repeated (200)',
})

const ProposalBody = Type.Object(
  { toStatus: PovertyStatus, reason: Type.String({ minLength: 2, maxLength: 500 }), clientId: Type.Optional(ClientId) },
  { additionalProperties: false },
)
const RejectBody = Type.Object({ note: Type.String({ minLength: 2, maxLength: 500, description: 'why (the agent sees it)' }) }, { additionalProperties: false })

const ProposalView = Type.Object({
  id: Type.Integer(),
  laborerId: Type.Integer(),
  laborerName: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String({ description: 'the village’s name (村)' }),
  fromStatus: PovertyStatus,
  toStatus: PovertyStatus,
  reason: Type.String(),
  status: Type.Enum(proposalStatuses),
  decisionNote: Type.String(),
  clientId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
})

const deciders = ['city_admin', 'county_officer', 'township_staff'] as const

/** Poverty-status proposals: a village agent proposes, a township (or above) confirms or rejects. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  const iso = (ms: number) => new Date(ms).toISOString()
  const view = (p: PovertyProposal): Static<typeof ProposalView> => ({
    id: p.id,
    laborerId: p.laborerId,
    laborerName: getLaborer(app.db, p.laborerId)?.name ?? '',
    villageCode: p.villageCode,
    villageName: app.regions.get(p.villageCode)?.name ?? p.villageCode,
    fromStatus: p.fromStatus,
    toStatus: p.toStatus,
    reason: p.reason,
    status: p.status,
    decisionNote: p.decisionNote,
    clientId: p.clientId,
    createdAt: iso(p.createdAt),
    decidedAt: p.decidedAt === null ? null : iso(p.decidedAt),
  })
  /** The proposal if its laborer is in the caller's area; else as absent as one that does not exist. */
  const inScope = (caller: Caller, id: number): PovertyProposal => {
    const proposal = getProposal(app.db, id)
    const laborer = proposal && getLaborer(app.db, proposal.laborerId)
    if (!proposal || !laborer || !laborerVisible(caller, city, laborer)) throw new ProposalNotFoundError(id)
    return proposal
  }

  app.post(
    '/laborers/:id/poverty-proposals',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Propose a change of poverty status (人口类型) for a township to confirm; with a clientId sent again, the first answer (200)',
        params: IdParams,
        body: ProposalBody,
        response: { 200: ProposalView, 201: ProposalView },
      },
    },
    async (request, reply) => {
      const result = transaction(app.sqlite, () =>
        proposePovertyStatus(app.db, laborerInScope(app.db, request.caller, city, request.params.id), {
          toStatus: request.body.toStatus,
          reason: request.body.reason,
          clientId: request.body.clientId ?? null,
          tokenId: request.caller.tokenId,
        }),
      )
      reply.code(result.created ? 201 : 200)
      return view(result.proposal)
    },
  )

  app.get(
    '/poverty-proposals',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['laborers'],
        summary: 'Poverty-status proposals in the caller\'s area (the township\'s queue: status=pending), oldest first',
        querystring: Type.Object({ status: Type.Optional(Type.Enum(proposalStatuses)), limit: Limit }, { additionalProperties: false }),
        response: { 200: Type.Array(ProposalView) },
      },
    },
    async (request) => listProposals(app.db, areaPrefix(request.caller, city)!, request.query.status, request.query.limit).map(view),
  )

  for (const [action, decision] of [['confirm', 'confirmed'], ['reject', 'rejected']] as const) {
    app.post(
      `/poverty-proposals/:id/${action}`,
      {
        config: { access: deciders },
        schema: {
          tags: ['laborers'],
          summary:
            decision === 'confirmed'
              ? 'Confirm a proposal (township staff or above): the laborer\'s poverty status changes, recorded in their changes'
              : 'Reject a proposal (township staff or above)',
          params: IdParams,
          ...(decision === 'rejected' ? { body: RejectBody } : {}),
          response: { 200: ProposalView },
        },
      },
      async (request) => {
        const proposal = transaction(app.sqlite, () =>
          decideProposal(app.db, inScope(request.caller, request.params.id), decision, request.caller, (request.body as { note?: string } | undefined)?.note ?? ''),
        )
        return view(proposal)
      },
    )
  }
}

export default routes
