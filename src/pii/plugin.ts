import fp from 'fastify-plugin'
import { createPii, type Pii } from './cipher'
import { loadPiiKey } from './key'

declare module 'fastify' {
  interface FastifyInstance {
    /** Encryption, keyed hashing and masking of national IDs and phone numbers. */
    pii: Pii
  }
}

export default fp(
  async (app) => {
    app.decorate('pii', createPii(loadPiiKey(app.config)))
  },
  { name: 'pii', dependencies: ['config'] },
)
