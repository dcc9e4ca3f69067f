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

t.test('signatures of a one-word text, a text of stop words only, emoji, width and ligature folds and a long text are pinned too', async (t) => {
  // Computed by the code before the minima were kept as int32s (commit 17fed76): the same values bit for bit.
  const pinned: Array<[string, number[]]> = [
    ["timely", [25643, 62111, 25004, 10998, 481, 31714, 8185, 3404, 62798, 18848, 47114, 64742, 24880, 40418, 9145, 25105, 20129, 34669, 20992, 19279, 17871, 49429, 9111, 39854]],
    ["the and of it", [42254, 18584, 35778, 11381, 9554, 42083, 36475, 39432, 44172, 53248, 24114, 37439, 2074, 48615, 37728, 61761, 13386, 54864, 45607, 23426, 41941, 16864, 60858, 56082]],
    ["Thanks for sharing! 🙌", [41232, 32393, 1516, 62503, 23635, 51735, 3834, 41556, 64687, 12833, 20687, 6691, 49755, 12992, 56914, 19758, 12894, 56052, 55480, 40623, 3459, 42358, 32120, 23220]],
    ["I've been using this approach for about three years now and honestly the biggest difference was not the tooling.", [24590, 9631, 32121, 62702, 19012, 53799, 58678, 33095, 20273, 21909, 12186, 44269, 54774, 54324, 31165, 63803, 1484, 15115, 17524, 17301, 12130, 42018, 22204, 33661]],
    ["Ｆｕｌｌwidth ﬁne café naïve 2026 x", [53933, 35400, 34386, 51139, 48974, 22317, 43510, 26028, 16167, 36557, 58506, 34031, 31085, 8879, 38343, 19708, 1170, 9081, 51016, 31575, 44910, 30630, 36376, 49551]],
    ['a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(20), [55742, 9529, 57479, 25007, 18110, 16231, 44535, 47119, 25067, 46043, 60683, 61571, 30083, 57731, 64669, 47058, 51837, 27360, 46491, 62835, 26713, 37802, 58623, 54421]],
  ]
  for (const [text, values] of pinned) t.same(Array.from(fp(text)), values, text.slice(0, 40))
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
