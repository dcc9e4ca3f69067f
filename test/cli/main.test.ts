import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { childEnv } from '../child-env.js'

// The CLI as a user runs it: a child process of the TypeScript entry (what bin/authenticity runs once built).
const root = fileURLToPath(new URL('../../', import.meta.url))
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import=tsx', join(root, 'test/cli/run-cli.ts'), ...args], { cwd: root, input, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: childEnv() })

t.test('score FILE prints a readable report with signals and spans', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authenticity-'))
  const file = join(dir, 'post.txt')
  writeFileSync(file, 'Moreover, it is important to note that we must delve into this rich tapestry. Great post!')
  const res = run(['score', file])
  t.equal(res.status, 0, res.stderr)
  t.match(res.stdout, /^score [01]\.\d{3}  label (authentic|uncertain|templated)/)
  t.match(res.stdout, /signals \(contribution to the logit\):/)
  t.match(res.stdout, /\[\d+, \d+\) "Moreover"/)
  const parent = join(dir, 'parent.txt')
  writeFileSync(parent, 'A long post about AI and relationships on LinkedIn.')
  const json = run(['score', '-', '--kind', 'comment', '--parent', parent, '--json'], 'Great post Bruce! Very timely.')
  t.equal(json.status, 0, json.stderr)
  t.equal(JSON.parse(json.stdout).label, 'templated')
})

t.test('score --jsonl answers line by line, in order, errors in place', async (t) => {
  const lines = [
    JSON.stringify({ text: 'Great post! Very timely.', kind: 'comment', extra: 'ignored' }),
    'not json',
    JSON.stringify({ text: '   ' }),
    '',
    JSON.stringify({ text: 'We fixed the flaky test on Tuesday; it was a race in the cache warm-up.' }),
  ]
  const res = run(['score', '--jsonl'], lines.join('\n') + '\n')
  t.equal(res.status, 1, 'exit 1 when some lines failed')
  const out = res.stdout.trim().split('\n').map((l) => JSON.parse(l))
  t.equal(out.length, 4, 'blank lines are skipped, every other line answered')
  t.equal(out[0].label, 'templated')
  t.same(out[1], { error: { message: 'line is not valid JSON' } })
  t.match(out[2].error.message, /text/)
  t.ok(typeof out[3].score === 'number')
})

t.test('score --jsonl handles tens of thousands of lines', async (t) => {
  const line = JSON.stringify({ text: 'Thanks for sharing, very insightful.' })
  const n = 20_000
  const res = run(['score', '--jsonl'], (line + '\n').repeat(n))
  t.equal(res.status, 0, res.stderr)
  t.equal(res.stdout.trim().split('\n').length, n)
})

t.test('usage and bad arguments', async (t) => {
  t.equal(run([]).status, 0)
  t.match(run(['--help']).stderr, /usage:/)
  t.equal(run(['frobnicate']).status, 2)
  t.equal(run(['score']).status, 2)
  const missing = run(['score', '/nonexistent/file.txt'])
  t.equal(missing.status, 1)
  t.match(missing.stderr, /ENOENT|no such file/)
  const blank = run(['score', '-'], '   ')
  t.equal(blank.status, 2)
  t.match(blank.stderr, /not white space/)
})
