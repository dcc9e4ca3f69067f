import { defineSignal, lexiconDensity } from './define.js'
import { HEDGE_PHRASES } from '../lexicons/hedges-stock-qualifiers.js'

export default defineSignal({
  id: 'hedges-stock-qualifiers',
  dimension: 'aiStyle',
  description:
    'Stock hedges and qualifiers ("it\'s important to note", "can vary depending on", "a wide range of", "plays a crucial role").',
  source: 'HC3 indicating words for ChatGPT answers (Guo et al. 2023); extended with 2023–2026 assistant hedges.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: "It's important to note that results can vary depending on your hardware.", evidence: ["It's important to note", 'can vary depending on'] },
      { text: 'Generally speaking, diet plays a crucial role, and there is no one-size-fits-all plan.', evidence: ['Generally speaking', 'plays a crucial role', 'there is no one-size-fits-all'] },
      { text: 'It is worth noting that a wide range of factors affect the price.', evidence: ['It is worth noting', 'a wide range of'] },
    ],
    clean: [
      'Honestly no idea, my dad just told me to try it and it worked.',
      'The note on the fridge says the plumber comes at nine.',
      'He played a small role in the film and it was important to him.',
    ],
  },
  measure: lexiconDensity(HEDGE_PHRASES),
})
