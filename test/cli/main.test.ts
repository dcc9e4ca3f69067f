import t from 'tap'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { formatReport, main, USAGE } from '../../src/cli/main.js'
import { fixtureScorer } from '../http/fixture-model.js'
import { plainEnv } from '../child-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A Writable that keeps what is written to it. */
function collector() {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

/** The CLI in process, as bin/authenticity runs it: argv, stdin as a string, the exit code and both outputs. */
async function run(argv: string[], input = '') {
  const stdout = collector()
  const stderr = collector()
  const code = await main({ argv, stdin: Readable.from([Buffer.from(input, 'utf8')]), stdout: stdout.stream, stderr: stderr.stream })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

const STOCK = 'Great post Bruce! Very timely.'
const SPECIFIC = 'We fixed the flaky test on Tuesday; it was a race in the cache warm-up, and the retry hid it for a month.'

t.test('score FILE prints a readable report of the answer --json gives: score, label, the signals that moved it, their spans', async (t) => {
  // t.testdir: a folder under .tap/fixtures (ignored by git), removed after the test.
  const file = join(t.testdir({ 'post.txt': 'Moreover, it is important to note that we must delve into this rich tapestry. Great post!' }), 'post.txt')
  const res = await run(['score', file])
  t.equal(res.code, 0, res.stderr)
  t.equal(res.stderr, '')
  const answer = JSON.parse((await run(['score', file, '--json'])).stdout)
  const head = `score ${answer.score.toFixed(3)}  label ${answer.label}  (aiStyle ${answer.dimensions.aiStyle.toFixed(3)}, generic ${answer.dimensions.generic.toFixed(3)})\n`
  t.equal(res.stdout.slice(0, head.length), head)
  t.match(res.stdout, `\n${answer.stats.words} words, ${answer.stats.sentences} sentences, language ${answer.language}, model ${answer.model.version}\n`)
  const moved = answer.signals.filter((s: { contribution: number; evidence: unknown[] }) => s.contribution !== 0 && s.evidence.length > 0)
  t.ok(moved.length > 0, 'test premise: some signal with evidence moved the score')
  t.match(res.stdout, /\nsignals \(contribution to the logit\):\n/)
  const top = moved[0]
  t.match(res.stdout, `  ${top.id} (${top.dimension})\n`, 'the most influential signal')
  const e = top.evidence[0]
  t.match(res.stdout, `[${e.start}, ${e.end}) ${JSON.stringify(e.text)}`, 'with its first span: offsets and text')
})

t.test('score - --json reads stdin with --kind and --parent, and prints the same answer as --jsonl', async (t) => {
  const parentText = 'A long post about AI and relationships on LinkedIn.'
  const parent = join(t.testdir({ 'parent.txt': parentText }), 'parent.txt')
  const json = await run(['score', '-', '--kind', 'comment', '--parent', parent, '--json'], STOCK)
  t.equal(json.code, 0, json.stderr)
  const answer = JSON.parse(json.stdout)
  t.match(json.stdout, /^\{\n {2}"score"/, 'pretty-printed')
  const viaJsonl = await run(['score', '--jsonl'], JSON.stringify({ text: STOCK, kind: 'comment', parent: parentText }) + '\n')
  t.same(JSON.parse(viaJsonl.stdout), answer, 'one scorer behind both: the same text, kind and parent get the same answer')
  const alone = JSON.parse((await run(['score', '-', '--kind', 'comment', '--json'], STOCK)).stdout)
  t.notSame(alone.signals, answer.signals, '--parent reaches the scorer')
})

t.test('--explain none|fired|full: the answer the API gives at that level; a JSONL line may ask its own', async (t) => {
  const at = async (explain?: string) => JSON.parse((await run(['score', '-', '--json', ...(explain ? ['--explain', explain] : [])], STOCK)).stdout)
  const [none, fired, full, byDefault] = [await at('none'), await at('fired'), await at('full'), await at()]
  t.same(Object.keys(none), ['score', 'label', 'dimensions', 'warnings', 'model'])
  t.same(byDefault, fired, 'fired by default, as the API')
  t.ok(full.signals.length > fired.signals.length && fired.signals.every((s: { contribution: number; description?: string }) => s.contribution !== 0 && s.description === undefined))
  const lines = [JSON.stringify({ text: STOCK }), JSON.stringify({ text: STOCK, explain: 'full' })].join('\n') + '\n'
  const [first, second] = (await run(['score', '--jsonl', '--explain', 'none'], lines)).stdout.trim().split('\n').map((l) => JSON.parse(l))
  t.same(first, none, '--explain sets the level of the lines that do not say')
  t.same(second, full, "a line's own explain wins")
  const bad = await run(['score', '-', '--explain', 'all'], STOCK)
  t.equal(bad.code, 2)
  t.match(bad.stderr, /--explain must be none, fired or full/)
})

t.test('score --jsonl answers line by line, in order, errors in place', async (t) => {
  const lines = [
    JSON.stringify({ text: STOCK, kind: 'comment', extra: 'ignored' }),
    'not json',
    JSON.stringify({ text: '   ' }),
    '',
    JSON.stringify({ text: SPECIFIC }),
    JSON.stringify({ text: 'hello', kind: 'tweet' }),
    '42',
  ]
  const res = await run(['score', '--jsonl'], lines.join('\r\n') + '\n')
  t.equal(res.code, 1, 'exit 1 when some lines failed')
  const out = res.stdout.trim().split('\n').map((l) => JSON.parse(l))
  t.equal(out.length, 6, 'blank lines are skipped, every other line answered')
  t.same(out[1], { error: { message: 'line is not valid JSON' } })
  t.match(out[2].error.message, /^text: .*not white space/)
  t.match(out[4].error.message, /^kind: /)
  t.match(out[5].error.message, /^line: /, 'JSON that is not an object: the line is what is wrong')
  for (const i of [0, 3]) t.match(out[i], { score: Number, label: /^(authentic|uncertain|templated)$/, signals: Array, stats: { words: Number } })
  t.ok(out[0].score > out[3].score, `the stock comment (${out[0].score}) scores above the specific one (${out[3].score})`)
  t.equal((await run(['score', '--jsonl'], lines[0] + '\n')).code, 0, 'exit 0 when every line was scored')
})

t.test('score --jsonl streams: it answers while still reading, and waits for a slow reader', async (t) => {
  const line = JSON.stringify({ text: 'Thanks for sharing, very insightful.' }) + '\n'
  const chunks = 50
  const linesPerChunk = 100
  let pulled = 0
  let pulledAtFirstAnswer = -1
  async function* input() {
    for (let i = 0; i < chunks; i++) {
      pulled++
      yield Buffer.from(line.repeat(linesPerChunk))
    }
  }
  let answered = 0
  let waited = 0
  // A reader slower than the scorer, with a small buffer: write() says "wait" and the CLI waits for 'drain'.
  const stdout = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      if (pulledAtFirstAnswer < 0) pulledAtFirstAnswer = pulled
      for (const byte of chunk) if (byte === 10) answered++
      setImmediate(done)
    },
  })
  stdout.on('drain', () => waited++)
  const stderr = collector()
  const code = await main({ argv: ['score', '--jsonl'], stdin: Readable.from(input()), stdout, stderr: stderr.stream })
  t.equal(code, 0, stderr.text())
  // main() has written everything; the reader may still be working through its buffer (as a pipe would).
  stdout.end()
  await finished(stdout)
  t.equal(answered, chunks * linesPerChunk, 'one answer per line')
  t.ok(pulledAtFirstAnswer < chunks / 2, `the first answer came after reading ${pulledAtFirstAnswer} of ${chunks} chunks: input is not read whole first`)
  t.ok(waited > 0, `the CLI waited for the reader (${waited} drains)`)
})

/** An Error with a Node.js error code, as a failed write gives. */
const ioError = (code: string) => Object.assign(new Error(`write ${code}`), { code })

t.test('a reader that goes away (EPIPE) stops the CLI quietly with 141, as SIGPIPE would: no crash, no scoring for nobody', async (t) => {
  const line = JSON.stringify({ text: 'Thanks for sharing, very insightful.' }) + '\n'
  let pulled = 0
  async function* input() {
    for (let i = 0; i < 1000; i++) {
      pulled++
      yield Buffer.from(line)
    }
  }
  // As a pipe whose reader has exited: the first write lands, every later one fails with EPIPE.
  const closedAfterOne = () => {
    let writes = 0
    return new Writable({
      highWaterMark: 1,
      write(_chunk: Buffer, _encoding, done) {
        writes++
        setImmediate(() => done(writes === 1 ? null : ioError('EPIPE')))
      },
    })
  }
  const stderr = collector()
  const code = await main({ argv: ['score', '--jsonl'], stdin: Readable.from(input()), stdout: closedAfterOne(), stderr: stderr.stream })
  t.equal(code, 141)
  t.equal(stderr.text(), '', 'nothing said: the reader chose to stop')
  t.ok(pulled < 10, `stopped reading after ${pulled} of 1,000 lines`)

  const one = collector()
  const failing = new Writable({ write: (_chunk, _encoding, done) => done(ioError('EPIPE')) })
  t.equal(await main({ argv: ['score', '-', '--json'], stdin: Readable.from([Buffer.from(SPECIFIC)]), stdout: failing, stderr: one.stream }), 141, 'score - as well')
  t.equal(one.text(), '')
})

t.test('any other output failure is said, with exit code 1, however it comes: never lost in silence, never a hang', async (t) => {
  const lines = (n: number) => Readable.from([Buffer.from((JSON.stringify({ text: STOCK }) + '\n').repeat(n))])
  // A full disk, on every write.
  const full = new Writable({ write: (_chunk, _encoding, done) => done(ioError('ENOSPC')) })
  let stderr = collector()
  t.equal(await main({ argv: ['score', '--jsonl'], stdin: lines(5), stdout: full, stderr: stderr.stream }), 1)
  t.match(stderr.text(), /cannot write the output: write ENOSPC/)

  // A failure after the last answer was handed over (the flush finds it): not exit 0.
  let writes = 0
  const lastFails = new Writable({ write: (_chunk, _encoding, done) => setImmediate(() => done(++writes >= 3 ? ioError('EIO') : null)) })
  stderr = collector()
  t.equal(await main({ argv: ['score', '--jsonl'], stdin: lines(3), stdout: lastFails, stderr: stderr.stream }), 1)
  t.match(stderr.text(), /write EIO/)

  // An error emitted during write() itself, and a stream closed already: nothing else will come, and the CLI must not wait for it.
  const synchronous = new Writable({ highWaterMark: 1, write: () => {} })
  synchronous.write = (() => {
    synchronous.emit('error', ioError('EPIPE'))
    return false
  }) as typeof synchronous.write
  t.equal(await main({ argv: ['score', '--jsonl'], stdin: lines(3), stdout: synchronous, stderr: collector().stream }), 141)
  const destroyed = new Writable({ write: (_chunk, _encoding, done) => done() })
  destroyed.destroy()
  stderr = collector()
  t.equal(await main({ argv: ['score', '-'], stdin: Readable.from([Buffer.from(SPECIFIC)]), stdout: destroyed, stderr: stderr.stream }), 1)
  t.match(stderr.text(), /cannot write the output/)
})

t.test('the report: warnings, signals that lower the score, at most five spans each, a span without a note', async (t) => {
  // The fixture model (fixed weights): generic-praise raises the score, first-person lowers it.
  const result = fixtureScorer().score({ text: 'I loved it. Great post! Great post! Great post! Great post! Great post! Great post! Great post!' })
  const praise = result.signals.find((s) => s.id === 'generic-praise')!
  t.ok(praise.evidence.length > 5, 'test premise: more than five spans of praise')
  const { start, end, text } = praise.evidence[0]
  praise.evidence[0] = { start, end, text }
  const report = formatReport({ ...result, warnings: ['a warning'] })
  t.match(report, /\nwarning: a warning\n/)
  t.match(report, /\n {2}\+\d\.\d{2} {2}generic-praise \(generic\)\n/)
  t.match(report, /\n {2}-\d\.\d{2} {2}first-person \(aiStyle\)\n/, 'a negative contribution keeps its sign')
  t.ok(report.includes(`\n         [${start}, ${end}) ${JSON.stringify(text)}\n`), 'a span without a note: offsets and text')
  t.ok(report.includes(`\n         … and ${praise.evidence.length - 5} more\n`), 'five spans, then how many more')
  const silent = result.signals.filter((s) => s.contribution === 0 && s.evidence.length > 0)
  for (const s of silent) t.notOk(report.includes(` ${s.id} (`), `${s.id} found evidence but did not move the score: left out`)
  t.equal(formatReport({ ...result, warnings: [], signals: [] }), formatReport(result).split('\n').slice(0, 2).join('\n') + '\n', 'nothing moved it and nothing to warn of: the two summary lines')
})

t.test('stdin may come as strings', async (t) => {
  const stdout = collector()
  const code = await main({ argv: ['score', '-', '--json'], stdin: Readable.from([STOCK.slice(0, 10), STOCK.slice(10)]), stdout: stdout.stream, stderr: collector().stream })
  t.equal(code, 0)
  t.equal(JSON.parse(stdout.text()).stats.characters, STOCK.length)
})

t.test('usage and bad arguments', async (t) => {
  for (const argv of [[], ['--help'], ['help']]) {
    const res = await run(argv)
    t.equal(res.code, 0, `${JSON.stringify(argv)}: exit 0`)
    t.equal(res.stderr, USAGE)
    t.equal(res.stdout, '')
  }
  const unknown = await run(['frobnicate'])
  t.equal(unknown.code, 2)
  t.equal(unknown.stderr, USAGE)
  const noFile = await run(['score'])
  t.equal(noFile.code, 2)
  t.match(noFile.stderr, /^authenticity score: name a FILE, or - for stdin\nusage:/)
  const missing = await run(['score', '/nonexistent/file.txt'])
  t.equal(missing.code, 1)
  t.match(missing.stderr, /^authenticity score: .*(ENOENT|no such file)/)
  const missingParent = await run(['score', '-', '--parent', '/nonexistent/parent.txt'], STOCK)
  t.equal(missingParent.code, 1)
  const blank = await run(['score', '-'], '   ')
  t.equal(blank.code, 2)
  t.match(blank.stderr, /^authenticity score: text: .*not white space/)
  const kind = await run(['score', '-', '--kind', 'tweet'], STOCK)
  t.equal(kind.code, 2)
  t.match(kind.stderr, /kind: /)
  t.equal(kind.stdout, '')
})

/**
 * Why the built CLI cannot be smoke-tested, or false. Every source the CLI imports (followed from
 * src/cli/main.ts through relative imports) must be no newer than its build in dist/, or than the
 * build's stamp (dist/.tsbuildinfo, which an incremental build keeps current when it emits nothing).
 */
function staleBuild(): string | false {
  const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0)
  const stamp = mtime(join(ROOT, 'dist/.tsbuildinfo'))
  const stale: string[] = []
  const seen = new Set<string>()
  const visit = (source: string) => {
    if (seen.has(source)) return
    seen.add(source)
    const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), source)).replace(/\.ts$/, '.js')
    if (!existsSync(built) || Math.max(mtime(built), stamp) < mtime(source)) stale.push(relative(ROOT, source))
    for (const [, spec] of readFileSync(source, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      const next = join(dirname(source), `${spec}.ts`)
      if (existsSync(next)) visit(next)
    }
  }
  visit(join(ROOT, 'src/cli/main.ts'))
  if (stale.length === 0) return false
  return `dist/ is older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}: after npm run build this smoke test of bin/authenticity runs`
}

t.test('bin/authenticity, as installed: a real process reads stdin, writes stdout and exits with the code', async (t) => {
  // the bin runs dist/: build it first when the sources are newer (what npm start does)
  if (staleBuild()) execFileSync(process.execPath, [join(ROOT, 'scripts/build-if-stale.mjs')], { cwd: ROOT, env: plainEnv(), stdio: 'ignore' })
  t.equal(staleBuild(), false, 'dist/ is current')
  const again = execFileSync(process.execPath, [join(ROOT, 'scripts/build-if-stale.mjs')], { cwd: ROOT, env: plainEnv(), encoding: 'utf8' })
  t.equal(again, '', "npm start's build step builds nothing when dist/ is current")
  // tap's process tracking puts its loader back into NODE_OPTIONS of every child a test spawns, and
  // its require hook cannot load an extensionless ES module: env(1) drops it, so this is the bin as a user runs it.
  const child = spawn('env', ['-u', 'NODE_OPTIONS', join(ROOT, 'bin/authenticity'), 'score', '--jsonl'], { cwd: ROOT, env: plainEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c))
  child.stderr.on('data', (c: Buffer) => (stderr += c))
  const closed = once(child, 'close') // exited, and its output read to the end
  child.stdin.end(`${JSON.stringify({ text: STOCK, kind: 'comment' })}\nnot json\n`)
  const [code] = await closed
  t.equal(code, 1, 'the exit code of main(): a line failed')
  t.equal(stderr, '')
  const out = stdout.trim().split('\n').map((l) => JSON.parse(l))
  t.equal(out.length, 2)
  t.match(out[0], { score: Number, label: /^(authentic|uncertain|templated)$/ })
  t.same(out[1], { error: { message: 'line is not valid JSON' } })
})
