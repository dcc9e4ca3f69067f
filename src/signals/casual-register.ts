import { defineSignal, lexiconDensity } from './define.js'
import { CASUAL_WORDS } from '../lexicons/register.js'

export default defineSignal({
  id: 'casual-register',
  dimension: 'aiStyle',
  description:
    'Casual, conversational words (pretty, basically, probably, stuff, kind of, I guess): a human marker that lowers the score.',
  source: 'Document frequencies of human vs ChatGPT answers agreeing across GRiD and HC3 (Guo et al. 2023); see src/lexicons/register.ts.',
  weight: { fit: 'lowers' },
  examples: {
    flagged: [
      { text: "It's pretty much the same stuff, I guess.", evidence: ['pretty much', 'stuff', 'I guess'] },
      { text: 'Basically the old bridge was probably built a bit too low.', evidence: ['Basically', 'probably', 'a bit'] },
    ],
    clean: [
      'The committee approved the budget for the new library.',
      'Several factors influence the outcome of the process.',
    ],
  },
  measure: lexiconDensity(CASUAL_WORDS),
})
