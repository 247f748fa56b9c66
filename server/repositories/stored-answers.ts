/**
 * A bilan's stored answer set (one JSON text in `bilans.answers`), kept
 * parsed between two autosaves of the same bilan.
 *
 * A complete bilan is about 10 KB of JSON; parsing it, then serializing it
 * again after merging a section, was the largest cost of a draft save. Here
 * the parsed answers and the JSON of each answer are remembered per bilan,
 * and reused only when the text just read from the database is exactly the
 * one they were made from (any other writer, import, restore or another
 * process, changes the text, so the cache can never serve stale answers).
 * A save then serializes only the answers it received and joins the rest.
 *
 * The remembered answers are frozen: nothing may modify them in place.
 */
import type { Answers, AnswerValue } from '../../survey-schema/index.ts';

export interface StoredAnswers {
  /** The JSON text as stored. */
  readonly text: string;
  readonly answers: Readonly<Answers>;
  /** `"variable":json` of each answer, in the order of `answers`. */
  readonly members: ReadonlyMap<string, string>;
}

/** Bilans remembered at most (the most recently saved): a few MB. */
const CAPACITY = 300;
const recent = new Map<number, StoredAnswers>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A key an object lists before the others ("12"), as JSON.stringify does. */
const isIndexKey = (key: string) => key.charCodeAt(0) <= 57 && /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

const member = (variable: string, value: AnswerValue) => `${JSON.stringify(variable)}:${JSON.stringify(value)}`;

function remember(bilanId: number, stored: StoredAnswers): StoredAnswers {
  recent.delete(bilanId);
  recent.set(bilanId, stored);
  if (recent.size > CAPACITY) recent.delete(recent.keys().next().value!);
  return stored;
}

/** The answers of the stored text of a bilan (parsed once per text). */
export function readStoredAnswers(bilanId: number, text: string): StoredAnswers {
  const known = recent.get(bilanId);
  if (known && known.text === text) return remember(bilanId, known);
  const answers = deepFreeze(JSON.parse(text) as Answers);
  const members = new Map(Object.entries(answers).map(([variable, value]) => [variable, member(variable, value)]));
  return remember(bilanId, { text, answers, members });
}

export interface MergeResult extends StoredAnswers {
  /** Variables of `given` whose stored answer changed. */
  changed: string[];
}

/**
 * The merge of a draft save: `values` (validated answers) replace the stored
 * ones, `cleared` variables are removed, the others are kept. `text` is what
 * `JSON.stringify(answers)` gives, built from the stored members.
 *
 * @param given the variables of the request, in its order (for `changed`).
 */
export function mergeAnswers(base: StoredAnswers, values: Answers, cleared: ReadonlySet<string>, given: string[]): MergeResult {
  const merged: Answers = { ...base.answers, ...values };
  for (const variable of cleared) delete merged[variable];
  // A Map keeps insertion order as an object does, but for integer-like keys (an object lists them
  // first): none among questionnaire variables; should one appear, the members are listed anew.
  let members = new Map(base.members);
  for (const variable of Object.keys(values)) members.set(variable, member(variable, values[variable]!));
  for (const variable of cleared) members.delete(variable);
  if ([...members.keys()].some(isIndexKey)) members = new Map(Object.keys(merged).map((k) => [k, members.get(k)!]));
  const changed = given.filter((v) => members.get(v) !== base.members.get(v));
  for (const v of Object.keys(values)) deepFreeze(values[v]);
  return { text: `{${[...members.values()].join(',')}}`, answers: Object.freeze(merged), members, changed };
}

/** Remembers the answers just written for a bilan (its next save starts from them). */
export function rememberStoredAnswers(bilanId: number, stored: StoredAnswers): void {
  remember(bilanId, { text: stored.text, answers: stored.answers, members: stored.members });
}

/** The answers of a bilan not stored yet (prefill): no text to reuse. */
export function storedAnswersOf(answers: Answers): StoredAnswers {
  const members = new Map(Object.entries(answers).map(([variable, value]) => [variable, member(variable, value)]));
  return { text: `{${[...members.values()].join(',')}}`, answers: deepFreeze(answers), members };
}
