import { defineSignal, lexiconDensity } from './define.js'
import { ASSISTANT_PHRASES } from '../lexicons/assistant-phrases.js'

export default defineSignal({
  id: 'assistant-phrases',
  dimension: 'aiStyle',
  description:
    'Phrases over-used by current assistant models ("delve into", "a testament to", "navigate the complexities", "I hope this helps").',
  source:
    'Curated from sam-paech/antislop-sampler and slop-forensics (non-fiction entries only), HC3 ChatGPT sign-offs, and 2023–2026 assistant and LinkedIn phrasing.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: "In today's fast-paced world, we must navigate the complexities of remote work.", evidence: ["In today's fast-paced world", 'navigate the complexities of'] },
      { text: 'This launch is a testament to our team. Let’s dive in!', evidence: ['is a testament to', 'Let’s dive in'] },
      { text: 'I hope this helps! Feel free to ask if anything is unclear.', evidence: ['I hope this helps', 'Feel free to'] },
    ],
    clean: [
      'We dove into the lake and swam to the far dock.',
      'The old testament reading was short, and the sermon ran long.',
      'Thanks, that fixed it. The build is green again.',
    ],
  },
  measure: lexiconDensity(ASSISTANT_PHRASES),
})
