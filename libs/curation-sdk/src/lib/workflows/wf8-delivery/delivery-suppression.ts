import { EmailValidation } from '@curation/integrations';

import { ContactEntity } from '../../entities/contact.entity';
import { CrmProcessingStatus } from '../../enums/crm-processing-status.enum';
import { Wf8DeliveryOptions } from './delivery-options';

/** The delivery CRMs, as their settings are prefixed (`BREVO_ALLOW_UNVALIDATED`, …). */
export type Wf8DeliveryCrm = 'brevo' | 'hubspot' | 'n8n';

type SuppressionFields = Pick<ContactEntity, 'email' | 'debounce_result' | 'debounce_processing_status'>;

/**
 * The one rule all three CRMs apply before any call, per contact: the reason it must not be delivered, or null
 * when it may be. `invalid` and `disposable` are never delivered, whatever the settings; `catch-all` only with
 * `DEBOUNCE_QUEUE_CATCH_ALL`; an address DeBounce has not validated only with `<CRM>_ALLOW_UNVALIDATED`.
 *
 * `unknown` (DeBounce could not reach the mail server to verify) is treated as not validated: it is no evidence
 * the address works, and the reference only ever auto-queued `valid` (and, optionally, catch-all) addresses. A
 * value outside DeBounce's vocabulary is suppressed too: nothing is sent on a verdict this code cannot read.
 */
export function deliverySuppression(
  contact: SuppressionFields,
  options: Wf8DeliveryOptions,
  crm: Wf8DeliveryCrm,
): string | null {
  if (!contact.email || contact.email.trim() === '') return 'not delivered: the contact has no e-mail address';
  const allowSetting = `${crm.toUpperCase()}_ALLOW_UNVALIDATED`;
  const result = contact.debounce_result;
  switch (result) {
    case EmailValidation.Valid:
      return null;
    case EmailValidation.Invalid:
    case EmailValidation.Disposable:
      return `suppressed: DeBounce found the address ${result}; never delivered`;
    case EmailValidation.CatchAll:
      return options.deliverCatchAll
        ? null
        : 'suppressed: DeBounce found the domain accepts every address (catch-all) and DEBOUNCE_QUEUE_CATCH_ALL is off';
    case EmailValidation.Unknown:
      return options.allowUnvalidated
        ? null
        : `not delivered: DeBounce could not verify the address (unknown) and ${allowSetting} is off`;
    case null:
    case undefined: {
      if (options.allowUnvalidated) return null;
      const pending = contact.debounce_processing_status;
      const state =
        pending === CrmProcessingStatus.Queued || pending === CrmProcessingStatus.Processing
          ? ` (its validation is ${pending})`
          : '';
      return `not delivered: DeBounce has not validated the address${state} and ${allowSetting} is off; select it again once validated`;
    }
    default:
      return `suppressed: debounce_result ${JSON.stringify(result).slice(0, 60)} is not a DeBounce result; never delivered`;
  }
}
