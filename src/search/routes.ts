import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { Type, type Static } from 'typebox'
import { BadRequestError, rateLimitError } from '../errors'
import { DateString, Nullable } from '../http/schemas'
import { jobTypes, laborBrands, wageUnits } from '../jobs/schema'
import { partnerAreas } from '../network/schema'
import { sortOrders } from './engine'
import { searchQueryProblem } from './validation'
import type { SearchAnswer } from './service'

/**
 * Facet counts by value. `additionalProperties` rather than `Type.Record`: the serializer
 * tests every key of a record against its pattern, which cost this route two thirds of
 * its throughput.
 */
const Counts = Type.Object({}, { additionalProperties: Type.Integer() })


const Hit = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  employerName: Type.String(),
  recommendedBy: Nullable(Type.String({ description: '工作站推荐: the out-of-province station that collected the posting' })),
  occupation: Type.String(),
  partnerArea: Type.Enum(partnerAreas),
  provinceCode: Type.String(),
  cityCode: Nullable(Type.String()),
  countyCode: Nullable(Type.String()),
  place: Type.String(),
  type: Type.Enum(jobTypes),
  laborBrand: Nullable(Type.Enum(laborBrands)),
  wageMin: Type.Integer(),
  wageMax: Type.Integer(),
  wageUnit: Type.Enum(wageUnits),
  benefits: Type.Array(Type.String()),
  openingsLeft: Type.Integer(),
  startDate: Type.String(),
  deadline: Type.String(),
  highlight: Type.Object({
    title: Type.String({ description: 'HTML-escaped title, matched words in <mark>' }),
    snippet: Type.String({ description: 'HTML-escaped part of the description around the first match' }),
  }),
})

const Answer = Type.Object({
  hits: Type.Array(Hit),
  total: Type.Integer(),
  facets: Type.Object({ partnerArea: Counts, type: Counts, laborBrand: Counts, province: Counts }),
  estimated: Type.Boolean({ description: 'total and facets estimated rather than counted (very common words)' }),
  hint: Type.Optional(Type.String({ description: 'in Chinese, when the query had nothing to search for (`!!!`): what to type instead' })),
})

const SearchResponse = Type.Object({ tookMs: Type.Number(), ...Answer.properties })
/** A plain-object copy for `reply.serializeInput`, which compiles once per schema object. */
const answerSchema = { ...Answer }

const SearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 64, default: '', description: 'Chinese words, full pinyin (wagong) or initials (wg)' }),
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    city: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    partnerArea: Type.Optional(Type.Array(Type.Enum(partnerAreas), { maxItems: partnerAreas.length })),
    type: Type.Optional(Type.Array(Type.Enum(jobTypes), { maxItems: jobTypes.length })),
    brand: Type.Optional(Type.Array(Type.Enum(laborBrands), { maxItems: laborBrands.length })),
    minWage: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: '元 per month, compared with the bottom of the posting’s range (a daily wage counts 21.75 days a month, rounded to whole 元)' })),
    benefits: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
    startsBefore: Type.Optional(DateString),
    sort: Type.Enum(sortOrders, { default: 'relevance' }),
    offset: Type.Integer({ minimum: 0, maximum: 1000, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'a kiosk screen shows about ten' }),
  },
  { additionalProperties: false },
)

/** Kiosk search: public, so rate-limited per client, inside this plugin only. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  /** JSON of each answer without its opening brace, where `tookMs` goes. */
  const serialized = new WeakMap<SearchAnswer, string>()
  await app.register(rateLimit, { max: app.config.searchRateLimit, timeWindow: 60_000, errorResponseBuilder: rateLimitError })

  app.get(
    '/jobs/search',
    {
      config: { access: 'public' },
      schema: {
        tags: ['search'],
        summary: 'Search open postings (public, rate-limited): words, pinyin or initials, filters, facets',
        security: [],
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
      // Validation errors are worded here, in Chinese, naming the field and what it may be.
      attachValidation: true,
    },
    async (request, reply) => {
      if (request.validationError) throw new BadRequestError(searchQueryProblem(request.validationError))
      const query = request.query
      // Control characters have no place in a search box and only confuse tokenizers.
      if (/\p{Cc}/u.test(query.q)) throw new BadRequestError('搜索词（q）里不能有控制字符，请只输入文字、拼音或数字')
      const { answer, tookMs } = await app.jobSearch.answer({
        q: query.q.trim(),
        filters: {
          provinceCode: query.province,
          cityCode: query.city,
          countyCode: query.county,
          partnerAreas: query.partnerArea,
          types: query.type,
          laborBrands: query.brand,
          minMonthlyWage: query.minWage,
          benefits: query.benefits,
          startsBefore: query.startsBefore,
        },
        sort: query.sort,
        offset: query.offset,
        limit: query.limit,
        facets: true,
      })
      // The kiosk's common queries are answered from the cache; serializing ten hits with
      // snippets was most of such a request's cost, so the JSON is kept with the answer.
      let body = serialized.get(answer)
      if (body === undefined) {
        body = reply.serializeInput(answer, answerSchema).slice(1)
        serialized.set(answer, body)
      }
      // As the registry list does: Fastify sends a JSON string as it is.
      const json = `{"tookMs":${tookMs},${body}`
      return reply.type('application/json; charset=utf-8').send(json as unknown as Static<typeof SearchResponse>)
    },
  )
}

export default routes
