import { defineSignal, spanDensity } from './define.js'
import { C, isBlank } from '../engine/chars.js'



/**
 * Em dashes per 100 words. Recent assistant models lean on the em dash ("It's not a tool — it's a
 * mindset"); people use it too, so this is weak evidence that only adds up with other signals.
 * GPT-3.5-era data (HC3, GRiD) predates the habit.
 */
export default defineSignal({
  id: 'em-dash-density',
  dimension: 'aiStyle',
  description: 'Em dashes (— or a spaced --) per 100 words; weak evidence on its own.',
  source:
    'Widely reported em-dash habit of 2024–25 chat models (GPT-4o and later); absent from the ' +
    'GPT-3.5-era dev data, so its weight cannot be fitted there and it stays weak evidence.',
  weight: {
    prior: 0.3,
    reason: 'Em dashes mark 2024–26 model output, not the GPT-3.5 dev data, and many careful human writers use them: weak prior.',
  },
  examples: {
    flagged: [
      { text: "It's not just a tool — it's a mindset. And that changes everything.", evidence: ['—'] },
      { text: 'We tested it -- and the results surprised us.', evidence: ['--'] },
    ],
    clean: [
      'The 2019–2020 season ran from pages 10-12 of the report, a well-known long-term trend.',
      '----\nSection break above; the rest follows. Call 555-0100 for details.',
    ],
  },
  measure(doc) {
    const t = doc.text
    const found: Array<[number, number]> = []
    let i = 0
    while (i < t.length) {
      const c = t.charCodeAt(i)
      if (c === C.EM_DASH) {
        // A run of three or more is a rule or a redaction line, not punctuation.
        let j = i
        while (j < t.length && t.charCodeAt(j) === C.EM_DASH) j++
        if (j - i <= 2) found.push([i, j])
        i = j
        continue
      }
      if (c === C.HYPHEN) {
        let j = i
        while (j < t.length && t.charCodeAt(j) === C.HYPHEN) j++
        // Exactly two hyphens with a space on each side, between words: a typed em dash.
        if (j - i === 2 && i > 0 && isBlank(t.charCodeAt(i - 1)) && j < t.length && isBlank(t.charCodeAt(j))) found.push([i, j])
        i = j
        continue
      }
      i++
    }
    return spanDensity(doc, found, 'em dash')
  },
})
