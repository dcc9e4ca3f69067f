// Test harness: a real redis-server (the Debian package) on a free port of 127.0.0.1, started and
// stopped by the test that needs it. No persistence, nothing on disk.
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join } from 'node:path'

/**
 * The redis-server binary: $REDIS_SERVER when set (REDIS_SERVER=none runs the suite as a machine
 * without it would), else /usr/bin/redis-server or the first on PATH; null when there is none.
 */
export function findRedisServer(): string | null {
  const override = process.env.REDIS_SERVER
  const candidates = override !== undefined ? [override] : ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter)].map((dir) => join(dir, 'redis-server'))
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not here
    }
  }
  return null
}

/** Why the Redis tests did not run, for tap's skip message; false when they can run. */
export function redisSkipReason(): string | false {
  return findRedisServer() === null
    ? 'SKIPPED: redis-server is not installed, so the Redis template store was NOT tested (apt-get install redis-server; .ci/run installs it)'
    : false
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export class RedisServer {
  private child?: ChildProcess

  private constructor(
    private readonly bin: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Start on a free port (another port if that one was taken in between). */
  static async start(): Promise<RedisServer> {
    const bin = findRedisServer()
    if (bin === null) throw new Error('redis-server not found')
    let lastError: unknown
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(bin, await freePort())
      try {
        await server.restart()
        return server
      } catch (err) {
        lastError = err
      }
    }
    throw lastError
  }

  /** Start (again) on the same port, e.g. after kill(). */
  async restart(): Promise<void> {
    const child = spawn(
      this.bin,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'notice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    this.child = child
    await new Promise<void>((resolve, reject) => {
      let output = ''
      const timer = setTimeout(() => fail(new Error(`redis-server did not start on port ${this.port}: ${output}`)), 10_000)
      const fail = (err: Error) => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(err)
      }
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => fail(new Error(`redis-server exited (${code}) on port ${this.port}: ${output}`)))
    })
  }

  /** Kill the server (SIGKILL: as abrupt as a crash) and wait until it is gone. */
  async kill(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}
