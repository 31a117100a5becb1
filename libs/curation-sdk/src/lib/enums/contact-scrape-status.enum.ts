import { definePgEnum } from './pg-enum';

/** WF7 side status: pages.contact_scrape_status. */
export enum ContactScrapeStatus {
  New = 'New',
  ContactFound = 'ContactFound',
  NoContactFound = 'NoContactFound',
  Error = 'Error',
  NotAFit = 'NotAFit',
}

export const ContactScrapeStatusEnum = definePgEnum(
  'ContactScrapeStatus',
  'contact_scrape_status',
  ContactScrapeStatus,
);
