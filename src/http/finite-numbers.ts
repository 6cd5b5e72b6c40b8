import type { FastifyError, FastifyRequest } from 'fastify'

/**
 * One rule for every route: a number that is not finite is refused with 400.
 *
 * Ajv's `strictNumbers` (on by default in Ajv 8) refuses NaN and Infinity only where the
 * data already is a number; a query, path or body string such as `1e309`, `Infinity` or
 * `-1e309` is coerced to ±Infinity *after* the type test and then passes `minimum` /
 * `maximum` (`offset=1e309` reached SQLite as Infinity: 500). So after validation this
 * hook walks what the schemas produced: only fields a schema typed as a number are
 * numbers by then, so a search text `q=Infinity` stays a string and is not refused.
 */
export async function rejectNonFiniteNumbers(request: FastifyRequest): Promise<void> {
  for (const [context, data] of [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ] as const) {
    const where = nonFinite(data, '', 0)
    if (where !== undefined) throw nonFiniteError(context, where)
  }
}

/** The JSON pointer of the first non-finite number in `value`, if any. */
function nonFinite(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path
  if (value === null || typeof value !== 'object' || depth > 64) return undefined
  if (Buffer.isBuffer(value)) return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinite(value[i], `${path}/${i}`, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const key in value) {
    const found = nonFinite((value as Record<string, unknown>)[key], `${path}/${key}`, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

function nonFiniteError(context: 'params' | 'querystring' | 'body', instancePath: string): FastifyError {
  const message = 'must be a finite number'
  const error = new Error(`${context}${instancePath.replace(/\//g, '.')} ${message}`) as FastifyError
  error.statusCode = 400
  error.code = 'FST_ERR_VALIDATION'
  error.validationContext = context
  error.validation = [{ keyword: 'finite', instancePath, schemaPath: '#', params: {}, message }]
  return error
}
