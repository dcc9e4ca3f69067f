import type { Doc } from '../engine/document.js'
import type { Ints } from '../engine/arrays.js'
import { countedEvidence, defineSignal } from './define.js'
import { FIRST_PERSON_SINGULAR, MINE_AS_NOUN_BEFORE } from '../lexicons/first-person.js'
import { WordSet, wordIds } from '../lexicons/match.js'

const PRONOUNS = new WordSet(FIRST_PERSON_SINGULAR)

/**
 * Whether a token is the pronoun and not a homograph: "I" in "World War I" or "Charles I" is a
 * numeral (a capitalised word right before it, mid-sentence), "mine" after "a" or "coal" is a noun.
 */
function isPronoun(doc: Doc, i: number, ids: Readonly<Ints>): boolean {
  const tok = doc.tokens[i]
  if (!PRONOUNS.hasId(ids[i])) return false
  const prev = i > 0 && doc.tokens[i - 1].sentence === tok.sentence ? doc.tokens[i - 1] : undefined
  if (tok.text === 'I' && prev !== undefined) {
    const prevIsSentenceStart = i - 1 === 0 || doc.tokens[i - 2].sentence !== prev.sentence
    const c = prev.text.charAt(0)
    if (!prevIsSentenceStart && c !== c.toLowerCase() && prev.text !== 'I') return false
  }
  if (tok.lower === 'mine' && prev !== undefined && MINE_AS_NOUN_BEFORE.has(prev.lower)) return false
  return true
}

/**
 * Human marker: first-person singular pronouns (I, me, my, I'm, ...). People write from their own
 * experience; assistant answers mostly don't. It lowers the score.
 */
export default defineSignal({
  id: 'first-person',
  dimension: 'aiStyle',
  description: 'First-person singular pronouns (I, me, my, I\'m); a human marker that lowers the score.',
  source:
    'Pronoun use as a stylometric marker (Pennebaker, The Secret Life of Pronouns, 2011); HC3 human ' +
    'indicating words ("I believe", "My experience", "To me"); on the dev data human answers use ' +
    '"I/me/my" about ten times as often as the ChatGPT answers.',
  weight: {
    prior: -1.0,
    reason:
      'A human marker the dev data overstates: its GPT-3.5 answers almost never say "I", so the fitted weight (about -1.7 per unit) let first person alone pull a post down by 3 logits, and current models write first-person stories and LinkedIn posts (see ../shared/data/README.md). Set at about 60% of the fitted weight: GRiD and HC3 out-of-fold AUROC move by under 0.001.',
  },
  examples: {
    flagged: [
      { text: 'I tried this last year and my landlord hated it.', evidence: ['I', 'my'] },
      { text: "honestly i'm not sure, but it worked for me", evidence: ["i'm", 'me'] },
    ],
    clean: [
      'The treaty ended World War I and redrew the map of Europe.',
      'The coal mine closed in 1984, and we moved the archive to our new office.',
    ],
  },
  measure(doc) {
    const evidence = []
    const ids = wordIds(doc.tokens)
    for (let i = 0; i < doc.tokens.length; i++) {
      if (isPronoun(doc, i, ids)) evidence.push(doc.evidence(doc.tokens[i].start, doc.tokens[i].end, 'first-person pronoun'))
    }
    return countedEvidence(doc, evidence)
  },
})
