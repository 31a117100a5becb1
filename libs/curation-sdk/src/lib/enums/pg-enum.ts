/**
 * A status enum whose string values are the exact labels stored in the database.
 * `pgType` is the Postgres enum type name, or null when the column is plain text/varchar
 * (those value sets are still declared here so no code compares against label literals).
 */
export interface PgEnumDefinition<L extends string = string> {
  /** TypeScript name, used in messages. */
  readonly name: string;
  /** Postgres enum type name (`pg_type.typname`), or null for text columns. */
  readonly pgType: string | null;
  /** The TypeScript enum object: member name to label. */
  readonly values: Readonly<Record<string, L>>;
  /** Labels in Postgres `enumsortorder`. */
  readonly labels: readonly L[];
}

/** A definition backed by a Postgres enum type. */
export type PgBackedEnum<L extends string = string> = PgEnumDefinition<L> & { readonly pgType: string };

export function definePgEnum<E extends Record<string, string>>(
  name: string,
  pgType: string,
  values: E,
): PgBackedEnum<E[keyof E]>;
export function definePgEnum<E extends Record<string, string>>(
  name: string,
  pgType: null,
  values: E,
): PgEnumDefinition<E[keyof E]>;
export function definePgEnum<E extends Record<string, string>>(
  name: string,
  pgType: string | null,
  values: E,
): PgEnumDefinition<E[keyof E]> {
  return Object.freeze({
    name,
    pgType,
    values: values as unknown as Readonly<Record<string, E[keyof E]>>,
    labels: Object.freeze(Object.values(values) as E[keyof E][]),
  });
}

/** The label type of a definition, e.g. `LabelOf<typeof PlaceStatusEnum>` is `PlaceStatus`. */
export type LabelOf<D> = D extends PgEnumDefinition<infer L> ? L : never;
