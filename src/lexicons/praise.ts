/**
 * Stock praise, thanks and agreement: phrases that fit under any post.
 * Origin: compiled by this project from templated comments such as those under the seed LinkedIn
 * thread ("Great post Bruce! Very timely.", "Thought provoking analysis, Bruce Segall. Thanks for
 * adding to this important conversation.") and common engagement-pod replies; no third-party list.
 * Licence: the project's own.
 */
import type { PhraseEntry } from './match.js'

const praise = (phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note: 'stock praise' }))
const thanks = (phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note: 'stock thanks' }))
const agreement = (phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note: 'stock agreement' }))

/** Praise matched anywhere in a sentence. */
export const PRAISE_PHRASES: PhraseEntry[] = [
  ...praise([
    'great post', 'great article', 'great read', 'great insights', 'great insight', 'great share',
    'great piece', 'great write up', 'great writeup', 'great stuff', 'great content', 'great points',
    'great point', 'great job', 'great work', 'great thoughts', 'great perspective', 'great analysis',
    'great reminder', 'great summary', 'great advice', 'great video', 'great take', 'great message',
    'great food for thought', 'amazing insights', 'amazing post', 'amazing article', 'amazing content',
    'awesome post', 'awesome article', 'awesome content', 'excellent post', 'excellent article',
    'excellent points', 'excellent point', 'excellent insights', 'excellent analysis', 'excellent read',
    'fantastic post', 'fantastic article', 'brilliant post', 'brilliant article', 'wonderful post',
    'wonderful article', 'lovely post', 'nice post', 'nice article', 'nice one', 'nice share',
    'nice work', 'nice job', 'good post', 'good read', 'good stuff', 'good points', 'good job',
    'interesting post', 'interesting article', 'interesting read', 'interesting perspective',
    'insightful post', 'insightful article', 'powerful post', 'powerful message', 'important message',
    'important topic', 'important conversation', 'important discussion', 'important post',
    'well said', 'so well said', 'well written', 'well put', 'well done', 'well articulated',
    'well stated', 'nicely put', 'nicely said', 'nicely done', 'beautifully said', 'beautifully written',
    'beautifully put', 'very timely', 'so timely', 'timely post', 'timely article', 'timely reminder',
    'thought provoking', 'thought provoking analysis', 'thought provoking post',
    'thought provoking article', 'very thought provoking', 'very thoughtful', 'so thoughtful',
    'thoughtful post', 'thoughtful analysis', 'insightful', 'very insightful', 'so insightful',
    'really insightful', 'super insightful', 'valuable insights', 'valuable insight', 'valuable post',
    'valuable information', 'valuable content', 'useful insights', 'useful post', 'helpful post',
    'very helpful', 'so helpful', 'very informative', 'so informative', 'informative post',
    'love this', 'loved this', 'love it', 'loved it', 'keep it up', 'keep up the good work',
    'keep up the great work', 'keep sharing', 'keep them coming', 'this is gold', 'pure gold',
    'absolute gold', 'this is great', 'this is amazing', 'this is brilliant', 'this is awesome',
    'this is excellent', 'this is powerful', 'this is so important', 'this resonates',
    'this really resonates', 'resonates with me', 'this hits home', 'you nailed it', 'nailed it',
    'hit the nail on the head', 'must read', 'a must read', 'food for thought', 'congratulations',
    'congrats', 'inspiring', 'very inspiring', 'so inspiring', 'truly inspiring', 'inspirational',
    'bravo', 'kudos', 'hats off',
  ]),
  ...thanks([
    'thanks for sharing', 'thank you for sharing', 'thanks for sharing this', 'thank you for sharing this',
    'thanks for posting', 'thank you for posting', 'thanks for the share', 'thanks for writing this',
    'thank you for writing this', 'thanks for adding to this important conversation',
    'thank you for adding to this important conversation', 'thanks for adding to the conversation',
    'thanks for starting this conversation', 'thank you for starting this conversation',
    'thanks for this', 'thank you for this', 'thanks for the insights', 'thank you for the insights',
    'thanks for the reminder', 'thanks for bringing this up', 'thanks for highlighting',
    'thank you for highlighting', 'thanks for putting this together', 'many thanks',
    'thanks so much', 'thank you so much', 'thanks', 'thank you', 'thx',
  ]),
  ...agreement([
    'so true', 'very true', 'how true', 'this is so true', 'spot on', 'this is spot on',
    "couldn't agree more", 'could not agree more', "couldn't have said it better",
    'could not have said it better', 'totally agree', 'absolutely agree', 'completely agree',
    'fully agree', 'strongly agree', 'agree 100', '100 agree', '100 percent agree', 'i agree', 'so agree',
    'agreed',
  ]),
]

/** Praise that is stock only when it opens a sentence ("Love the breadth of ..."). */
export const PRAISE_OPENERS: PhraseEntry[] = praise([
  'love the', 'loved the', 'love how', 'loved how', 'love your', 'loved your', 'love that',
  'really enjoyed', 'enjoyed this', 'enjoyed reading', 'what a great', 'what an amazing',
  'such a great', 'such an important', 'such a powerful',
])

/**
 * Interjections that are stock praise when a whole sentence is made of them ("Wow!", "So cool.",
 * "Absolutely brilliant!"); on their own inside a longer sentence they mean nothing in particular.
 */
export const PRAISE_INTERJECTIONS: ReadonlySet<string> = new Set([
  'wow', 'amazing', 'awesome', 'great', 'excellent', 'brilliant', 'fantastic', 'wonderful', 'nice',
  'beautiful', 'perfect', 'interesting', 'true', 'exactly', 'absolutely', 'agreed', 'yes', 'indeed',
  'lovely', 'superb', 'incredible', 'impressive', 'cool', 'love', 'loved', 'thoughtful', 'insightful',
  'inspiring', 'powerful', 'timely', 'helpful', 'informative', 'useful', 'valuable', 'outstanding',
  'terrific', 'fabulous', 'stunning', 'phenomenal', 'remarkable', 'bravo',
  'kudos', 'congrats', 'congratulations', 'thanks', 'thank', 'thx',
])

/**
 * Praise phrases' adjectives that also describe a thing ("an inspiring journey", "a helpful tool"):
 * in a post, followed by the word they describe, they are not stock praise (praise-find.ts).
 */
export const PRAISE_ADJECTIVES: ReadonlySet<string> = new Set([
  'inspiring', 'inspirational', 'insightful', 'thoughtful', 'helpful', 'informative', 'timely', 'valuable', 'useful', 'powerful', 'provoking',
])

/** Words that may stand around those interjections without making the sentence specific. */
export const PRAISE_FILLERS: ReadonlySet<string> = new Set([
  'so', 'very', 'really', 'just', 'truly', 'simply', 'such', 'a', 'an', 'this', 'that', 'it', 'is',
  "it's", "that's", 'what', 'how', 'too', 'super', 'totally', 'quite', 'you', 'again', 'indeed', 'and',
  'all', 'much', 'oh', 'wow',
])

/** Words a praise template may address that are not a person's name ("Great post, everyone!"). */
export const NOT_NAMES: ReadonlySet<string> = new Set([
  'everyone', 'everybody', 'all', 'guys', 'folks', 'team', 'friends', 'friend', 'sir', 'madam',
  'maam', "ma'am", 'mate', 'buddy', 'bro', 'man', 'dude', 'indeed', 'hi', 'hey', 'hello',
  'dear', 'yes', 'wow', 'ok', 'okay', 'lol', 'omg',
  // sentence adverbs that are capitalised only because they open the sentence ("Honestly, great post")
  'honestly', 'seriously', 'overall', 'truly', 'frankly', 'personally', 'definitely', 'certainly',
  'anyway', 'anyways', 'also', 'absolutely', 'totally', 'finally', 'ultimately', 'first', 'btw', 'ps',
  'fyi', 'note', 'update', 'edit', 'otherwise', 'altogether', 'eta', 'tldr', 'tl', 'dr',
  'nonetheless', 'nevertheless', 'however', 'moreover', 'lastly', 'anyhow', 'regardless', 'still',
  'meanwhile', 'instead', 'again',
])

/** Words that may precede an addressed name at a sentence start ("Hi Bruce, great post"). */
export const GREETINGS: ReadonlySet<string> = new Set(['hi', 'hey', 'hello', 'dear', 'thanks', 'thank', 'congrats'])
