/**
 * `authenticity score --jsonl` in bulk: memory that stays flat over 20,000 lines of real data, a
 * progress line on a terminal's stderr (and nothing elsewhere), and lines split right whatever
 * chunks stdin comes in.
 */
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { main, progressLine } from '../../src/cli/main.js'
import { CHILD_NODE_ARGS, childEnv } from '../child-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DEV = join(ROOT, '../shared/data/dev')

/** A Writable that keeps what is written to it; `isTTY` as a terminal's stderr says it. */
function collector(isTTY?: boolean) {
  const chunks: string[] = []
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'))
        done()
      },
    }),
    isTTY === undefined ? {} : { isTTY },
  )
  return { stream, text: () => chunks.join('') }
}

async function runJsonl(stdin: Readable, stderrIsTTY?: boolean) {
  const stdout = collector()
  const stderr = collector(stderrIsTTY)
  const code = await main({ argv: ['score', '--jsonl'], stdin, stdout: stdout.stream, stderr: stderr.stream })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

const LINES = [JSON.stringify({ text: 'Great post! Very timely.' }), 'not json', JSON.stringify({ text: 'We rolled back the cache change on Tuesday.' })]

t.test('--jsonl shows its progress on a terminal: lines done and lines per second, ended with a newline', async (t) => {
  const res = await runJsonl(Readable.from([LINES.join('\n') + '\n']), true)
  t.equal(res.code, 1)
  t.equal(res.stdout.trim().split('\n').length, 3, 'the answers are on stdout as ever')
  t.match(res.stderr, /^(\r\x1b\[K[^\n]*)*\r\x1b\[K3 lines \(1 failed\), [\d,]+ lines\/s\n$/, 'one line redrawn in place, the last one kept')
})

t.test('--jsonl writes nothing on a stderr that is not a terminal', async (t) => {
  for (const isTTY of [undefined, false]) {
    const res = await runJsonl(Readable.from([LINES.join('\n') + '\n']), isTTY)
    t.equal(res.stdout.trim().split('\n').length, 3)
    t.equal(res.stderr, '', `isTTY ${isTTY}: no progress (it would be garbage in a log)`)
  }
})

t.test('the progress line: redrawn at most every 100 ms, lines per second since the start', async (t) => {
  let now = 1000
  const stderr = collector(true)
  const progress = progressLine(stderr.stream, () => now)!
  const draws = () => stderr.text().split('\r\x1b[K').slice(1)
  progress.update(1, 0)
  now += 99
  progress.update(2, 0)
  t.same(draws(), [], 'nothing in the first 100 ms: a short run shows only its total')
  now += 1
  progress.update(3, 0)
  t.same(draws(), ['3 lines, 30 lines/s'], '3 lines in 100 ms')
  now += 50
  progress.update(4, 1)
  t.equal(draws().length, 1, 'not again within 100 ms of the last')
  now += 1850
  progress.update(12_000, 345)
  t.same(draws().at(-1), '12,345 lines (345 failed), 6,173 lines/s', 'thousands separated, failures counted')
  progress.finish(12_000, 345)
  t.same(draws().at(-1), '12,345 lines (345 failed), 6,173 lines/s\n', 'finished with a newline, always drawn')
  const instant = collector(true)
  progressLine(instant.stream, () => 5)!.finish(2, 0)
  t.equal(instant.text(), '\r\x1b[K2 lines, 2,000 lines/s\n', 'no time passed: counted as 1 ms, not a division by zero')
  t.equal(progressLine(collector(false).stream), undefined, 'none when stderr is not a terminal')
})

t.test('lines are split right whatever chunks stdin comes in: strings, a character cut in two, CRLF, no final newline', async (t) => {
  const text = 'Ça marche — très bien, merci 👍'
  const bytes = Buffer.from(`${JSON.stringify({ text: 'First line.' })}\r\n${JSON.stringify({ text })}\n\n${JSON.stringify({ text: 'Last, no newline.' })}`)
  const cut = bytes.indexOf(Buffer.from('👍')) + 2 // inside the emoji's four bytes
  const asBuffers = await runJsonl(Readable.from([bytes.subarray(0, 7), bytes.subarray(7, cut), bytes.subarray(cut)]))
  const asStrings = await runJsonl(Readable.from(bytes.toString('utf8').split(/(?<=e)/)))
  const whole = await runJsonl(Readable.from([bytes]))
  for (const [name, res] of [['buffers', asBuffers], ['strings', asStrings]] as const) {
    t.equal(res.code, 0, name)
    t.equal(res.stdout, whole.stdout, `${name}: the same answers as stdin in one piece`)
  }
  const out = whole.stdout.trim().split('\n').map((l) => JSON.parse(l))
  t.equal(out.length, 3, 'three texts; the blank line skipped, the last line read without its newline')
  const chars = JSON.parse((await runJsonl(Readable.from([Buffer.from(JSON.stringify({ text, explain: 'full' }) + '\n')]))).stdout).stats.characters
  t.equal(chars, [...text].length, 'the text reached the scorer whole')
})

/** 20,000 JSONL lines of dev data, taken in turn from every file, each line as it is (with the file's own columns). */
function devLines(count: number): string[] {
  const files = readdirSync(DEV)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => readFileSync(join(DEV, f), 'utf8').split('\n').filter((l) => l.trim() !== ''))
  const lines: string[] = []
  for (let i = 0; lines.length < count; i++) for (const file of files) if (lines.length < count) lines.push(file[i % file.length])
  return lines
}

t.test('a 20,000-line --jsonl run in a process of its own keeps its memory flat', async (t) => {
  const COUNT = 20_000
  const lines = devLines(COUNT)
  // The CLI as bin/authenticity runs it, on the sources (the test process's loaders, so no build is needed).
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/cli/main.ts')).href)})
const code = await main({ argv: process.argv.slice(1), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env })
if (code >= 0) process.exitCode = code`
  // V8 collects the old generation lazily when memory is plentiful: it lets garbage reach about
  // four times the live heap first, so without a cap RSS saws up by 40 to 80 MB and back down
  // over a run like this one, whatever the CLI keeps. A 256 MB heap makes it collect as it goes, so RSS shows what the CLI keeps, not when V8 tidies
  // up; the live heap is about 35 MB, and a CLI that kept its answers (67 MB of JSON here) or read
  // stdin whole (31 MB) would run out of it or grow past the bound.
  const child = spawn(process.execPath, [...CHILD_NODE_ARGS, '--max-old-space-size=256', '--input-type=module', '-e', script, 'score', '--jsonl'], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c))
  const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024
  const samples = new Map<number, number>()
  let answered = 0
  let failed = 0
  let partial = ''
  const allAnswered = new Promise<void>((resolve) => {
    child.stdout.on('data', (c: Buffer) => {
      const text = partial + c.toString('utf8')
      const done = text.split('\n')
      partial = done.pop()!
      for (const line of done) {
        answered++
        if (line.startsWith('{"error"')) failed++
        if (answered % 1000 === 0) samples.set(answered, rssMb())
        if (answered === COUNT) resolve()
      }
    })
  })
  // Written as the child takes them; stdin stays open until every answer is in, so the child is
  // still alive (and its RSS readable) at the 20,000th.
  const fed = (async () => {
    for (const line of lines) if (!child.stdin.write(line + '\n')) await once(child.stdin, 'drain')
  })()
  const exited = once(child, 'close')
  const early = await Promise.race([allAnswered.then(() => false), exited.then(() => true)])
  if (early) return t.fail(`the CLI exited after ${answered} answers: ${stderr}`)
  await fed
  const at2k = samples.get(2000)!
  const at20k = samples.get(COUNT)!
  const max = Math.max(...[...samples].filter(([n]) => n >= 2000).map(([, mb]) => mb))
  t.comment(`RSS: ${at2k.toFixed(1)} MB at 2,000 lines, ${at20k.toFixed(1)} MB at 20,000 (highest from 2,000 on: ${max.toFixed(1)} MB); ${failed} of ${COUNT} lines answered with an error`)
  t.comment([...samples].map(([n, mb]) => `${n / 1000}k:${mb.toFixed(0)}`).join(' '))
  // Measured: 9.5 to 14 MB of growth at most; a CLI that kept its answers as strings grew 58 MB.
  t.ok(at20k - at2k < 30, `RSS grew ${(at20k - at2k).toFixed(1)} MB between the 2,000th and the 20,000th line (bound 30 MB)`)
  t.ok(max - at2k < 30, `and never more than 30 MB above the 2,000th line's (${(max - at2k).toFixed(1)} MB)`)
  t.ok(failed < COUNT / 10, 'test premise: the lines were scored, not mostly refused')
  child.stdin.end()
  const [code] = await exited
  t.ok(code === 0 || code === 1, `exit code ${code} (1: some line failed)`)
  t.equal(stderr, '', 'no progress on a pipe, no error')
})
