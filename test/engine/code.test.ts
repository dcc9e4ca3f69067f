import t from 'tap'
import { prepare } from '../../src/engine/document.js'
import { codeShare, MAX_CODE_SHARE } from '../../src/engine/code.js'
import { createScorer, CODE_WARNING } from '../../src/engine/score.js'
import { SIGNALS } from '../../src/signals/index.js'
import { loadModel } from '../../src/model/weights.js'
import { tagTokens } from '../../src/engine/pos.js'

const share = (text: string) => codeShare(prepare(text))

t.test('code and markup are mostly code', async (t) => {
  t.ok(share('def mean(xs):\n    return sum(xs) / len(xs)\n\nprint(mean([1, 2, 3]))') > MAX_CODE_SHARE)
  t.ok(share('```js\nconst a = 1;\nconsole.log(a);\n```') > MAX_CODE_SHARE)
  t.ok(share('for (let i = 0; i < n; i++) {\n  total += xs[i];\n}') > MAX_CODE_SHARE)
  const result = createScorer(loadModel(), SIGNALS).score({ text: 'def mean(xs):\n    return sum(xs) / len(xs)\n\nprint(mean([1, 2, 3]))' })
  t.equal(result.label, 'insufficient')
  t.ok(result.warnings.includes(CODE_WARNING))
})

t.test('prose is not code, whatever it quotes', async (t) => {
  t.equal(share('He said """ is how Python opens a docstring.\n\nThis is a long paragraph of prose about my week and my plans.\n\nAnother paragraph of plain prose.'), 0, 'a stray opening fence does not make the rest code')
  t.equal(share('```\nThis post is not code at all, it only starts with a fence by mistake and goes on.\n\nMore prose here.'), 0)
  t.equal(share('Here is my plan for the week.\n    - milk\n    - eggs\n    - call mum\n    1. gym'), 0, 'an indented list is a list')
  t.equal(share('My reasons (in order):\nprice, distance and the people.'), 0)
  t.equal(share('From what I know of the man, I have to assume he argued with himself. #sad'), 0)
  t.equal(share('envy everyone going to the shows tomorrow and Saturday. ;_;'), 0, 'an emoticon is not a statement')
  t.equal(share('I paid &gt; 20 dollars for it &amp; it broke &lt;'), 0)
})

t.test('the tagger is not asked about a run without white space (wink is quadratic on it)', async (t) => {
  const text = 'Running-'.repeat(2500)
  const doc = prepare(text)
  t.ok(tagTokens(text, doc.tokens).every((tag) => tag === 'X'))
  const ordinary = prepare('Leveraging its data, the team won.')
  t.equal(tagTokens(ordinary.text, ordinary.tokens)[0], 'VERB')
})
