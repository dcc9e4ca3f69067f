import type { Doc, Range } from '../engine/document.js'
import { countedEvidence, defineSignal } from './define.js'
import { CONVENTIONALLY_LOWERCASE } from '../lexicons/lowercase-starts.js'

const LOWER = /^\p{Ll}/u
const UPPER = /\p{Lu}/u
const LETTER = /^\p{L}/u
const DIGIT = /\p{N}/u

/** Whether the text at `end` continues a word with ".x", ":x" or "@" (a domain, a URL, "doi:10", an e-mail, "e.g."). */
function runsOn(doc: Doc, end: number): boolean {
  const t = doc.text
  const next = t[end + 1] ?? ' '
  return (t[end] === '.' && LETTER.test(next)) || (t[end] === ':' && next !== ' ' && next !== '\n') || t[end] === '@'
}

/** Abbreviations that end in a period mid-sentence and that the sentence splitter may take for an end. */
const ABBREVIATIONS = new Set([
  'etc', 'vs', 'al', 'approx', 'cf', 'viz', 'ca', 'no', 'fig', 'inc', 'ltd', 'co', 'jr', 'sr', 'st', 'dr', 'mr',
  'mrs', 'ms', 'mss', 'prof', 'esp', 'incl', 'ed', 'eds', 'trans', 'vol', 'pp', 'ch', 'lit', 'op', 'ibid',
])
const TERMINAL = new Set(['.', '!', '?', '\u2026'])

/**
 * Whether the split before sentence `s` is not a real sentence end: the previous "sentence" closed on
 * an abbreviation or initial ("etc.", "p.m.", "Natasha Z."), an ellipsis ("... and then"), or
 * punctuation inside a quotation or parenthesis ("\"Jeopardy!\" in 2004"), or a line break inside a
 * hard-wrapped sentence.
 */
function falseBoundary(doc: Doc, s: Range, prev: Range | undefined): boolean {
  if (prev === undefined) return false
  const t = doc.text
  const last = t[prev.end - 1]
  // A hard-wrapped line: the previous line did not end a sentence and no blank line parts them.
  if (!TERMINAL.has(last) && !/\n[ \t]*\n/.test(t.slice(prev.end, s.start))) return true
  if (last === '"' || last === "'" || last === ')' || last === ']' || last === '\u2026') return true
  if (last === '.' && (t[prev.end - 2] === '.' || (t[prev.end - 2] === ' ' && t[prev.end - 3] === '.'))) return true
  if (prev.endToken > prev.firstToken && last === '.') {
    const tok = doc.tokens[prev.endToken - 1]
    if (tok.end === prev.end - 1 && (tok.text.length === 1 || ABBREVIATIONS.has(tok.lower))) return true
  }
  return false
}

/** The first word of a sentence that starts in lower case, as casual typing does; else undefined. */
function lowercaseStart(doc: Doc, s: Range, prev: Range | undefined): number | undefined {
  if (s.endToken - s.firstToken < 2) return undefined
  const first = doc.tokens[s.firstToken]
  // Mentions, hashtags, paths, numbered items, parentheticals ("(read more)") and quoted blocks ("> ").
  for (let q = s.start; q < first.start; q++) {
    const c = doc.text[q]
    if (c === '@' || c === '#' || c === '/' || c === '\\' || c === '(' || c === '[' || c === '>' || (c >= '0' && c <= '9')) return undefined
  }
  if (!LOWER.test(first.text) || UPPER.test(first.text) || DIGIT.test(first.text)) return undefined
  if (first.text.length === 1 && first.text !== 'i') return undefined // a variable ("x = 2")
  if (CONVENTIONALLY_LOWERCASE.has(first.lower) || runsOn(doc, first.end)) return undefined
  if (falseBoundary(doc, s, prev)) return undefined
  return s.firstToken
}

/**
 * Human marker: sentences that start in lower case and the pronoun typed as "i". Casual typing skips
 * the shift key; assistants capitalise every sentence. It lowers the score.
 */
export default defineSignal({
  id: 'lowercase-starts',
  dimension: 'aiStyle',
  description: 'Sentences starting in lower case and a lower-case "i"; a human marker that lowers the score.',
  source:
    'Casual-typing markers in informal computer-mediated communication (Herring 2012; Tagliamonte & ' +
    'Denis 2008); assistant output capitalises sentences by construction.',
  weight: {
    prior: -1.0,
    reason:
      'Sentences and a lowercase "i" written without capitals are in under 1% of the ChatGPT answers the dev data fits, so their strength cannot be fitted (fitted, one lowercase start pulled a comment down by 4 logits, a cheap way to launder a template). Modest prior, like the other human markers that models do not write.',
  },
  examples: {
    flagged: [{ text: 'i think so too. anyway, see you tomorrow.', evidence: ['i', 'anyway'] }, { text: 'Went there last week. honestly it was fine.', evidence: ['honestly'] }],
    clean: [
      'iPhone sales fell. e.g. the new model sold less. Visit example.com for more. @anna thanks!',
      'The meeting starts at 3 p.m. sharp. Bring the Ph.D. students too.',
    ],
  },
  measure(doc) {
    const hits: number[] = []
    for (let n = 0; n < doc.sentences.length; n++) {
      const k = lowercaseStart(doc, doc.sentences[n], n > 0 ? doc.sentences[n - 1] : undefined)
      if (k !== undefined) hits.push(k)
    }
    // The lower-case pronoun "i" anywhere else in a sentence.
    for (let i = 0; i < doc.tokens.length; i++) {
      const tok = doc.tokens[i]
      if (tok.text !== 'i' || runsOn(doc, tok.end)) continue
      if (i > 0 && doc.tokens[i - 1].sentence === tok.sentence && !isVariableContext(doc, i)) hits.push(i)
    }
    hits.sort((a, b) => a - b)
    return countedEvidence(
      doc,
      hits.map((k) => doc.evidence(doc.tokens[k].start, doc.tokens[k].end, doc.tokens[k].text === 'i' ? 'lower-case "i"' : 'sentence starts in lower case')),
    )
  },
})

/** "for i in range", "x_i", "a[i]", "the letter \"i\"": an index, a letter or a flag, not the pronoun. */
function isVariableContext(doc: Doc, i: number): boolean {
  const t = doc.text
  const tok = doc.tokens[i]
  const before = t[tok.start - 1]
  const after = t[tok.end]
  // Quoted ("the letter \"i\""), indexed, assigned, called, or a command-line flag ("/i", "-i").
  if (before === '"' || before === "'" || before === '[' || before === '_' || before === '=' || before === '/' || before === '-') return true
  if (after === ']' || after === '=' || after === '(' || after === '"' || after === "'") return true
  const prev = doc.tokens[i - 1].lower
  const next = i + 1 < doc.tokens.length ? doc.tokens[i + 1].lower : ''
  return prev === 'for' && next === 'in'
}
