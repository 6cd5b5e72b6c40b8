import type { FastifySchemaValidationError } from 'fastify/types/schema'
import { jobTypeLabels, laborBrandLabels, partnerAreaLabels } from './vocabulary'

/** The search query's parameters in Chinese, with what each may be. */
const fields: Record<string, { name: string; allowed?: Record<string, string>; rule?: string }> = {
  q: { name: '搜索词', rule: '最多 64 个字' },
  province: { name: '省份', rule: '两位数字的省级代码，例如 11（北京）' },
  city: { name: '城市', rule: '四位数字的市级代码，例如 1409（忻州）' },
  county: { name: '区县', rule: '六位数字的县级代码，例如 140924（繁峙县）' },
  partnerArea: { name: '合作地区', allowed: Object.fromEntries(Object.entries(partnerAreaLabels).map(([k, v]) => [k, v.split(' ')[0]])) },
  type: { name: '岗位类型', allowed: jobTypeLabels },
  brand: { name: '劳务品牌', allowed: laborBrandLabels },
  minWage: { name: '最低月工资', rule: '0 到 1000000 之间的整数（元/月）' },
  benefits: { name: '福利', rule: '最多 10 项，每项 1 到 20 个字，例如 包吃住' },
  startsBefore: { name: '最晚上岗日期', rule: '日期，格式 2026-03-01' },
  sort: { name: '排序', allowed: { relevance: '最相关', wage: '工资最高', newest: '最新发布' } },
  offset: { name: '跳过条数', rule: '0 到 1000 之间的整数' },
  limit: { name: '每页条数', rule: '1 到 50 之间的整数' },
}

/** One sentence in Chinese for a failed search query: the field, and the values it allows. */
export function searchQueryProblem(errors: FastifySchemaValidationError[] | Error): string {
  const first = Array.isArray(errors) ? errors[0] : (errors as { validation?: FastifySchemaValidationError[] }).validation?.[0]
  const path = first?.instancePath?.split('/').filter(Boolean) ?? []
  const key =
    path[0] ??
    (first?.params as { additionalProperty?: string; missingProperty?: string } | undefined)?.additionalProperty ??
    (first?.params as { missingProperty?: string } | undefined)?.missingProperty ??
    ''
  const field = fields[key]
  if (!field) return `不认识的参数（${key || '未知'}），可用的参数有：${Object.entries(fields).map(([k, f]) => `${k}（${f.name}）`).join('、')}`
  if (field.allowed) {
    const values = Object.entries(field.allowed).map(([value, label]) => `${value}（${label}）`).join('、')
    return `参数 ${key}（${field.name}）的值不对，只能是：${values}`
  }
  return `参数 ${key}（${field.name}）的值不对：应为${field.rule}`
}
