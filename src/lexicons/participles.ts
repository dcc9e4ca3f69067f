/**
 * Present participles that open a clause tacked onto a sentence after a comma (", causing the
 * core to collapse", ", making it harder", ", highlighting the need"): the present participial
 * clause that instruction-tuned models use at two to five times the human rate (Reinhart et al.
 * 2025, "Do LLMs write like humans?", PNAS 122(8)). Restricted to verbs that introduce a result or
 * an evaluation, so that ", including", ", according to" and narrative ", going home" don't count.
 * Origin: this project. Licence: same as this project.
 */
export const RESULT_PARTICIPLES: ReadonlySet<string> = new Set([
  'causing', 'making', 'allowing', 'leading', 'resulting', 'ensuring', 'creating', 'providing', 'giving',
  'helping', 'enabling', 'reducing', 'increasing', 'forcing', 'preventing', 'producing', 'contributing',
  'becoming', 'taking', 'turning', 'leaving', 'sending', 'keeping', 'using', 'requiring', 'affecting',
  'adding', 'marking', 'reflecting', 'highlighting', 'fostering', 'showcasing', 'emphasizing',
  'underscoring', 'offering', 'bringing', 'driving', 'shaping', 'serving', 'acting', 'pushing', 'pulling',
  'releasing', 'forming', 'triggering', 'generating', 'depending', 'meaning',
])
