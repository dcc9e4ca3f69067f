import t from 'tap'
import { readdirSync } from 'node:fs'
import { prepare } from '../../src/engine/document.js'
import { SIGNALS } from '../../src/signals/index.js'
import type { Example } from '../../src/signals/define.js'
import { loadModel } from '../../src/model/weights.js'

const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')
const asInput = (e: Example) => (typeof e === 'string' ? { text: e } : e)

t.test('the registry lists every signal file once, sorted, with stable kebab-case ids', async (t) => {
  const files = readdirSync(new URL('../../src/signals/', import.meta.url))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'define.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort()
  const ids = SIGNALS.map((s) => s.id)
  t.same(ids, files, 'one registry entry per file, in file-name order; the file name is the id')
  t.equal(new Set(ids).size, ids.length, 'ids are unique')
  for (const id of ids) t.match(id, /^[a-z]+(?:-[a-z]+)*$/, `${id} is kebab-case`)
  t.ok(SIGNALS.length >= 20, 'at least 20 signals')
  t.ok(SIGNALS.some((s) => s.dimension === 'aiStyle') && SIGNALS.some((s) => s.dimension === 'generic'))
})

t.test('every signal has docs, a weight rule and a weight', async (t) => {
  const model = loadModel()
  for (const s of SIGNALS) {
    t.ok(s.description.length > 20, `${s.id} has a description`)
    t.ok(s.source.length > 5, `${s.id} names its source`)
    if ('fit' in s.weight) t.ok(s.weight.fit === 'raises' || s.weight.fit === 'lowers', `${s.id} is fitted in a direction`)
    else {
      t.ok(Number.isFinite(s.weight.prior) && s.weight.prior !== 0, `${s.id}: its prior has a direction`)
      t.ok(s.weight.reason.length > 20, `${s.id}: its prior says why`)
    }
    t.ok(model.weights[s.id], `${s.id} has a weight in weights.json`)
    t.ok(s.examples.flagged.length >= 2 && s.examples.clean.length >= 2, `${s.id} has at least two flagged and two clean examples`)
  }
})

for (const signal of SIGNALS) {
  t.test(`${signal.id}: examples`, async (t) => {
    for (const input of signal.examples.flagged) {
      const m = signal.measure(prepare(input.text, input))
      t.ok(input.evidence.length > 0, 'a flagged example declares its evidence')
      t.same(
        m.evidence.map((e) => e.text),
        input.evidence,
        `flags ${JSON.stringify(input.text.slice(0, 60))} with exactly the declared evidence`,
      )
      t.ok(m.value !== 0, 'a flagged example has a non-zero value')
      for (const e of m.evidence) {
        t.equal(slice(input.text, e.start, e.end), e.text, 'evidence round-trips by code points')
        t.ok(e.start >= 0 && e.end > e.start, 'evidence is a non-empty span')
      }
    }
    for (const example of signal.examples.clean) {
      const input = asInput(example)
      const m = signal.measure(prepare(input.text, input))
      t.same(m.evidence, [], `leaves ${JSON.stringify(input.text.slice(0, 60))} alone`)
      t.equal(m.value, 0, 'a clean example has value 0')
    }
  })
}

t.test('signals never throw on odd text and keep value 0 ⇔ no evidence', async (t) => {
  const odd = [
    ' ', '👍', '🔥🔥🔥', '!!!', '...', 'https://example.com/a?b=c', '#', '#a #b #c #d #e', '@someone',
    '—'.repeat(500), '\n'.repeat(500), 'a, '.repeat(300), 'Moreover, '.repeat(200), 'x'.repeat(5000),
    'Это текст на русском языке, совсем не английский.', '这是中文文本。没有英文。', 'مرحبا بالعالم',
    'a\uD800b\uDC00c', 'e\u0301\u0301\u0301', '\u202E\u200B\uFEFF', '1. 2. 3. 4. 5. 6.', '- \n- \n- \n',
  ]
  for (const text of odd) {
    for (const kind of ['post', 'comment'] as const) {
      const doc = prepare(text, { kind, parent: 'A post about AI on LinkedIn.' })
      for (const s of SIGNALS) {
        const m = s.measure(doc)
        t.ok(Number.isFinite(m.value), `${s.id} finite on ${JSON.stringify(text.slice(0, 12))}`)
        t.equal(m.value !== 0, m.evidence.length > 0, `${s.id}: value ${m.value} and ${m.evidence.length} evidence agree on ${JSON.stringify(text.slice(0, 12))}`)
        for (const e of m.evidence) t.equal(slice(text, e.start, e.end), e.text)
      }
    }
  }
})
