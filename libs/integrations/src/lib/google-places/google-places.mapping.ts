import { PlaceDetails, PlaceSearchHit, WEEKDAY_HOURS_KEYS, WeekdayHoursKey } from './google-places.types';

/** Google's JSON read defensively: a missing or mistyped field becomes null instead of a crash later in SQL. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Value at a nested path, undefined as soon as a step is not an object. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item.length > 0)
    : [];
}

export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** Places API (New) names the legacy 0–4 scale; the columns keep the number. */
const NEW_PRICE_LEVELS: Readonly<Record<string, number>> = {
  PRICE_LEVEL_FREE: 0,
  PRICE_LEVEL_INEXPENSIVE: 1,
  PRICE_LEVEL_MODERATE: 2,
  PRICE_LEVEL_EXPENSIVE: 3,
  PRICE_LEVEL_VERY_EXPENSIVE: 4,
};

const PRICE_TEXTS = ['Free', '$', '$$', '$$$', '$$$$'] as const;

function legacyPriceLevel(value: unknown): number | null {
  const level = finite(value);
  return level !== null && Number.isInteger(level) && level >= 0 && level <= 4 ? level : null;
}

function newPriceLevel(value: unknown): number | null {
  return typeof value === 'string' && value in NEW_PRICE_LEVELS ? NEW_PRICE_LEVELS[value] : null;
}

function priceText(level: number | null): string | null {
  return level === null ? null : PRICE_TEXTS[level];
}

interface AddressPart {
  long: string | null;
  short: string | null;
  types: string[];
}

interface AddressFields {
  street_address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

function addressFields(parts: AddressPart[]): AddressFields {
  const part = (...types: string[]): AddressPart | undefined => {
    for (const type of types) {
      const found = parts.find((candidate) => candidate.types.includes(type));
      if (found) return found;
    }
    return undefined;
  };
  const street = [part('street_number')?.long, part('route')?.long]
    .filter((piece): piece is string => !!piece)
    .join(' ');
  const state = part('administrative_area_level_1');
  const country = part('country');
  return {
    street_address: street.length > 0 ? street : null,
    // UK and Nordic addresses carry the town as postal_town, some cities only as a sublocality.
    city: part('locality', 'postal_town', 'sublocality_level_1', 'sublocality')?.long ?? null,
    state: state?.short ?? state?.long ?? null,
    zip: part('postal_code')?.long ?? null,
    country: country?.short ?? country?.long ?? null,
  };
}

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * "Monday: 9:00 AM – 5:00 PM" → monday_hours = "9:00 AM – 5:00 PM". Google puts narrow/thin no-break spaces
 * around "AM" and the dash; they become plain spaces so the column compares and searches like typed text. The
 * day is taken from the English prefix (requests ask for English); a line without one keeps Google's Monday-first
 * position.
 */
export function weekdayHours(lines: string[]): Record<WeekdayHoursKey, string | null> {
  const hours: Record<WeekdayHoursKey, string | null> = {
    monday_hours: null,
    tuesday_hours: null,
    wednesday_hours: null,
    thursday_hours: null,
    friday_hours: null,
    saturday_hours: null,
    sunday_hours: null,
  };
  lines.forEach((line, position) => {
    const normalized = line.replace(/[\u00a0\u2009\u202f]/g, ' ').trim();
    const match = /^([^:]+):\s*(.*)$/.exec(normalized);
    const named = match ? WEEKDAY_NAMES.indexOf(match[1].trim().toLowerCase()) : -1;
    const day = named >= 0 ? named : position;
    if (day < WEEKDAY_HOURS_KEYS.length)
      hours[WEEKDAY_HOURS_KEYS[day]] = named >= 0 && match ? match[2].trim() : normalized;
  });
  return hours;
}

function categories(
  primary: string | null,
  types: string[],
): { main_category: string | null; extra_categories: string[] } {
  const main = primary ?? types[0] ?? null;
  return { main_category: main, extra_categories: types.filter((type) => type !== main) };
}

export function legacySearchHit(result: JsonObject): PlaceSearchHit | null {
  const placeId = text(result.place_id);
  if (placeId === null) return null;
  return {
    place_id: placeId,
    name: text(result.name) ?? '',
    formatted_address: text(result.formatted_address),
    business_type: strings(result.types)[0] ?? null,
    latitude: finite(at(result, 'geometry', 'location', 'lat')),
    longitude: finite(at(result, 'geometry', 'location', 'lng')),
    rating: finite(result.rating),
    user_ratings_total: finite(result.user_ratings_total),
    price_level: legacyPriceLevel(result.price_level),
    vicinity: text(result.vicinity),
    raw: result,
  };
}

export function newSearchHit(place: JsonObject): PlaceSearchHit | null {
  const placeId = text(place.id);
  if (placeId === null) return null;
  return {
    place_id: placeId,
    name: text(at(place, 'displayName', 'text')) ?? '',
    formatted_address: text(place.formattedAddress),
    business_type: text(place.primaryType) ?? strings(place.types)[0] ?? null,
    latitude: finite(at(place, 'location', 'latitude')),
    longitude: finite(at(place, 'location', 'longitude')),
    rating: finite(place.rating),
    user_ratings_total: finite(place.userRatingCount),
    price_level: newPriceLevel(place.priceLevel),
    vicinity: text(place.shortFormattedAddress),
    raw: place,
  };
}

/** `requestedId` fills `place_id` because the reference's field list does not ask for it. */
export function legacyDetails(requestedId: string, result: JsonObject): PlaceDetails {
  const parts = objects(result.address_components).map((component) => ({
    long: text(component.long_name),
    short: text(component.short_name),
    types: strings(component.types),
  }));
  const priceLevel = legacyPriceLevel(result.price_level);
  return {
    place_id: text(result.place_id) ?? requestedId,
    name: text(result.name) ?? '',
    formatted_address: text(result.formatted_address),
    ...addressFields(parts),
    phone: text(result.formatted_phone_number),
    international_phone: text(result.international_phone_number),
    website_url: text(result.website),
    rating: finite(result.rating),
    reviews_count: finite(result.user_ratings_total),
    price_level: priceLevel,
    price_text: priceText(priceLevel),
    ...categories(null, strings(result.types)),
    latitude: finite(at(result, 'geometry', 'location', 'lat')),
    longitude: finite(at(result, 'geometry', 'location', 'lng')),
    ...weekdayHours(strings(at(result, 'opening_hours', 'weekday_text'))),
    business_status: text(result.business_status),
    utc_offset_minutes: finite(result.utc_offset_minutes) ?? finite(result.utc_offset),
    raw: result,
  };
}

export function newDetails(requestedId: string, place: JsonObject): PlaceDetails {
  const parts = objects(place.addressComponents).map((component) => ({
    long: text(component.longText),
    short: text(component.shortText),
    types: strings(component.types),
  }));
  const priceLevel = newPriceLevel(place.priceLevel);
  return {
    place_id: text(place.id) ?? requestedId,
    name: text(at(place, 'displayName', 'text')) ?? '',
    formatted_address: text(place.formattedAddress),
    ...addressFields(parts),
    phone: text(place.nationalPhoneNumber),
    international_phone: text(place.internationalPhoneNumber),
    website_url: text(place.websiteUri),
    rating: finite(place.rating),
    reviews_count: finite(place.userRatingCount),
    price_level: priceLevel,
    price_text: priceText(priceLevel),
    ...categories(text(place.primaryType), strings(place.types)),
    latitude: finite(at(place, 'location', 'latitude')),
    longitude: finite(at(place, 'location', 'longitude')),
    ...weekdayHours(strings(at(place, 'regularOpeningHours', 'weekdayDescriptions'))),
    business_status: text(place.businessStatus),
    utc_offset_minutes: finite(place.utcOffsetMinutes),
    raw: place,
  };
}
