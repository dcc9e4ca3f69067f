/**
 * English stop words: words that carry grammar, not content.
 * Origin: natural's list (natural/lib/natural/util/stopwords.js, MIT, Chris Umbel) plus common
 * contractions, negations and fillers that list lacks, added by this project (the contraction
 * forms follow bhargaviparanjape/clickbait's contractions.txt, MIT).
 */
import natural from 'natural/lib/natural/util/stopwords.js'

const EXTRA = [
  // contractions: the tokenizer keeps "it's" as one word
  "aren't", "can't", "couldn't", "didn't", "doesn't", "don't", "hadn't", "hasn't", "haven't",
  "he'd", "he'll", "he's", "here's", "i'd", "i'll", "i'm", "i've", "isn't", "it'd", "it'll", "it's",
  "let's", "she'd", "she'll", "she's", "shouldn't", "that's", "there's", "they'd", "they'll",
  "they're", "they've", "wasn't", "we'd", "we'll", "we're", "weren't", "we've", "what's", "where's",
  "who's", "won't", "wouldn't", "you'd", "you'll", "you're", "you've", "ive", "im", "dont", "cant",
  // negations, auxiliaries and fillers natural's list lacks
  'not', 'no', 'nor', 'yes', 'will', 'shall', 'may', 'just', 'even', 'ever', 'yet', 'ok', 'okay',
  'us', 'one', 'ones', 'lot', 'lots', 'really', 'quite', 'rather', 'already', 'always', 'every',
  'something', 'anything', 'everything', 'nothing', 'someone', 'anyone', 'everyone', 'thing', 'things',
  'go', 'goes', 'going', 'gone', 'went', 'let', 'put', 'say', 'says', 'know', 'think', 'want',
  'need', 'use', 'used', 'able', 'else', 'though', 'although', 'however', 'either', 'neither',
  'whether', 'upon', 'within', 'without', 'across', 'around', 'along', 'among', 'toward', 'towards',
  'onto', 'per', 'via', 'etc', 'oh', 'ah', 'lol', 'u', 'ur', 'omg', 'wtf', 'imo', 'imho', 'tbh', 'btw',
  'fyi', 'idk', 'lmao', 'haha',
]

/** Lower-cased stop words, as the tokenizer writes them ("it's" is one word). */
export const STOP_WORDS: ReadonlySet<string> = new Set([...natural.words, ...EXTRA])
