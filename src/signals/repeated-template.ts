import { isRepeatedTemplate } from '../engine/document.js'
import { defineSignal, NOTHING } from './define.js'

/** Beyond this value more accounts add nothing: 7 × TEMPLATE_MIN_AUTHORS sources reach it. */
const MAX_VALUE = 3


const SINCE = '2026-01-05T09:00:00.000Z'

export default defineSignal({
  id: 'repeated-template',
  anyLanguage: true,
  dimension: 'generic',
  description:
    "The same text, or a near-duplicate of it, came from at least TEMPLATE_MIN_AUTHORS distinct sources within the template memory's window (of the caller's tenant): distinct authors (without an author: distinct parent posts; submissions with neither count as one source).",
  source:
    'Copy-paste comment campaigns and engagement pods post one template from many accounts (Keller et al., "Political astroturfing on Twitter", 2020: coordinated accounts reuse identical text); near-duplicates by MinHash over word shingles (Broder 1997).',
  weight: {
    prior: 4.0,
    reason: 'Only the template memory sees one text arrive from many accounts, and no dev file records who posted what, so the weight is set: one text from several accounts is a copy-paste campaign whatever its style. At TEMPLATE_MIN_AUTHORS sources (value 1) it adds 4 logits, which lifts an ordinary authentic-looking comment into templated and a long personal one to authentic-or-uncertain; at three times as many sources (value 2) even the latter is templated.',
  },
  examples: {
    flagged: [
      {
        text: 'Great post! Very timely.',
        kind: 'comment',
        memory: { authors: 3, submissions: 2, since: SINCE, minAuthors: 3 }, evidence: ['Great post! Very timely'],
      },
      {
        text: 'We moved our support team to a four-day week last spring and ticket times went down, not up.',
        memory: { authors: 40, submissions: 57, since: SINCE, minAuthors: 3 }, evidence: ['We moved our support team to a four-day week last spring and ticket times went down, not up'],
      },
      { text: 'Thanks for sharing', memory: { authors: 2, submissions: 1, since: SINCE, minAuthors: 2 }, evidence: ['Thanks for sharing'] },
    ],
    clean: [
      // the first submission: nothing was seen before
      'Great post! Very timely.',
      { text: 'Great post! Very timely.', memory: { authors: 1, submissions: 0, since: null, minAuthors: 1 } },
      // seen before, but from fewer sources than make a template
      { text: 'Great post! Very timely.', memory: { authors: 2, submissions: 1, since: SINCE, minAuthors: 3 } },
      // one author sending the same text again and again is not a campaign
      { text: 'Great post! Very timely.', memory: { authors: 1, submissions: 9, since: SINCE, minAuthors: 3 } },
    ],
  },
  measure(doc) {
    const m = doc.memory
    if (!isRepeatedTemplate(m) || doc.tokens.length === 0) return NOTHING
    const min = Math.max(1, m.minAuthors)
    // 1 at the threshold, 2 at three times it, 3 (the cap) at seven times: a campaign from many accounts weighs more, log-damped.
    const value = Math.min(MAX_VALUE, Math.log2(1 + m.authors / min))
    // The evidence names a band, in multiples of TEMPLATE_MIN_AUTHORS where the value reaches 1, 2 and 3: "at least" its
    // floor, never the count nor a date, so a `remember: false` probe does not read the memory back.
    const floor = min * (m.authors >= 7 * min ? 7 : m.authors >= 3 * min ? 3 : 1)
    const note = `the same text, or a near-duplicate, came from at least ${floor} distinct sources (this one included) within the template memory's window`
    return { value, evidence: [doc.evidence(doc.tokens[0].start, doc.tokens[doc.tokens.length - 1].end, note)] }
  },
})
