/**
 * Excess vocabulary: single words whose frequency jumped once assistant models were in wide use.
 * Origin: the "style" words of Kobak et al. 2024, "Delving into ChatGPT usage in academic writing
 * through excess vocabulary" (berenslab/llm-excess-vocab, MIT, Copyright (c) 2024 Dmitry Kobak,
 * Rita González-Márquez), file style_words.json plus four "content/style" words of excess_words.csv.
 * Selected by this project: plain everyday words that any writer uses (across, analysis, approach,
 * based, between, during, however, including, like, need, research, their, these, this, using,
 * various, within ...) are left out, so the list keeps the distinctive, register-raising ones.
 * A few words the paper did not test but that are widely reported in 2024–2026 assistant output
 * (tapestry, holistic, robust ...) are added and marked as project additions. "Testament" is
 * left to the assistant-phrases lexicon as "a testament to", since the Old and New Testament are content.
 */
import type { PhraseEntry } from './match.js'

const KOBAK_STYLE = [
  'accentuates', 'additionally', 'adept', 'adhering', 'advancements', 'advocating', 'akin', 'align',
  'aligning', 'aligns', 'amidst', 'augmenting', 'avenue', 'avenues', 'bolster', 'bolstered',
  'bolstering', 'burgeoning', 'capitalizing', 'commendable', 'compelling', 'comprehensive',
  'comprising', 'consolidates', 'crucial', 'culminating', 'delineates', 'delve', 'delved', 'delves',
  'delving', 'dependability', 'detrimentally', 'discern', 'discernible', 'diverse', 'elevate',
  'elevates', 'elevating', 'elucidate', 'elucidates', 'elucidating', 'embracing', 'empowers',
  'encapsulates', 'encompass', 'encompassed', 'encompasses', 'encompassing', 'endeavors',
  'endeavours', 'enduring', 'enhance', 'enhanced', 'enhancements', 'enhances', 'enhancing',
  'ensuring', 'equipping', 'exacerbating', 'excels', 'exceptional', 'expedite', 'facilitated',
  'facilitates', 'facilitating', 'formidable', 'fostering', 'fosters', 'foundational', 'furnish',
  'garnered', 'garnering', 'grappling', 'groundbreaking', 'groundwork', 'harness', 'harnesses',
  'harnessing', 'heighten', 'heightened', 'highlighting', 'hinges', 'illuminates', 'illuminating',
  'impactful', 'imperative', 'inherent', 'innovative', 'insights', 'interconnectedness',
  'interplay', 'intricacies', 'intricate', 'intricately', 'invaluable', 'juxtaposed', 'leverages',
  'leveraging', 'meticulous', 'meticulously', 'multifaceted', 'necessitate', 'necessitates',
  'necessitating', 'notable', 'notably', 'noteworthy', 'nuanced', 'nuances', 'orchestrating',
  'paving', 'pioneering', 'pivotal', 'poised', 'potential', 'potentially', 'predominantly',
  'prevalent', 'propelling', 'realm', 'realms', 'reframing', 'remarkable', 'renowned',
  'revolutionize', 'revolutionizing', 'revolves', 'scrutinize', 'scrutinizing', 'seamless',
  'seamlessly', 'showcased', 'showcases', 'showcasing', 'signifying', 'solidify', 'spurred',
  'stemming', 'strategically', 'streamline', 'streamlined', 'streamlines', 'streamlining',
  'substantial', 'surmount', 'surpass', 'surpasses', 'surpassing', 'swiftly', 'thereby',
  'transformative', 'uncharted', 'underexplored', 'underscore', 'underscored', 'underscores',
  'underscoring', 'unexplored', 'unlocking', 'unparalleled', 'unraveling', 'unveil', 'unveiled',
  'unveiling', 'unveils', 'uphold', 'upholding', 'utilized', 'utilizes', 'utilizing', 'valuable',
  'versatility', 'warranting', 'yielding',
].map((phrase) => ({ phrase, note: 'excess style word (Kobak et al. 2024)' }))

/** Marked "content/style" in the paper: a technical sense exists, but the jump was stylistic. */
const KOBAK_CONTENT_STYLE = [
  'complexities', 'landscape', 'significant', 'prioritize', 'prioritizes', 'prioritizing', 'prominence',
].map((phrase) => ({ phrase, note: 'excess style word (Kobak et al. 2024)' }))

const PROJECT_ADDITIONS = [
  'tapestry', 'holistic', 'robust', 'paramount', 'unwavering', 'showcase', 'navigating',
  'resonates',
].map((phrase) => ({ phrase, note: 'assistant-favoured word (project addition)' }))

export const EXCESS_WORDS: PhraseEntry[] = [...KOBAK_STYLE, ...KOBAK_CONTENT_STYLE, ...PROJECT_ADDITIONS]
