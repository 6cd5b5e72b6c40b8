import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

/**
 * Route schemas compiled on first use, once per process.
 *
 * Fastify compiles every route's request validators (Ajv) and response serializers
 * (fast-json-stringify) while the app starts, and each app instance anew. With ~300 routes
 * (and their HEAD twins) that was most of an app's start: 7 of 9.5 CPU seconds in a test
 * file that builds three apps, paid by every test file. Here a route's validator or
 * serializer is built the first time a request needs it, and shared by every app the
 * process builds with the same options (cached here by the schema's JSON, as routes often
 * build equal schemas afresh for each app). Sharing is safe: a compiled function depends
 * only on its schema and the options.
 *
 * A schema that cannot compile then fails at its first request rather than at start-up:
 * `compilePendingSchemas()` builds all that are still waiting (the server calls it after
 * listening, one per turn of the event loop; a test calls it over the whole app).
 */

type Validate = ((...args: unknown[]) => boolean) & { errors?: unknown; schemaEnv?: unknown }
type Serialize = (data: unknown) => string
type ValidatorRoute = Parameters<ReturnType<ReturnType<typeof AjvCompiler>>>[0]
type SerializerRoute = Parameters<ReturnType<ReturnType<typeof SerializerSelector>>>[0]
type ValidatorFactory = (externalSchemas: unknown, options: unknown) => (route: ValidatorRoute) => Validate
type SerializerFactory = (externalSchemas: unknown, options: unknown) => (route: SerializerRoute) => Serialize

const pending = new Set<() => void>()
let compiled = 0

const validators = AjvCompiler() as unknown as ValidatorFactory
const serializers = SerializerSelector() as unknown as SerializerFactory
/** Compiled functions by options, then by the schema's JSON (routes often build equal schemas afresh). */
const shared = new Map<string, Map<string, Validate | Serialize>>()

/** For apps with these options: `compile()` the first time a schema like `schema` is needed by any of them. */
function sharedCache(kind: string, externalSchemas: unknown, options: unknown) {
  const key = JSON.stringify([kind, externalSchemas, options])
  let byJson = shared.get(key)
  if (!byJson) shared.set(key, (byJson = new Map()))
  const cache = byJson
  return <Fn extends Validate | Serialize>(schema: unknown, compile: () => Fn): Fn => {
    const json = JSON.stringify(schema)
    let fn = cache.get(json) as Fn | undefined
    if (!fn) {
      cache.set(json, (fn = compile()))
      compiled++
    }
    return fn
  }
}

/** A function built on its first call (or by `compilePendingSchemas`). */
function lazy<Fn>(build: () => Fn): () => Fn {
  let fn: Fn | undefined
  const ensure = () => {
    pending.delete(ensure)
    fn ??= build()
    return fn
  }
  pending.add(ensure)
  return ensure
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>

/**
 * Fastify's `schemaController.compilersFactory`: its own compilers, built lazily and shared.
 * (Its type asks for Ajv's whole function type; Fastify only calls a validator and reads `errors`.)
 */
export const lazySchemaCompilers = {
  buildValidator(externalSchemas: unknown, options: unknown) {
    const compile = validators(externalSchemas, options)
    const cached = sharedCache('validator', externalSchemas, options)
    return (route: ValidatorRoute) => {
      const ensure = lazy(() => cached(route.schema, () => compile(route)))
      // Fastify passes the request as the parent (so Ajv can coerce a root value) when the
      // function has Ajv's `schemaEnv`, and reads a failure's reasons from `errors`.
      const validate: Validate = (...args) => {
        const fn = ensure()
        const ok = fn(...args)
        validate.errors = fn.errors
        return ok
      }
      Object.defineProperty(validate, 'schemaEnv', { get: () => ensure().schemaEnv })
      return validate
    }
  },
  buildSerializer(externalSchemas: unknown, options: unknown) {
    const compile = serializers(externalSchemas, options)
    const cached = sharedCache('serializer', externalSchemas, options)
    return (route: SerializerRoute) => {
      const ensure = lazy(() => cached(route.schema, () => compile(route)))
      return (data: unknown) => ensure()(data)
    }
  },
} as unknown as CompilersFactory

/** Validators and serializers of the process waiting for their first use, and schemas compiled so far. */
export function schemaCompilerCounts(): { pending: number; compiled: number } {
  return { pending: pending.size, compiled }
}

/**
 * Builds every validator and serializer still waiting, one per turn of the event loop so
 * requests keep being answered meanwhile; throws the first schema that cannot compile.
 */
export async function compilePendingSchemas(): Promise<void> {
  for (const ensure of [...pending]) {
    ensure()
    await new Promise((resolve) => setImmediate(resolve))
  }
}
