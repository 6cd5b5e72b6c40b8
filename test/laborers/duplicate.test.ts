import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from './fixtures'

/**
 * Registering a national ID that is already in the registry answers 409 "already
 * registered" and nothing more to a caller who may not see that laborer: not where
 * (county, village), not who (name, phone), not the record's id — the same answer
 * whether the ID is registered inside or outside the caller's area.
 */
t.test('a duplicate ID from another county answers only "already registered"', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const existing = laborerBody(v.otherCounty, { name: '王秀英' })
  const created = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: existing })
  t.equal(created.statusCode, 201)
  const id = created.body.id as number

  const officer = tokenFor(app, 'county_officer', v.a.slice(0, 6))
  const agent = tokenFor(app, 'village_agent', v.a)
  const answers: string[] = []
  for (const token of [officer, agent]) {
    const again = await call(app, token, { method: 'POST', url: '/api/v1/laborers', payload: { ...laborerBody(v.a), idNumber: existing.idNumber } })
    t.equal(again.statusCode, 409)
    const text = JSON.stringify(again.body)
    t.notMatch(text, new RegExp(`\\b${id}\\b`), 'not the record id')
    for (const leak of [existing.name, v.otherCounty, v.otherCounty.slice(0, 6), existing.phone.slice(-4), existing.idNumber.slice(-4)]) {
      t.notMatch(text, leak, `the answer does not hold ${leak}`)
    }
    t.notMatch(text, /保德|县|村|\*/, 'no place name, no masked number')
    answers.push(again.body.message)
  }

  // Inside the caller's own area the answer is the same words: nothing to tell the two apart.
  const own = laborerBody(v.a)
  await call(app, officer, { method: 'POST', url: '/api/v1/laborers', payload: own })
  const inside = await call(app, officer, { method: 'POST', url: '/api/v1/laborers', payload: { ...laborerBody(v.a), idNumber: own.idNumber } })
  t.equal(inside.statusCode, 409)
  t.equal(inside.body.message, answers[0])
  t.equal(answers[0], answers[1])

  // Changing a laborer's ID number to one registered elsewhere: the same bare answer.
  const mine = await call(app, officer, { method: 'POST', url: '/api/v1/laborers', payload: laborerBody(v.a) })
  const patched = await call(app, officer, { method: 'PATCH', url: `/api/v1/laborers/${mine.body.id}`, payload: { idNumber: existing.idNumber } })
  if (patched.statusCode !== 400) {
    t.equal(patched.statusCode, 409)
    t.equal(patched.body.message, answers[0])
  }
})
