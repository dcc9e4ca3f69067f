import { defineSignal, lexiconDensity } from './define.js'
import { CURRENT_MODEL_PHRASES } from '../lexicons/current-model-vocabulary.js'

export default defineSignal({
  id: 'current-model-vocabulary',
  dimension: 'aiStyle',
  description: 'Density of words that 2024–26 models over-use against human writing of the same kind (navigate, foster, ensures, a powerful, commitment to).',
  source:
    'Derived from matched human/AI text (modern-rewrites: GPT-4o, Gemini 1.5, Llama 3 rewrites of the same texts in 20 registers; modern-essays: Claude Sonnet 5, GPT-5.6) by scripts/derive-lexicon.ts; ' +
    'kept only where over-used in 8+ registers, by 2+ models and in a second source, and not common in learners\' essays.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [{ text: 'Our team ensures every client can navigate the process with confidence.', evidence: ['ensures', 'navigate'] }, { text: 'This commitment to quality reveals a powerful truth about the brand.', evidence: ['commitment to', 'reveals', 'a powerful'] }],
    clean: ['We fixed the bug on Friday and shipped the release on Monday.', 'The food was cold and the waiter forgot our drinks.'],
  },
  measure: lexiconDensity(CURRENT_MODEL_PHRASES),
})
