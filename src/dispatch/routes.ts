import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Nullable } from '../http/schemas'
import { StationNotFoundError } from '../errors'
import { getStation } from '../network/index'
import { recordArrival } from '../transport/index'
import { CloseCode, parseStationFrame } from './protocol'
import * as q from './queries'
import { dispatchTypes } from './schema'
import { transaction } from '../db/transaction'

const Seq = Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 })

const DispatchView = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  type: Type.Enum(dispatchTypes),
  groupId: Nullable(Type.Integer()),
  version: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
  ackedAt: Nullable(Type.String({ format: 'date-time' })),
  data: Type.Record(Type.String(), Type.Unknown()),
})

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** `/ws/stations/:stationId` and the same log over HTTP; see docs/station-protocol.md. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/ws/stations/:stationId',
    {
      websocket: true,
      // Never shed a station's handshake: a refused upgrade leaves its socket open and holds
      // up shutdown, and a connected station costs little (its replay is paced).
      config: { access: ['station_operator'], pressureHandler: () => undefined },
      schema: {
        tags: ['dispatch'],
        summary: 'Station dispatch socket: replay after `since`, then live; acks and arrivals come back',
        params: Type.Object({ stationId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }),
        querystring: Type.Object({
          since: Type.Optional(Seq),
          token: Type.Optional(
            Type.String({ maxLength: 200, description: 'deprecated (redacted from logs): offer the subprotocols `laborlink.v1`, `bearer.<token>` instead' }),
          ),
        }),
      },
    },
    (socket, request) => {
      if (request.wsDenied) return socket.close(request.wsDenied, request.wsDenied === 4401 ? 'unauthorized' : 'forbidden')
      const { stationId } = request.params
      if (request.caller.scope !== String(stationId)) return socket.close(CloseCode.forbidden, 'token is for another station')
      const connection = app.dispatch.attach(stationId, socket, request.query.since ?? 0, request.ip)
      if (!connection) return
      socket.on('message', (data, isBinary) => {
        if (isBinary) return app.dispatch.sendError(connection, 'binary_frame', '消息应为 JSON 文本，不接受二进制')
        const frame = parseStationFrame(String(data))
        switch (frame.type) {
          case 'error':
            return app.dispatch.sendError(connection, frame.code, frame.message)
          case 'ack':
            return void app.dispatch.ack(connection, frame.seq)
          case 'arrival': {
            let result
            try {
              result = transaction(app.db, () => recordArrival(app.db, stationId, frame.groupId, frame.laborerIds))
            } catch (error) {
              request.log.error({ err: error, stationId }, 'recording an arrival failed')
              return app.dispatch.sendError(connection, 'unavailable', '到达未能记录，请稍后重发')
            }
            if (!result.ok) {
              return app.dispatch.sendError(connection, result.code, result.message, { groupId: frame.groupId, ...(result.moved ? { moved: result.moved } : {}) })
            }
            return app.dispatch.send(connection, {
              type: 'arrival.recorded',
              groupId: frame.groupId,
              arrived: result.arrived,
              inTransit: result.inTransit,
            })
          }
        }
      })
    },
  )

  app.get(
    '/api/v1/stations/:id/dispatches',
    {
      config: { access: ['city_admin', 'station_operator'] },
      schema: {
        tags: ['dispatch'],
        summary: "A station's log after `since`, in seq order (the socket's replay, over HTTP)",
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }),
        querystring: Type.Object({
          since: Type.Optional(Seq),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: {
          200: Type.Object({
            stationId: Type.Integer(),
            lastSeq: Type.Integer(),
            online: Type.Boolean(),
            items: Type.Array(DispatchView),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params
      const own = request.caller.role !== 'station_operator' || request.caller.scope === String(id)
      if (!own || !getStation(app.db, id)) throw new StationNotFoundError(id)
      const items = q.dispatchesAfter(app.db, id, request.query.since ?? 0, request.query.limit ?? 100)
      return {
        stationId: id,
        lastSeq: q.lastSeq(app.db, id),
        online: app.dispatch.isOnline(id),
        items: items.map((d) => ({
          seq: d.seq,
          id: d.id,
          type: d.type,
          groupId: d.groupId,
          version: d.groupVersion,
          createdAt: iso(d.createdAt)!,
          sentAt: iso(d.sentAt),
          ackedAt: iso(d.ackedAt),
          data: d.payload,
        })),
      }
    },
  )
}

export default routes
