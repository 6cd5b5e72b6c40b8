import createError from '@fastify/error'

/**
 * Every error the domain raises on purpose, declared once. The message is a printf
 * template; callers pass the detail (`new NotFoundError('laborer 12')`).
 */
export const BadRequestError = createError('LL_BAD_REQUEST', '%s', 400)
export const UnauthorizedError = createError('LL_UNAUTHORIZED', '%s', 401)
/** A known token past its `expiresAt` (or a rotated-away secret past its grace period). */
export const TokenExpiredError = createError('LL_TOKEN_EXPIRED', '%s', 401)
export const ForbiddenError = createError('LL_FORBIDDEN', '%s', 403)
export const NotFoundError = createError('LL_NOT_FOUND', '%s not found', 404)
export const ConflictError = createError('LL_CONFLICT', '%s', 409)
/**
 * A national ID already in the registry. The answer is these words and nothing else (not
 * where, not who, no id): the caller may not be allowed to see that laborer.
 */
export const AlreadyRegisteredError = createError('LL_ALREADY_REGISTERED', '该身份证号已登记 (already registered)', 409)
export const PayloadTooLargeError = createError('LL_PAYLOAD_TOO_LARGE', '%s', 413)
export const TooManyRequestsError = createError('LL_TOO_MANY_REQUESTS', '%s', 429)
export const UnavailableError = createError('LL_UNAVAILABLE', '%s', 503)
export const UnsupportedMediaTypeError = createError('LL_UNSUPPORTED_MEDIA_TYPE', '%s', 415)
