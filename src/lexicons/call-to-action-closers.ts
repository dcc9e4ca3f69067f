/**
 * Engagement closers: the last line of a post asking readers to comment, share or follow
 * ("Thoughts?", "Agree?", "Drop a comment below", "♻️ Repost if this helped").
 * Origin: this project, from LinkedIn and YouTube engagement-bait templates as widely catalogued
 * 2019–2026, checked against real posts (B1raj/capstone_trend_pilot, UCI YouTube Spam Collection;
 * used only to check, not copied).
 */
import type { PhraseEntry } from './match.js'

const note = (n: string) => (phrase: string): PhraseEntry => ({ phrase, note: n })

/** Closers that count wherever they stand in the last sentences. */
export const CLOSER_PHRASES: PhraseEntry[] = [
  ...[
    'what do you think', 'what are your thoughts', 'your thoughts', 'share your thoughts',
    'drop your thoughts', 'what would you add', 'what did i miss', 'did i miss anything',
    'what am i missing', "what's your take", 'what is your take', "what's your experience",
    'what has been your experience', 'how about you', 'what about you', 'which one resonates',
    'which resonates', 'which of these resonates', 'which one are you', 'which one would you',
    'which would you', 'would you agree', 'do you agree', 'agree or disagree', 'curious to hear',
    "i'd love to hear", 'i would love to hear', 'love to hear your', 'let me know in the comments',
    'let me know your thoughts', 'let me know what you think', 'drop a comment', 'drop it in the comments',
    'drop them in the comments', 'drop your', 'comment below', 'in the comments below', 'comment your',
    'share your experience', 'share in the comments',
  ].map(note('comment bait')),
  ...[
    'repost if', 'repost this', 'repost to', 'share this with', 'share this post', 'like and share',
    'like share', 'like comment and share', 'like follow and repost', 'tag someone', 'tag a friend',
    'tag a colleague', 'tag someone who', 'save this post', 'save this for later', 'bookmark this',
  ].map(note('share bait')),
  ...[
    'follow me for more', 'follow for more', 'follow me for', 'hit follow', 'hit the follow',
    'follow me on', 'follow me here', 'follow us for', 'follow us on', 'subscribe to my', 'subscribe to our', 'check out my', 'check out our', 'hit the bell',
    'smash that like', 'hit the like button', 'dm me', 'send me a dm', 'link in the comments',
    'link in comments', 'link in bio', 'link in the first comment',
  ].map(note('follow bait')),
]

/** One-word closers that count only as a whole sentence: "Thoughts?", "Agree?". */
export const ONE_WORD_CLOSERS = new Set(['thoughts', 'agree', 'discuss'])

/** Pictographs that point readers to the comments or ask for a repost. */
export const CLOSER_SYMBOLS: ReadonlyMap<number, string> = new Map([
  [0x1f447, 'points to comments'], // 👇
  [0x2b07, 'points to comments'], // ⬇
  [0x267b, 'repost bait'], // ♻
])
