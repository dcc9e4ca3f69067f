import { countedEvidence, defineSignal, NOTHING } from './define.js'
import { findAddressedNames } from '../lexicons/praise-find.js'

export default defineSignal({
  id: 'name-plus-praise',
  dimension: 'generic',
  description: 'The name-plus-praise template: stock praise addressed to a capitalised name ("Great post Bruce!", "Well said, Maria.").',
  source: "Templated comments under the seed LinkedIn thread; this project's praise lexicon.",
  weight: {
    prior: 1.0,
    reason: 'The name-plus-praise comment template ("Great insights, Bruce!") is absent from dev data; prior.',
  },
  examples: {
    flagged: [
      { text: 'Great post Bruce! Very timely.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?', evidence: ['Great post Bruce'] },
      { text: 'Thought provoking analysis, Bruce Segall. Thanks for adding to this important conversation.', evidence: ['Thought provoking analysis, Bruce Segall'] },
      { text: 'Bruce, great post!', evidence: ['Bruce, great post'] },
      { text: 'Hi Maria - well said.', evidence: ['Maria - well said'] },
    ],
    clean: [
      'Great post. Microsoft should read it.',
      'Bruce wrote a great post about the 2017 changes.',
      'Great insights from the Pew survey on automated messaging.',
    ],
  },
  measure(doc) {
    const addresses = findAddressedNames(doc)
    if (addresses.length === 0) return NOTHING
    const evidence = addresses.map((a) => {
      const first = Math.min(a.first, a.praise.first)
      const last = Math.max(a.end, a.praise.end) - 1
      return doc.evidence(doc.tokens[first].start, doc.tokens[last].end, `${a.praise.note} addressed to a name`)
    })
    return countedEvidence(doc, evidence)
  },
})
