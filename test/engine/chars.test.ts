/**
 * The link test of self-promotion's scan (linkStartsAt, built on startsWithAscii, which no-specifics'
 * quote-and-link count also uses) compares code units: the same answers as the regular expression
 * it replaced, at every position of random text.
 */
import t from 'tap'
import fc from 'fast-check'
import { linkStartsAt, startsWithAscii } from '../../src/engine/chars.js'

const byRegex = (text: string, i: number) => /^(?:https?:\/\/|www\.)/i.test(text.slice(i, i + 8))

t.test('linkStartsAt says what /^(?:https?:\\/\\/|www\\.)/i says, at every position', async (t) => {
  const pieces = fc.constantFrom('h', 'H', 't', 'T', 'p', 'P', 's', 'S', ':', '/', 'w', 'W', '.', 'x', ' ', 'İ', 'ſ', 'K', 'ｈ')
  fc.assert(
    fc.property(fc.oneof(fc.array(pieces, { maxLength: 16 }).map((a) => a.join('')), fc.string({ maxLength: 16 })), (text) => {
      for (let i = 0; i <= text.length; i++) if (linkStartsAt(text, i) !== byRegex(text, i)) return false
      return true
    }),
    { numRuns: 5000 },
  )
  for (const text of ['http://a', 'HTTPS://a', 'Www.x', 'www', 'http:/', 'https:', 'xhttp://', 'hTtP://']) {
    for (let i = 0; i <= text.length; i++) t.equal(linkStartsAt(text, i), byRegex(text, i), `${text} at ${i}`)
  }
  t.notOk(startsWithAscii('ab', 1, 'bc'), 'a prefix cut by the end of the text is no match')
})
