/**
 * Hook openers of engagement-style LinkedIn posts ("Unpopular opinion:", "Let that sink in.",
 * "I'm thrilled to announce"), the first line written to stop the scroll.
 * Origin: this project, from the phrasing of LinkedIn "broetry" and ghost-writing templates as
 * widely catalogued 2019–2026, checked against real posts (B1raj/capstone_trend_pilot, used only
 * to check, not copied). Both "it's" / "it is" style forms are listed where writers use both.
 */
import type { PhraseEntry } from './match.js'

const note = (n: string) => (phrase: string): PhraseEntry => ({ phrase, note: n })

/** Hooks that count at the start of the text or of a line. */
export const HOOK_OPENERS: PhraseEntry[] = [
  ...[
    "here's the thing", 'here is the thing', "here's the truth", "here's the deal", 'unpopular opinion',
    'hot take', 'controversial opinion', 'controversial take', 'nobody talks about', 'no one talks about',
    'nobody is talking about', 'no one is talking about', "nobody's talking about", 'nobody tells you',
    'no one tells you', 'what nobody tells you', 'what no one tells you', "i'll say it", "i'll just say it",
    "i'll be honest", 'stop scrolling', 'this changed everything', 'this changes everything',
    'this will change', "here's what i learned", 'here is what i learned', "here's what i've learned",
    'what i learned', 'lessons i learned', 'most people don\'t realize', 'most people don\'t know',
    'most people think', 'most people get this wrong', "most people won't", 'most people will never',
    'the truth is', 'the hard truth', 'the uncomfortable truth', 'the harsh truth', 'the brutal truth',
    'let me explain', 'let me tell you', 'big news', "it's official", 'it is official', 'plot twist',
    "let's talk about", "let's be honest", "let's be real", 'can we talk about', 'we need to talk about',
    'real talk', 'friendly reminder', 'a gentle reminder', 'gentle reminder',
    'this is your sign', 'i was wrong about', 'i got fired', 'i got rejected', 'i almost quit',
    'the biggest mistake', 'the best advice i ever', 'ever wondered', 'have you ever wondered',
    'imagine this', 'picture this', 'storytime', 'confession', 'a thread', "here's why", 'here is why',
    "here's how", "here's what happened", 'what if i told you', 'you\'re not alone',
  ].map(note('hook opener')),
  ...[
    "i'm thrilled to announce", 'i am thrilled to announce', "i'm thrilled to share", 'i am thrilled to share',
    'thrilled to announce', 'thrilled to share', "i'm excited to share", 'i am excited to share',
    "i'm excited to announce", 'i am excited to announce', 'excited to announce', 'excited to share',
    "i'm happy to share", 'i am happy to share', "i'm humbled", 'i am humbled', 'humbled to',
    "i'm honored", 'i am honored', "i'm proud to announce", 'i am proud to announce', 'proud to announce',
    "i'm proud to share", 'proud to share', "i'm delighted to", 'i am delighted to', 'delighted to announce',
    'delighted to share', 'after years of', 'after months of',
  ].map(note('announcement opener')),
]

/** Hooks that count anywhere: standalone lines written to be read twice. */
export const HOOK_ANYWHERE: PhraseEntry[] = ['let that sink in', 'read that again', 'read it again'].map(
  note('hook line'),
)

/** Units of time in the "5 years ago, I ..." opener. */
export const TIME_UNITS = new Set(['years', 'months', 'weeks', 'days', 'year', 'month', 'week'])

/** Number words that can open "Two years ago, I ...". */
export const NUMBER_WORDS = new Set([
  'a', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'fifteen', 'twenty', 'thirty', 'few', 'several', 'many',
])

/** First-person words after "N years ago" that make it a personal-story hook. */
export const FIRST_PERSON = new Set(['i', "i'd", "i'm", "i've", 'we', 'my', 'our', 'me'])
