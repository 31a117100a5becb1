import { legacySearchHit, newDetails, weekdayHours } from './google-places.mapping';

describe('weekdayHours', () => {
  it('maps English day prefixes wherever they are in the list', () => {
    const hours = weekdayHours(['Sunday: Closed', 'Monday: Open 24 hours']);
    expect(hours.sunday_hours).toBe('Closed');
    expect(hours.monday_hours).toBe('Open 24 hours');
    expect(hours.tuesday_hours).toBeNull();
  });

  it('turns Google narrow and thin spaces into plain spaces', () => {
    expect(weekdayHours(['Monday: 9:00\u202fAM\u2009–\u20095:00\u202fPM']).monday_hours).toBe('9:00 AM – 5:00 PM');
  });

  it('falls back to Monday-first positions for lines it cannot name', () => {
    const hours = weekdayHours(['lundi: 09:00–17:00', 'mardi: Fermé']);
    expect([hours.monday_hours, hours.tuesday_hours]).toEqual(['lundi: 09:00–17:00', 'mardi: Fermé']);
  });
});

describe('mapping of odd Google objects', () => {
  it('skips a search result without place_id', () => {
    expect(legacySearchHit({ name: 'no id' })).toBeNull();
  });

  it('reads mistyped fields as null instead of failing', () => {
    const details = newDetails('ChIJ-x', {
      rating: 'high',
      location: 'here',
      types: [1, 'cafe'],
      priceLevel: 'PRICE_LEVEL_UNSPECIFIED',
    });
    expect(details).toMatchObject({
      place_id: 'ChIJ-x',
      name: '',
      rating: null,
      latitude: null,
      main_category: 'cafe',
      extra_categories: [],
      price_level: null,
    });
  });

  it('prefers primaryType as the main category and keeps the other types', () => {
    const details = newDetails('ChIJ-y', { primaryType: 'dentist', types: ['health', 'dentist', 'establishment'] });
    expect([details.main_category, details.extra_categories]).toEqual(['dentist', ['health', 'establishment']]);
  });
});
