/**
 * The command line: score a file or stdin, score JSONL in bulk, or start the server.
 * No Fastify here except through `serve`, which loads the server lazily.
 */
import { readFileSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { Readable, Writable } from 'node:stream'
import { createScorer, type ScoreResult } from '../engine/score.js'
import { ExplainSchema, explainResult, type Explain } from '../engine/result.js'
import { loadModel } from '../model/weights.js'
import { SIGNALS } from '../signals/index.js'
import { z } from 'zod'
import { ScoreRequestSchema } from '../scoring/request.js'
import { ScoringService } from '../scoring/service.js'

export const USAGE = `usage:
  authenticity score FILE|-  [--kind post|comment] [--parent FILE] [--json] [--explain none|fired|full]
                             score one text and print a readable report (or the JSON answer,
                             explained as --explain says: fired, the default, as the API answers)
  authenticity score --jsonl [--explain none|fired|full]
                             read JSONL {"text","kind"?,"parent"?,"explain"?} on stdin, write one
                             JSON result per line (progress on stderr when it is a terminal)
  authenticity serve          start the HTTP server (HOST, PORT, LOG_LEVEL from the environment)
  authenticity worker         score entries of a Redis Stream (REDIS_URL, STREAM_IN, STREAM_OUT, … from
                             the environment; see README, "Stream worker")
`

/**
 * Everything the CLI touches of its process, handed in: bin/authenticity passes the real ones,
 * tests pass strings and collectors and read the exit code, without a child process.
 */
export interface Io {
  /** The arguments after the program name (`process.argv.slice(2)`). */
  argv: readonly string[]
  stdin: Readable
  stdout: Writable
  /** `isTTY` true (a terminal, as process.stderr says): `--jsonl` shows its progress there. */
  stderr: Writable & { isTTY?: boolean }
  /** The environment `serve` reads its configuration from (default: `process.env`). */
  env?: Record<string, string | undefined>
}

// Lenient, unlike the HTTP routes: a JSONL line often carries fields of the caller's own (an id, a
// timestamp) that the output keeps in the same order; they are ignored.
const JsonlLine = z.object(ScoreRequestSchema.pick({ text: true, kind: true, parent: true, explain: true }).shape)

/** A readable report: score, label, top signals and flagged spans. */
export function formatReport(result: ScoreResult, topSignals = 8): string {
  const lines = [
    `score ${result.score.toFixed(3)}  label ${result.label}  (aiStyle ${result.dimensions.aiStyle.toFixed(3)}, generic ${result.dimensions.generic.toFixed(3)})`,
    `${result.stats.words} words, ${result.stats.sentences} sentences, language ${result.language}, model ${result.model.version}`,
  ]
  for (const w of result.warnings) lines.push(`warning: ${w}`)
  const shown = result.signals.filter((s) => s.contribution !== 0).slice(0, topSignals)
  if (shown.length > 0) lines.push('', 'signals (contribution to the logit):')
  for (const s of shown) {
    lines.push(`  ${s.contribution >= 0 ? '+' : ''}${s.contribution.toFixed(2)}  ${s.id} (${s.dimension})`)
    for (const e of s.evidence.slice(0, 5)) lines.push(`         [${e.start}, ${e.end}) ${JSON.stringify(e.text)}${e.note ? `  ${e.note}` : ''}`)
    if (s.evidence.length > 5) lines.push(`         … and ${s.evidence.length - 5} more`)
  }
  return lines.join('\n') + '\n'
}

/** Redraw the progress line at most this often: a fast run is not slowed by its own display. */
const PROGRESS_EVERY_MS = 100

/** Lines answered so far, and how many of them were errors. */
export type OnAnswered = (ok: number, failed: number) => void

/**
 * The progress of a `--jsonl` run on a terminal: one line, redrawn in place, with the lines
 * answered (and failed) and the lines per second since the start; finished with a newline. None
 * on a pipe or a file, where the carriage returns would be garbage in a log. `now` is the clock
 * (milliseconds), for tests.
 */
export function progressLine(stderr: Io['stderr'], now: () => number = () => performance.now()): { update: OnAnswered; finish: OnAnswered } | undefined {
  if (!stderr.isTTY) return undefined
  const start = now()
  let drawn = start
  const draw = (ok: number, failed: number, at: number, end: string) => {
    const lines = ok + failed
    const perSecond = Math.round((lines * 1000) / Math.max(at - start, 1))
    // \r back to the start of the line, ESC [K erases what a longer line left there
    stderr.write(`\r\x1b[K${lines.toLocaleString('en')} lines${failed > 0 ? ` (${failed.toLocaleString('en')} failed)` : ''}, ${perSecond.toLocaleString('en')} lines/s${end}`)
  }
  return {
    update(ok, failed) {
      const at = now()
      if (at - drawn < PROGRESS_EVERY_MS) return
      drawn = at
      draw(ok, failed, at, '')
    },
    finish: (ok, failed) => draw(ok, failed, now(), '\n'),
  }
}

/**
 * The output, watched for failure: a stream that fails (its reader went away: EPIPE; a full disk:
 * ENOSPC) emits 'error', which an unwatched stream throws as an uncaught exception. `write` waits
 * for the stream to drain and answers the failure, if any, so the CLI stops scoring for nobody;
 * `flush` waits for what was written to be taken, and answers a failure that came after the last
 * write. Its error listener stays on a stream that failed, whose later errors are then not thrown.
 */
function output(out: Writable): { write(chunk: string): Promise<Error | undefined>; flush(): Promise<Error | undefined> } {
  let failure: Error | undefined
  const onError = (err: Error) => (failure ??= err)
  out.on('error', onError)
  const failed = () => failure ?? (out.destroyed ? new Error('the output was closed') : undefined)
  /** Until the stream drains, fails or closes. */
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ['drain', 'error', 'close']) out.off(event, done)
        resolve()
      }
      for (const event of ['drain', 'error', 'close']) out.on(event, done)
    })
  return {
    async write(chunk) {
      // An error may come during write() itself, or the stream be closed already: then nothing else will.
      if (failed() === undefined && !out.write(chunk) && failed() === undefined) await drained()
      return failed()
    },
    async flush() {
      if (failed() === undefined) {
        await new Promise<void>((resolve) =>
          out.write('', (err) => {
            if (err) failure ??= err
            resolve()
          }),
        )
      }
      out.off('error', onError)
      return failed()
    },
  }
}

/**
 * How a CLI run ends when its output failed: quietly with 141 when the reader went away (`| head`),
 * what a shell reports for a process that SIGPIPE ended (128 + 13); said, with 1, for any other
 * failure (a full disk).
 */
function outputFailed(error: Error, stderr: Writable): number {
  if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 141
  stderr.write(`authenticity score: cannot write the output: ${error.message}\n`)
  return 1
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The lines of `input` (a trailing `\r` left on, which JSON allows as white space), read a chunk at
 * a time: the next chunk is read only when every line of this one is answered. readline's
 * iterator reads up to 1,024 lines ahead, and lines that wait that long outlive V8's young
 * generation and pile up in the old one until a full collection. Measured as
 * test/cli/jsonl-stream.test.ts measures, without its heap cap: RSS grew by 63 to 77 MB between the
 * 2,000th and the 20,000th line with readline, by 43 MB reading a chunk at a time, before V8
 * collected (with the cap, both stay flat: what grows is garbage, not what the CLI keeps).
 */
async function* linesOf(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer))
    let start = 0
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield text.slice(start, end)
      start = end + 1
    }
    rest = text.slice(start)
  }
  rest += decoder.end()
  if (rest !== '') yield rest
}

/**
 * Score JSONL from `input`, one result (or error) per line, in order, told to `onAnswered` after
 * each. Line by line in flat memory: the input is read a chunk at a time (linesOf), and each
 * answer waits for `out` to drain before the next line is scored. `outputError`: `out` failed (its reader
 * went away, a full disk), and the lines after the last answer were not scored.
 */
export async function scoreJsonl(
  scoring: ScoringService,
  input: Readable,
  out: Writable,
  explain: Explain = 'fired',
  onAnswered?: OnAnswered,
): Promise<{ ok: number; failed: number; outputError?: Error }> {
  const answers = output(out)
  let ok = 0
  let failed = 0
  for await (const line of linesOf(input)) {
    if (line.trim() === '') continue
    let result: unknown
    try {
      const raw: unknown = JSON.parse(line)
      const parsed = JsonlLine.safeParse(raw)
      if (parsed.success) {
        // A line's own `explain` wins over --explain.
        const own = typeof raw === 'object' && raw !== null && 'explain' in raw
        result = explainResult((await scoring.score(parsed.data)).result, own ? parsed.data.explain : explain)
        ok++
      } else {
        result = { error: { message: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') } }
        failed++
      }
    } catch {
      result = { error: { message: 'line is not valid JSON' } }
      failed++
    }
    const outputError = await answers.write(JSON.stringify(result) + '\n')
    if (outputError !== undefined) return { ok, failed, outputError }
    onAnswered?.(ok, failed)
  }
  const outputError = await answers.flush()
  return outputError === undefined ? { ok, failed } : { ok, failed, outputError }
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

/** Run the CLI; resolves to the exit code, or -1 when the process keeps running (`serve`). */
export async function main(io: Io): Promise<number> {
  const [command, ...rest] = io.argv
  /* c8 ignore start -- serve and worker hand the process over (close-with-grace, or the worker's signal handlers, end it with process.exit); startServer is tested in test/server.test.ts, runWorker in test/worker/stream-worker-processes.test.ts */
  if (command === 'serve') {
    const [{ startServer }, { readConfig }] = await Promise.all([import('../server.js'), import('../config.js')])
    await startServer(readConfig(io.env))
    return -1
  }
  if (command === 'worker') {
    const [{ runWorker }, { readConfig }] = await Promise.all([import('../worker/main.js'), import('../config.js')])
    await runWorker(readConfig(io.env))
    return -1
  }
  /* c8 ignore stop */
  if (command !== 'score') {
    io.stderr.write(USAGE)
    return command === undefined || command === '--help' || command === 'help' ? 0 : 2
  }
  // The same service as the HTTP routes, without a template memory: the CLI remembers nothing.
  const scoring = new ScoringService({ scorer: createScorer(loadModel(), SIGNALS) })
  const explain = ExplainSchema.safeParse(option(rest, '--explain') ?? 'fired')
  if (!explain.success) {
    io.stderr.write(`authenticity score: --explain must be none, fired or full\n${USAGE}`)
    return 2
  }
  if (rest.includes('--jsonl')) {
    const progress = progressLine(io.stderr)
    const { ok, failed, outputError } = await scoreJsonl(scoring, io.stdin, io.stdout, explain.data, progress?.update)
    progress?.finish(ok, failed)
    if (outputError !== undefined) return outputFailed(outputError, io.stderr)
    return failed > 0 ? 1 : 0
  }
  const file = rest.find((a, i) => !a.startsWith('--') && !['--kind', '--parent', '--explain'].includes(rest[i - 1]))
  if (file === undefined) {
    io.stderr.write(`authenticity score: name a FILE, or - for stdin\n${USAGE}`)
    return 2
  }
  try {
    const text = file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8')
    const parentFile = option(rest, '--parent')
    const parsed = ScoreRequestSchema.safeParse({
      text,
      kind: option(rest, '--kind'),
      parent: parentFile === undefined ? undefined : readFileSync(parentFile, 'utf8'),
    })
    if (!parsed.success) {
      io.stderr.write(`authenticity score: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`)
      return 2
    }
    const { result } = await scoring.score(parsed.data)
    const out = output(io.stdout)
    const outputError = (await out.write(rest.includes('--json') ? JSON.stringify(explainResult(result, explain.data), null, 2) + '\n' : formatReport(result))) ?? (await out.flush())
    return outputError === undefined ? 0 : outputFailed(outputError, io.stderr)
  } catch (err) {
    io.stderr.write(`authenticity score: ${(err as Error).message}\n`)
    return 1
  }
}
