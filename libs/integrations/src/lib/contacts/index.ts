export {
  CONTACT_LIMITS,
  CONTEXT_MAX_LENGTH,
  countryFromUrl,
  extractContacts,
  mailtoAddresses,
} from './contact-extractor';
export type {
  EmailSource,
  ExtractContactsOptions,
  ExtractedContacts,
  ExtractedEmail,
  ExtractedPhone,
  PhoneSource,
} from './contact-extractor';
export { classifyEmail, ROLE_LOCAL_PARTS } from './email-classification';
export type { ContactEmailType } from './email-classification';
export { isContactEmail } from './email-filters';
export { decodeCloudflareEmail, encodeCloudflareEmail } from './cloudflare-email';
export { FREE_MAIL_DOMAINS, FREE_MAIL_FAMILIES, isFreeMailDomain, isGmailDomain } from './free-mail-domains';
