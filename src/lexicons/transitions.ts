/**
 * Stock transition openers.
 * Origin: HC3 "indicating words" for ChatGPT answers (Hello-SimpleAI/chatgpt-comparison-detection,
 * CC-BY-SA-4.0) and the transitions Kobak et al. 2024 (berenslab/llm-excess-vocab, MIT) found in
 * excess after 2023; selected and extended by this project.
 */
import type { PhraseEntry } from './match.js'

export const TRANSITION_OPENERS: PhraseEntry[] = [
  'moreover', 'additionally', 'furthermore', 'in conclusion', 'overall', 'in summary', 'to summarize',
  'in essence', 'ultimately', 'consequently', 'notably', 'importantly', 'conversely',
  'in addition', 'on the other hand', 'that being said', 'with that said', 'having said that',
  'all in all', 'to sum up', 'in short', 'by contrast', 'similarly', 'likewise', 'as a result',
  'nevertheless', 'nonetheless', 'thus', 'hence', 'therefore', 'firstly', 'secondly', 'thirdly',
  'lastly', 'finally', 'in today\'s world', 'in today\'s fast paced world', 'in the realm of',
  'when it comes to', 'it is also', 'this is because', 'as such',
].map((phrase) => ({ phrase, note: 'stock transition' }))
