/**
 * Stock hedges and qualifiers: the ready-made caveats assistant models wrap around an answer
 * ("it's important to note", "can vary depending on", "there is no one-size-fits-all").
 * Origin: HC3 "indicating words" for ChatGPT answers (Hello-SimpleAI/chatgpt-comparison-detection,
 * CC-BY-SA-4.0: "There are several ways", "It is generally a good idea", "In general" ...), selected
 * with judgment (apologies, "AI language model" and policy notices are dataset artefacts and are
 * left out; "in general", "in some cases", "to some extent" and "it should be noted" are left out
 * because careful human writers use them as often), and extended by this project with hedges common in 2023–2026 assistant output.
 * Both "it's" and "it is" forms are listed because the matcher compares whole word tokens.
 */
import type { PhraseEntry } from './match.js'

const SALIENCE = [
  // "it's important to note that ..." and its siblings
  "it's important to note", 'it is important to note', "it's important to remember",
  'it is important to remember', "it's important to understand", 'it is important to understand',
  "it's important to consider", 'it is important to consider', "it's important to keep in mind",
  'it is important to keep in mind', "it's important to recognize", 'it is important to recognize',
  "it's important to", 'it is important to', "it's worth noting", 'it is worth noting',
  "it's worth mentioning", 'it is worth mentioning', "it's also worth", 'it is also worth',
  "it's essential to", 'it is essential to',
  "it's crucial to", 'it is crucial to', "it's vital to", 'it is vital to', "it's imperative to",
  'it is imperative to', "it's always a good idea", 'it is always a good idea',
  "it's generally a good idea", 'it is generally a good idea', 'it is generally', "it's generally",
  "it's also important to", 'it is also important to', "it's also a good idea",
  'it is also a good idea', 'it is a good idea', 'it is advisable', "it's advisable", 'it is recommended to', 'it is recommended that',
  'it may be helpful to', 'it can be helpful to', 'it might be helpful to',
].map((phrase) => ({ phrase, note: 'stock salience hedge' }))

const VAGUENESS = [
  'generally speaking', 'in many cases', 'in certain cases', 'on a case by case basis', 'it depends on various factors',
  'depends on various factors', 'depends on a variety of factors', 'depending on various factors',
  'depends on several factors', 'depending on several factors', 'depends on a number of factors',
  'depending on a number of factors', 'can vary depending on', 'may vary depending on',
  'can vary widely', 'can vary greatly', 'varies depending on', 'vary depending on',
  'depending on the specific', 'depending on your specific', 'depending on the individual',
  'depends on the individual', 'it ultimately depends', 'ultimately depends on',
  'there are several', 'there are many factors', 'there are a number of', 'there are a few ways',
  'there are a few factors', 'there are many different', 'there are a variety of',
  'a number of factors', 'several factors', 'various factors', 'a variety of factors',
  'a variety of', 'a wide range of', 'a wide variety of', 'a broad range of', 'a range of factors',
  'it is difficult to say', "it's difficult to say", 'it is difficult to determine',
  "it's difficult to determine", 'it is difficult to predict', "it's difficult to predict",
  'it is not possible to say', 'it is impossible to say', 'it is not uncommon', "it's not uncommon",
  'it is possible that', "it's possible that", 'it is also possible', "it's also possible",
  'it is likely that', 'there is no one size fits all', "there's no one size fits all",
  'no one size fits all', 'there is no single answer', "there's no single answer",
  'there is no definitive answer', "there's no definitive answer", 'there is no simple answer',
  "there's no simple answer", 'there is no easy answer', "there's no easy answer",
  'can be attributed to', 'attributed to several factors', 'attributed to a combination',
  'a combination of factors', 'combination of factors', 'there are a few reasons',
  'for several reasons', 'for a variety of reasons', 'will depend on', 'it will depend on',
  'a complex and multifaceted', 'complex and multifaceted', 'is a complex issue',
  'is a complex topic', 'is a complex and', 'while it is true that', "while it's true that",
  // GPT-3.5-era framings of contested questions (this project, from the GRiD answers)
  'can be traced back to', 'can be traced to', 'remains a subject of', 'a subject of debate',
  'a subject of historical', 'subject of ongoing debate', 'a topic of debate', 'a matter of debate',
  'is a popular misconception', 'is a common misconception', 'a common misconception',
  'is largely a result of', 'is largely due to', 'varied across different', 'varied depending on',
  'varied greatly', 'varied widely',
  'it is essential to understand', 'it is crucial to understand',
  'historians have debated', 'scholars have debated', 'there is no clear consensus',
  'there is no consensus', 'not an easy task', 'a general idea of', 'here is a general',
  "here's a general", 'here are some suggestions', 'here are a few suggestions', 'here are some',
].map((phrase) => ({ phrase, note: 'stock vague qualifier' }))

const ROLE = [
  'plays a crucial role', 'play a crucial role', 'played a crucial role', 'playing a crucial role',
  'plays a key role', 'play a key role', 'played a key role', 'plays a vital role',
  'play a vital role', 'played a vital role', 'plays a pivotal role', 'play a pivotal role',
  'played a pivotal role', 'plays a significant role', 'play a significant role',
  'played a significant role', 'plays an important role', 'play an important role',
  'played an important role', 'plays an essential role', 'play an essential role',
].map((phrase) => ({ phrase, note: 'stock role qualifier' }))

export const HEDGE_PHRASES: PhraseEntry[] = [...SALIENCE, ...VAGUENESS, ...ROLE]
