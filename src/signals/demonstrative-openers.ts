import { defineSignal, lexiconDensity } from './define.js'

/**
 * "This means…", "This allows…", "This is why…", "These include…": a sentence that opens by
 * pointing back at the whole previous statement to explain or sum it up, the way explanatory
 * assistant answers chain one general claim to the next (and, in current models, "This
 * highlights…", "This underscores…"). Bare deixis ("This is wrong", "This is a great post", "This
 * was in 1943") is not listed: people write it as often.
 */
/** "This is because" is left to the stock transitions (src/lexicons/transitions.ts), so it is not counted twice. */
const FOLLOWERS = [
  'means', 'allows', 'helps', 'leads', 'creates', 'results', 'process', 'type', 'includes', 'include', 'can',
  'makes', 'highlights', 'underscores', 'ensures', 'shows', 'demonstrates', 'reflects', 'approach', 'enables',
  'is why', 'is where', 'is especially', 'is particularly', 'is important', 'is known', 'is called',
  'is due',
]
const OPENERS = ['this', 'these'].flatMap((pronoun) => FOLLOWERS.map((rest) => ({ phrase: `${pronoun} ${rest}`, note: 'demonstrative sentence opener' })))

export default defineSignal({
  id: 'demonstrative-openers',
  dimension: 'aiStyle',
  description: 'Sentences that open by pointing back to explain or sum up: "This means…", "This allows…", "This is why…", "These include…".',
  source:
    'Sentence-initial demonstrative + explanatory verb in human vs ChatGPT answers (../shared/data/dev): 20% of HC3 and 10% of GRiD ChatGPT answers vs 4% and 5% of human ones; ' +
    'current-model forms ("This highlights", "This underscores") from the style words of Kobak et al. 2024.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [{ text: 'The horn narrows forever. This means its volume stays finite.', evidence: ['This means'] }, { text: 'Some cells divide quickly. These include skin cells.', evidence: ['These include'] }],
    clean: ['This is wrong.', 'This was in 1943.', 'This is a great post!', 'These cells divide quickly.', 'I read this means war.'],
  },
  measure: lexiconDensity(OPENERS, { atSentenceStart: true }),
})
