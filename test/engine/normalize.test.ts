import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { fold, MIN_SPACED_LETTERS } from '../../src/engine/normalize.js'
import { prepare } from '../../src/engine/document.js'

/** What a Python or Go client does with our offsets: slice by code points. */
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')
const folded = (text: string) => fold(text).text

/** What is wrong with the offsets of `text`'s fold: every token's evidence must be the submitted characters. */
function offsetProblems(text: string): string[] {
  const problems: string[] = []
  const f = fold(text)
  if (f.toOriginal.length !== f.text.length + 1) problems.push('toOriginal needs one entry per folded unit and one past the end')
  if (f.toOriginal[f.text.length] !== Array.from(text).length) problems.push('the end maps to the end')
  for (let i = 1; i < f.toOriginal.length; i++) if (f.toOriginal[i] < f.toOriginal[i - 1]) problems.push(`toOriginal goes back at ${i}`)
  const doc = prepare(text)
  for (const tok of doc.tokens) {
    const ev = doc.evidence(tok.start, tok.end)
    if (slice(text, ev.start, ev.end) !== ev.text) problems.push(`token ${tok.text}: ${JSON.stringify(ev)}`)
  }
  return problems
}

t.test('ordinary English folds to itself', async (t) => {
  const seed = JSON.parse(readFileSync(new URL('../../src/http/seed-thread.json', import.meta.url), 'utf8')) as { comments: Array<{ text: string }> }
  const texts = [
    'I think a B-grade plan is fine, and I said so: a 3 to 2 vote, item (a) and part b of the report.',
    "It's a test of who we are. I am, I was, I'll be. Plan A or plan B? x = y + z. U.S. and e.g. and i.e.",
    'Vitamin B and C help; so do A and E. I, a, A: one letter each.',
    ...seed.comments.map((c) => c.text.replace(/[^\x00-\x7f]/g, '')).filter((text) => text.length > 0),
  ]
  for (const text of texts) t.equal(folded(text), text, text.slice(0, 40))
})

t.test('look-alike letters fold to the Latin letter they imitate (UTS #39 and our own list)', async (t) => {
  t.equal(folded('Grеɑt рᴏst, ɡood wᴏrk'), 'Great post, good work', 'Latin ɑ ᴏ ɡ, Cyrillic е р')
  t.equal(folded('Thαnks fοr shаrіng'), 'Thanks for sharing', 'Greek α ο, Cyrillic а і')
  t.equal(folded('ɢʀᴇᴀᴛ ᴘᴏꜱᴛ'), 'great post', 'small capitals')
  t.equal(folded('Ιnsightful, ΙBM'), 'Insightful, IBM', 'a capital look-alike of I folds to I, not to the l of the skeleton')
  t.equal(folded('ɱy ɱind'), 'my mind', 'the skeleton\'s rn for m is read as m')
  t.equal(folded('Wеll sɑіd'), 'Well said')
  t.equal(folded('Сool'), 'Cool')
  t.equal(folded('Gr℮at p𝗈st'), 'Great post', 'symbols and mathematical letters, as before')
  t.equal(folded('it’s “quoted” — yes'), 'it\'s "quoted" — yes', 'typographic quotes fold to ASCII; dashes stay dashes')
  t.equal(folded('a × b'), 'a × b', 'symbols are not letters: × stays ×')
  t.equal(folded('Ελλάδα'), 'Ελλάδα', 'a Greek word with letters that look like no Latin one stays Greek')
})

t.test('other scripts keep their letters: a look-alike is folded only inside a word that reads as Latin', async (t) => {
  const russian = 'Привет, друзья! Это хорошая новость и молоко́.'
  t.equal(folded(russian), russian)
  const greek = 'Καλημέρα σε όλους, ευχαριστώ πολύ.'
  t.equal(folded(greek), greek)
  for (const text of ['नमस्ते दुनिया, यह अच्छा है', 'مَرْحَبًا بِكُمْ', 'שָׁלוֹם עֲלֵיכֶם', '你好，世界', 'こんにちは 世界', '안녕하세요 여러분']) {
    t.equal(folded(text), text.normalize('NFKC'), text)
  }
  t.equal(folded('Дa'), 'Дa', 'no look-alike in the word: nothing to fold')
  t.equal(folded('Тhе'), 'The', 'a Latin letter among look-alikes: folded')
  t.equal(folded('Great роѕт, thanks'), 'Great post, thanks', 'a word made only of look-alikes in Latin text: folded')
  t.equal(folded('Тһе ѕеаѕоո'), 'The season', 'look-alikes only: read as Latin')
  t.equal(folded('Это кот и все.'), 'Это кот и все.', 'the same kind of word in Cyrillic text stays Cyrillic')
})

t.test('combining marks that decorate Latin letters are removed; others stay', async (t) => {
  t.equal(folded('G\u0301r\u0308e\u0303a\u0336t\u0323 p\u0301o\u0301s\u0301t\u0301'), 'Great post', 'one mark on every letter')
  t.equal(folded('G\u0301\u0302\u0303\u0304reat'), 'Great', 'stacked marks')
  t.equal(folded('Ǵŕéát́'), 'Great', 'precomposed and combining alike')
  t.equal(folded('café naïve résumé Ångström'), 'cafe naive resume Angstrom')
  t.equal(folded('søn, łódź, đa, ǿre'), 'son, lodz, da, ore', 'letters whose skeleton is a Latin letter with an overlay')
  t.equal(folded('e\u200D\u0301x'), 'ex', 'a mark behind an invisible joiner still decorates the letter')
  t.equal(folded('1\u20E3 #\u20E3'), '1\u20E3 #\u20E3', 'keycaps on digits stay')
  t.equal(folded('к\u0301от'), 'kot', 'a mark on a look-alike in a Latin-reading word goes with the fold')
  t.equal(folded('молоко́'), 'молоко́', 'a stress mark on Cyrillic stays')
  t.equal(folded('\u0301 \u0301'), '\u0301 \u0301', 'marks on nothing stay')
  const text = 'G\u0301r\u0308e\u0303a\u0336t\u0323 post'
  t.same(offsetProblems(text), [])
  const doc = prepare(text)
  t.same(doc.tokens.map((x) => x.text), ['Great', 'post'])
  t.same(doc.evidence(doc.tokens[0].start, doc.tokens[0].end), { start: 0, end: 9, text: 'G\u0301r\u0308e\u0303a\u0336t' }, 'the evidence starts and ends on the submitted letters')
})

t.test(`${MIN_SPACED_LETTERS} or more letters spaced out one by one are joined`, async (t) => {
  t.equal(folded('G r e a t  p o s t Bruce!'), 'Great post Bruce!', 'a wider gap between spaced words reads as one space')
  t.equal(folded('Hi  M a r i a  -  w e l l  s a i d.'), 'Hi Maria - well said.')
  t.equal(folded('T h a n k s for sharing'), 'Thanks for sharing')
  t.equal(folded("t o d a y's plan, L e t’s go, c o u l d n't"), "today's plan, Let's go, couldn't")
  t.equal(folded("'G r e a t' (p o s t)"), "'Great' (post)")
  t.equal(folded('f a s t-p a c e d'), 'fast-paced')
  t.equal(folded('Ǵ r̈ ẽ á t'), 'Great', 'marks and spacing together')
  t.equal(folded('G r е ɑ t'), 'Great', 'look-alikes and spacing together')
  t.equal(folded('a b'), 'a b', 'two letters are not a spaced-out word')
  t.equal(folded('x y z'), 'xyz')
  t.equal(folded('a b, c d'), 'a b, c d', 'punctuation breaks a run')
  t.equal(folded('it is a b c'), 'it is abc')
  t.equal(folded('G  r  e  a  t'), 'G  r  e  a  t', 'letters two spaces apart are not joined')
  t.equal(folded('ab c d e'), 'ab cde', 'a longer word does not join')
  t.equal(folded('a b c \uD800 x'), 'abc \uD800 x', 'a lone surrogate beside a joined run is kept as it is')
  const text = 'Hi  M a r i a  -  w e l l  s a i d.'
  t.same(offsetProblems(text), [])
  const doc = prepare(text)
  t.same(doc.tokens.map((x) => doc.evidence(x.start, x.end).text), ['Hi', 'M a r i a', 'w e l l', 's a i d'])
})

t.test('offsets stay exact under every fold (property)', async (t) => {
  const alphabet = fc.constantFrom(
    'a', 'G', 'r', 'e', 't', ' ', ' ', ' ', "'", '’', '.', '-', '\u0301', '\u0336', '\u20E3', '\u200B', '\uFE0F',
    'ɑ', 'ᴏ', 'а', 'е', 'о', 'ο', 'д', 'λ', 'ʀ', 'é', 'ø', 'ﬁ', 'ﷺ', '𝗈', '1', '👍🏽', '\uD800', 'ɱ', 'Ι', 'ß', '中',
  )
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 60 }).map((xs) => xs.join('')), (text) => {
      const f = fold(text)
      if (f.codePoints !== Array.from(text).length) throw new Error('code points')
      const problems = offsetProblems(text)
      if (problems.length > 0) throw new Error(`${JSON.stringify(text)}: ${problems.join('; ')}`)
      if (fold(text).text !== f.text) throw new Error('the same text folds the same way twice')
    }),
    { numRuns: 2000 },
  )
  t.pass('fold')
})

t.test('folding stays linear in the input', async (t) => {
  const shapes: Record<string, (n: number) => string> = {
    'spaced letters': (n) => 'a '.repeat(n / 2),
    'spaced pairs': (n) => 'a b  '.repeat(n / 5),
    'one long mixed-script word': (n) => 'aо'.repeat(n / 2),
    'one long Cyrillic word': (n) => 'жо'.repeat(n / 2),
    'look-alike one-letter words': (n) => 'о '.repeat(n / 2),
    marks: (n) => 'e\u0301'.repeat(n / 2),
    'distinct code points': (n) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x100 + (i % 40_000))).join(''),
  }
  const best = (text: string) => {
    let ms = Infinity
    for (let r = 0; r < 3; r++) {
      const start = performance.now()
      fold(text)
      ms = Math.min(ms, performance.now() - start)
    }
    return ms
  }
  for (const [name, make] of Object.entries(shapes)) {
    best(make(20_000)) // warm up, fill the cache
    const small = best(make(20_000))
    const large = best(make(160_000))
    // 8 times the input: about 8 times the time when linear, 64 when quadratic
    t.ok(large < Math.max(small, 1) * 24, `${name}: 20k in ${small.toFixed(2)} ms, 160k in ${large.toFixed(2)} ms`)
  }
})
