/**
 * Phrases over-used by current (2023–2026) assistant models and by "AI-polished" LinkedIn posts.
 * Origin: a judged selection from sam-paech/antislop-sampler (slop_phrases_2025-04-07.json,
 * Apache-2.0) and sam-paech/slop-forensics (slop_list_bigrams/trigrams.json, MIT, Copyright (c)
 * 2025 Sam Paech): those lists come mostly from fiction, so fantasy names and narrative clichés
 * ("voice barely above a whisper", "took a deep breath") are left out and only the phrases that
 * also mark expository and social-media writing are kept ("a testament to", "a stark contrast",
 * "beacon of hope", "a constant reminder", "every step of the way"). The rest is this project's
 * own list of assistant and LinkedIn-AI phrasing, plus the HC3 ChatGPT sign-offs (Guo et al.
 * 2023, CC-BY-SA-4.0: "Let me know if you have any other questions", "feel free to ask").
 * "As an AI" and policy notices are deliberately absent: they are artefacts of old datasets. Phrases
 * that helpful human commenters use as often ("great question", "happy to help", "in a nutshell",
 * "the bottom line", "state of the art") are left out too, and "the power of" is listed only in its
 * promotional frames, since "the power of the state" is plain history.
 */
import type { PhraseEntry } from './match.js'

const note = (n: string) => (phrase: string): PhraseEntry => ({ phrase, note: n })

/** Metaphors assistant models reach for in place of a plain verb or noun. */
const METAPHORS = [
  'delve into', 'delves into', 'delving into', 'delve deeper', 'delve deeper into', "let's delve",
  'rich tapestry', 'tapestry of', 'vibrant tapestry', 'intricate tapestry', 'tapestry woven',
  'woven into the fabric', 'the fabric of society', 'game changer', 'game changers',
  'a testament to', 'is a testament to', 'stands as a testament', 'serves as a testament',
  'a beacon of', 'beacon of hope', 'a symphony of', 'an intricate dance', 'a delicate dance',
  'a delicate balance', 'strike a balance', 'striking a balance', 'treasure trove',
  'a double edged sword', 'double edged sword', 'a stark reminder', 'a stark contrast',
  'in stark contrast', 'a constant reminder', 'a powerful reminder', 'a gentle reminder',
  'serves as a reminder', 'serves as a powerful', 'stands as a', 'pave the way', 'paves the way',
  'paving the way', 'shed light on', 'sheds light on', 'shedding light on', 'a myriad of',
  'myriad of', 'a plethora of', 'plethora of', 'in the realm of', 'realm of possibilities', 'north star', 'secret sauce', 'the secret sauce', 'move the needle',
  'moves the needle', 'the magic happens', 'where the magic happens',
].map(note('assistant metaphor'))

/** Promotional uplift: unlocking, elevating, harnessing, navigating. */
const UPLIFT = [
  'unlock the power', 'unlock the potential', 'unlock the full potential', 'unlock your potential',
  'unlock your full potential', 'unlocking the potential', 'unlocking the power', 'unleash the power',
  'unleash your potential', 'harness the power', 'harnessing the power', 'leverage the power of',
  'leveraging the power of', 'underestimate the power of', 'showcasing the power of',
  'showcases the power of', 'the true power of', 'the real power of', 'the power of storytelling',
  'the power of community', 'the power of connection', 'the power of collaboration',
  'the power of consistency', 'the power of ai', 'the power of data',
  'transformative power', 'elevate your', 'elevating your', 'take it to the next level',
  'to the next level', 'level up your', 'supercharge your', 'navigate the complexities',
  'navigating the complexities', 'navigate the complexities of', 'navigate the challenges',
  'navigating the challenges', 'navigate the landscape', 'navigating the landscape',
  'embark on a journey', 'embark on', 'embarking on', 'embarked on a journey',
  'a transformative journey', 'journey of self discovery', 'foster a sense of',
  'fostering a sense of', 'a sense of belonging', 'a sense of community', 'renewed sense of purpose',
  'newfound sense of purpose', 'meaningful connections', 'meaningful impact', 'a lasting impact',
  'a profound impact', 'a profound sense', 'something far more profound', 'seamlessly',
  'seamless integration', 'cutting edge', 'paradigm shift', 'a paradigm shift',
  'actionable insights', 'valuable insights', 'invaluable insights', 'key takeaways',
  'key takeaway', 'a holistic approach', 'holistic approach', 'unwavering commitment',
  'unwavering dedication', 'commitment to excellence', 'every step of the way',
  'make the world a better place', 'the power of the human spirit', 'change the course of history',
  'stay ahead of the curve', 'ahead of the curve', 'more than just',
].map(note('assistant uplift'))

/** Stock scene-setting about "today's world". */
const SCENE = [
  'at the end of the day', "in today's fast paced world", "in today's fast paced",
  "in today's digital age", "in today's digital world", "in today's rapidly evolving",
  "in today's ever changing", "in today's competitive", "in today's world", "in today's landscape",
  'in the digital age', 'in this digital age', 'in an era of', 'in an era where',
  'in a world where', 'now more than ever', 'ever evolving landscape', 'ever changing landscape',
  'rapidly evolving landscape', 'evolving landscape', 'the ever evolving', 'ever evolving world',
  'digital landscape', 'business landscape', "today's landscape", 'the landscape of',
  'the world around us', 'the future of work', 'fast paced world',
].map(note('assistant scene-setting'))

/** Conversational scaffolding and sign-offs of chat assistants. */
const SCAFFOLD = [
  "let's dive in", "let's dive into", "let's dive deeper", 'dive deep', 'dive deeper',
  'deep dive', 'a deep dive', "here's the kicker", "here's the catch", "here's why it matters",
  "here's why this matters", "here's why that matters", 'why it matters', 'why this matters',
  "here's a breakdown", 'here is a breakdown', "here's a quick breakdown", "here's what you need to know",
  'here is what you need to know', "let's break it down", "let's break this down",
  'i hope this helps', 'i hope this clarifies', 'feel free to', 'let me know if you have any',
  'let me know if you have any other questions', 'if you have any other questions',
  'if you have any more questions', 'if you have any further questions', "don't hesitate to",
  'do not hesitate to', "i'd be happy to", 'i would be happy to',
  'certainly here is', "certainly here's", "sure here's", 'sure here is', 'absolutely here is',
  "absolutely here's", 'i hope this information', 'i hope you find',
].map(note('assistant scaffolding'))

/** The explainer's tropes of chat assistants asked to simplify ("imagine you have a pizza"). */
const EXPLAINER = [
  'imagine you have', 'imagine you are', "imagine you're", 'imagine that you', 'imagine a',
  'think of it like', 'think of it as', 'think of it this way', 'in simple terms', 'to put it simply',
  'put simply', 'simply put', 'step by step', 'to break it down', 'a real life example', 'a simple example',
  'you are referring to', "you're referring to", 'the one you are referring to',
].map(note('assistant explainer trope'))

/**
 * Deferral to a professional and stock advice framings that chat assistants append to advice
 * (HC3: "consult with a healthcare provider" in 11% of ChatGPT answers, in none of the human ones).
 */
const DEFERRAL = [
  "it's a good idea to", 'it is a good idea to', "it's always a good idea", 'it is always a good idea',
  'it may be helpful to', 'it might be helpful to', 'it may be a good idea', 'healthcare provider',
  'healthcare professional', 'medical professional', 'a qualified professional', 'a mental health professional',
  'financial advisor', 'financial professional', 'consult with a', 'speak with a', 'seek medical attention',
  'seek professional help', 'may be able to help', 'can help you determine', 'can help you understand',
].map(note('assistant deferral'))

export const ASSISTANT_PHRASES: PhraseEntry[] = [...METAPHORS, ...UPLIFT, ...SCENE, ...SCAFFOLD, ...EXPLAINER, ...DEFERRAL]
