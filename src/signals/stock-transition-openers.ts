import { defineSignal, lexiconDensity } from './define.js'
import { TRANSITION_OPENERS } from '../lexicons/transitions.js'

export default defineSignal({
  id: 'stock-transition-openers',
  dimension: 'aiStyle',
  description: 'Sentences that open with stock transitions (Moreover, Additionally, In conclusion, Overall).',
  source: 'HC3 indicating words (Guo et al. 2023); Kobak et al. 2024 excess vocabulary.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [{ text: 'Moreover, it is vital to foster collaboration.', evidence: ['Moreover'] }, { text: 'We tried it. Overall, the results were positive.', evidence: ['Overall'] }],
    clean: ['We shipped it on Tuesday and it broke on Wednesday.', 'The overall plan was fine.'],
  },
  measure: lexiconDensity(TRANSITION_OPENERS, { atSentenceStart: true }),
})
