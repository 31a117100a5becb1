import { CrmProcessingStatus } from '../../enums/crm-processing-status.enum';
import { DEFAULT_WF8_DELIVERY_OPTIONS, Wf8DeliveryOptions } from './delivery-options';
import { deliverySuppression } from './delivery-suppression';

const contact = (debounce_result: string | null, debounce_processing_status: CrmProcessingStatus | null = null) => ({
  email: 'info@plumbing-co.example.test',
  debounce_result,
  debounce_processing_status,
});

const everything: Wf8DeliveryOptions = {
  ...DEFAULT_WF8_DELIVERY_OPTIONS,
  allowUnvalidated: true,
  deliverCatchAll: true,
};

describe('deliverySuppression', () => {
  it('delivers a valid address under any settings', () => {
    expect(deliverySuppression(contact('valid'), DEFAULT_WF8_DELIVERY_OPTIONS, 'brevo')).toBeNull();
    expect(deliverySuppression(contact('valid'), everything, 'brevo')).toBeNull();
  });

  it.each(['invalid', 'disposable'])('never delivers a %s address, whatever the settings', (result) => {
    for (const options of [DEFAULT_WF8_DELIVERY_OPTIONS, everything])
      expect(deliverySuppression(contact(result), options, 'hubspot')).toBe(
        `suppressed: DeBounce found the address ${result}; never delivered`,
      );
  });

  it('delivers catch-all only with DEBOUNCE_QUEUE_CATCH_ALL', () => {
    expect(deliverySuppression(contact('catch-all'), DEFAULT_WF8_DELIVERY_OPTIONS, 'n8n')).toMatch(
      /catch-all.*DEBOUNCE_QUEUE_CATCH_ALL is off/,
    );
    expect(
      deliverySuppression(contact('catch-all'), { ...DEFAULT_WF8_DELIVERY_OPTIONS, deliverCatchAll: true }, 'n8n'),
    ).toBeNull();
  });

  it('treats unvalidated and unknown alike: delivered only with <CRM>_ALLOW_UNVALIDATED', () => {
    expect(deliverySuppression(contact(null), DEFAULT_WF8_DELIVERY_OPTIONS, 'hubspot')).toBe(
      'not delivered: DeBounce has not validated the address and HUBSPOT_ALLOW_UNVALIDATED is off; select it again once validated',
    );
    expect(
      deliverySuppression(contact(null, CrmProcessingStatus.Queued), DEFAULT_WF8_DELIVERY_OPTIONS, 'brevo'),
    ).toMatch(/\(its validation is Queued\) and BREVO_ALLOW_UNVALIDATED is off/);
    expect(deliverySuppression(contact('unknown'), DEFAULT_WF8_DELIVERY_OPTIONS, 'n8n')).toMatch(
      /could not verify the address \(unknown\) and N8N_ALLOW_UNVALIDATED is off/,
    );
    const allow = { ...DEFAULT_WF8_DELIVERY_OPTIONS, allowUnvalidated: true };
    expect(deliverySuppression(contact(null), allow, 'hubspot')).toBeNull();
    expect(deliverySuppression(contact('unknown'), allow, 'hubspot')).toBeNull();
  });

  it('sends nothing on a verdict it cannot read, or without an address', () => {
    expect(deliverySuppression(contact('Safe to Send'), everything, 'brevo')).toMatch(/is not a DeBounce result/);
    expect(deliverySuppression({ ...contact('valid'), email: ' ' }, everything, 'brevo')).toBe(
      'not delivered: the contact has no e-mail address',
    );
  });
});
