/**
 * no-specifics reads each token's shape by code unit where the text is ASCII (issue 14): the same
 * answers as the regular expressions that define the shapes.
 */
import t from 'tap'
import fc from 'fast-check'
import { SHAPE, tokenShape } from '../../src/signals/no-specifics.js'
import { tokenize } from '../../src/engine/document.js'

const byRegex = (text: string) =>
  (/^\p{Lu}[\p{L}\p{M}']*$/u.test(text) ? SHAPE.capitalised : 0) | (/^\p{Lu}{2,6}s?$/u.test(text) ? SHAPE.acronym : 0) | (/\p{N}/u.test(text) ? SHAPE.digit : 0)

t.test('tokenShape says what the regular expressions say, on every token of random text', async (t) => {
  const alphabet = fc.constantFrom('A', 'B', 'Z', 'a', 's', 'S', 'z', '0', '9', "'", 'É', 'é', 'Ⅻ', '٣', 'e\u0301', 'ß', ' ', '.')
  fc.assert(
    fc.property(fc.oneof(fc.array(alphabet, { maxLength: 12 }).map((a) => a.join('')), fc.string({ unit: 'grapheme', maxLength: 12 })), (text) =>
      tokenize(text).every((tok) => tokenShape(tok.text) === byRegex(tok.text)),
    ),
    { numRuns: 5000 },
  )
  for (const word of ['NASA', 'APIs', 'Ss', 'SS', 'AAAAAAs', 'AAAAAAA', 'Bruce', "O'Neil", 'B2B', 'x1', 'Émile', 'ÉTÉ']) {
    t.equal(tokenShape(word), byRegex(word), word)
  }
})
