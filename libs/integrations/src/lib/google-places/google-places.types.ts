/** `legacy` = the Places web service the reference uses (key in the query); `new` = Places API (New) (key and field mask in headers). */
export type PlacesApiFlavour = 'legacy' | 'new';

/**
 * `retryable`: the same request may succeed later (quota, Google-side errors, 5xx, timeouts, garbage bodies) — the
 * caller re-queues with backoff. `permanent`: repeating it cannot help (bad key, bad request, unknown place).
 */
export type GooglePlacesErrorKind = 'retryable' | 'permanent';

/** One Text Search result, the same shape for both flavours (columns of `places_staging`). */
export interface PlaceSearchHit {
  place_id: string;
  name: string;
  formatted_address: string | null;
  /** First Google type (legacy `types[0]`, new `primaryType` or `types[0]`). */
  business_type: string | null;
  latitude: number | null;
  longitude: number | null;
  rating: number | null;
  user_ratings_total: number | null;
  /** 0 (free) … 4 (very expensive); the new flavour's `PRICE_LEVEL_*` names are mapped onto the same scale. */
  price_level: number | null;
  /** Legacy `vicinity`; the new flavour has none and gets `shortFormattedAddress`. */
  vicinity: string | null;
  /** Google's own object for this result, for `places_staging.raw_data`. */
  raw: unknown;
}

export interface PlaceSearchPage {
  hits: PlaceSearchHit[];
  /** Token for the next page, or null on the last one. */
  nextPageToken: string | null;
}

export interface PlaceSearchAllResult {
  /** Unique by `place_id` in first-seen order. */
  hits: PlaceSearchHit[];
  /** Number of pages fetched. */
  pages: number;
}

/** Place Details mapped onto the columns of `local_businesses`, the same shape for both flavours. */
export interface PlaceDetails {
  place_id: string;
  name: string;
  formatted_address: string | null;
  /** `street_number` + `route` from the address components. */
  street_address: string | null;
  /** `locality`, else `postal_town`, else `sublocality`, else `administrative_area_level_2`. */
  city: string | null;
  /** `administrative_area_level_1`, short form ("CA"). */
  state: string | null;
  zip: string | null;
  /** `country`, short form (ISO 3166-1 alpha-2, "US"). */
  country: string | null;
  /** National format (legacy `formatted_phone_number`, new `nationalPhoneNumber`). */
  phone: string | null;
  international_phone: string | null;
  website_url: string | null;
  rating: number | null;
  reviews_count: number | null;
  price_level: number | null;
  /** "Free", "$" … "$$$$". */
  price_text: string | null;
  main_category: string | null;
  /** The remaining Google types, in Google's order. */
  extra_categories: string[];
  latitude: number | null;
  longitude: number | null;
  /** Google's text for the day without the weekday prefix, e.g. "9:00 AM – 5:00 PM" or "Closed". */
  monday_hours: string | null;
  tuesday_hours: string | null;
  wednesday_hours: string | null;
  thursday_hours: string | null;
  friday_hours: string | null;
  saturday_hours: string | null;
  sunday_hours: string | null;
  /** "OPERATIONAL", "CLOSED_TEMPORARILY", "CLOSED_PERMANENTLY". */
  business_status: string | null;
  /** Offset from UTC in minutes at request time; Google gives no IANA zone for these fields. */
  utc_offset_minutes: number | null;
  /** Google's own object, for `local_businesses.additional_json`. */
  raw: unknown;
}

export const WEEKDAY_HOURS_KEYS = [
  'monday_hours',
  'tuesday_hours',
  'wednesday_hours',
  'thursday_hours',
  'friday_hours',
  'saturday_hours',
  'sunday_hours',
] as const satisfies readonly (keyof PlaceDetails)[];

export type WeekdayHoursKey = (typeof WEEKDAY_HOURS_KEYS)[number];

/**
 * The only error the client throws. `status` is Google's status string when Google sent one ("OVER_QUERY_LIMIT",
 * "PERMISSION_DENIED"), otherwise the HTTP status number, or one of the client's own codes: "TIMEOUT",
 * "NETWORK_ERROR", "MALFORMED_RESPONSE". The message is built without the API key (and any occurrence is
 * redacted), so it is safe to log and to store in `deep_scan_error`.
 */
export class GooglePlacesError extends Error {
  override readonly name = 'GooglePlacesError';

  constructor(
    readonly kind: GooglePlacesErrorKind,
    readonly status: string | number,
    message: string,
    /** HTTP status of the response, null when none arrived (timeout, network error). */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}
