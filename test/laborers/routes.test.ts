import t from 'tap'
import { ADMIN, call, tokenFor, testApp } from '../helpers'
import { makeIdNumber, checkDigit } from '../../src/laborers/id-number'
import { laborerBody, villagesOf } from './fixtures'

t.test('registry routes', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const agentA = tokenFor(app, 'village_agent', v.a)
  const agentOther = tokenFor(app, 'village_agent', v.sameTownship)
  const township = tokenFor(app, 'township_staff', v.a.slice(0, 9))
  const county = tokenFor(app, 'county_officer', '140922')
  const otherCounty = tokenFor(app, 'county_officer', '140931')
  const employer = tokenFor(app, 'station_operator', '1')

  const created = await call(app, agentA, { method: 'POST', url: '/api/v1/laborers', payload: laborerBody(v.a) })
  const id = created.body.id

  t.test('create: 201, derived gender and birth date, masked PII, initial timeline entry', async (t) => {
    const body = laborerBody(v.a, { idNumber: makeIdNumber(v.a.slice(0, 6), '1988-04-09', 'female', 42), phone: '13912345678' })
    const res = await call(app, agentA, { method: 'POST', url: '/api/v1/laborers', payload: body })
    t.equal(res.statusCode, 201)
    t.match(res.body, {
      gender: 'female',
      birthDate: '1988-04-09',
      idNumber: `1409**********${body.idNumber.slice(-4)}`,
      phone: '139****5678',
      townshipCode: v.a.slice(0, 9),
      countyCode: '140922',
      employmentStatus: 'unemployed',
      skills: [{ occupation: '瓦工', tags: ['砌墙'], years: 5 }],
    })
    const stored = app.sqlite.prepare('SELECT id_cipher, phone_cipher FROM laborers WHERE id = ?').get(res.body.id) as Record<string, string>
    t.notMatch(stored.id_cipher, body.idNumber.slice(0, 10), 'not stored in clear')
    const timeline = await call(app, agentA, { method: 'GET', url: `/api/v1/laborers/${res.body.id}/timeline` })
    t.match(timeline.body, [{ fromStatus: null, toStatus: 'unemployed', note: 'registered' }])
  })

  t.test('bad input: 400 naming the field', async (t) => {
    const good = laborerBody(v.a)
    const first17 = good.idNumber.slice(0, 17)
    const cases: [string, Record<string, unknown>, RegExp, string?][] = [
      ['bad check digit', { idNumber: first17 + (checkDigit(first17) === '1' ? '2' : '1') }, /body\.idNumber .*校验位/],
      ['impossible birth date', { idNumber: `14092219900231123` + checkDigit('14092219900231123') }, /body\.idNumber .*1990-02-31/],
      ['bad phone', { phone: '1234' }, /body\.phone/],
      ['unknown village', { villageCode: '140922999999' }, /body\.villageCode 140922999999/],
      ['bad enum', { povertyStatus: 'rich' }, /body\.povertyStatus/],
      ['unknown field', { salary: 3 }, /body/],
      ['bad certificate tier', { certificates: [{ name: '焊工', tier: 7 }] }, /body\.certificates\.0\.tier/],
      ['missing name', { name: undefined }, /name/],
      ['village outside the area', { villageCode: v.otherCounty }, /body\.villageCode/, 'LL_OUT_OF_SCOPE'],
    ]
    for (const [what, patch, message, code = 'LL_VALIDATION'] of cases) {
      const res = await call(app, agentA, { method: 'POST', url: '/api/v1/laborers', payload: { ...good, ...patch } })
      t.equal(res.statusCode, 400, what)
      t.match(res.body, { statusCode: 400, error: 'Bad Request', code, message }, what)
    }
    const notJson = await call(app, agentA, {
      method: 'POST',
      url: '/api/v1/laborers',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    })
    t.equal(notJson.statusCode, 400)
  })

  t.test('duplicate national ID: 409, even from another area', async (t) => {
    const body = laborerBody(v.a)
    t.equal((await call(app, agentA, { method: 'POST', url: '/api/v1/laborers', payload: body })).statusCode, 201)
    const again = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: { ...body, idNumber: body.idNumber.toLowerCase(), villageCode: v.otherCounty } })
    t.equal(again.statusCode, 409)
    t.equal(again.body.code, 'LL_ALREADY_REGISTERED')
  })

  t.test('scope: outside the caller’s area is 404, other roles 403, no token 401', async (t) => {
    for (const [token, expected] of [
      [agentA, 200],
      [township, 200],
      [county, 200],
      [ADMIN, 200],
      [agentOther, 404],
      [otherCounty, 404],
    ] as const) {
      t.equal((await call(app, token, { method: 'GET', url: `/api/v1/laborers/${id}` })).statusCode, expected)
      t.equal((await call(app, token, { method: 'GET', url: `/api/v1/laborers/${id}/timeline` })).statusCode, expected)
    }
    const patched = await call(app, agentOther, { method: 'PATCH', url: `/api/v1/laborers/${id}`, payload: { name: '改名' } })
    t.equal(patched.statusCode, 404)
    t.equal((await call(app, agentA, { method: 'GET', url: '/api/v1/laborers/999999' })).statusCode, 404)
    t.equal((await call(app, employer, { method: 'GET', url: `/api/v1/laborers/${id}` })).statusCode, 403)
    t.equal((await call(app, null, { method: 'GET', url: `/api/v1/laborers/${id}` })).statusCode, 401)
    t.equal((await call(app, agentA, { method: 'GET', url: '/api/v1/laborers/abc' })).statusCode, 400)
    const name = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/laborers/${id}` })).body.name
    t.not(name, '改名', 'the out-of-scope patch changed nothing')
  })

  t.test('reveal needs a reason, shows the clear values and writes the audit log', async (t) => {
    const plain = await call(app, county, { method: 'GET', url: `/api/v1/laborers/${id}` })
    t.match(plain.body.idNumber, /^1409\*{10}/)
    const noReason = await call(app, county, { method: 'GET', url: `/api/v1/laborers/${id}?reveal=true` })
    t.equal(noReason.statusCode, 400)
    t.match(noReason.body, { code: 'LL_VALIDATION', message: /querystring\.reason/ })
    const outside = await call(app, otherCounty, { method: 'GET', url: `/api/v1/laborers/${id}?reveal=true&reason=核实身份` })
    t.equal(outside.statusCode, 404)
    const revealed = await call(app, county, { method: 'GET', url: `/api/v1/laborers/${id}?reveal=true&reason=${encodeURIComponent('办理交通补贴核实身份')}` })
    t.equal(revealed.statusCode, 200)
    t.match(revealed.body.idNumber, /^140922\d{11}[\dX]$/)
    t.match(revealed.body.phone, /^138\d{8}$/)
    const audit = app.sqlite.prepare("SELECT * FROM audit_log WHERE action = 'reveal_pii'").all() as Record<string, unknown>[]
    t.equal(audit.length, 1, 'only the successful reveal is logged')
    t.match(audit[0], { role: 'county_officer', subject_type: 'laborer', subject_id: String(id), reason: '办理交通补贴核实身份' })
  })

  t.test('patch: fields change, a status change appends to the timeline, moves stay in scope', async (t) => {
    // Registered before the status date (a change dated before the latest event takes its date).
    app.sqlite.prepare("UPDATE employment_events SET effective_date = '2026-01-01' WHERE laborer_id = ?").run(id)
    const res = await call(app, agentA, {
      method: 'PATCH',
      url: `/api/v1/laborers/${id}`,
      payload: { phone: '13700001111', employmentStatus: 'cross_province', statusDate: '2026-03-15', statusNote: '点对点输送到北京', expectedWage: 7000 },
    })
    t.equal(res.statusCode, 200)
    t.match(res.body, { phone: '137****1111', employmentStatus: 'cross_province', expectedWage: 7000 })
    const timeline = await call(app, agentA, { method: 'GET', url: `/api/v1/laborers/${id}/timeline` })
    t.match(timeline.body, [
      { fromStatus: null, toStatus: 'unemployed' },
      { fromStatus: 'unemployed', toStatus: 'cross_province', effectiveDate: '2026-03-15', note: '点对点输送到北京' },
    ])
    const event = app.sqlite.prepare('SELECT county_code, poverty_status FROM employment_events WHERE laborer_id = ? ORDER BY id DESC').get(id)
    t.same(event, { county_code: '140922', poverty_status: 'poverty_alleviated' })
    const same = await call(app, agentA, { method: 'PATCH', url: `/api/v1/laborers/${id}`, payload: { employmentStatus: 'cross_province' } })
    t.equal(same.statusCode, 200)
    t.equal((await call(app, agentA, { method: 'GET', url: `/api/v1/laborers/${id}/timeline` })).body.length, 2, 'no event without a change')
    const away = await call(app, agentA, { method: 'PATCH', url: `/api/v1/laborers/${id}`, payload: { villageCode: v.sameTownship } })
    t.equal(away.statusCode, 400, 'a village agent cannot move someone out of its village')
    const moved = await call(app, township, { method: 'PATCH', url: `/api/v1/laborers/${id}`, payload: { villageCode: v.sameTownship } })
    t.match(moved.body, { villageCode: v.sameTownship, townshipCode: v.a.slice(0, 9) })
    t.equal((await call(app, agentA, { method: 'GET', url: `/api/v1/laborers/${id}` })).statusCode, 404, 'now outside the old agent’s area')
    t.equal((await call(app, agentOther, { method: 'GET', url: `/api/v1/laborers/${id}` })).statusCode, 200)
    for (const payload of [{}, { idNumber: '140922199001011234' }, { statusDate: '2026-01-01' }, { employmentStatus: 'retired' }]) {
      const bad = await call(app, township, { method: 'PATCH', url: `/api/v1/laborers/${id}`, payload })
      t.equal(bad.statusCode, 400, JSON.stringify(payload))
    }
  })
})

t.test('list: filters, area scoping and keyset pagination', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const seed = [
    ...Array.from({ length: 7 }, () => laborerBody(v.a)),
    ...Array.from({ length: 3 }, () => laborerBody(v.sameCounty, { povertyStatus: 'monitored', skills: [{ occupation: '月嫂' }], destinationWishes: ['local'] })),
    ...Array.from({ length: 4 }, () => laborerBody(v.otherCounty, { povertyStatus: 'ordinary', employmentStatus: 'local' })),
  ]
  for (const body of seed) {
    const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: body })
    if (res.statusCode !== 201) t.fail(JSON.stringify(res.body))
  }
  const list = async (token: string, query: string) => (await call(app, token, { method: 'GET', url: `/api/v1/laborers?${query}` })).body

  const all: number[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page: { items: { id: number }[]; nextCursor: string | null } = await list(ADMIN, `limit=5${cursor ? `&cursor=${cursor}` : ''}`)
    all.push(...page.items.map((i) => i.id))
    cursor = page.nextCursor
    pages++
  } while (cursor)
  t.equal(pages, 3)
  t.equal(all.length, 14)
  t.same([...all].sort((a, b) => a - b), all, 'id order, no repeats')
  t.equal(new Set(all).size, 14)

  t.equal((await list(ADMIN, 'county=140922')).items.length, 10)
  t.equal((await list(ADMIN, `village=${v.sameCounty}`)).items.length, 3)
  t.equal((await list(ADMIN, `township=${v.a.slice(0, 9)}`)).items.length, 7)
  t.equal((await list(ADMIN, 'povertyStatus=monitored')).items.length, 3)
  t.equal((await list(ADMIN, 'employmentStatus=local')).items.length, 4)
  t.equal((await list(ADMIN, 'skill=月嫂')).items.length, 3)
  t.equal((await list(ADMIN, 'wish=jingjinji')).items.length, 11)
  t.equal((await list(ADMIN, 'wish=电工')).items.length, 14, 'training wishes count too')
  t.equal((await list(ADMIN, 'county=140922&skill=瓦工&povertyStatus=poverty_alleviated')).items.length, 7)

  const agent = tokenFor(app, 'village_agent', v.a)
  t.equal((await list(agent, '')).items.length, 7, 'a village agent sees its village')
  t.equal((await list(agent, 'county=140931')).items.length, 0, 'asking for another county shows nothing')
  const countyOfficer = tokenFor(app, 'county_officer', '140931')
  t.equal((await list(countyOfficer, '')).items.length, 4)
  const first = (await list(countyOfficer, '')).items[0]
  t.match(first, { idNumber: /^1409\*+\d{3}[\dX]$/, phone: /^138\*{4}\d{4}$/ })
  t.same(first, (await call(app, countyOfficer, { method: 'GET', url: `/api/v1/laborers/${first.id}` })).body, 'a list row is the same view as a read')

  const person = seed[8]
  const lookup = async (token: string, payload: object) => {
    const res = await call(app, token, { method: 'POST', url: '/api/v1/laborers/lookup', payload })
    t.equal(res.statusCode, 200, JSON.stringify(Object.keys(payload)))
    return res.body
  }
  const byId = await lookup(ADMIN, { idNumber: person.idNumber.toLowerCase() })
  t.same(byId.items.map((i: { name: string }) => i.name), [person.name], 'found by national ID (an x checksum in either case)')
  t.same(byId.items[0], (await call(app, ADMIN, { method: 'GET', url: `/api/v1/laborers/${byId.items[0].id}` })).body, 'a look-up row is the same view as a read')
  t.same((await lookup(ADMIN, { phone: person.phone })).items.map((i: { name: string }) => i.name), [person.name], 'found by phone')
  t.same((await lookup(ADMIN, { idNumber: person.idNumber, phone: person.phone })).items.length, 1, 'both must match')
  t.same((await lookup(agent, { idNumber: person.idNumber })).items, [], 'not found from another village')
  t.same((await lookup(ADMIN, { phone: '13900000000' })).items, [], 'an unknown number finds no one')
  for (const payload of [{}, { idNumber: '12345' }, { phone: '12345678901' }, { name: '张三' }]) {
    const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers/lookup', payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
  }

  for (const query of ['limit=0', 'limit=501', 'county=14', 'povertyStatus=x', 'cursor=bm90YWN1cnNvcg', 'foo=1', 'idNumber=12345', 'phone=12345678901']) {
    const res = await call(app, ADMIN, { method: 'GET', url: `/api/v1/laborers?${query}` })
    t.equal(res.statusCode, 400, query)
    t.match(res.body, { code: 'LL_VALIDATION', message: /querystring/ }, query)
  }
})
