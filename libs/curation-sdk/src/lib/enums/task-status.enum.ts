import { definePgEnum } from './pg-enum';

/** Legacy task columns on domains (content_scrape_status, page_scrape_status, sitemap_monitor_status). */
export enum TaskStatus {
  Queued = 'Queued',
  InProgress = 'InProgress',
  Completed = 'Completed',
  Error = 'Error',
  ManualReview = 'ManualReview',
  Cancelled = 'Cancelled',
  Paused = 'Paused',
  Processing = 'Processing',
  Complete = 'Complete',
}

export const TaskStatusEnum = definePgEnum('TaskStatus', 'task_status', TaskStatus);
