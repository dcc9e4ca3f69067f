import t from 'tap'
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import { buildApp } from '../src/http/app.js'
import { plainEnv } from './child-env.js'

const execFileAsync = promisify(execFile)

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DOCUMENT = join(ROOT, 'openapi/openapi.json')
const require = createRequire(import.meta.url)

type Operation = { operationId?: string; requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> }; responses: Record<string, unknown> }

t.test('openapi/openapi.json matches the running service (run npm run openapi after API changes)', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  await app.ready()
  const committed = JSON.parse(readFileSync(DOCUMENT, 'utf8'))
  t.same(app.swagger(), committed)
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>>; servers?: unknown[]; components: { schemas: Record<string, unknown> } }
  t.ok(doc.paths['/v1/score'] && doc.paths['/v1/signals'] && doc.paths['/healthz'], 'the API is documented')
  t.notOk(Object.keys(doc.paths).some((p) => p.startsWith('/docs')), 'the docs routes are not in the document')
  t.ok(doc.servers && doc.servers.length > 0, 'servers are given')

  const operations = Object.values(doc.paths).flatMap((path) => Object.values(path))
  const ids = operations.map((o) => o.operationId)
  t.same(ids.filter((id) => typeof id !== 'string'), [], 'every operation has an operationId')
  t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
  for (const name of ['ScoreRequest', 'ScoreResponse', 'BatchRequest', 'BatchResponse', 'ThreadRequest', 'ThreadResponse', 'SignalCatalogue', 'Error', 'AnalyzeCommentRequest', 'PerspectiveError', 'FeedbackRequest', 'FeedbackResponse', 'FeedbackRow']) {
    t.ok(doc.components.schemas[name], `component ${name}`)
  }
  t.notOk(Object.keys(doc.components.schemas).some((n) => n.endsWith('Input')), 'request components carry their plain names')

  const score = doc.paths['/v1/score'].post
  t.same(Object.keys(score.responses).sort(), ['200', '400', '401', '413', '415', '429', '503'], "every status /v1/score can answer")
  t.same(Object.keys(doc.paths['/readyz'].get.responses).sort(), ['200', '503'], '/readyz documents its 503')
  const authorStats = doc.paths['/v1/authors/{author}'].get
  t.equal(authorStats.operationId, 'getAuthorStats')
  t.same(Object.keys(authorStats.responses).sort(), ['200', '400', '401', '403', '429', '503'], 'every status GET /v1/authors/{author} can answer, 403 with author stats off')
  t.ok(doc.components.schemas.AuthorStats, 'component AuthorStats')
  t.same(Object.keys(doc.paths['/v1/feedback'].post.responses).sort(), ['201', '400', '401', '413', '415', '429', '503'], 'every status POST /v1/feedback can answer')
  t.same(Object.keys(doc.paths['/v1/feedback/export'].get.responses).sort(), ['200', '400', '401', '403', '429', '503'], 'every status the export can answer, 403 for a key that is not an admin')
  t.same([doc.paths['/v1/feedback'].post.operationId, doc.paths['/v1/feedback/export'].get.operationId], ['submitFeedback', 'exportFeedback'])
  t.same(Object.keys((doc.paths['/v1/feedback/export'].get.responses['200'] as { content: object }).content), ['application/x-ndjson'], 'the export is JSONL')
  const examples = score.requestBody!.content['application/json'].examples!
  t.same(Object.keys(examples), ['stockComment', 'realComment'], 'examples are named')
  t.match(JSON.stringify(examples), /Great post Bruce! Very timely\./, 'examples come from the seed thread')
  t.ok(JSON.stringify(examples).length < 2000, 'and are short (the parent post is cut to its opening)')
  const text = (doc.components.schemas.ScoreRequest as { properties: { text: { maxLength: number; minLength: number } } }).properties.text
  t.same([text.minLength, text.maxLength], [1, 20_000], 'text limits are schema constraints')
})

t.test('redocly lint finds no problem in the document', async (t) => {
  const cli = require.resolve('@redocly/cli/bin/cli.js')
  const run = spawnSync(process.execPath, [cli, 'lint', DOCUMENT, '--format=json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } })
  t.equal(run.status, 0, run.stderr)
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number; ignored: number }; problems: Array<{ ruleId: string; message: string }> }
  t.same(report.problems.map((p) => `${p.ruleId}: ${p.message}`), [], 'no errors and no warnings')
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 2 }, 'only the two health probes without a 4xx are ignored (.redocly.lint-ignore.yaml)')
})

t.test('a client generated by openapi-typescript, with named types, type-checks and calls every endpoint', async (t) => {
  // Inside node_modules, so the generated client resolves openapi-fetch as any caller's would.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/typed-client-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // defaultNonNullable: false (the CLI's --default-non-nullable false, as the README says): openapi-typescript
  // 7 otherwise makes a request field with a default (kind, remember, explain) required, which the
  // document does not say (openapi-ts/openapi-typescript#2012).
  writeFileSync(join(dir, 'openapi.d.ts'), astToString(await openapiTS(readFileSync(DOCUMENT, 'utf8'), { defaultNonNullable: false })))
  copyFileSync(join(ROOT, 'test/fixtures/typed-client/calls.ts'), join(dir, 'calls.ts'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')

  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true, types: ['node'] }, files: ['calls.ts'] }))
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { cwd: ROOT, encoding: 'utf8' })
  t.equal(tsc.status, 0, `strict TypeScript accepts the calls: ${tsc.stdout}`)
  t.match(readFileSync(join(dir, 'openapi.d.ts'), 'utf8'), /operations\s*\{[\s\S]*score: \{/, 'operations are named by operationId')

  const app = await buildApp({ apiKeys: ['typed-client-key'], adminApiKeys: ['typed-client-key'], templateMemory: { authorStats: { windowSeconds: 3600 } } })
  t.teardown(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  // A process of its own, as a caller's would be (the server answers from this one).
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', join(dir, 'calls.ts'), `http://127.0.0.1:${port}`, 'typed-client-key'], { cwd: ROOT, env: plainEnv() })
  const r = JSON.parse(stdout)
  t.same(r.liveness, { status: 200, body: 'ok' })
  t.same(r.readiness, { status: 200, body: 'ready' })
  t.equal(r.signals.status, 200)
  t.equal(r.signals.count, app.scoring.scorer.signals.length)
  t.equal(r.score.status, 200)
  t.equal(r.score.label, 'templated', 'the stock comment is templated')
  t.same(r.batch.ids, ['a', 'b'])
  t.match(r.batch.error, [null, /^text: /], 'the empty item gets its error at its place')
  t.same(r.thread, { status: 200, comments: 1, clusters: 0 })
  t.equal(r.analyze.status, 200)
  t.ok(typeof r.analyze.value === 'number' && r.analyze.value > 0.5, 'the Perspective route answers the TEMPLATED score')
  t.equal(r.analyzeError.status, 400)
  t.equal(r.analyzeError.error, 'INVALID_ARGUMENT')
  t.match(r.analyzeError.message, /request at least one attribute/)
  t.equal(r.forget.status, 200)
  t.ok((r.forget.removed ?? 0) >= 1, "forgets what the key's calls remembered")
  t.same(r.refused, { status: 401, message: 'the API key is not valid' })
  const counted = { share: 1, texts: 1, templated: 1, windowSeconds: 3600 }
  t.same(r.author, { scored: counted, status: 200, stats: counted, afterForget: 0 }, "the stock comment counted for its author, in the answer and by GET /v1/authors/{author}; forgetting deletes the author's stats")
  t.equal(r.feedback.status, 201)
  t.equal(r.feedback.storedText, false, 'feedback keeps no text unless asked')
  t.match(r.feedback.fingerprint, /^[0-9a-f]{32}$/)
  t.same(r.feedbackAgain, { status: 201, fingerprint: r.feedback.fingerprint, expected: 'authentic' }, 'feedback by fingerprint alone')
  t.equal(r.exportFeedback.status, 200)
  t.match(r.exportFeedback.type, /^application\/x-ndjson/)
  t.same(r.exportFeedback.rows, [
    { expected: 'templated', fingerprint: r.feedback.fingerprint, text: null },
    { expected: 'authentic', fingerprint: r.feedback.fingerprint, text: null },
  ], 'the export holds both rows, oldest first, without the text')
})
