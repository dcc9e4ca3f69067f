/**
 * Speed work leaves every answer as it was: the signal values, scores and labels of a fixed sample
 * of the dev texts (scripts/golden.ts) must equal the committed ones exactly.
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { GOLDEN_FILE, goldenValues, type Golden } from '../../scripts/golden.js'

t.test('a fixed sample of the dev texts scores exactly as committed (npm run golden rewrites it when a change is meant to move values)', async (t) => {
  const committed = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden
  const now = goldenValues()
  t.same(now.signals, committed.signals, 'the same signals, in the same order')
  t.equal(now.rows.length, committed.rows.length)
  t.ok(now.rows.length >= 500, `${now.rows.length} rows from ${new Set(now.rows.map((r) => r.file)).size} dev files`)
  const moved: string[] = []
  for (const [i, row] of now.rows.entries()) {
    const before = committed.rows[i]
    if (before === undefined || row.file !== before.file || row.line !== before.line) {
      moved.push(`row ${i}: ${row.file}:${row.line} in place of ${before?.file}:${before?.line}`)
      continue
    }
    if (row.score !== before.score || row.label !== before.label) moved.push(`${row.file}:${row.line}: score ${before.score} ${before.label} → ${row.score} ${row.label}`)
    for (const [k, v] of row.values.entries()) {
      if (v !== before.values[k]) moved.push(`${row.file}:${row.line}: ${now.signals[k]} ${before.values[k]} → ${v}`)
    }
  }
  t.same(moved.slice(0, 20), [], `${moved.length} values moved`)
  t.equal(now.model, committed.model, 'the model version too')
})
