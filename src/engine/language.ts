/**
 * Language identification with franc-min's trigram profiles of the 82 most spoken languages,
 * through ./franc.ts (franc's answers, computed faster).
 * The signals are built for English: on other languages they mostly stay silent, which would read
 * as "authentic", so the engine says so instead of pretending.
 */
import { francBest } from './franc.js'
import { WordSet, wordIds } from '../lexicons/match.js'
import type { Doc } from './document.js'

/** franc is unreliable below this many letters; such text is `und` (undetermined). */
export const MIN_LETTERS = 40
/** Trigram statistics settle long before this; bounds the cost on huge inputs. */
const MAX_CHARS = 4000
/**
 * franc ranks English below a look-alike language on many short English texts (headlines come
 * out as French or Dutch), so English wins when its trigram score is this close to the best.
 */
const ENGLISH_MARGIN = 0.8
/**
 * English words that are not also common words of French, Spanish, German, Dutch, Italian or
 * Portuguese ("is", "we", "of" are Dutch, "was" and "will" German and Dutch, "do" Portuguese, "i"
 * Italian, "me", "he", "her", "over", "also", "die" are left out for the same reason). Short
 * English text (a headline, a comment) is English when enough of its words are these, whatever the
 * trigrams say.
 */
const ENGLISH_FUNCTION_WORDS = new WordSet([
  'the', 'and', 'to', 'you', 'your', 'this', 'that', 'are', 'were', 'with',
  'for', 'what', 'how', 'why', 'it', 'its', "it's", 'they', 'my', 'be', 'have', 'has',
  'can', 'not', 'from', 'at', 'by', 'about', 'these', 'who', 'when', 'which', 'would',
  'should', 'just', 'more', 'than', 'our', 'their', 'does', 'did', 'been', 'if',
  'us', 'she', 'him', 'his', 'them', 'after', 'into', 'out', 'up', 'get', 'make', 'like',
  'new', 'people', 'things', 'times', 'ways', 'know', 'every', 'some', 'need', 'here', 'there',
  'really', 'one', 'could', 'that\'s', 'you\'re', 'don\'t', 'can\'t', 'won\'t',
])
const FUNCTION_SHARE = 0.2

// One code point at a time.
const LETTER = /\p{L}/u
const LATIN = /\p{Script=Latin}/u

/** Whether most letters of `text` (the first MAX_CHARS) are of another script than Latin: Chinese, Cyrillic, Arabic… */
function mostlyNonLatin(text: string): boolean {
  let latin = 0
  let other = 0
  let seen = 0
  for (const ch of text) {
    if (++seen > MAX_CHARS) break
    if (!LETTER.test(ch)) continue
    if (LATIN.test(ch)) latin++
    else other++
  }
  return other > latin
}

/**
 * ISO 639-3 code of the text's language, or `und` when the text is too short to tell. A short text
 * written mostly in another script than Latin is not English however short: franc names the
 * script's language ("cmn" for Han) or its likeliest one.
 */
export function detectLanguage(doc: Doc): string {
  let letters = 0
  for (const t of doc.tokens) {
    letters += t.end - t.start
    if (letters >= MIN_LETTERS) break
  }
  if (letters < MIN_LETTERS) return mostlyNonLatin(doc.text) ? francBest(doc.text.slice(0, MAX_CHARS), 'eng', { minLength: 1 }).best : 'und'
  const sample = Math.min(doc.tokens.length, 200)
  let functionWords = 0
  const ids = wordIds(doc.tokens)
  for (let i = 0; i < sample; i++) if (ENGLISH_FUNCTION_WORDS.hasId(ids[i])) functionWords++
  if (functionWords >= 2 && functionWords >= FUNCTION_SHARE * sample) return 'eng'
  const { best, score: english } = francBest(doc.text.slice(0, MAX_CHARS), 'eng', { minLength: MIN_LETTERS })
  if (english !== undefined && english >= ENGLISH_MARGIN) return 'eng'
  return best
}
