import t from 'tap'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { francAll as reference } from 'franc-min'
import { francAll, francBest } from '../../src/engine/franc.js'

/** francAll equals franc's, and francBest reads the same best language and English score off it. */
const same = (text: string, options?: { minLength?: number }) => {
  const all = francAll(text, options)
  const best = francBest(text, 'eng', options)
  return JSON.stringify(all) === JSON.stringify(reference(text, options)) && best.best === all[0][0] && best.score === all.find(([code]) => code === 'eng')?.[1]
}

t.test("the same answers as franc-min's francAll on the dev files (and francBest the same best and English score)", async (t) => {
  const dir = new URL('../../../shared/data/dev/', import.meta.url)
  let compared = 0
  const differ: string[] = []
  for (const file of ['grid-reddit.jsonl', 'hc3.jsonl', 'headlines.jsonl', 'linkedin-recent-unlabeled.jsonl', 'youtube-comments.jsonl']) {
    const lines = readFileSync(new URL(file, dir), 'utf8').split('\n').filter((l) => l.trim() !== '')
    // Every fifth row keeps the test quick; the bench and the fit read them all.
    for (let i = 0; i < lines.length; i += 5) {
      const text = (JSON.parse(lines[i]) as { text: string }).text
      for (const sample of [text, text.slice(0, 60)]) {
        compared++
        if (!same(sample, { minLength: 40 })) differ.push(sample.slice(0, 80))
      }
    }
  }
  t.ok(compared > 6000, `${compared} texts compared`)
  t.same(differ, [], 'no text gets another answer')
})

t.test('the same answers on random text of any script, and on the edge cases', async (t) => {
  const scripts = fc.constantFrom('Привет мир, как дела', 'مرحبا بالعالم', 'नमस्ते दुनिया', '这是一个测试', 'こんにちは世界', 'Γειά σου κόσμε', 'שלום עולם', 'The quick brown fox', '12345 !!!')
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(scripts, { maxLength: 20 }).map((a) => a.join(' '))), (text) => same(text)),
    { numRuns: 3000 },
  )
  for (const text of ['', 'short', '1234567890 12345', '!!!!!!!!!!!!!!', '这是一个测试这是一个测试', 'a'.repeat(5000), 'The weather is nice today in the park.']) {
    t.ok(same(text), JSON.stringify(text.slice(0, 20)))
    t.ok(same(text, { minLength: 3 }))
  }
  t.same(francAll(''), [['und', 1]])
  t.same(francAll('这是一个测试这是一个测试'), [['cmn', 1]], 'a script with one language')
})
