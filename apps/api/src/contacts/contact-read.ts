import { columnsOf } from '../curation/curation-list.service';

/**
 * The reference's `ContactRead`, field for field, plus `n8n_contact_id` and the enrichment columns: the reference
 * model called that column `n8n_workflow_id`, its database `n8n_contact_id`, so both names are served from the one
 * column.
 */
export const CONTACT_READ_COLUMNS: readonly string[] = [
  ...columnsOf([
    'id',
    'domain_id',
    'page_id',
    'source_job_id',
    'email',
    'email_type',
    'has_gmail',
    'context',
    'source_url',
    'name',
    'phone_number',
    'contact_curation_status',
    'contact_processing_status',
    'contact_processing_error',
    'hubspot_sync_status',
    'hubspot_processing_status',
    'hubspot_processing_error',
    'hubspot_contact_id',
    'brevo_sync_status',
    'brevo_processing_status',
    'brevo_processing_error',
    'brevo_contact_id',
    'mautic_sync_status',
    'mautic_processing_status',
    'mautic_processing_error',
    'mautic_contact_id',
    'n8n_sync_status',
    'n8n_processing_status',
    'n8n_processing_error',
    'n8n_contact_id',
  ]),
  't."n8n_contact_id" AS "n8n_workflow_id"',
  ...columnsOf([
    'retry_count',
    'last_retry_at',
    'next_retry_at',
    'last_failed_crm',
    'debounce_validation_status',
    'debounce_processing_status',
    'debounce_result',
    'debounce_score',
    'debounce_reason',
    'debounce_suggestion',
    'debounce_processing_error',
    'debounce_validated_at',
    // n8n's enrichment, written only by POST /api/v3/webhooks/n8n/enrichment-complete (the reference's
    // ContactRead lacked them although its frontend showed them; jsonb columns come back as JSON).
    'enrichment_status',
    'enrichment_started_at',
    'enrichment_completed_at',
    'enrichment_error',
    'last_enrichment_id',
    'enriched_phone',
    'enriched_address',
    'enriched_social_profiles',
    'enriched_company',
    'enriched_additional_emails',
    'enrichment_confidence_score',
    'enrichment_sources',
    'enrichment_duration_seconds',
    'enrichment_api_calls',
    'enrichment_cost_estimate',
    'created_at',
    'updated_at',
  ]),
];

/** One contact as the API answers it (the reference's ContactRead). */
export type ContactRead = Record<string, unknown> & { readonly id: string };
