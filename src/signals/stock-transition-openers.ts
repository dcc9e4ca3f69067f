import { defineSignal, density, NOTHING } from './define.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import { TRANSITION_OPENERS } from '../lexicons/transitions.js'

const openers = phraseMatcher(TRANSITION_OPENERS)

export default defineSignal({
  id: 'stock-transition-openers',
  dimension: 'aiStyle',
  description: 'Sentences that open with stock transitions (Moreover, Additionally, In conclusion, Overall).',
  source: 'HC3 indicating words (Guo et al. 2023); Kobak et al. 2024 excess vocabulary.',
  examples: {
    flagged: ['Moreover, it is vital to foster collaboration.', 'We tried it. Overall, the results were positive.'],
    clean: ['We shipped it on Tuesday and it broke on Wednesday.', 'The overall plan was fine.'],
  },
  measure(doc) {
    const matches = openers.find(doc.tokens, { atSentenceStart: true })
    if (matches.length === 0) return NOTHING
    return { value: density(matches.length, doc), evidence: matchEvidence(doc, matches) }
  },
})
