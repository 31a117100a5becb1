import { PgEnumDefinition } from './pg-enum';

/** Why a value could not be turned into a label; `allowed` lists the labels a caller may send. */
export class EnumParseError extends Error {
  readonly code = 'ENUM_VALUE_INVALID';

  constructor(
    readonly enumName: string,
    readonly input: unknown,
    readonly allowed: readonly string[],
  ) {
    super(
      `${JSON.stringify(input)} is not a valid ${enumName}; allowed values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    );
    this.name = 'EnumParseError';
  }
}

export type EnumParseResult<L extends string> = { ok: true; value: L } | { ok: false; error: EnumParseError };

// Clients of the reference sent member names (Not_a_Fit, NOT_A_FIT, NotAFit) as often as labels, so
// matching ignores case, spaces, underscores, hyphens and dots, and tries both labels and member names.
function fold(value: string): string {
  return value.toLowerCase().replace(/[\s_.\-]+/g, '');
}

const lookupCache = new WeakMap<PgEnumDefinition, Map<string, string>>();

function lookupFor(def: PgEnumDefinition): Map<string, string> {
  let lookup = lookupCache.get(def);
  if (!lookup) {
    lookup = new Map();
    for (const [member, label] of Object.entries(def.values)) {
      for (const key of [fold(label), fold(member)]) {
        const existing = lookup.get(key);
        if (existing !== undefined && existing !== label) {
          throw new Error(`${def.name}: aliases of ${existing} and ${label} collide on "${key}"`);
        }
        lookup.set(key, label);
      }
    }
    lookupCache.set(def, lookup);
  }
  return lookup;
}

/**
 * Turns user input into the enum's exact Postgres label. Accepts the label itself and the spellings
 * the reference's clients used (`Not_a_Fit`, `NotAFit`, `not a fit`, `NOT_A_FIT`, `not-a-fit`, and the
 * `PageCurationStatus.Selected` form the reference API emitted); anything else yields an error that
 * lists the allowed labels.
 */
export function parseEnumLabel<L extends string>(def: PgEnumDefinition<L>, input: unknown): EnumParseResult<L> {
  const fail = (): EnumParseResult<L> => ({ ok: false, error: new EnumParseError(def.name, input, def.labels) });
  if (typeof input !== 'string') return fail();
  if ((def.labels as readonly string[]).includes(input)) return { ok: true, value: input as L };
  let candidate = input.trim();
  const prefix = `${def.name}.`;
  if (candidate.toLowerCase().startsWith(prefix.toLowerCase())) candidate = candidate.slice(prefix.length);
  const key = fold(candidate);
  if (key === '') return fail();
  const label = lookupFor(def).get(key);
  return label === undefined ? fail() : { ok: true, value: label as L };
}

/** Like parseEnumLabel but throws the EnumParseError; for trusted inputs such as config and fixtures. */
export function toEnumLabel<L extends string>(def: PgEnumDefinition<L>, input: unknown): L {
  const result = parseEnumLabel(def, input);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Type guard: is `value` exactly one of the enum's labels (no aliasing). */
export function isEnumLabel<L extends string>(def: PgEnumDefinition<L>, value: unknown): value is L {
  return typeof value === 'string' && (def.labels as readonly string[]).includes(value);
}
