import createError, { type FastifyErrorConstructor } from '@fastify/error'

/**
 * Every error answer of the API, declared once: its `code`, HTTP status, message (a printf
 * template, in Chinese: pages show it to users) and, for `docs/errors.md`, what it means
 * and what a client should do. Callers throw the class (`new LaborerNotFoundError(12)`);
 * the one error handler in `src/app.ts` answers `{ statusCode, error, code, message }`.
 *
 * Callers and tests tell cases apart by `code`, never by message text.
 *
 * Out of scope answers exactly like not found (same class, so same status, code and
 * message): ids cannot be probed. `LL_OUT_OF_SCOPE` is only for naming a *region* outside
 * the caller's area when creating or changing something (regions are public knowledge).
 */
export interface ErrorEntry {
  code: string
  statusCode: number
  /** printf template of the message */
  message: string
  meaning: string
  todo: string
}

/** Every declared code, in the order of `docs/errors.md`. */
export const errorCatalogue: ErrorEntry[] = []

/** A class of error answers: `new LaborerNotFoundError(12)`. */
export type ErrorClass = FastifyErrorConstructor<{ code: string; statusCode: number }, unknown[]>

function declare(code: string, statusCode: number, message: string, meaning: string, todo: string, Base?: ErrorClass): ErrorClass {
  errorCatalogue.push({ code, statusCode, message, meaning, todo })
  const Class = createError(code, message, statusCode, (Base ?? Error) as ErrorConstructor) as unknown as ErrorClass
  // So that `LaborerNotFoundError.prototype.code` names the code without an instance.
  Object.defineProperties(Class.prototype, { code: { value: code, writable: true }, statusCode: { value: statusCode, writable: true } })
  return Class
}

/** Answers the error handler builds itself (no class is thrown for them). */
function answer(code: string, statusCode: number, message: string, meaning: string, todo: string): string {
  errorCatalogue.push({ code, statusCode, message, meaning, todo })
  return code
}

// ---------------------------------------------------------------- request shape (400)

/** A field of the request is wrong: the message names it (`body.villageCode …`). */
export const BadRequestError = declare('LL_VALIDATION', 400, '%s',
  'A field of the request is missing or wrong (schema check or a rule of the route); the message names the field, e.g. `body.villageCode`.',
  'Fix the named field and send again; do not retry unchanged.')
export const OutOfScopeError = declare('LL_OUT_OF_SCOPE', 400, '%s 不在您的管辖范围内',
  'The request names a region (a village, county, …) outside the caller\'s area for something it creates or changes. Only used for regions, which are public; an object outside the area answers its `…_NOT_FOUND`.',
  'Pick a region inside your area, or ask someone whose area covers it.')
export const NotEligibleError = declare('LL_NOT_ELIGIBLE', 400, '劳动力 %s 不能应聘岗位 %s：%s',
  'The laborer fails a hard condition of the posting (county only, age, certificate, …); the message gives the reason.',
  'Propose another posting or laborer.')
export const CODE_BAD_JSON = answer('LL_BAD_JSON', 400, '请求体不是合法的 JSON',
  'The body could not be parsed as JSON (or was empty with a JSON content type).',
  'Send a valid JSON body.')
export const CODE_BAD_REQUEST = answer('LL_BAD_REQUEST', 400, '(the framework\'s message)',
  'Any other malformed request the framework refuses (bad Content-Length, …).',
  'Fix the request; do not retry unchanged.')

// ---------------------------------------------------------------- who is calling (401/403/429)

export const UnauthorizedError = declare('LL_UNAUTHORIZED', 401, '%s',
  'No bearer token, or the token is unknown or revoked.',
  'Sign in again (get a new token).')
/** A known token past its `expiresAt` (or a rotated-away secret past its grace period). */
export const TokenExpiredError = declare('LL_TOKEN_EXPIRED', 401, '%s',
  'The token is known but past its expiry (or a rotated-away secret past its grace period).', 'Ask for a new token, or use the rotated secret.')
/** A browser session (cookie) that ended: signed out, idle too long, or its token revoked or expired. */
export const SessionEndedError = declare('LL_SESSION_ENDED', 401, '登录已失效（已退出、长时间未使用或令牌已吊销），请重新输入访问令牌',
  'The session cookie names no live session: it was signed out, left unused longer than SESSION_IDLE_DAYS, or its token was revoked or expired.',
  'Sign in again with a valid token (POST /api/v1/session).')
/** A write (or socket) authenticated by the session cookie without proof that our own page sent it. */
export const CrossSiteError = declare('LL_CROSS_SITE', 403, '%s',
  'A request authenticated by the session cookie changes something (or opens a socket) but comes from another origin, or a write lacks the `X-LaborLink-CSRF: 1` header our pages send.',
  'Send writes from the laborlink pages (they add the header), or use a bearer token from other programs.')
export const ForbiddenError = declare('LL_FORBIDDEN', 403, '%s',
  'The caller\'s role may not call this route (see docs/security.md).',
  'Do not retry; use an account with a role the route lists.')
export const TooManyRequestsError = declare('LL_AUTH_THROTTLED', 429, '%s',
  'Too many failed authentications from this client; answered before the token is looked at.',
  'Wait for the `Retry-After` seconds, then sign in with a valid token.')
export const RateLimitedError = declare('LL_RATE_LIMITED', 429, '请求太频繁，请 %s 秒后再试',
  'A public, rate-limited route (kiosk search, kiosk help requests) was called too often by this client.',
  'Wait for the `Retry-After` seconds, then retry.')

// ---------------------------------------------------------------- not found (404)
// One class per kind of object; out of scope answers the same (ids cannot be probed).

export const NotFoundError = declare('LL_NOT_FOUND', 404, '找不到%s',
  'Something the request names does not exist or is outside the caller\'s area (generic; prefer a specific `…_NOT_FOUND`).',
  'Check the id; reload the list it came from.')
export const CODE_ROUTE_NOT_FOUND = answer('LL_ROUTE_NOT_FOUND', 404, '没有这个接口：%s %s',
  'No route has this method and path.',
  'Check the URL and method against the OpenAPI document (/docs).')
const notFound = (code: string, what: string): ErrorClass =>
  declare(code, 404, `找不到${what} %s`,
    `No ${code.slice(3, -10).toLowerCase().replace(/_/g, ' ')} has this id, or it is outside the caller's area (the two answer alike).`,
    'Check the id; reload the list it came from.', NotFoundError)
export const LaborerNotFoundError = notFound('LL_LABORER_NOT_FOUND', '劳动力')
export const EmployerNotFoundError = notFound('LL_EMPLOYER_NOT_FOUND', '用人单位')
export const JobNotFoundError = notFound('LL_JOB_NOT_FOUND', '岗位')
export const MatchNotFoundError = notFound('LL_MATCH_NOT_FOUND', '匹配')
export const RunNotFoundError = notFound('LL_RUN_NOT_FOUND', '匹配批次')
export const RegionNotFoundError = notFound('LL_REGION_NOT_FOUND', '地区')
export const TokenNotFoundError = notFound('LL_TOKEN_NOT_FOUND', '令牌')
export const HelpRequestNotFoundError = notFound('LL_HELP_REQUEST_NOT_FOUND', '求助请求')
export const RightsCaseNotFoundError = notFound('LL_RIGHTS_CASE_NOT_FOUND', '维权案件')
export const CourseNotFoundError = notFound('LL_COURSE_NOT_FOUND', '培训班')
export const EnrollmentNotFoundError = notFound('LL_ENROLLMENT_NOT_FOUND', '培训报名')
export const ProviderNotFoundError = notFound('LL_PROVIDER_NOT_FOUND', '培训或评价机构')
export const IntermediaryNotFoundError = notFound('LL_INTERMEDIARY_NOT_FOUND', '中介机构')
export const IncubationBaseNotFoundError = notFound('LL_INCUBATION_BASE_NOT_FOUND', '孵化基地')
export const ServicePointNotFoundError = notFound('LL_SERVICE_POINT_NOT_FOUND', '服务点')
export const StationNotFoundError = notFound('LL_STATION_NOT_FOUND', '服务站')
export const FairNotFoundError = notFound('LL_FAIR_NOT_FOUND', '招聘会')
export const PlanNotFoundError = notFound('LL_PLAN_NOT_FOUND', '运送计划')
export const GroupNotFoundError = notFound('LL_GROUP_NOT_FOUND', '乘车组')
export const PlacementNotFoundError = notFound('LL_PLACEMENT_NOT_FOUND', '上岗记录')
export const SubsidyLineNotFoundError = notFound('LL_SUBSIDY_LINE_NOT_FOUND', '补贴项')
export const ImportNotFoundError = notFound('LL_IMPORT_NOT_FOUND', '导入批次')
export const WelfarePostNotFoundError = notFound('LL_WELFARE_POST_NOT_FOUND', '公益性岗位')
export const WorkshopNotFoundError = notFound('LL_WORKSHOP_NOT_FOUND', '帮扶车间')
export const GigNotFoundError = notFound('LL_GIG_NOT_FOUND', '零工')
export const SignupNotFoundError = notFound('LL_SIGNUP_NOT_FOUND', '零工报名')
/**
 * A kiosk sign-up whose ID number and name match nobody in the registry. The words say
 * only that (not whether the ID exists under another name).
 */
export const NotRegisteredError = declare('LL_NOT_REGISTERED', 404, '%s',
  'At a kiosk: the national ID and name given do not match a registered laborer (the answer does not say which part did not match).',
  'Check the ID number and name, or register with the village agent or the township station first.')
export const BatchNotFoundError = notFound('LL_BATCH_NOT_FOUND', '补贴发放批次')
export const EmploymentNotFoundError = notFound('LL_EMPLOYMENT_NOT_FOUND', '就业记录')
export const ProposalNotFoundError = notFound('LL_PROPOSAL_NOT_FOUND', '人口类型变更申请')

// ---------------------------------------------------------------- conflicts (409)

export const ConflictError = declare('LL_CONFLICT', 409, '%s',
  'The request conflicts with the current state (generic; prefer a specific code).',
  'Reload the object and decide again.')
const conflict = (code: string, message: string, meaning: string, todo: string): ErrorClass =>
  declare(code, 409, message, meaning, todo, ConflictError)
export const AlreadyPlacedError = conflict('LL_ALREADY_PLACED', '劳动力 %s 已上岗',
  'The laborer already has an active placement.', 'Do not propose or confirm another posting until the placement ends.')
export const AlreadyEmployedError = conflict('LL_ALREADY_EMPLOYED', '劳动力 %s 已就业（%s）',
  'The laborer\'s employment status says employed.', 'Update the laborer\'s employment status first if it is out of date.')
export const NoOpeningsError = conflict('LL_NO_OPENINGS', '岗位 %s 已招满或已关闭',
  'The posting is not open or has no openings left (another match may have taken the last one).', 'Pick another posting.')
export const MatchExistsError = conflict('LL_MATCH_EXISTS', '劳动力 %s 与岗位 %s 已有进行中的匹配',
  'A live match between this laborer and posting already exists.', 'Work on the existing match.')
export const MatchStateError = conflict('LL_MATCH_STATE', '%s',
  'The match is not in a status the action applies to, or changed meanwhile.', 'Reload the match and choose an action its status allows.')
export const EnvironmentTokenError = conflict('LL_ENVIRONMENT_TOKEN', '%s',
  'The ADMIN_TOKEN comes from the environment and cannot be rotated through the API.', 'Change the ADMIN_TOKEN variable (and revoke this token) instead.')
export const RunStateError = conflict('LL_RUN_STATE', '%s',
  'The matching run is not done yet, or was already committed.', 'Wait for the run to finish; commit a run once.')
export const DuplicateError = conflict('LL_DUPLICATE', '%s',
  'An object with the same unique key (credit code, national ID, enrollment) already exists.', 'Find and use the existing one.')
/**
 * A national ID already in the registry. The answer is these words and nothing else (not
 * where, not who, no id): the caller may not be allowed to see that laborer.
 */
export const AlreadyRegisteredError = conflict('LL_ALREADY_REGISTERED', '该身份证号已登记 (already registered)',
  'A laborer with this national ID is already registered (the answer says nothing about who or where).', 'Look the person up (POST /laborers/lookup) instead of registering again.')
export const OpeningsTakenError = conflict('LL_OPENINGS_TAKEN', '招聘人数不能少于已录用的 %s 人',
  'Openings cannot drop below the number already taken.', 'Ask for at least that many openings.')
export const AlreadyGrantedError = conflict('LL_ALREADY_GRANTED', '%s',
  'This subsidy line was already granted (it is in the ledger).', 'Do not grant it again; read the ledger.')
export const NotDueError = conflict('LL_NOT_DUE', '%s',
  'This subsidy line is not due (pending, not eligible, …); the message gives the reasons.', 'Complete the missing facts, then evaluate again.')
export const BatchStateError = conflict('LL_BATCH_STATE', '%s',
  'The subsidy batch is already paid or cancelled, so it cannot be paid or cancelled again.', 'Reload the batch; a paid batch is final, a cancelled one can be approved anew.')
export const FairStateError = conflict('LL_FAIR_STATE', '%s',
  'The fair is closed, or not open yet, for this action.', 'Open the fair first, or stop: a closed fair does not change.')
export const GroupStateError = conflict('LL_GROUP_STATE', '%s',
  'The transport group is cancelled, has arrived, or is not a draft, so it cannot change this way.', 'Reload the plan and act on a group whose status allows it.')
export const GroupMismatchError = conflict('LL_GROUP_MISMATCH', '%s',
  'The groups do not go to the same station on the same day with the same status, or the laborer cannot arrive in time.', 'Pick a group that matches.')
export const GroupFullError = conflict('LL_GROUP_FULL', '%s',
  'The group (or the merged group) would not fit its vehicle.', 'Pick another group or a larger vehicle.')
export const PostHeldError = conflict('LL_POST_HELD', '公益性岗位 %s 已有在岗人员',
  'The public-welfare post has a holder in an open term (one holder at a time).', 'End or renew the current term instead; or pick a vacant post.')
export const HoldsPostError = conflict('LL_HOLDS_POST', '劳动力 %s 已在公益性岗位 %s 上岗',
  'The laborer already holds a public-welfare post (one post per person at a time).', 'End that term first, or pick another laborer.')
export const PostVacantError = conflict('LL_POST_VACANT', '公益性岗位 %s 目前无人在岗',
  'Renewing or ending a term of a post that has no open term.', 'Fill the post instead.')
export const PostClosedError = conflict('LL_POST_CLOSED', '公益性岗位 %s 已撤销',
  'The post was closed (撤销) and cannot be filled again.', 'Create a new post.')
export const CourseFullError = conflict('LL_COURSE_FULL', '培训班 %s 的 %s 个名额已报满',
  'The course has as many enrollments as seats.', 'Enroll the laborer in another course of the same occupation.')
export const GigStateError = conflict('LL_GIG_STATE', '%s',
  'The gig is cancelled, done, past, or full, or the sign-up is not in a status the action applies to.', 'Reload the gig and act on what its status allows.')
export const AlreadySignedUpError = conflict('LL_ALREADY_SIGNED_UP', '您已报名这个零工',
  'At a kiosk: this laborer already signed up for the gig.', 'Nothing to do: wait for the poster to confirm.')
export const EmploymentEndedError = conflict('LL_EMPLOYMENT_ENDED', '%s',
  'The employment record was already ended (by someone else, or by an earlier change) with another end date or reason; nothing was changed. The answer is the current state, not the one asked for.',
  'Reload the record and show the agent its current end; change nothing silently.')
export const ProposalStateError = conflict('LL_PROPOSAL_STATE', '%s',
  'The poverty-status proposal was already decided, or the laborer\'s poverty status changed since it was made; nothing was changed.',
  'Reload the proposal and the laborer; propose again if still needed.')
export const ClientIdReusedError = conflict('LL_CLIENT_ID_REUSED', '%s',
  'The client-generated id (`clientId`) was already used for a different change (another laborer or another kind of write); nothing was changed.',
  'Generate a new clientId for each new change; resend the same clientId only for the same change.')
export const StillReferencedError = declare('LL_STILL_REFERENCED', 409, '还有其他记录引用它，未做任何改动',
  'A delete or change would orphan other records (a station with a dispatch log, …); nothing was changed.', 'Remove or move the records that refer to it first, or keep it.')

// ---------------------------------------------------------------- the server (5xx)

export const PayloadTooLargeError = declare('LL_PAYLOAD_TOO_LARGE', 413, '%s',
  'The body (or an uploaded file) is over the limit for this caller on this route.', 'Send less (split an import into several files).')
export const UnsupportedMediaTypeError = declare('LL_UNSUPPORTED_MEDIA_TYPE', 415, '%s',
  'The Content-Type (or the uploaded file\'s kind) is not one the route accepts.', 'Send `application/json`, or the file type the route documents (.xlsx, .csv).')
export const CODE_INTERNAL = answer('LL_INTERNAL', 500, '服务器内部错误',
  'An unexpected failure; the details are in the server log only.', 'Retry later; report it if it persists.')
export const OverloadedError = declare('LL_OVERLOADED', 503, '服务器正忙，请稍后再试',
  'The server sheds load (event loop blocked too long).', 'Retry after the `Retry-After` seconds.')
export const DatabaseBusyError = declare('LL_DB_BUSY', 503, '数据库正忙，请稍后重试',
  'The database stayed locked by another writer for too long.', 'Retry after the `Retry-After` seconds.')
export const SearchUnavailableError = declare('LL_SEARCH_UNAVAILABLE', 503, '%s',
  'The search engine does not answer for a moment.', 'Retry shortly.')
export const DiskFullError = declare('LL_DISK_FULL', 507, '服务器磁盘已满，未写入任何内容',
  'The server has run out of disk space; nothing was written.', 'Retry later; tell the operator.')

/** Every code a client can meet, for the OpenAPI `code` enum. */
export const errorCodes = (): string[] => errorCatalogue.map((entry) => entry.code)

/** SQLite error codes the handler turns into answers. */
export const sqliteErrors: Record<string, ErrorClass> = {
  SQLITE_BUSY: DatabaseBusyError,
  SQLITE_FULL: DiskFullError,
  SQLITE_CONSTRAINT_FOREIGNKEY: StillReferencedError,
}

/** Fastify's own 4xx codes with a code and message of ours. */
export const frameworkCodes: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'LL_PAYLOAD_TOO_LARGE', message: '请求体太大' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'LL_UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'LL_BAD_JSON', message: '请求体不是合法的 JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'LL_BAD_JSON', message: '请求体不是合法的 JSON' },
}

/** The code of an error nothing here declared (a plugin's own 4xx), by status. */
export function fallbackCode(statusCode: number): string {
  if (statusCode === 429) return RateLimitedError.prototype.code
  if (statusCode === 503) return OverloadedError.prototype.code
  if (statusCode === 404) return NotFoundError.prototype.code
  if (statusCode === 413) return PayloadTooLargeError.prototype.code
  if (statusCode === 415) return UnsupportedMediaTypeError.prototype.code
  return CODE_BAD_REQUEST
}

/** The message template of a code. */
export function messageOf(code: string): string {
  return errorCatalogue.find((entry) => entry.code === code)?.message ?? code
}

/** `errorResponseBuilder` for @fastify/rate-limit: our code and a Chinese message. */
export function rateLimitError(_request: unknown, context: { ttl: number }): Error {
  return new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000)))
}

/** One ajv error as Fastify hands it to the error handler. */
interface SchemaError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

const typeNames: Record<string, string> = {
  string: '文本', integer: '整数', number: '数字', boolean: '布尔值', object: '对象', array: '数组', null: '空值',
}
const formatNames: Record<string, string> = { date: 'YYYY-MM-DD 日期', 'date-time': 'ISO 时间', email: '电子邮箱', uri: '网址' }

/**
 * A schema validation failure in Chinese, naming the field as a path
 * (`body.villageCode`, `querystring.limit`, `params.id`).
 */
export function validationMessage(where: string, first: SchemaError | undefined): string {
  let field = `${where}${first?.instancePath ?? ''}`.replace(/\//g, '.').replace(/^\./, '')
  if (!first) return `${field || '该行'} 不合要求`
  const p = first.params
  const list = (values: unknown): string => (Array.isArray(values) ? values.map(String).join('、') : String(values))
  switch (first.keyword) {
    case 'required':
      return `${field}.${String(p.missingProperty)} 为必填项`
    case 'additionalProperties':
      return `${field}.${String(p.additionalProperty)} 不是可接受的字段`
    case 'boolean':
      // TypeBox reports an unknown property as the schema `false` at its own path.
      return `${field} 不是可接受的字段`
    case 'type':
      return `${field} 应为${list(String(p.type).split(',').map((t) => typeNames[t] ?? t))}`
    case 'minLength':
      return `${field} 至少 ${String(p.limit)} 个字符`
    case 'maxLength':
      return `${field} 最多 ${String(p.limit)} 个字符`
    case 'minimum':
      return `${field} 不能小于 ${String(p.limit)}`
    case 'maximum':
      return `${field} 不能大于 ${String(p.limit)}`
    case 'exclusiveMinimum':
      return `${field} 必须大于 ${String(p.limit)}`
    case 'exclusiveMaximum':
      return `${field} 必须小于 ${String(p.limit)}`
    case 'minItems':
      return `${field} 至少 ${String(p.limit)} 项`
    case 'maxItems':
      return `${field} 最多 ${String(p.limit)} 项`
    case 'minProperties':
      return `${field} 至少 ${String(p.limit)} 个字段`
    case 'uniqueItems':
      return `${field} 不能有重复项`
    case 'multipleOf':
      return `${field} 应为 ${String(p.multipleOf)} 的倍数`
    case 'pattern':
      return `${field} 格式不对`
    case 'format':
      return `${field} 格式不对，应为${formatNames[String(p.format)] ?? String(p.format)}`
    case 'enum':
      return `${field} 应为以下之一：${list(p.allowedValues)}`
    case 'const':
      return `${field} 应为 ${String(p.allowedValue)}`
    case 'finite':
      return `${field} 应为有限的数字`
    case 'anyOf':
    case 'oneOf':
      return `${field} 不符合任何一种允许的形式`
    default:
      field ||= '该行'
      return `${field} 不合要求`
  }
}

/** The error answer's schema, as listed in the OpenAPI document's components. */
export function errorResponseSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'Every error answer. Tell cases apart by `code` (docs/errors.md), never by `message`, which is for people (Chinese).',
    required: ['statusCode', 'error', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', description: 'the HTTP status again' },
      error: { type: 'string', description: 'the HTTP reason phrase' },
      code: { type: 'string', enum: [...new Set(errorCodes())] },
      message: { type: 'string', description: 'for people, in Chinese; names the field for a 400' },
    },
  }
}

interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> }
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>
}

/**
 * For @fastify/swagger's `transformObject`: the shared `ErrorResponse` schema with the code
 * enum, and every operation's 4XX/5XX answers pointing at it. Documentation only: the
 * handler shapes error answers, no serializer is involved.
 */
export function documentErrors<T extends object>(openapiObject: T): T {
  const doc = openapiObject as OpenApiDocument
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ErrorResponse: errorResponseSchema() } }
  const content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } }
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (typeof operation !== 'object' || operation === null) continue
      operation.responses ??= {}
      operation.responses['4XX'] ??= { description: 'Refused: see `code` (docs/errors.md)', content }
      operation.responses['5XX'] ??= { description: 'Server trouble: LL_INTERNAL, LL_OVERLOADED, LL_DB_BUSY, LL_DISK_FULL, …', content }
    }
  }
  return openapiObject
}

/** `docs/errors.md`, generated from the catalogue (`npm run cli -- errors-doc`; a test keeps it current). */
export function renderErrorsDoc(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const rows = errorCatalogue.map(
    (e) => `| \`${e.code}\` | ${e.statusCode} | ${cell(e.message)} | ${cell(e.meaning)} | ${cell(e.todo)} |`,
  )
  return `# Error codes

Generated from \`src/errors.ts\` by \`npm run cli -- errors-doc\`; a test
(\`test/app/errors-doc.test.ts\`) fails when this file is not current.

Every error answer of the API has the same shape (the OpenAPI document's
\`ErrorResponse\`):

\`\`\`json
{ "statusCode": 404, "error": "Not Found", "code": "LL_LABORER_NOT_FOUND", "message": "找不到劳动力 12" }
\`\`\`

- **\`code\`** is what clients and tests look at. It is stable; the message is not.
- **\`message\`** is for people, in Chinese; for a 400 it names the field
  (\`body.villageCode\`, \`querystring.limit\`, \`params.id\`). \`%s\` below stands for a detail.
- An object outside the caller's area answers **exactly** like one that does not exist
  (same status, code and message shape), so ids cannot be probed. \`LL_OUT_OF_SCOPE\` is
  only for naming a *region* outside one's area when creating or changing something.
- 401/403 come from the auth hook before any handler runs (docs/security.md); the
  websocket routes close with 4401/4403 instead.
- Where a status has a \`Retry-After\` header (429, 503), wait that many seconds.

| code | status | message | meaning | what the client should do |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`
}
