/**
 * Part-of-speech tags for the grammatical style signals (Biber's features: nominalisations,
 * participial clauses, that-clauses, passives), from wink-nlp's English model. Chosen on the numbers
 * of scripts/pos-taggers.ts: 95.1% of hand-tagged words right against 92.0% for natural's Brill
 * tagger (which tags "I" as a noun and whose files carry a GPL header) and 92.7% for compromise,
 * at natural's speed (about 3 MB/s) and linear in the input; its tokens map back to exact offsets.
 */
import { createRequire } from 'node:module'
import type winkNLP from 'wink-nlp'
import { isSpace } from './chars.js'

/** Universal POS tags, as wink-nlp gives them. */
export type Upos =
  | 'ADJ' | 'ADP' | 'ADV' | 'AUX' | 'CCONJ' | 'DET' | 'INTJ' | 'NOUN' | 'NUM' | 'PART' | 'PRON' | 'PROPN' | 'PUNCT' | 'SCONJ' | 'SYM' | 'VERB' | 'X' | 'SPACE'

/**
 * One instance for the process: readDoc keeps nothing of a document once it is read (measured: the
 * heap stays at 23 MB while 5 MB of made-up words, 500,000 distinct, are tagged), and tags do not
 * depend on what the instance read before (scripts/pos-taggers.ts checks it).
 */
let nlp: ReturnType<typeof winkNLP> | undefined

/**
 * The instance, loaded on the first sentence to tag (280 ms of loading and set-up, measured), so a
 * process that never tags (the CLI on a short text, most test files) does not pay for it.
 */
function tagger(): ReturnType<typeof winkNLP> {
  if (nlp === undefined) {
    const require = createRequire(import.meta.url)
    nlp = (require('wink-nlp') as typeof winkNLP)(require('wink-eng-lite-web-model'), ['pos'])
  }
  return nlp
}

/** wink's tokeniser is quadratic in a run of characters without white space; no word is this long. */
const MAX_RUN = 64

/** Whether the text holds a run of more than MAX_RUN characters without white space (one linear pass). */
function hasLongRun(text: string): boolean {
  let run = 0
  for (let i = 0; i < text.length; i++) {
    run = isSpace(text.charCodeAt(i)) ? 0 : run + 1
    if (run > MAX_RUN) return true
  }
  return false
}

/**
 * The tag of each of the engine's tokens: the tag of the first wink token that starts inside it
 * ("don't" → do/AUX, "I'm" → PRON). Tokens wink does not cover get 'X'. Linear in the text.
 * `text` may be a slice of the document starting at `offset`, the tokens' offsets being the document's.
 * A text with a run of over MAX_RUN characters without white space is not tagged (all 'X'):
 * wink would take quadratic time on it.
 */
export function tagTokens(text: string, tokens: ReadonlyArray<{ start: number; end: number }>, offset = 0): Upos[] {
  const tags = new Array<Upos>(tokens.length).fill('X')
  if (tokens.length === 0 || hasLongRun(text)) return tags
  const { its, readDoc } = tagger()
  const wt = readDoc(text).tokens()
  const values = wt.out(its.value) as string[]
  const spaces = wt.out(its.precedingSpaces) as string[]
  const pos = wt.out(its.pos) as string[]
  let at = 0 // offset in `text` of the next wink token
  let t = 0 // next engine token
  for (let i = 0; i < values.length && t < tokens.length; i++) {
    const v = values[i]
    at += spaces[i].length
    if (!text.startsWith(v, at)) {
      // wink drops a few white-space characters (vertical tab, U+2028…): find the token again
      // (a few characters on: a bounded look, so a token that is not there costs no scan of the rest)
      const j = text.slice(at, at + v.length + 8).indexOf(v)
      if (j < 0) continue
      at += j
    }
    const start = at + offset
    at += v.length
    while (t < tokens.length && tokens[t].end <= start) t++
    if (t < tokens.length && tokens[t].start <= start && start < tokens[t].end && (start === tokens[t].start || tags[t] === 'X')) {
      // wink tags "I'm" as one proper noun
      tags[t] = pos[i] === 'PROPN' && /^i['’]?m$/i.test(v) ? 'PRON' : (pos[i] as Upos)
    }
  }
  return tags
}
