import { PgBackedEnum } from '../enums/pg-enum';

export enum EnumDriftKind {
  TypeMissing = 'type missing',
  NotAnEnum = 'not an enum type',
  Missing = 'missing label',
  Extra = 'extra label',
  LikelyRenamed = 'likely renamed',
  WhitespaceOrCase = 'whitespace/case difference',
  Reordered = 'reordered',
}

export interface EnumDriftItem {
  readonly kind: EnumDriftKind;
  /** Human-readable detail: which label, and what the database has instead. */
  readonly detail: string;
}

export interface EnumTypeDrift {
  readonly pgType: string;
  readonly enumName: string;
  readonly expected: readonly string[];
  /** Labels in `enumsortorder`, or null when the type does not exist. */
  readonly actual: readonly string[] | null;
  readonly items: readonly EnumDriftItem[];
}

export interface CatalogEnum {
  readonly labels: readonly string[];
  readonly isEnum: boolean;
}

const quote = (label: string): string => JSON.stringify(label);
const caseWhitespaceKey = (label: string): string => label.toLowerCase().replace(/\s+/g, ' ').trim();
const aliasKey = (label: string): string => label.toLowerCase().replace(/[\s_.\-]+/g, '');

/** Compares one registered enum with the catalogue's labels: byte for byte, and in order. */
export function diffEnum(def: PgBackedEnum, catalog: CatalogEnum | undefined): EnumTypeDrift {
  const expected = def.labels as readonly string[];
  const base = { pgType: def.pgType, enumName: def.name, expected };
  if (!catalog)
    return {
      ...base,
      actual: null,
      items: [{ kind: EnumDriftKind.TypeMissing, detail: `type "${def.pgType}" does not exist` }],
    };
  if (!catalog.isEnum)
    return {
      ...base,
      actual: null,
      items: [{ kind: EnumDriftKind.NotAnEnum, detail: `"${def.pgType}" exists but is not an enum` }],
    };
  const actual = catalog.labels;
  const items: EnumDriftItem[] = [];
  const missing = expected.filter((l) => !actual.includes(l));
  const extra = new Set(actual.filter((l) => !expected.includes(l)));
  for (const label of missing) {
    const byCase = [...extra].find((e) => caseWhitespaceKey(e) === caseWhitespaceKey(label));
    const byAlias = byCase ?? [...extra].find((e) => aliasKey(e) === aliasKey(label));
    if (byAlias !== undefined) {
      extra.delete(byAlias);
      items.push({
        kind: byCase !== undefined ? EnumDriftKind.WhitespaceOrCase : EnumDriftKind.LikelyRenamed,
        detail: `code has ${quote(label)}, database has ${quote(byAlias)}`,
      });
    } else {
      items.push({ kind: EnumDriftKind.Missing, detail: `${quote(label)} is in the code but not in the database` });
    }
  }
  for (const label of extra)
    items.push({ kind: EnumDriftKind.Extra, detail: `${quote(label)} is in the database but not in the code` });
  const commonExpected = expected.filter((l) => actual.includes(l));
  const commonActual = actual.filter((l) => expected.includes(l));
  if (commonExpected.some((l, i) => commonActual[i] !== l)) {
    items.push({
      kind: EnumDriftKind.Reordered,
      detail: `code order ${commonExpected.map(quote).join(', ')}; database order ${commonActual.map(quote).join(', ')}`,
    });
  }
  return { ...base, actual, items };
}

/** A readable report: one block per drifting type, nothing for matching ones. */
export function formatEnumDrift(drifts: readonly EnumTypeDrift[]): string {
  const bad = drifts.filter((d) => d.items.length > 0);
  if (bad.length === 0) return `enum check: all ${drifts.length} enum types match the database`;
  const blocks = bad.map((d) =>
    [
      `  ${d.pgType} (${d.enumName}):`,
      ...d.items.map((i) => `    - ${i.kind}: ${i.detail}`),
      `    code:     ${d.expected.map(quote).join(', ')}`,
      `    database: ${d.actual ? d.actual.map(quote).join(', ') : '(none)'}`,
    ].join('\n'),
  );
  return `enum check: ${bad.length} of ${drifts.length} enum types differ from the database\n${blocks.join('\n')}`;
}
