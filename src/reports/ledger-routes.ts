import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { recordAudit } from '../auth/audit'
import { areaPrefix, areaRoles } from '../auth/caller'
import { shanghaiToday } from '../calendar'
import { BadRequestError, RegionNotFoundError } from '../errors'
import { XLSX_TYPE, attachment, csvStream, xlsxStream, type Cell } from '../sheets/index'
import { ledgerPage, ledgerRow, ledgerSheet, monthSpan } from './ledger'

/**
 * The month's employment ledger (就业台账): every employment record of the area open in
 * the month, whatever its source, as .xlsx or CSV with Chinese headers and values.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  app.get(
    '/reports/ledger',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['reports'],
        summary: 'The month’s employment ledger (就业台账) of the caller’s area as .xlsx, or CSV (UTF-8 with BOM) with format=csv',
        description:
          'One row per employment record (placements, 自主就业, public-welfare posts, workshops, gigs …) open at some time in the month: place, person (ID masked unless `reveal=true&reason=…`, audit-logged), 就业形式, work place and unit, dates, end reason, income, what happened in the month, source and verification. A 合计 row ends it.',
        querystring: Type.Object(
          {
            month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM; default this month (Asia/Shanghai)' })),
            area: Type.Optional(
              Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?$', description: 'county (6), township (9) or village (12) code; default the caller’s area' }),
            ),
            format: Type.Optional(Type.Enum(['xlsx', 'csv'])),
            reveal: Type.Optional(Type.Boolean({ description: 'full ID numbers (audit-logged)' })),
            reason: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const own = areaPrefix(request.caller, city)!
      const area = request.query.area ?? own
      if (!area.startsWith(own) || !area.startsWith(city) || !app.regions.get(area)) throw new RegionNotFoundError(area)
      const month = request.query.month ?? shanghaiToday().slice(0, 7)
      const reveal = Boolean(request.query.reveal)
      if (reveal) {
        const reason = request.query.reason?.trim()
        if (!reason || reason.length < 2) throw new BadRequestError('querystring.reason 为必填项（reveal=true 时）')
        recordAudit(app.db, request.caller, { action: 'reveal_pii', subjectType: 'employment_ledger', subjectId: `${area}:${month}`, reason })
      }
      const places = { name: (code: string) => app.regions.get(code)?.name ?? '', placeName: (code: string) => app.regions.placeName(code) }
      const { from, to } = monthSpan(month)
      const rows = (function* (): Generator<Cell[]> {
        let seq = 0
        let started = 0
        let ended = 0
        const people = new Set<number>()
        for (let after = { villageCode: '', id: 0 }; ; ) {
          const page = ledgerPage(app.db, area, month, after, 2000)
          if (page.length === 0) break
          for (const r of page) {
            seq++
            if (r.startDate >= from) started++
            if (r.endDate !== null && r.endDate <= to) ended++
            people.add(r.laborerId)
            yield ledgerRow(seq, r, places, reveal ? app.pii.decrypt(r.idCipher) : r.idMasked, month)
          }
          const last = page[page.length - 1]
          after = { villageCode: last.villageCode, id: last.id }
        }
        yield ['合计', `${seq} 条记录`, `${people.size} 人`, `本月新增 ${started} 条`, `本月结束 ${ended} 条`]
      })()
      const [year, m] = month.split('-')
      const title = [
        `${app.regions.fullName(area)}${year}年${Number(m)}月农村劳动力就业台账`,
        `统计期间 ${from} 至 ${to}　制表日期 ${shanghaiToday()}${reveal ? '　含完整身份证号码，请妥善保管' : ''}`,
      ]
      const spec = ledgerSheet(title, rows)
      const file = `就业台账-${app.regions.get(area)?.name ?? area}-${month}`
      reply.header('cache-control', 'no-store')
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${file}.csv`)).send(csvStream(spec))
      }
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`${file}.xlsx`)).send(xlsxStream(spec))
    },
  )
}

export default routes
