import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reference system's schema as its production catalogue showed it on 2025-11-20 (reference-system.md
 * §2.2-2.5): table, column and enum type names and labels spelled exactly as there, so this system can run
 * against a database the reference created. Primary keys default to gen_random_uuid() (the reference
 * generated uuids in Python) and timestamps are timestamptz; both are compatible with reference data.
 * Deviations that change behaviour live in the migrations after this one.
 */
export class CreateReferenceSchema1795910400000 implements MigrationInterface {
  name = 'CreateReferenceSchema1795910400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."place_status_enum" AS ENUM('New', 'Selected', 'Maybe', 'Not a Fit', 'Archived')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."domain_extraction_status_enum" AS ENUM('Queued', 'Processing', 'Completed', 'Error')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."SitemapAnalysisStatusEnum" AS ENUM('pending', 'queued', 'processing', 'submitted', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."sitemap_curation_status_enum" AS ENUM('New', 'Selected', 'Maybe', 'Not a Fit', 'Archived', 'Completed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."hubspot_sync_status" AS ENUM('New', 'Selected', 'Queued', 'Processing', 'Complete', 'Error', 'Skipped')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."hubspot_sync_processing_status" AS ENUM('Queued', 'Processing', 'Complete', 'Error')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."task_status" AS ENUM('Queued', 'InProgress', 'Completed', 'Error', 'ManualReview', 'Cancelled', 'Paused', 'Processing', 'Complete')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."sitemap_file_status_enum" AS ENUM('Pending', 'Processing', 'Completed', 'Error')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."sitemapimportprocessingstatus" AS ENUM('Queued', 'Processing', 'Complete', 'Error')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."page_type_enum" AS ENUM('contact_root', 'career_contact', 'about_root', 'services_root', 'menu_root', 'pricing_root', 'team_root', 'legal_root', 'wp_prospect', 'unknown')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."page_curation_status" AS ENUM('New', 'Selected', 'Queued', 'Processing', 'Complete', 'Error', 'Skipped')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."page_processing_status" AS ENUM('Queued', 'Processing', 'Complete', 'Error', 'Filtered')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."contact_scrape_status" AS ENUM('New', 'ContactFound', 'NoContactFound', 'Error', 'NotAFit')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."contact_email_type_enum" AS ENUM('SERVICE', 'CORPORATE', 'FREE', 'UNKNOWN')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."contact_curation_status" AS ENUM('New', 'Queued', 'Processing', 'Complete', 'Error', 'Skipped')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."contact_processing_status" AS ENUM('Queued', 'Processing', 'Complete', 'Error')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."crm_sync_status" AS ENUM('New', 'Selected', 'Queued', 'Processing', 'Complete', 'Error', 'Skipped')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."crm_processing_status" AS ENUM('Queued', 'Processing', 'Complete', 'Error')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."gcp_api_deep_scan_status" AS ENUM('Queued', 'Processing', 'Completed', 'Error')`,
    );
    await queryRunner.query(`
      CREATE TABLE "tenants" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(255) NOT NULL,
        "description" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "local_businesses" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL,
        "place_id" text,
        "lead_source" text,
        "business_name" text,
        "full_address" text,
        "street_address" text,
        "city" text,
        "state" text,
        "zip" text,
        "country" text,
        "phone" text,
        "main_category" text,
        "extra_categories" text array,
        "rating" numeric(3,2),
        "reviews_count" integer,
        "price_text" text,
        "website_url" character varying,
        "business_verified" boolean,
        "monday_hours" text,
        "tuesday_hours" text,
        "wednesday_hours" text,
        "thursday_hours" text,
        "friday_hours" text,
        "saturday_hours" text,
        "sunday_hours" text,
        "timezone" text,
        "image_url" text,
        "latitude" numeric(10,7),
        "longitude" numeric(10,7),
        "service_options" text array,
        "highlights" text array,
        "popular_for" text array,
        "accessibility" text array,
        "offerings" text array,
        "dining_options" text array,
        "amenities" text array,
        "atmosphere" text array,
        "crowd" text array,
        "planning" text array,
        "payments" text array,
        "children" text array,
        "parking" text array,
        "pets" text array,
        "from_the_business" text array,
        "additional_json" jsonb DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "status" "public"."place_status_enum" NOT NULL DEFAULT 'New',
        "domain_extraction_status" "public"."domain_extraction_status_enum",
        "domain_extraction_error" character varying,
        CONSTRAINT "local_businesses_place_id_key" UNIQUE ("place_id"),
        CONSTRAINT "local_businesses_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "domains" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "domain" character varying NOT NULL,
        "tenant_id" uuid NOT NULL,
        "created_by" uuid,
        "status" character varying NOT NULL DEFAULT 'active',
        "meta_json" jsonb,
        "notes" text,
        "title" text,
        "description" text,
        "favicon_url" text,
        "logo_url" text,
        "language" character varying,
        "is_wordpress" boolean DEFAULT false,
        "wordpress_version" character varying,
        "has_elementor" boolean DEFAULT false,
        "tech_stack" jsonb,
        "email_addresses" text array,
        "phone_numbers" text array,
        "facebook_url" text,
        "twitter_url" text,
        "linkedin_url" text,
        "instagram_url" text,
        "youtube_url" text,
        "last_scan" TIMESTAMP WITH TIME ZONE,
        "sitemap_urls" integer DEFAULT '0',
        "total_sitemaps" integer DEFAULT '0',
        "batch_id" uuid,
        "local_business_id" uuid,
        "sitemap_analysis_status" "public"."SitemapAnalysisStatusEnum" DEFAULT 'pending',
        "sitemap_analysis_error" text,
        "sitemap_curation_status" "public"."sitemap_curation_status_enum" DEFAULT 'New',
        "hubspot_sync_status" "public"."hubspot_sync_status" NOT NULL DEFAULT 'New',
        "hubspot_processing_status" "public"."hubspot_sync_processing_status",
        "hubspot_processing_error" text,
        "content_scrape_status" "public"."task_status" DEFAULT 'Queued',
        "page_scrape_status" "public"."task_status" DEFAULT 'Queued',
        "sitemap_monitor_status" "public"."task_status" DEFAULT 'Queued',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "domains_domain_key" UNIQUE ("domain"),
        CONSTRAINT "domains_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "sitemap_files" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "domain_id" uuid NOT NULL,
        "url" text NOT NULL,
        "sitemap_type" text NOT NULL,
        "discovery_method" text,
        "page_count" integer,
        "size_bytes" integer,
        "response_time_ms" integer,
        "status_code" integer,
        "error_message" text,
        "is_gzipped" boolean,
        "has_lastmod" boolean,
        "has_priority" boolean,
        "has_changefreq" boolean,
        "last_modified" TIMESTAMP WITH TIME ZONE,
        "url_count" integer,
        "priority" integer DEFAULT '5',
        "generator" text,
        "lead_source" text,
        "tenant_id" uuid,
        "created_by" uuid,
        "updated_by" uuid,
        "user_id" uuid,
        "user_name" text,
        "job_id" uuid,
        "status" "public"."sitemap_file_status_enum" NOT NULL DEFAULT 'Pending',
        "is_active" boolean DEFAULT true,
        "process_after" TIMESTAMP WITH TIME ZONE,
        "last_processed_at" TIMESTAMP WITH TIME ZONE,
        "deep_scrape_curation_status" "public"."sitemap_curation_status_enum" DEFAULT 'New',
        "sitemap_import_status" "public"."sitemapimportprocessingstatus",
        "sitemap_import_error" text,
        "tags" jsonb,
        "notes" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "sitemap_files_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "pages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL,
        "domain_id" uuid NOT NULL,
        "url" text NOT NULL,
        "title" text,
        "description" text,
        "h1" text,
        "canonical_url" text,
        "meta_robots" text,
        "has_schema_markup" boolean DEFAULT false,
        "schema_types" text array,
        "has_contact_form" boolean DEFAULT false,
        "word_count" integer,
        "internal_links" text array,
        "external_links" text array,
        "last_modified" TIMESTAMP WITH TIME ZONE,
        "last_scan" TIMESTAMP WITH TIME ZONE,
        "page_type" "public"."page_type_enum",
        "lead_source" text,
        "additional_json" jsonb,
        "sitemap_file_id" uuid,
        "page_curation_status" "public"."page_curation_status" NOT NULL DEFAULT 'New',
        "page_processing_status" "public"."page_processing_status",
        "page_processing_error" text,
        "honeybee_json" jsonb NOT NULL DEFAULT '{}',
        "priority_level" integer,
        "path_depth" integer,
        "contact_scrape_status" "public"."contact_scrape_status" NOT NULL DEFAULT 'New',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pages_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "contacts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "domain_id" uuid NOT NULL,
        "page_id" uuid NOT NULL,
        "email" text NOT NULL,
        "email_type" "public"."contact_email_type_enum",
        "has_gmail" boolean DEFAULT false,
        "context" text,
        "source_url" text,
        "source_job_id" uuid,
        "name" text,
        "phone_number" character varying(50),
        "contact_curation_status" "public"."contact_curation_status" NOT NULL DEFAULT 'New',
        "contact_processing_status" "public"."contact_processing_status",
        "contact_processing_error" text,
        "hubspot_sync_status" "public"."hubspot_sync_status" NOT NULL DEFAULT 'New',
        "hubspot_processing_status" "public"."hubspot_sync_processing_status",
        "hubspot_processing_error" text,
        "hubspot_contact_id" text,
        "brevo_sync_status" "public"."crm_sync_status" NOT NULL DEFAULT 'New',
        "brevo_processing_status" "public"."crm_processing_status",
        "brevo_processing_error" text,
        "brevo_contact_id" text,
        "mautic_sync_status" "public"."crm_sync_status" NOT NULL DEFAULT 'New',
        "mautic_processing_status" "public"."crm_processing_status",
        "mautic_processing_error" text,
        "mautic_contact_id" text,
        "n8n_sync_status" "public"."crm_sync_status" NOT NULL DEFAULT 'New',
        "n8n_processing_status" "public"."crm_processing_status",
        "n8n_processing_error" text,
        "n8n_contact_id" text,
        "retry_count" integer NOT NULL DEFAULT '0',
        "last_retry_at" TIMESTAMP WITH TIME ZONE,
        "next_retry_at" TIMESTAMP WITH TIME ZONE,
        "last_failed_crm" text,
        "debounce_validation_status" "public"."crm_sync_status" DEFAULT 'New',
        "debounce_processing_status" "public"."crm_processing_status",
        "debounce_result" character varying,
        "debounce_score" integer,
        "debounce_reason" text,
        "debounce_suggestion" text,
        "debounce_processing_error" text,
        "debounce_validated_at" TIMESTAMP WITH TIME ZONE,
        "enrichment_status" character varying,
        "last_enrichment_id" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_contacts_domain_email" UNIQUE ("domain_id", "email"),
        CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "place_searches" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "tenant_id" uuid,
        "user_id" uuid,
        "location" character varying(255) NOT NULL,
        "business_type" character varying(100) NOT NULL,
        "params" json,
        "status" character varying(50) NOT NULL DEFAULT 'pending',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "place_searches_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "places_staging" (
        "id" SERIAL NOT NULL,
        "place_id" character varying(255) NOT NULL,
        "name" character varying(255) NOT NULL,
        "formatted_address" character varying,
        "business_type" character varying,
        "latitude" double precision,
        "longitude" double precision,
        "vicinity" character varying,
        "rating" double precision,
        "user_ratings_total" integer,
        "price_level" integer,
        "status" "public"."place_status_enum" NOT NULL DEFAULT 'New',
        "tenant_id" uuid NOT NULL,
        "created_by" uuid,
        "user_id" uuid,
        "user_name" character varying,
        "search_job_id" uuid,
        "search_query" character varying,
        "search_location" character varying,
        "raw_data" jsonb,
        "search_time" TIMESTAMP WITH TIME ZONE,
        "notes" text,
        "priority" integer,
        "tags" text array,
        "revisit_date" TIMESTAMP WITH TIME ZONE,
        "processed" boolean DEFAULT false,
        "processed_time" TIMESTAMP WITH TIME ZONE,
        "updated_by" character varying,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "deep_scan_status" "public"."gcp_api_deep_scan_status",
        "deep_scan_error" text,
        CONSTRAINT "places_staging_place_id_key" UNIQUE ("place_id"),
        CONSTRAINT "places_staging_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uniq_pages_domain_url" ON "pages" ("domain_id", "url") `);
    await queryRunner.query(
      `ALTER TABLE "local_businesses" ADD CONSTRAINT "local_businesses_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "domains" ADD CONSTRAINT "domains_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "domains" ADD CONSTRAINT "domains_local_business_id_fkey" FOREIGN KEY ("local_business_id") REFERENCES "local_businesses"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sitemap_files" ADD CONSTRAINT "sitemap_files_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sitemap_files" ADD CONSTRAINT "sitemap_files_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pages" ADD CONSTRAINT "pages_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pages" ADD CONSTRAINT "pages_sitemap_file_id_fkey" FOREIGN KEY ("sitemap_file_id") REFERENCES "sitemap_files"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "contacts_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "contacts_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "pages"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "places_staging" ADD CONSTRAINT "places_staging_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "places_staging" DROP CONSTRAINT "places_staging_tenant_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "contacts_page_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "contacts_domain_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP CONSTRAINT "pages_sitemap_file_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP CONSTRAINT "pages_domain_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP CONSTRAINT "sitemap_files_tenant_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "sitemap_files" DROP CONSTRAINT "sitemap_files_domain_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "domains" DROP CONSTRAINT "domains_local_business_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "domains" DROP CONSTRAINT "domains_tenant_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "local_businesses" DROP CONSTRAINT "local_businesses_tenant_id_fkey"`);
    await queryRunner.query(`DROP TABLE "places_staging"`);
    await queryRunner.query(`DROP TABLE "place_searches"`);
    await queryRunner.query(`DROP TABLE "contacts"`);
    await queryRunner.query(`DROP TABLE "pages"`);
    await queryRunner.query(`DROP TABLE "sitemap_files"`);
    await queryRunner.query(`DROP TABLE "domains"`);
    await queryRunner.query(`DROP TABLE "local_businesses"`);
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`DROP TYPE "public"."gcp_api_deep_scan_status"`);
    await queryRunner.query(`DROP TYPE "public"."crm_processing_status"`);
    await queryRunner.query(`DROP TYPE "public"."crm_sync_status"`);
    await queryRunner.query(`DROP TYPE "public"."contact_processing_status"`);
    await queryRunner.query(`DROP TYPE "public"."contact_curation_status"`);
    await queryRunner.query(`DROP TYPE "public"."contact_email_type_enum"`);
    await queryRunner.query(`DROP TYPE "public"."contact_scrape_status"`);
    await queryRunner.query(`DROP TYPE "public"."page_processing_status"`);
    await queryRunner.query(`DROP TYPE "public"."page_curation_status"`);
    await queryRunner.query(`DROP TYPE "public"."page_type_enum"`);
    await queryRunner.query(`DROP TYPE "public"."sitemapimportprocessingstatus"`);
    await queryRunner.query(`DROP TYPE "public"."sitemap_file_status_enum"`);
    await queryRunner.query(`DROP TYPE "public"."task_status"`);
    await queryRunner.query(`DROP TYPE "public"."hubspot_sync_processing_status"`);
    await queryRunner.query(`DROP TYPE "public"."hubspot_sync_status"`);
    await queryRunner.query(`DROP TYPE "public"."sitemap_curation_status_enum"`);
    await queryRunner.query(`DROP TYPE "public"."SitemapAnalysisStatusEnum"`);
    await queryRunner.query(`DROP TYPE "public"."domain_extraction_status_enum"`);
    await queryRunner.query(`DROP TYPE "public"."place_status_enum"`);
  }
}
