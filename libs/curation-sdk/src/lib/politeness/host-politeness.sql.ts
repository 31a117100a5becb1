/** The advisory lock of one concurrency slot of one site; hashed to a bigint by the statements. */
export function slotLockName(hostKey: string, slot: number): string {
  return `host_politeness:${hostKey}#${slot}`;
}

/**
 * One try at a turn: $1 the slot's lock name, $2 the site, $3 the delay in ms. Takes the slot's session lock; if it
 * got it, advances the site's next start under the row lock, but only when that start has passed; gives the lock
 * back when it has not. `clock_timestamp()`, not `now()`: a take that waited for another's row lock must space from
 * when it really starts. `wait_ms` reads the row as it was before this statement: a hint for the next try.
 */
export const TAKE_SLOT_SQL = `
WITH slot AS MATERIALIZED (
  SELECT pg_try_advisory_lock(hashtextextended($1::text, 0)) AS held
), spaced AS (
  INSERT INTO host_politeness AS h (host_key, next_allowed_at)
  SELECT $2::text, clock_timestamp() + $3::int * interval '1 millisecond' FROM slot WHERE slot.held
  ON CONFLICT (host_key) DO UPDATE
    SET next_allowed_at = clock_timestamp() + $3::int * interval '1 millisecond', updated_at = now()
    WHERE h.next_allowed_at <= clock_timestamp()
  RETURNING true AS started
), outcome AS MATERIALIZED (
  SELECT slot.held, EXISTS (SELECT 1 FROM spaced) AS started FROM slot
)
SELECT outcome.held,
       outcome.started,
       CASE WHEN outcome.held AND NOT outcome.started THEN pg_advisory_unlock(hashtextextended($1::text, 0)) END AS unlocked,
       coalesce((SELECT greatest(0, ceil(extract(epoch FROM h.next_allowed_at - clock_timestamp()) * 1000))
                   FROM host_politeness h WHERE h.host_key = $2::text), 0)::int AS wait_ms
  FROM outcome`;

export const UNLOCK_SQL = `SELECT pg_advisory_unlock(hashtextextended($1::text, 0)) AS unlocked`;

/**
 * Gives a turn back: $1 the slot's lock name, $2 the site, $3 the delay in ms. The site's next start moves to at
 * least the delay after now, the answer's arrival, before the slot is unlocked: the next request cannot leave before
 * this one's answer came back plus the delay, however late this worker sent it after taking its turn.
 */
export const RELEASE_SQL = `
WITH spaced AS (
  UPDATE host_politeness
     SET next_allowed_at = greatest(next_allowed_at, clock_timestamp() + $3::int * interval '1 millisecond'), updated_at = now()
   WHERE host_key = $2::text AND $3::int > 0
  RETURNING 1
)
SELECT pg_advisory_unlock(hashtextextended($1::text, 0)) AS unlocked FROM (SELECT count(*) FROM spaced) AS done`;

/** Sites idle for ten minutes, a bounded batch at a time (no index on the time: it would make every take a non-HOT update). */
export const PRUNE_SQL = `
DELETE FROM host_politeness WHERE host_key IN (
  SELECT host_key FROM host_politeness WHERE next_allowed_at < now() - interval '10 minutes' LIMIT 1000
)`;
