import t from 'tap'
import { spawn } from 'node:child_process'
import { childEnv, TSX_ARGS } from './child-env.js'
import { connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { readConfig } from '../src/config.js'
import { onShutdown, startServer } from '../src/server.js'
import { buildApp } from '../src/http/app.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const KEY = 'server-test-key-0123456789'
/**
 * The server child runs the TypeScript source with tsx, outside tap's coverage (see child-env.ts);
 * what it runs is covered in process: startServer and onShutdown here, the drain in http/drain.test.ts.
 */
const NODE_ARGS = TSX_ARGS

t.test('startServer wires the configuration into the app it serves', async (t) => {
  const app = await startServer({
    ...readConfig({}),
    PORT: 0,
    LOG_LEVEL: 'silent',
    API_KEYS: [KEY],
    RATE_LIMIT_MAX: 1,
    REQUEST_TIMEOUT_MS: 1234,
  })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const base = `http://127.0.0.1:${port}`
  t.equal((await fetch(`${base}/v1/signals`)).status, 401, 'API_KEYS')
  const headers = { authorization: `Bearer ${KEY}` }
  t.equal((await fetch(`${base}/v1/signals`, { headers })).status, 200)
  t.equal((await fetch(`${base}/v1/signals`, { headers })).status, 429, 'RATE_LIMIT_MAX')
  t.equal(app.server.requestTimeout, 1234, 'REQUEST_TIMEOUT_MS')
  t.equal(app.server.timeout, 1234)
  t.ok(app.hasDecorator('isUnderPressure'), 'MAX_EVENT_LOOP_DELAY_MS: load shedding is on by default')
})

t.test('a crash closes the app the same way, and says why in the log', async (t) => {
  const lines: string[] = []
  const app = await buildApp({ logger: { level: 'info', stream: { write: (l: string) => lines.push(l) } } })
  await onShutdown(app)({ err: new Error('boom') })
  const logged = lines.map((l) => JSON.parse(l))
  t.ok(logged.some((l) => l.msg === 'shutting down after an unexpected error' && l.err.message === 'boom'))
  t.equal((await app.inject({ url: '/healthz' }).catch((err: Error) => err)) instanceof Error, true, 'the app is closed')
})

/** Reads from a socket until `done(received)` holds or the socket closes; resolves with what came. */
function readUntil(socket: Socket, done: (received: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let received = ''
    const finish = () => resolve(received)
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8')
      if (done(received)) finish()
    })
    socket.on('close', finish)
    socket.on('error', finish)
  })
}

t.test('SIGTERM: the in-flight request finishes, new connections are refused, the process exits 0', async (t) => {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/server.ts'], {
    cwd: ROOT,
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '8000' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  const exited = once(child, 'exit')
  const waitFor = async (pattern: RegExp, what: string) => {
    for (let i = 0; i < 600 && !pattern.test(stdout); i++) {
      if (child.exitCode !== null) break
      await sleep(25)
    }
    if (!pattern.test(stdout)) throw new Error(`no ${what} in the server's output:\n${stdout}\n${stderr}`)
  }
  await waitFor(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/, 'listening line')
  const port = Number(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)![1])

  // An idle keep-alive connection: closed by the shutdown, not waited for.
  const idle = connect(port, '127.0.0.1')
  await once(idle, 'connect')
  const idleRead = readUntil(idle, () => false)
  idle.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n')
  await sleep(100)

  // A request in flight: headers and half of its body are sent before SIGTERM, the rest after.
  const secret = 'zq7-unique-marker-7731'
  const body = JSON.stringify({ text: `Moreover, it is important to note that this post ${secret} delves into a rich tapestry of ideas.` })
  const inflight = connect(port, '127.0.0.1')
  await once(inflight, 'connect')
  const answer = readUntil(inflight, (r) => /\r\n\r\n[\s\S]*\}$/.test(r))
  inflight.write(`POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
  inflight.write(body.slice(0, 20))
  await sleep(200)

  child.kill('SIGTERM')
  await waitFor(/shutting down: finishing in-flight requests/, 'shutdown line')
  await sleep(200)
  const refused = await new Promise<string>((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.on('connect', () => {
      s.destroy()
      resolve('connected')
    })
    s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
  })
  t.equal(refused, 'ECONNREFUSED', 'a new connection is refused once shutdown began')
  t.equal(child.exitCode, null, 'the process waits for the request in flight')

  inflight.write(body.slice(20))
  const response = await answer
  t.match(response, /^HTTP\/1\.1 200 OK/, 'the request in flight is answered')
  t.match(response, /"score":0\.\d+|"score":[01]\b/)
  t.match(response, /connection: close/i, 'and its connection closed after it')
  const idleResponse = await idleRead
  t.match(idleResponse, /^HTTP\/1\.1 200 OK/, 'the idle connection had its answer')

  const [code, signal] = await exited
  t.equal(code, 0, 'a clean exit')
  t.equal(signal, null)
  t.notOk(stdout.includes(secret), 'the log holds no submitted text')
  t.equal(stderr, '', 'nothing on stderr')
})

t.test('a shutdown that outlasts SHUTDOWN_TIMEOUT_MS ends the process anyway, with code 1', async (t) => {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/server.ts'], {
    cwd: ROOT,
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '300' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  let stdout = ''
  child.stdout.on('data', (c) => (stdout += c))
  const exited = once(child, 'exit')
  for (let i = 0; i < 600 && !/Server listening at/.test(stdout); i++) await sleep(25)
  const port = Number(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)![1])
  // A request whose body never completes keeps the shutdown waiting.
  const stuck = connect(port, '127.0.0.1')
  await once(stuck, 'connect')
  stuck.on('error', () => {})
  stuck.write('POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text": ')
  await sleep(200)
  const started = performance.now()
  child.kill('SIGTERM')
  const [code] = await exited
  const elapsed = performance.now() - started
  stuck.destroy()
  t.equal(code, 1)
  t.ok(elapsed >= 250 && elapsed < 5000, `gave up after ${Math.round(elapsed)} ms`)
  t.match(stdout, /killed by timeout/)
})
