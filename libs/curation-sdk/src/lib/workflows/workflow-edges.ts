import { WorkflowDefinition, WorkflowId } from './workflow-definition';
import {
  WF1_PLACE_SEARCH,
  WF4_SITEMAP_DISCOVERY,
  WF7_PAGE_CURATION,
  WF8_BREVO,
  WF8_DEBOUNCE,
  WF8_HUBSPOT,
  WF8_N8N,
} from './workflow-definitions';
import { enumCast, literal } from './workflow-sql';

/**
 * A pipeline edge: what one producer's writes queue for a downstream workflow. The producer applies it
 * with {@link queuedOnInsert} (rows it creates) and {@link notifyIf} (the wake-up), both in the statement
 * and transaction that write its results, so the queueing commits or rolls back with them.
 */
export interface WorkflowEdge {
  /** `EDGE_<NAME>_ENABLED` switches a switchable edge. */
  readonly name: string;
  /** The producer: a workflow id, or `api` (WF1's searches are queued by creating them). */
  readonly from: string;
  readonly to: WorkflowDefinition;
  /** What gets queued, for people reading the status endpoint. */
  readonly queues: string;
  readonly enabledByDefault: boolean;
  /** False for an edge the pipeline cannot run without (WF1's queueing, WF5's contact pages). */
  readonly switchable: boolean;
  /** The setting that switches it, when that is not `EDGE_<NAME>_ENABLED` (the CRM list DeBounce feeds). */
  readonly setting?: string;
}

export const EDGE_API_TO_WF1: WorkflowEdge = Object.freeze({
  name: 'API_TO_WF1',
  from: 'api',
  to: WF1_PLACE_SEARCH,
  queues: 'every search created through the API',
  enabledByDefault: true,
  switchable: false,
});

export const EDGE_WF3_TO_WF4: WorkflowEdge = Object.freeze({
  name: 'WF3_TO_WF4',
  from: WorkflowId.DomainExtraction,
  to: WF4_SITEMAP_DISCOVERY,
  queues: 'every new domain, for sitemap discovery (the reference domain monitor did this automatically)',
  enabledByDefault: true,
  switchable: true,
});

export const EDGE_WF5_TO_WF7: WorkflowEdge = Object.freeze({
  name: 'WF5_TO_WF7',
  from: WorkflowId.SitemapImport,
  to: WF7_PAGE_CURATION,
  queues: 'every new contact-like page (contact, about, team, ...), for contact extraction',
  enabledByDefault: true,
  switchable: false,
});

/** The CRMs WF8 delivers to, each with its own workflow on `contacts`. */
export type Wf8Crm = 'brevo' | 'hubspot' | 'n8n';

export const WF8_CRM_WORKFLOWS: Readonly<Record<Wf8Crm, WorkflowDefinition>> = Object.freeze({
  brevo: WF8_BREVO,
  hubspot: WF8_HUBSPOT,
  n8n: WF8_N8N,
});

const debounceTo = (crm: Wf8Crm): WorkflowEdge =>
  Object.freeze({
    name: `WF8_DEBOUNCE_TO_${crm.toUpperCase()}`,
    from: WF8_DEBOUNCE.id,
    to: WF8_CRM_WORKFLOWS[crm],
    queues: `every contact whose address DeBounce found deliverable, for delivery to ${crm}`,
    enabledByDefault: false,
    switchable: true,
    setting: 'DEBOUNCE_AUTO_QUEUE_CRMS',
  });

/** A valid DeBounce result queues delivery to each CRM listed in DEBOUNCE_AUTO_QUEUE_CRMS. */
export const EDGES_WF8_DEBOUNCE_TO_CRM: Readonly<Record<Wf8Crm, WorkflowEdge>> = Object.freeze({
  brevo: debounceTo('brevo'),
  hubspot: debounceTo('hubspot'),
  n8n: debounceTo('n8n'),
});

/** Every edge of the pipeline, in producer order. */
export const WORKFLOW_EDGES: readonly WorkflowEdge[] = [
  EDGE_API_TO_WF1,
  EDGE_WF3_TO_WF4,
  EDGE_WF5_TO_WF7,
  ...Object.values(EDGES_WF8_DEBOUNCE_TO_CRM),
];

/** The variable that switches an edge. */
export const edgeSwitchName = (edge: WorkflowEdge): string => edge.setting ?? `EDGE_${edge.name}_ENABLED`;

/** Which switchable edges are on; an edge missing from the record takes its default. */
export type EdgeSwitches = Readonly<Record<string, boolean>>;

export function edgeEnabled(edge: WorkflowEdge, switches: EdgeSwitches = {}): boolean {
  return edge.switchable ? (switches[edge.name] ?? edge.enabledByDefault) : true;
}

/**
 * The dual-status rule for a row that does not exist yet, as columns and SQL values for its INSERT: the
 * curation column takes the queueing label, the processing column the queued label (attempts, error and
 * retry time keep their column defaults: 0 and NULL). With `when`, rows for which it is false take `otherwise`
 * (SQL expressions for the curation and processing columns, e.g. the column defaults).
 */
export function queuedOnInsert(
  edge: WorkflowEdge,
  when?: { readonly condition: string; readonly otherwise: { readonly curation: string; readonly processing: string } },
): { readonly columns: readonly string[]; readonly values: readonly string[] } {
  const to = edge.to;
  const pick = (queued: string, otherwise: string | undefined) =>
    when && otherwise !== undefined ? `CASE WHEN ${when.condition} THEN ${queued} ELSE ${otherwise} END` : queued;
  const processing = `${literal(to.processing.queued)}${enumCast(to.processing.enum)}`;
  const columns = [to.processing.column];
  const values = [pick(processing, when?.otherwise.processing)];
  if (to.curation) {
    columns.unshift(to.curation.column);
    values.unshift(
      pick(`${literal(to.curation.queueingLabel)}${enumCast(to.curation.enum)}`, when?.otherwise.curation),
    );
  }
  return { columns, values };
}

/** A select-list expression that wakes the edge's consumer (at commit) when `condition` holds. */
export function notifyIf(edge: WorkflowEdge, condition: string): string {
  return `CASE WHEN ${condition} THEN pg_notify(${literal(edge.to.channel)}, 'queued') END`;
}
