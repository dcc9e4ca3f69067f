import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildApp } from '../src/http/app.js'

t.test('openapi/openapi.json matches the running service (run npm run openapi after API changes)', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  await app.ready()
  const committed = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'))
  t.same(app.swagger(), committed)
  const doc = app.swagger() as { paths: Record<string, unknown> }
  t.ok(doc.paths['/v1/score'] && doc.paths['/v1/signals'] && doc.paths['/healthz'], 'the API is documented')
  t.notOk(Object.keys(doc.paths).some((p) => p.startsWith('/docs')), 'the docs routes are not in the document')
  const body = JSON.stringify((doc.paths['/v1/score'] as Record<string, unknown>).post)
  t.match(body, /Great post Bruce! Very timely\./, 'examples come from the seed thread')
})
