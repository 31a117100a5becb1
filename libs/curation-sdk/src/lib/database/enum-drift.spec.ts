import { definePgEnum } from '../enums/pg-enum';
import { PlaceStatusEnum } from '../enums/place-status.enum';
import { diffEnum, EnumDriftKind, formatEnumDrift } from './enum-drift';

const kinds = (labels: string[] | undefined, isEnum = true) =>
  diffEnum(PlaceStatusEnum, labels === undefined ? undefined : { labels, isEnum }).items.map((i) => i.kind);

describe('diffEnum', () => {
  it('finds nothing when labels match byte for byte and in order', () => {
    expect(kinds(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived'])).toEqual([]);
  });

  it('reports Not_a_Fit as a likely rename of Not a Fit', () => {
    const drift = diffEnum(PlaceStatusEnum, {
      labels: ['New', 'Selected', 'Maybe', 'Not_a_Fit', 'Archived'],
      isEnum: true,
    });
    expect(drift.items).toEqual([
      { kind: EnumDriftKind.LikelyRenamed, detail: 'code has "Not a Fit", database has "Not_a_Fit"' },
    ]);
  });

  it('reports case and whitespace differences separately', () => {
    expect(kinds(['New', 'Selected', 'Maybe', 'not a  fit', 'Archived'])).toEqual([EnumDriftKind.WhitespaceOrCase]);
    expect(kinds(['New', 'Selected', 'Maybe', 'Not a Fit ', 'Archived'])).toEqual([EnumDriftKind.WhitespaceOrCase]);
  });

  it('reports missing and extra labels', () => {
    expect(kinds(['New', 'Selected', 'Maybe', 'Not a Fit'])).toEqual([EnumDriftKind.Missing]);
    expect(kinds(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived', 'Queued'])).toEqual([EnumDriftKind.Extra]);
  });

  it('reports reordering, which TypeORM order-insensitive comparison misses', () => {
    expect(kinds(['Selected', 'New', 'Maybe', 'Not a Fit', 'Archived'])).toEqual([EnumDriftKind.Reordered]);
  });

  it('reports a missing type and a type that is not an enum', () => {
    expect(kinds(undefined)).toEqual([EnumDriftKind.TypeMissing]);
    expect(kinds([], false)).toEqual([EnumDriftKind.NotAnEnum]);
  });

  it('formats a readable report naming the type, the problem and both label lists', () => {
    const ok = diffEnum(definePgEnum('X', 'x_enum', { A: 'a' }), { labels: ['a'], isEnum: true });
    const bad = diffEnum(PlaceStatusEnum, {
      labels: ['New', 'Selected', 'Maybe', 'Not_a_Fit', 'Archived'],
      isEnum: true,
    });
    expect(formatEnumDrift([ok])).toBe('enum check: all 1 enum types match the database');
    expect(formatEnumDrift([ok, bad])).toBe(
      [
        'enum check: 1 of 2 enum types differ from the database',
        '  place_status_enum (PlaceStatus):',
        '    - likely renamed: code has "Not a Fit", database has "Not_a_Fit"',
        '    code:     "New", "Selected", "Maybe", "Not a Fit", "Archived"',
        '    database: "New", "Selected", "Maybe", "Not_a_Fit", "Archived"',
      ].join('\n'),
    );
  });
});
