import { EntityManager } from 'typeorm';

import { GooglePlacesClient, PlaceDetails } from '@curation/integrations';

import { PlaceStagingEntity } from '../../entities/place-staging.entity';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { googleFailure } from '../google/google-outcome';

/** Written to `local_businesses.lead_source`, as the reference did for deep-scanned places. */
export const DEEP_SCAN_LEAD_SOURCE = 'Google Maps';

/**
 * WF2: Place Details for each selected place (bounded concurrency), then one upsert of the whole batch
 * into `local_businesses` on `place_id`. A business that already exists is refreshed without touching
 * what people and other workflows own: its curation `status`, its domain extraction state and its domain
 * link. (The reference's re-scan reset them.)
 */
export class Wf2DeepScanHandler implements WorkflowHandler<PlaceStagingEntity, PlaceDetails> {
  constructor(private readonly google: GooglePlacesClient) {}

  process(
    items: readonly PlaceStagingEntity[],
    ctx: BatchContext<PlaceStagingEntity>,
  ): Promise<Outcome<PlaceDetails>[]> {
    return ctx.eachItem(items, async (place, signal) => {
      try {
        return outcome.done(await this.google.details(place.place_id, { signal }));
      } catch (error) {
        return googleFailure(error);
      }
    });
  }

  async persist(manager: EntityManager, done: readonly DoneItem<PlaceStagingEntity, PlaceDetails>[]): Promise<void> {
    const rows = done.map(({ item, result: d }) => ({
      place_id: d.place_id || item.place_id,
      tenant_id: item.tenant_id ?? DEFAULT_TENANT_ID,
      business_name: d.name,
      full_address: d.formatted_address,
      street_address: d.street_address,
      city: d.city,
      state: d.state,
      zip: d.zip,
      country: d.country,
      phone: d.phone,
      main_category: d.main_category,
      extra_categories: d.extra_categories,
      rating: d.rating,
      reviews_count: d.reviews_count,
      price_text: d.price_text,
      website_url: d.website_url,
      latitude: d.latitude,
      longitude: d.longitude,
      monday_hours: d.monday_hours,
      tuesday_hours: d.tuesday_hours,
      wednesday_hours: d.wednesday_hours,
      thursday_hours: d.thursday_hours,
      friday_hours: d.friday_hours,
      saturday_hours: d.saturday_hours,
      sunday_hours: d.sunday_hours,
      additional_json: {
        business_status: d.business_status,
        international_phone: d.international_phone,
        utc_offset_minutes: d.utc_offset_minutes,
        price_level: d.price_level,
      },
    }));
    const refreshed = [
      'business_name',
      'full_address',
      'street_address',
      'city',
      'state',
      'zip',
      'country',
      'phone',
      'main_category',
      'extra_categories',
      'rating',
      'reviews_count',
      'price_text',
      'website_url',
      'latitude',
      'longitude',
      'monday_hours',
      'tuesday_hours',
      'wednesday_hours',
      'thursday_hours',
      'friday_hours',
      'saturday_hours',
      'sunday_hours',
    ];
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
           place_id text, tenant_id uuid, business_name text, full_address text, street_address text, city text, state text, zip text,
           country text, phone text, main_category text, extra_categories text[], rating numeric, reviews_count int, price_text text,
           website_url text, latitude numeric, longitude numeric, monday_hours text, tuesday_hours text, wednesday_hours text,
           thursday_hours text, friday_hours text, saturday_hours text, sunday_hours text, additional_json jsonb)
       )
       INSERT INTO local_businesses (place_id, tenant_id, lead_source, ${refreshed.join(', ')}, additional_json, updated_at)
       SELECT DISTINCT ON (place_id) place_id, tenant_id, $2, ${refreshed.join(', ')}, additional_json, now() FROM input ORDER BY place_id
       ON CONFLICT (place_id) DO UPDATE SET
         ${refreshed.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
         additional_json = coalesce(local_businesses.additional_json, '{}'::jsonb) || EXCLUDED.additional_json,
         updated_at = now()`,
      [JSON.stringify(rows), DEEP_SCAN_LEAD_SOURCE],
    );
  }
}
