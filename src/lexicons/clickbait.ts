/**
 * Engagement bait: phrasing that sells a click or a comment rather than saying something.
 * Origin: selected from the clickbait phrase and hyperbolic-word lists of Chakraborty et al. 2016,
 * "Stop Clickbait: Detecting and Preventing Clickbaits in Online News Media"
 * (bhargaviparanjape/clickbait, common_phrases.txt and hyperbolic.txt; MIT, Copyright (c) 2016
 * Abhijnan Chakraborty, Bhargavi Paranjape, Sourya Kakarla, Niloy Ganguly). Entries were kept when
 * they were frequent in that repository's clickbait headlines and rare in its news headlines and in
 * recent LinkedIn posts; generic function-word n-grams ("in the", "this is") were dropped.
 * The social-media bait ("you'll never guess", "who else") and quiz framings are this project's additions.
 */
import type { PhraseEntry } from './match.js'

const bait = (phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note: 'clickbait phrase' }))
const hook = (phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note: 'engagement hook' }))
const hype = (phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, note: 'hyperbole' }))

export const ENGAGEMENT_BAIT: PhraseEntry[] = [
  // Chakraborty et al. common_phrases.txt (selected)
  ...bait([
    'based on your', 'will make you', 'that will make you', 'make you want to', 'will make you feel',
    'that will make you rethink', 'will give you', 'that will give you', 'will leave you',
    'how well do you know', 'how well do you remember', 'do you remember the', 'can you guess',
    'can we guess', 'we guess your', 'you guess the', 'can you match the', 'are you more like',
    'tell us about', 'things you need to know', 'everything you need to know', 'you need to know about',
    'need to know about', "what it's like to", "you won't believe", 'you wont believe',
    'will blow your mind', 'totally blew my mind', 'mind blowing', 'mind blown', 'can change your life',
    'will change your life', 'will change your life forever', 'but what happened next',
    'what happened next', 'what happens when you', 'this is what happens', 'is what happens when',
    'things that happen when', 'that happen when you', "here's what", 'reasons why', 'reasons you should',
    'reasons why you should', 'you should never', "signs you're", 'signs that you are',
    'things only people who', 'that perfectly sum up', 'will instantly relate to',
    "you probably didn't know", "you didn't know existed", "you didn't know exist", 'one weird trick',
    "doesn't want you to see", 'nothing could prepare me for', "stop what you're doing",
    'won the internet', 'of all time', 'the definitive ranking of', "can't even handle",
  ]),
  // Social-media bait (this project). Hook openers and comment/repost calls to action are left to
  // the linkedin-hook-openers and call-to-action-closers lexicons, so one phrase is not counted twice.
  ...hook([
    "you'll never guess", 'restore your faith in humanity', 'faith in humanity',
    'am i the only one', 'who else', "who's with me", 'like if you agree', 'share if you agree',
    'are you ready to', 'wait for it', 'changed my life', 'game changer', 'the secret to',
    'you need to hear this', 'go viral',
  ]),
  // Quiz and second-person framing from the clickbait headlines (this project's reading of them)
  ...bait([
    'are you more', 'which type of', 'can you identify', 'can you name', 'how many of these',
    'do you actually', 'would you pass', 'should you get', 'what should you', 'will make your',
    "that'll have you", "you'll ever need", "you'll take today", 'will make your heart',
  ]),
  // Chakraborty et al. hyperbolic.txt (selected; hyphenated entries match with or without hyphen)
  ...hype([
    'hilarious', 'hilariously', 'adorable', 'adorably', 'funniest', 'genius', 'epic', 'stunning',
    'gorgeous', 'magical', 'jaw dropping', 'mind bending', 'life changing', 'unbelievable', 'greatest', 'shocking', 'heartwarming', 'omg', 'whoa', 'breathtaking',
    'breathtakingly', 'spectacular', 'sensational', 'legendary', 'astonishing', 'astounding',
    'gasp worthy', 'tear jerking', 'must see', 'laugh out loud', 'insanely', 'craziest', 'cutest',
  ]),
]

/** Plural nouns that make "17 Things ..." a listicle when they follow a sentence-opening count. */
export const LISTICLE_NOUNS: ReadonlySet<string> = new Set([
  'things', 'times', 'ways', 'reasons', 'tweets', 'pictures', 'photos', 'pics', 'confessions', 'signs',
  'words', 'struggles', 'moments', 'facts', 'tips', 'truths', 'secrets', 'lessons', 'mistakes',
  'habits', 'questions', 'products', 'gifts', 'recipes', 'hacks', 'tricks', 'rules', 'ideas',
  'books', 'thoughts', 'posts', 'quotes', 'gifs', 'memes', 'celebrities', 'dogs', 'cats', 'shows',
  'movies', 'songs', 'myths', 'steps', 'strategies', 'tools', 'insights', 'takeaways',
])
