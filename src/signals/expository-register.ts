import { defineSignal, lexiconDensity } from './define.js'
import { EXPOSITORY_WORDS } from '../lexicons/register.js'

export default defineSignal({
  id: 'expository-register',
  dimension: 'aiStyle',
  description:
    'Density of the impersonal, generalising words assistants explain with (factors, various, typically, individuals, key, overall).',
  source: 'Document frequencies of human vs ChatGPT answers agreeing across GRiD and HC3 (Guo et al. 2023); see src/lexicons/register.ts.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'Several factors typically influence how individuals respond, and the overall impact can vary.', evidence: ['Several', 'factors', 'typically', 'influence', 'individuals', 'overall', 'impact', 'vary'] },
      { text: 'The key role of sleep involves a combination of various processes.', evidence: ['key', 'role', 'involves', 'combination', 'various'] },
    ],
    clean: [
      'We moved the meeting to Thursday because Sam was out sick.',
      'My grandmother grew tomatoes on the balcony every summer.',
    ],
  },
  measure: lexiconDensity(EXPOSITORY_WORDS),
})
