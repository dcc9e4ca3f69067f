/**
 * The signal registry: an explicit, sorted list of imports (no directory magic).
 * A test fails when a file in this folder is missing here or out of order.
 */
import type { Signal } from './define.js'
import assistantPhrases from './assistant-phrases.js'
import broetryLines from './broetry-lines.js'
import callToActionClosers from './call-to-action-closers.js'
import casualRegister from './casual-register.js'
import contractions from './contractions.js'
import conversationalOpeners from './conversational-openers.js'
import currentModelVocabulary from './current-model-vocabulary.js'
import demonstrativeOpeners from './demonstrative-openers.js'
import discourseParticles from './discourse-particles.js'
import ellipses from './ellipses.js'
import emDashDensity from './em-dash-density.js'
import emojiOnlyReply from './emoji-only-reply.js'
import engagementBait from './engagement-bait.js'
import excessVocabulary from './excess-vocabulary.js'
import expositoryRegister from './expository-register.js'
import firstPerson from './first-person.js'
import genericPraise from './generic-praise.js'
import hashtagStack from './hashtag-stack.js'
import hedgesStockQualifiers from './hedges-stock-qualifiers.js'
import humanPreferredWords from './human-preferred-words.js'
import informalTypos from './informal-typos.js'
import linkedinHookOpeners from './linkedin-hook-openers.js'
import listicleStructure from './listicle-structure.js'
import lowercaseStarts from './lowercase-starts.js'
import modelPreferredWords from './model-preferred-words.js'
import namePlusPraise from './name-plus-praise.js'
import noSpecifics from './no-specifics.js'
import notXButY from './not-x-but-y.js'
import parentOverlap from './parent-overlap.js'
import participialClauses from './participial-clauses.js'
import phrasalCoordination from './phrasal-coordination.js'
import plainVerbs from './plain-verbs.js'
import repeatedTemplate from './repeated-template.js'
import ruleOfThree from './rule-of-three.js'
import selfPromotion from './self-promotion.js'
import stockTransitionOpeners from './stock-transition-openers.js'
import uniformSentenceLengths from './uniform-sentence-lengths.js'

export const SIGNALS: readonly Signal[] = [
  assistantPhrases,
  broetryLines,
  callToActionClosers,
  casualRegister,
  contractions,
  conversationalOpeners,
  currentModelVocabulary,
  demonstrativeOpeners,
  discourseParticles,
  ellipses,
  emDashDensity,
  emojiOnlyReply,
  engagementBait,
  excessVocabulary,
  expositoryRegister,
  firstPerson,
  genericPraise,
  hashtagStack,
  hedgesStockQualifiers,
  humanPreferredWords,
  informalTypos,
  linkedinHookOpeners,
  listicleStructure,
  lowercaseStarts,
  modelPreferredWords,
  namePlusPraise,
  noSpecifics,
  notXButY,
  parentOverlap,
  participialClauses,
  phrasalCoordination,
  plainVerbs,
  repeatedTemplate,
  ruleOfThree,
  selfPromotion,
  stockTransitionOpeners,
  uniformSentenceLengths,
]
