export { DEFAULT_RATE_LIMIT_DELAY_MS, DEFAULT_WF8_DELIVERY_OPTIONS } from './delivery-options';
export type { Wf8Delivered, Wf8DeliveryOptions } from './delivery-options';
export { deliverySuppression } from './delivery-suppression';
export type { Wf8DeliveryCrm } from './delivery-suppression';
export { Wf8BrevoHandler } from './wf8-brevo.handler';
export { Wf8HubSpotHandler } from './wf8-hubspot.handler';
export { n8nDelivery, Wf8N8nHandler } from './wf8-n8n.handler';
