import {
  ALL_ENUMS,
  EnumParseError,
  isEnumLabel,
  PageCurationStatus,
  PageCurationStatusEnum,
  parseEnumLabel,
  PlaceStatus,
  PlaceStatusEnum,
  SitemapCurationStatusEnum,
  toEnumLabel,
} from '../enums';

describe('parseEnumLabel', () => {
  it.each([
    'Not a Fit',
    'Not_a_Fit',
    'NotAFit',
    'not a fit',
    'NOT_A_FIT',
    'not-a-fit',
    '  Not a Fit  ',
    'PlaceStatus.NotAFit',
  ])('maps %j to the label "Not a Fit"', (input) => {
    expect(parseEnumLabel(PlaceStatusEnum, input)).toEqual({ ok: true, value: PlaceStatus.NotAFit });
  });

  it('maps the same aliases on the sitemap curation enum, which shares the label', () => {
    expect(parseEnumLabel(SitemapCurationStatusEnum, 'NOT_A_FIT')).toEqual({ ok: true, value: 'Not a Fit' });
  });

  it('accepts the "PageCurationStatus.Selected" strings the reference API emitted', () => {
    expect(parseEnumLabel(PageCurationStatusEnum, 'PageCurationStatus.Selected')).toEqual({
      ok: true,
      value: PageCurationStatus.Selected,
    });
  });

  it.each(['Nope', '', '   ', 'Not a Fitt', 'Selected!', null, 3, undefined, { status: 'New' }])(
    'rejects %j with the allowed labels',
    (input) => {
      const result = parseEnumLabel(PlaceStatusEnum, input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(EnumParseError);
      expect(result.error.allowed).toEqual(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived']);
      expect(result.error.message).toContain('allowed values: "New", "Selected", "Maybe", "Not a Fit", "Archived"');
    },
  );

  it('keeps Complete and Completed apart (the reference drifted between them)', () => {
    const task = ALL_ENUMS.find((e) => e.name === 'TaskStatus');
    expect(task && parseEnumLabel(task, 'complete')).toEqual({ ok: true, value: 'Complete' });
    expect(task && parseEnumLabel(task, 'COMPLETED')).toEqual({ ok: true, value: 'Completed' });
  });

  it('parses every label and every member name of every registered enum back to its label, without collisions', () => {
    for (const def of ALL_ENUMS) {
      for (const [member, label] of Object.entries(def.values)) {
        expect(parseEnumLabel(def, label)).toEqual({ ok: true, value: label });
        expect(parseEnumLabel(def, member)).toEqual({ ok: true, value: label });
        expect(parseEnumLabel(def, member.toUpperCase())).toEqual({ ok: true, value: label });
      }
    }
  });

  it('toEnumLabel throws the typed error; isEnumLabel accepts exact labels only', () => {
    expect(() => toEnumLabel(PlaceStatusEnum, 'bogus')).toThrow(EnumParseError);
    expect(isEnumLabel(PlaceStatusEnum, 'Not a Fit')).toBe(true);
    expect(isEnumLabel(PlaceStatusEnum, 'Not_a_Fit')).toBe(false);
  });
});

describe('enum registry', () => {
  it('has values that are the labels (no numeric enums, no duplicates)', () => {
    for (const def of ALL_ENUMS) {
      expect(def.labels.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
      expect(new Set(def.labels).size).toBe(def.labels.length);
    }
  });

  it('keeps Postgres type names unique', () => {
    const names = ALL_ENUMS.flatMap((d) => (d.pgType ? [d.pgType] : []));
    expect(new Set(names).size).toBe(names.length);
  });
});
