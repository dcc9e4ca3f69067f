/**
 * Templated self-promotion: asking readers to visit, follow or subscribe to the writer's own
 * channel, page or offer.
 * Origin: compiled by this project from the phrasing of spam rows in the UCI YouTube Spam
 * Collection (Alberto, Lochter and Almeida 2015; dev copy in shared/data/dev/youtube-comments.jsonl)
 * and common social-media promotion ("link in bio", "DM me"). Licence: the project's own.
 */
import type { PhraseEntry } from './match.js'

const entries = (note: string, phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note }))

export const SELF_PROMOTION: PhraseEntry[] = [
  ...entries('asks for a visit', [
    'check out my', 'check out our', 'check my', 'check me out', 'check out this video',
    'check out this channel', 'check out this song', 'please check out', 'go check out',
    'visit my', 'visit our', 'give me a chance', 'give us a chance', 'click here', 'click the link',
    'click on the link', 'link in bio', 'link in my bio', 'link in comments', 'link in the comments',
    'link below', 'like this comment', 'shop now', 'sign up here', 'book a call', 'book a free',
  ]),
  ...entries('asks for a subscription', [
    'subscribe to my', 'subscribe to me', 'subscribe to our', 'please subscribe', 'plz subscribe',
    'pls subscribe', 'subscribe please', 'sub to my', 'sub my channel', 'sub me', 'sub for sub',
    'sub 4 sub', 'sub4sub', 'subscribe back', 'sub back', "i'll subscribe back", 'i will subscribe back',
    'like and subscribe', 'subscribe and like', 'follow me', 'follow my', 'follow us', 'dm me',
    'message me', 'join my',
  ]),
  ...entries("points to the writer's own outlet", [
    'my channel', 'our channel', 'my youtube channel', 'my website', 'my new website', 'my blog',
    'my new video', 'my latest video', 'my new song', 'my music', 'my videos', 'my course',
    'my newsletter', 'my podcast', 'my shop', 'my store', 'my instagram', 'my soundcloud',
    'my facebook page',
  ]),
  ...entries('money offer', [
    'make money online', 'make money from home', 'make money fast', 'earn money online', 'earn money from home', 'free gift cards', 'gift card codes', 'promo code', 'use my code',
  ]),
]

/** Top-level domains that make "word . com" a link when written without a scheme. */
export const LINK_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'io', 'ly', 'co', 'tv', 'me', 'info', 'biz', 'gl', 'gg', 'app', 'xyz',
])
