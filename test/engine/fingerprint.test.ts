import t from 'tap'
import { BANDS, NEAR_DUPLICATE_SIMILARITY, SIGNATURE_SIZE, bandKey, fingerprint, mix32, normalisedWords, similarity } from '../../src/engine/fingerprint.js'

const fp = (text: string) => fingerprint(text)!

t.test('normalisation folds case, punctuation, emoji, white space, homoglyphs and invisible characters', async (t) => {
  t.same(normalisedWords('Great post! Very timely.'), ['great', 'post', 'very', 'timely'])
  const variants = [
    'great post — very timely 👏',
    'GREAT   POST,\nVERY TIMELY!!!',
    'Great post... very timely 🙌🙌',
    'Gr℮at p\u200Bost! Vеry timely.', // ℮ and Cyrillic е, a zero-width space
    '  great post very timely  ',
  ]
  const reference = fp('Great post! Very timely.')
  for (const v of variants) t.same(fp(v), reference, JSON.stringify(v))
  t.same(normalisedWords("Don't stop"), ['dont', 'stop'], 'apostrophes dropped')
  t.same(fp("don't stop"), fp('dont stop'))
})

t.test('texts without words have no fingerprint', async (t) => {
  for (const text of ['', '   ', '👏👏👏', '!!!', '\u200B', '— … —']) t.equal(fingerprint(text), null, JSON.stringify(text))
})

t.test('similarity estimates the Jaccard similarity of words and word pairs', async (t) => {
  const template = fp('Great post! Very timely.')
  t.equal(similarity(template, template), 1)
  // 5 of 9 shingles shared: great, post, timely, "great post", "very timely" ("very" is a stop word: only in pairs)
  const named = similarity(template, fp('Great post Bruce! Very timely.'))
  t.ok(named >= NEAR_DUPLICATE_SIMILARITY && named <= 0.75, `a name inserted: ${named}`)
  t.ok(similarity(fp('Thanks for sharing!'), fp('Thanks for posting!')) < NEAR_DUPLICATE_SIMILARITY, 'two templates that share a word are not one')
  const unrelated = similarity(template, fp('We moved the support rota to four days in March and first-reply time dropped.'))
  t.ok(unrelated < 0.15, `unrelated: ${unrelated}`)
  const long = 'The 2017 change pushed me off the feed for a month, and it took a newsletter and two meetups to find my people again. '
  const edited = similarity(fp(long.repeat(3)), fp(long.repeat(3).replace('newsletter', 'podcast')))
  t.ok(edited > 0.75, `one word changed in a long text: ${edited}`)
})

t.test('signatures are stable across processes and releases (the shared store compares them)', async (t) => {
  const s = fp('great post very timely')
  t.equal(s.length, SIGNATURE_SIZE)
  t.same(Array.from(s.slice(0, 6)), Array.from(fp('Great post! Very timely.').slice(0, 6)))
  // Changing these values (the seeds, the hashes, the shingles) orphans every fingerprint already in a shared Redis.
  t.same(Array.from(s), [
    57653, 63192, 8047, 30163, 41681, 10855, 38318, 3404, 1688, 14198, 47114, 64186,
    33322, 31603, 40539, 52962, 516, 2563, 26030, 54447, 19273, 40505, 39878, 47034,
  ])
})

t.test('band keys read two values at an offset', async (t) => {
  const s = fp('great post very timely')
  const packed = new Uint16Array(SIGNATURE_SIZE * 2)
  packed.set(s, SIGNATURE_SIZE)
  for (let b = 0; b < BANDS; b++) t.equal(bandKey(packed, b, SIGNATURE_SIZE), bandKey(s, b))
  const other = Uint16Array.from(s)
  other[1] ^= 1
  t.not(bandKey(other, 0), bandKey(s, 0), 'one value differs, the band differs')
  t.equal(bandKey(other, 1), bandKey(s, 1))
  t.not(bandKey(s, 0), bandKey(Uint16Array.from([s[2], s[3], s[0], s[1]]), 1), 'the band index is part of the key')
})

t.test('mix32 is a 32-bit mixer', async (t) => {
  t.equal(mix32(0), 0)
  const outs = new Set(Array.from({ length: 1000 }, (_, i) => mix32(i)))
  t.equal(outs.size, 1000)
  for (const o of outs) t.ok(o >= 0 && o <= 0xffffffff)
})

t.test('linear in the input', async (t) => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 5000}`).join(' ')
  const time = (text: string) => {
    const start = process.hrtime.bigint()
    for (let i = 0; i < 3; i++) fingerprint(text)
    return Number(process.hrtime.bigint() - start)
  }
  time(words(2000))
  const small = time(words(2000))
  const large = time(words(16_000))
  t.ok(large < small * 8 * 3, `8× the words took ${(large / small).toFixed(1)}× the time`)
})

t.test('stop words enter only within pairs, so common words do not make texts alike', async (t) => {
  t.notSame(fp('the'), null, 'a one-word text is its word, stop word or not')
  t.ok(similarity(fp('the cat sat on the mat'), fp('the dog ran to the park')) < 0.2)
  t.same(fp('Yes.'), fp('yes'))
})

t.test("a prepared document's tokens give the text's fingerprint (scoring prepares each text once)", async (t) => {
  const { prepare } = await import('../../src/engine/document.js')
  const { fingerprintTokens } = await import('../../src/engine/fingerprint.js')
  const texts = ['Great post! Very timely.', "Don't STOP — great post 👏", 'ｇｒｅａｔ post\u200B!', '', '👏👏', 'see https://example.com/a-b and www.x.y', 'one']
  for (const text of texts) t.same(fingerprintTokens(prepare(text).tokens), fingerprint(text), JSON.stringify(text))
})
