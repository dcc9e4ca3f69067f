/**
 * Contraction suffixes and the words that take a contracted "'s" (is/has/us) rather than a possessive.
 * Origin: English grammar (closed word classes), compiled by this project. Licence: same as this project.
 */

/** Suffixes after the apostrophe that always make a contraction ("they're", "we've", "I'll", "I'd", "I'm"). */
export const CONTRACTION_SUFFIXES: ReadonlySet<string> = new Set(['re', 've', 'll', 'd', 'm'])

/**
 * Words whose "'s" is "is", "has" or "us" ("that's", "there's", "what's"), not a possessive. A noun's "'s"
 * ("John's car", "the company's results") is left out: it is mostly possessive.
 * "it's", "here's" and "let's" are left out on purpose: they are the contractions assistants do use
 * ("It's important to note", "Here's a breakdown", "Let's dive in"). In HC3, "it's" occurs 444 times
 * in the ChatGPT answers and 59 times in the human ones; counting it would make this human marker
 * point the wrong way.
 */
export const S_CONTRACTION_HOSTS: ReadonlySet<string> = new Set([
  'that', 'there', 'what', 'who', 'where', 'when', 'why', 'how', 'he', 'she',
  'this', 'everyone', 'everybody', 'everything', 'someone', 'somebody', 'something', 'nobody', 'nothing',
  'anyone', 'anything', 'one', 'which', 'whatever', 'whoever', 'thing', 'today', 'tomorrow', 'name',
])
