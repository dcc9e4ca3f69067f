import { defineSignal, spanDensity } from './define.js'
import { isDigit, isSpace } from '../engine/chars.js'

const LETTER = /\p{L}/u

/**
 * Ellipses ("…" or a run of two or more periods): the mark of a thought trailing off or a pause
 * for effect, which assistant answers almost never use. Runs in links, paths and ranges
 * ("../docs", "1..10", "http://a.b/c..d") are not ellipses. The value counts one ellipsis however
 * many there are: a human marker that could be stacked would let "..." launder a template.
 * Semicolons were measured too and left out: GPT-3.5 never used them, but current models do ("It
 * wasn't just about the miles; it was about the mission"), so the dev data would misread 2024–26 text.
 */
export default defineSignal({
  id: 'ellipses',
  dimension: 'aiStyle',
  description: 'Ellipses (… or ...): a pause or trailing thought that assistant answers rarely write; a human marker that lowers the score, counted once.',
  source:
    'Punctuation counts in human vs ChatGPT answers (../shared/data/dev): ellipses appear in 10% of GRiD and 5% of HC3 human answers and in none of the ChatGPT ones. ' +
    'Question and exclamation marks are deliberately not used: GRiD\'s AI rows contain none, an artefact of that dataset.',
  weight: {
    prior: -1.0,
    reason:
      'Ellipses appear in 10% of GRiD and 5% of HC3 human answers and in none of the ChatGPT ones, so the dev data cannot say how strong they are (fitted, one "..." outweighed every other signal). Modest prior: one ellipsis in a 100-word post lowers the logit by 0.7, and stock praise with one appended ("Great post! Very timely...") stays templated.',
  },
  examples: {
    flagged: [{ text: 'Well... maybe not.', evidence: ['...'] }, { text: 'I waited… and waited.', evidence: ['…'] }, { text: 'So it goes.....', evidence: ['.....'] }, { text: 'Awww... thank you', evidence: ['...'] }],
    clean: ['It worked. Nobody knows why.', 'Version 2.1 ships today.', 'It worked; nobody knows why.', 'See ../docs/setup.md for pages 1..10 and http://example.com/a..b today.', 'Go up with cd a/.. or open (www.example.com/x..y).'],
  },
  measure(doc) {
    const t = doc.text
    const spans: Array<[number, number]> = []
    // Link state is brought up to date only when a run of periods is found, and never rescans a
    // character: linear, and nearly free on text without "..".
    let scanned = 0
    let inLink = false
    const linkAt = (i: number) => {
      for (; scanned < i; scanned++) {
        const c = t[scanned]
        if (isSpace(t.charCodeAt(scanned))) inLink = false
        else if ((c === ':' && t[scanned + 1] === '/' && t[scanned + 2] === '/') || (c === 'w' && !LETTER.test(t[scanned - 1] ?? '') && t.startsWith('www.', scanned))) inLink = true
      }
      return inLink
    }
    for (let i = t.indexOf('..'); i >= 0; i = t.indexOf('..', i)) {
      let e = i + 2
      while (t[e] === '.') e++
      const path = t[e] === '/' || t[e] === '\\' || t[i - 1] === '/' || t[i - 1] === '\\'
      const range = isDigit(t.charCodeAt(i - 1)) && isDigit(t.charCodeAt(e))
      if (!path && !range && !linkAt(i)) spans.push([i, e])
      i = e
    }
    // Counted once (see above); every ellipsis is still shown.
    return spanDensity(doc, spans, 'ellipsis', 1)
  },
})
