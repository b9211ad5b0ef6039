// The JsonLogic expressions shared by the datalogic and json-logic-engine adapters: one per
// rule, true when the record passes it. The time limit needs a regex, which standard JsonLogic
// lacks; each adapter passes its own way to write one (`matches`).

import { AUDIENCES, CHANNELS, COUNTRIES, LEVELS, MODES, OVER_20_WORKDAYS, REQUIRED_LIST, REQUIRED_TEXT } from '../workloads.mjs';

const v = (name) => ({ var: name });
// `none` is true for an empty list (`all` is false for one in JsonLogic), and for a missing one.
const subset = (field, allowed) => ({ none: [{ if: [v(field), v(field), []] }, { '!': { in: [v(''), allowed] } }] });

export const LOGIC = {
  form: () => ({
    age: { '>=': [v('age'), 18] },
    country: { in: [v('country'), COUNTRIES] },
    income: { '<=': [v('income'), { '+': [30000, { '*': [10000, { '-': [v('household_size'), 1] }] }] }] },
    consent: { '===': [v('consent'), true] },
    email: { in: ['@', { cat: [v('email')] }] },
  }),
  catalogue: ({ matches }) => ({
    // `!` of a missing value, null, "" or [] is true.
    required: { and: [...REQUIRED_TEXT, ...REQUIRED_LIST].map((f) => ({ '!!': v(f) })) },
    time_limit: { '!': { and: [v('time_limit'), matches(v('time_limit'), OVER_20_WORKDAYS)] } },
    channels: subset('channels', CHANNELS),
    audience: subset('audience', AUDIENCES),
    mode: { or: [{ '!': v('mode') }, { in: [v('mode'), MODES] }] },
    levels: subset('levels', LEVELS),
  }),
};
