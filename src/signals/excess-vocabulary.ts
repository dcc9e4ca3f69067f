import { defineSignal, lexiconDensity } from './define.js'
import { EXCESS_WORDS } from '../lexicons/excess-vocabulary.js'

export default defineSignal({
  id: 'excess-vocabulary',
  dimension: 'aiStyle',
  description:
    'Density of words whose use jumped with assistant models (delve, pivotal, showcasing, underscores, intricate, fostering).',
  source: 'Kobak et al. 2024, "Delving into ChatGPT usage in academic writing through excess vocabulary" (style words).',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'This pivotal study delves into the intricate interplay of culture and policy.', evidence: ['pivotal', 'delves', 'intricate', 'interplay'] },
      { text: 'Additionally, the app showcases a seamless, comprehensive experience.', evidence: ['Additionally', 'showcases', 'seamless', 'comprehensive'] },
    ],
    clean: [
      'We went to the lake on Sunday and the kids caught two fish.',
      'I think the second chapter drags, but the ending is good.',
    ],
  },
  measure: lexiconDensity(EXCESS_WORDS),
})
