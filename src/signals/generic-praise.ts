import { defineSignal, NOTHING } from './define.js'
import { findAddressedNames, findPraise } from '../lexicons/praise-find.js'

/** Texts shorter than this are measured as if they had this many words ("Congrats!" is 1/4). */
const MIN_WORDS = 4

export default defineSignal({
  id: 'generic-praise',
  dimension: 'generic',
  description: 'Stock praise, thanks and agreement ("Great post!", "Very timely.", "Thanks for sharing") as a share of the words.',
  source: "Templated comments under the seed LinkedIn thread and common engagement-pod replies; this project's praise lexicon.",
  weight: {
    prior: 6.0,
    reason: 'Stock praise ("Great post!", "Thanks for sharing") is the template this service exists to catch; no dev file labels it (YouTube ham is full of fans\' praise for songs), so the weight is set: a comment made only of stock praise lands in templated, with an ellipsis appended too ("Great post... Very timely..."). Raised from 5.0 when the thresholds began to protect formal human prose (templated from logit 3.1, not 2.1).',
  },
  examples: {
    flagged: [
      { text: 'Great post Bruce! Very timely.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?', evidence: ['Great post', 'Very timely'] },
      { text: 'Thought provoking analysis, Bruce Segall. Thanks for adding to this important conversation.', evidence: ['Thought provoking analysis', 'Thanks for adding to this important conversation'] },
      { text: 'So true. Thanks for sharing!', evidence: ['So true', 'Thanks for sharing'] },
    ],
    clean: [
      'The 2017 change pushed me off the feed for a month; the 2023 one has not, yet.',
      'I disagree: automated comments were already common before ChatGPT.',
    ],
  },
  measure(doc) {
    const praise = findPraise(doc)
    if (praise.spans.length === 0) return NOTHING
    // The name a template addresses is part of the template: "Great post Bruce! Very timely." is all praise.
    let covered = 0
    for (let k = 0; k < praise.covered.length; k++) covered += praise.covered[k]
    for (const a of findAddressedNames(doc)) covered += a.end - a.first
    const value = Math.min(1, covered / Math.max(doc.tokens.length, MIN_WORDS))
    const evidence = praise.spans.map((s) => doc.evidence(doc.tokens[s.first].start, doc.tokens[s.end - 1].end, s.note))
    return { value, evidence }
  },
})
