import t from 'tap'
import { readFileSync } from 'node:fs'
import { renderSignalsDoc, SIGNALS_DOC_URL } from '../../scripts/signals-doc.js'
import { SIGNALS } from '../../src/signals/index.js'
import { defineSignal } from '../../src/signals/define.js'
import { loadModel } from '../../src/model/weights.js'

t.test('docs/SIGNALS.md is what scripts/signals-doc.ts writes', async (t) => {
  t.equal(readFileSync(SIGNALS_DOC_URL, 'utf8'), renderSignalsDoc(SIGNALS, loadModel()), 'docs/SIGNALS.md is stale: run npx tsx scripts/signals-doc.ts')
})

t.test('one section per signal with its declared facts and its weight', async (t) => {
  const model = loadModel()
  const md = renderSignalsDoc(SIGNALS, model)
  const sections = md.split(/^## /m).slice(1)
  t.same(sections.map((s) => s.slice(0, s.indexOf('\n'))), SIGNALS.map((s) => s.id), 'a section per signal, in registry order')
  for (const [i, s] of SIGNALS.entries()) {
    const section = sections[i]
    const w = model.weights[s.id]
    t.ok(section.includes(s.description), `${s.id}: description`)
    t.ok(section.includes(`| Direction | ${'prior' in s.weight ? (s.weight.prior < 0 ? 'lowers' : 'raises') : s.weight.fit} the score`), `${s.id}: direction`)
    t.ok(section.includes(`| In weights.json | weight ${w.weight}, scale ${w.scale}, origin \`${w.origin}\` |`), `${s.id}: weight`)
    if ('prior' in s.weight) t.ok(section.includes(`| Reason | ${s.weight.reason.replace(/\|/g, '\\|')} |`), `${s.id}: the reason for its prior`)
  }
})

t.test('examples are shown whatever their text holds', async (t) => {
  const base = SIGNALS.find((s) => s.id === 'generic-praise')!
  const odd = defineSignal({
    ...base,
    id: 'odd-examples',
    source: 'A source | with a pipe\nand a line break.',
    weight: { fit: 'raises' },
    examples: {
      flagged: [
        { text: 'has `code` in it', evidence: ['`code`'] },
        { text: ' padded ', evidence: [] },
        { text: 'two\n\nlines with ```', kind: 'comment', parent: 'The post.', evidence: ['two\n\nlines'] },
      ],
      clean: [{ text: 'plain', parent: undefined }],
    },
  })
  const model = { ...loadModel(), weights: { 'odd-examples': { weight: 0.5, scale: 2, origin: 'fitted' as const } } }
  const md = renderSignalsDoc([odd], model)
  t.match(md, '| Source | A source \\| with a pipe and a line break. |', 'a table cell stays one line, pipes escaped')
  t.match(md, '| Weight rule | fitted on the dev data, expected to raise the score |')
  t.notMatch(md, '| Reason |', 'a fitted weight has no reason')
  t.match(md, '- `` has `code` in it `` → `` `code` ``', 'the evidence an example must yield follows it')
  t.match(md, '- `  padded  `')
  t.match(md, "- A text of 3 lines (kind: `comment`; parent: `The post.`) → `two  lines`:\n\n  ````text\n  two\n\n  lines with ```\n  ````")
  t.match(md, '- `plain`\n', 'context left undefined is not shown')
  t.throws(() => renderSignalsDoc([odd], { ...model, weights: {} }), /no weight for signal "odd-examples": run npm run fit/)
})
