import t from 'tap'
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { CHILD_NODE_ARGS, childEnv } from './child-env.js'
import { connect, type Socket } from 'node:net'
import { once } from 'node:events'
import type { Readable } from 'node:stream'
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
const NODE_ARGS = CHILD_NODE_ARGS

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

/**
 * Text as it arrives on `source` ('data' events), until `ender` emits 'close'. `until(done)`
 * resolves with the text once `done(text)` holds, or with what came once closed.
 */
function incoming(source: NodeJS.EventEmitter, ender: NodeJS.EventEmitter = source) {
  let text = ''
  let closed = false
  const waiting = new Set<() => void>()
  const wake = () => {
    for (const check of [...waiting]) check()
  }
  source.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
    wake()
  })
  ender.on('close', () => {
    closed = true
    wake()
  })
  return {
    get text() {
      return text
    },
    until(done: (text: string) => boolean): Promise<string> {
      return new Promise((resolve) => {
        const check = () => {
          if (!done(text) && !closed) return
          waiting.delete(check)
          resolve(text)
        }
        waiting.add(check)
        check()
      })
    },
  }
}

/** What a socket receives (an 'error' is followed by 'close'). */
function reader(socket: Socket) {
  socket.on('error', () => {})
  return incoming(socket)
}

/** The server's output; `line(pattern)` resolves with the first match, or rejects once the process is gone without one. */
function output(child: ChildProcessByStdio<null, Readable, Readable>) {
  const stdout = incoming(child.stdout, child)
  const stderr = incoming(child.stderr, child)
  return {
    get stdout() {
      return stdout.text
    },
    get stderr() {
      return stderr.text
    },
    async line(pattern: RegExp, what: string): Promise<RegExpExecArray> {
      const match = pattern.exec(await stdout.until((text) => pattern.test(text)))
      if (!match) throw new Error(`no ${what} in the server's output:\n${stdout.text}\n${stderr.text}`)
      return match
    },
  }
}

/**
 * Headers that ask the server to confirm it has taken the request (Expect: 100-continue): Node
 * answers "100 Continue" as it hands the request to the app, so the client knows it is in flight.
 */
const CONTINUE = /^HTTP\/1\.1 100 Continue\r\n\r\n/
const LISTENING = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/

/** Connects once: 'connected' (and hangs up at once) or the error code. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.on('connect', () => {
      s.destroy()
      resolve('connected')
    })
    s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
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
  const out = output(child)
  const exited = once(child, 'exit')
  const port = Number((await out.line(LISTENING, 'listening line'))[1])

  // An idle keep-alive connection: it has had its answer, and is closed by the shutdown, not waited for.
  const idle = connect(port, '127.0.0.1')
  await once(idle, 'connect')
  const idleRead = reader(idle)
  const idleClosed = once(idle, 'close')
  idle.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n')
  t.match(await idleRead.until((r) => /\r\n\r\n\{[^}]*\}$/.test(r)), /^HTTP\/1\.1 200 OK/, 'the idle connection had its answer')

  // A request in flight: the server has taken it (100 Continue) and half of its body before SIGTERM, the rest after.
  const secret = 'zq7-unique-marker-7731'
  const body = JSON.stringify({ text: `Moreover, it is important to note that this post ${secret} delves into a rich tapestry of ideas.` })
  const inflight = connect(port, '127.0.0.1')
  await once(inflight, 'connect')
  const inflightRead = reader(inflight)
  inflight.write(`POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`)
  t.match(await inflightRead.until((r) => CONTINUE.test(r)), CONTINUE, 'the server has the request')
  inflight.write(body.slice(0, 20))

  child.kill('SIGTERM')
  await out.line(/shutting down: finishing in-flight requests/, 'shutdown line')
  // The listener closes a few ticks after the log line: try until it refuses, within a bound. A
  // connection that gets in before is hung up at once, or reset as the listener closes under it.
  let refused = await tryConnect(port)
  for (const deadline = Date.now() + 5000; refused !== 'ECONNREFUSED' && Date.now() < deadline; ) {
    await sleep(10)
    refused = await tryConnect(port)
  }
  t.equal(refused, 'ECONNREFUSED', 'a new connection is refused once shutdown began')
  t.equal(child.exitCode, null, 'the process waits for the request in flight')
  await idleClosed
  t.pass('the idle connection was closed, not waited for')

  inflight.write(body.slice(20))
  const response = (await inflightRead.until((r) => /\r\n\r\nHTTP\/1\.1 [\s\S]*\r\n\r\n[\s\S]*\}$/.test(r))).replace(CONTINUE, '')
  t.match(response, /^HTTP\/1\.1 200 OK/, 'the request in flight is answered')
  t.match(response, /"score":0\.\d+|"score":[01]\b/)
  t.match(response, /connection: close/i, 'and its connection closed after it')

  const [code, signal] = await exited
  t.equal(code, 0, 'a clean exit')
  t.equal(signal, null)
  t.notOk(out.stdout.includes(secret), 'the log holds no submitted text')
  t.equal(out.stderr, '', 'nothing on stderr')
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
  const out = output(child)
  const exited = once(child, 'exit')
  const port = Number((await out.line(LISTENING, 'listening line'))[1])
  // A request whose body never completes keeps the shutdown waiting.
  const stuck = connect(port, '127.0.0.1')
  await once(stuck, 'connect')
  const stuckRead = reader(stuck)
  stuck.write('POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n')
  t.match(await stuckRead.until((r) => CONTINUE.test(r)), CONTINUE, 'the server has the request')
  stuck.write('{"text": ')
  const started = performance.now()
  child.kill('SIGTERM')
  const [code] = await exited
  const elapsed = performance.now() - started
  stuck.destroy()
  t.equal(code, 1)
  t.ok(elapsed >= 250 && elapsed < 5000, `gave up after ${Math.round(elapsed)} ms`)
  const line = (await out.line(/^(\{[^\n]*killed by timeout[^\n]*\})$/m, 'timeout line'))[1]
  t.match(JSON.parse(line), { level: 50, cut: [{ method: 'POST', route: '/v1/score' }], msg: 'killed by timeout (300ms): 1 request(s) cut unanswered' }, 'the log says what was cut')
})
