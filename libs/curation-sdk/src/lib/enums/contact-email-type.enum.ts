import { definePgEnum } from './pg-enum';

/** contacts.email_type. */
export enum ContactEmailType {
  Service = 'SERVICE',
  Corporate = 'CORPORATE',
  Free = 'FREE',
  Unknown = 'UNKNOWN',
}

export const ContactEmailTypeEnum = definePgEnum('ContactEmailType', 'contact_email_type_enum', ContactEmailType);
