import { definePgEnum } from './pg-enum';

/** Honeybee category of a page: pages.page_type (labels are lowercase). */
export enum PageType {
  ContactRoot = 'contact_root',
  CareerContact = 'career_contact',
  AboutRoot = 'about_root',
  ServicesRoot = 'services_root',
  MenuRoot = 'menu_root',
  PricingRoot = 'pricing_root',
  TeamRoot = 'team_root',
  LegalRoot = 'legal_root',
  WpProspect = 'wp_prospect',
  Unknown = 'unknown',
}

export const PageTypeEnum = definePgEnum('PageType', 'page_type_enum', PageType);
