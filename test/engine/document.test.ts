import t from 'tap'
import { foldAndTokenize, prepare, splitSentences, splitLines, tokenize } from '../../src/engine/document.js'
import { fold } from '../../src/engine/normalize.js'
import fc from 'fast-check'

/** What a Python or Go client does with our offsets: slice by code points. */
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')

t.test('evidence offsets are code points of the original and round-trip', async (t) => {
  const texts = [
    'Great 👍🏽 post, Moreover 🇫🇷 it works',
    'Cafe\u0301 au lait — Moreover, the crème brûlée (e\u0301) wins',
    'line one\r\nMoreover, line two\r\n\r\nthird 👨‍👩‍👧 line',
    'Gr℮at p𝗈st, Ｆｕｌｌwidth ﬁne',
    'zero\u200Bwidth and \u202Ebidi\u202C and \uFEFFbom',
  ]
  for (const text of texts) {
    const doc = prepare(text)
    t.ok(doc.tokens.length > 0)
    for (const tok of doc.tokens) {
      const ev = doc.evidence(tok.start, tok.end, 'n')
      t.equal(slice(text, ev.start, ev.end), ev.text, `token ${tok.text} of ${JSON.stringify(text)}`)
      t.equal(ev.note, 'n')
    }
    for (const s of doc.sentences) {
      const ev = doc.evidence(s.start, s.end)
      t.equal(slice(text, ev.start, ev.end), ev.text)
      t.notOk('note' in ev)
    }
    t.equal(doc.codePoints, Array.from(text).length)
  }
})

t.test('folding defeats homoglyphs and invisible characters', async (t) => {
  t.equal(fold('Gr℮at p𝗈st').text, 'Great post')
  t.equal(fold('thanks\u200B for\u00AD sharing').text, 'thanks for sharing')
  t.equal(fold('it’s “quoted”').text, 'it\'s "quoted"')
  t.equal(fold('Сool').text, 'Cool', 'Cyrillic С folds to C')
  const f = fold('a\uD800b') // lone surrogate stays one code point
  t.equal(f.codePoints, 3)
  t.equal(fold('').text, '')
  // expansion far beyond the input's length grows the offset map
  const many = 'ﷺ'.repeat(200) + ' end'
  const wide = prepare(many)
  t.ok(wide.text.length > many.length * 10)
  const endToken = wide.tokens[wide.tokens.length - 1]
  t.same(wide.evidence(endToken.start, endToken.end), { start: 201, end: 204, text: 'end' })
  // expansion: one code point becomes several folded characters but maps back to itself
  const doc = prepare('x ﷺ y')
  const last = doc.tokens[doc.tokens.length - 1]
  t.same(doc.evidence(last.start, last.end), { start: 4, end: 5, text: 'y' })
})

t.test('tokens keep inner apostrophes and split hyphens', async (t) => {
  t.same(tokenize("It's thought-provoking, isn't it").map((x) => x.lower), ["it's", 'thought', 'provoking', "isn't", 'it'])
  t.same(tokenize('👍 — ...'), [])
  t.same(tokenize('see https://reddit.com/r/how_did_this and www.x.org/a-b (ok)').map((x) => x.lower), ['see', 'and', 'ok'], 'no words from URLs')
})

t.test('sentences split on terminal punctuation and line breaks, not abbreviations', async (t) => {
  const text = 'Dr. Smith arrived, e.g. at 3.5 p.m. today. Really?! Yes…\nNo end'
  const parts = splitSentences(text).map((s) => text.slice(s.start, s.end))
  t.same(parts, ['Dr. Smith arrived, e.g. at 3.5 p.m. today.', 'Really?!', 'Yes…', 'No end'])
  t.same(splitSentences('   \n\n  '), [])
  t.same(splitSentences('"Quoted." Next one.').length, 2)
})

t.test('lines are trimmed and blank lines skipped', async (t) => {
  const text = '  one \n\n two\r\n'
  t.same(splitLines(text).map((l) => text.slice(l.start, l.end)), ['one', 'two'])
})

t.test('sentence and line token ranges cover the tokens', async (t) => {
  const doc = prepare('One two. Three\nfour five six.', { kind: 'comment', parent: 'The post' })
  t.same(doc.sentences.map((s) => s.endToken - s.firstToken), [2, 1, 3])
  t.same(doc.lines.map((s) => s.endToken - s.firstToken), [3, 3])
  t.same(doc.tokens.map((x) => x.sentence), [0, 0, 1, 2, 2, 2])
  t.equal(doc.kind, 'comment')
  t.same(doc.parent?.tokens.map((x) => x.lower), ['the', 'post'])
  t.equal(prepare('x', { parent: '  ' }).parent, undefined)
})

t.test('a parent prepared once reads as the same parent as its text', async (t) => {
  const { asParent } = await import('../../src/engine/document.js')
  for (const post of ['Will AI be LinkedIn’s downfall? The 2017 changes were survivable.', '   ', '\u200B', 'ｆｕｌｌ width']) {
    // a parent is not split into sentences: its tokens' `sentence` is not part of what it offers
    const words = (p: ReturnType<typeof asParent>) => p && { text: p.text, tokens: p.tokens.map(({ text, lower, start, end }) => ({ text, lower, start, end })) }
    const fromText = prepare('Great post!', { kind: 'comment', parent: post }).parent
    const fromDoc = prepare('Great post!', { kind: 'comment', parent: asParent(prepare(post)) }).parent
    t.same(words(fromDoc), words(fromText), JSON.stringify(post))
  }
})

t.test('prepare reuses the tokens of foldAndTokenize for the same text, once, and prepares what it would alone', async (t) => {
  const text = 'Great post! Moreover, the 👍🏽 team\nwrote it. Really.'
  const fresh = prepare(text)
  const kept = foldAndTokenize(text)
  t.not(prepare('another text').tokens, kept.tokens, 'another text does not take them')
  const doc = prepare(text)
  t.equal(doc.tokens, kept.tokens, 'the same text takes them')
  for (const key of ['text', 'tokens', 'sentences', 'lines', 'codePoints'] as const) t.same(doc[key], fresh[key], key)
  t.same(doc.evidence(0, 5), fresh.evidence(0, 5))
  t.not(prepare(text).tokens, kept.tokens, 'taken once: no two documents share tokens')
})

t.test('tokenize finds the words the regular expression it replaced finds, skipping URLs (fast-check)', async (t) => {
  const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu
  const URL = /(?:https?:\/\/|www\.)[^\s<>()[\]"]+/giu
  const byRegex = (text: string) => {
    const urls = [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length])
    return [...text.matchAll(WORD)]
      .filter((m) => !urls.some(([s, e]) => s <= m.index && m.index < e))
      .map((m) => ({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length, sentence: 0 }))
  }
  const pieces = fc.constantFrom("it's", "'", "''", 'don’t', 'e\u0301', '🇫🇷', '𝗈', '\uD800', '\uDC00', 'Ⅻ', '٣', 'www.x.com/a', 'https://y.z/b-c', ' ', '-', 'İ', 'ß')
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 30 }).map((a) => a.join(''))), (text) => JSON.stringify(tokenize(text)) === JSON.stringify(byRegex(text))),
    { numRuns: 2000 },
  )
  t.same(tokenize("It's www.a.com/x don't"), byRegex("It's www.a.com/x don't"))
})
