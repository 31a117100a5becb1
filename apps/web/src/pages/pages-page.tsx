import { useMemo, useState } from 'react';

import { csvUpload, unwrap, type ApiClient, type Schemas } from '../api/client';
import { pageCurationLabels, pageProcessingLabels, pageTypes } from '../api/labels';
import { CsvImport } from '../components/csv-import';
import {
  CurationGrid,
  pageCount,
  ProcessingCell,
  updatedColumn,
  UrlCell,
  type GridColumn,
} from '../components/curation-grid';
import { DirectSubmit } from '../components/direct-submit';
import { LabelFilter, TextFilter } from '../components/filter-controls';
import { offsetParams, useCurationList } from '../components/use-curation-list';

type Page = Schemas['PageItemSchema'];
type Label = (typeof pageCurationLabels)[number];
type Processing = (typeof pageProcessingLabels)[number];
type PageType = (typeof pageTypes)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<Page>[] = [
  { header: 'URL', cell: (p) => <UrlCell url={p.url} />, title: (p) => p.url },
  { header: 'Type', cell: (p) => p.page_type ?? '—' },
  { header: 'Curation', cell: (p) => p.curation_status },
  {
    header: 'Contact scrape',
    cell: (p) => <ProcessingCell status={p.processing_status} error={p.error} />,
    title: (p) => p.error ?? undefined,
  },
  updatedColumn(),
];

/** WF7 curation: pages are selected here for contact scraping. */
export function PagesPage({ api }: { readonly api: ApiClient }) {
  const [curation, setCuration] = useState<Label | ''>('');
  const [processing, setProcessing] = useState<Processing | ''>('');
  const [type, setType] = useState<PageType | ''>('');
  const [url, setUrl] = useState('');
  const filters = useMemo(
    () => ({
      page_curation_status: curation || undefined,
      page_processing_status: processing || undefined,
      page_type: type || undefined,
      url_contains: url.trim() || undefined,
    }),
    [curation, processing, type, url],
  );
  const { gridProps, onFilter, invalidate } = useCurationList<Page, Label, typeof filters>({
    key: 'pages',
    filters,
    queuedFor: 'contact scraping',
    read: async (f, position, signal) => {
      const data = unwrap(
        await api.GET('/api/v3/pages', {
          params: { query: { ...f, ...offsetParams(position, PAGE_SIZE) } },
          signal,
        }),
      );
      // This list answers in the reference's shape (pages, offset, limit); the grid reads page numbers.
      return {
        items: data.pages,
        total: data.total,
        pages: pageCount(data.total, PAGE_SIZE),
        total_is_estimate: data.total_is_estimate,
        next_cursor: data.next_cursor,
      };
    },
    change: async (label, target, f) => {
      const r =
        target.kind === 'ids'
          ? unwrap(await api.PUT('/api/v3/pages/status', { body: { page_ids: [...target.ids], status: label } }))
          : unwrap(await api.PUT('/api/v3/pages/status/filtered', { body: { status: label, ...f } }));
      return { message: r.message, queued: r.queued_count };
    },
  });

  return (
    <section aria-labelledby="pages-heading">
      <h2 id="pages-heading">Pages</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <LabelFilter label="Curation" labels={pageCurationLabels} value={curation} onChange={onFilter(setCuration)} />
        <LabelFilter
          label="Contact scrape"
          labels={pageProcessingLabels}
          value={processing}
          onChange={onFilter(setProcessing)}
        />
        <LabelFilter label="Type" labels={pageTypes} value={type} onChange={onFilter(setType)} />
        <TextFilter label="URL contains" value={url} onChange={onFilter(setUrl)} />
      </form>
      <CurationGrid
        {...gridProps}
        caption="Pages"
        columns={COLUMNS}
        idOf={(p) => p.id}
        nameOf={(p) => p.url}
        failed={(p) => p.processing_status === 'Error'}
        labels={pageCurationLabels}
        empty="No page matches these filters."
      />
      <DirectSubmit
        noun={['page URL', 'page URLs']}
        queueLabel="Queue them for contact extraction"
        max={100}
        submit={async (urls, autoQueue) => {
          const r = unwrap(
            await api.POST('/api/v3/pages/direct-submit', {
              body: { urls: [...urls], auto_queue: autoQueue, priority_level: 5 },
            }),
          );
          return `Added ${r.submitted_count}: ${r.normalized_urls.join(', ')}${r.auto_queued ? ' (queued for contact extraction)' : ''}`;
        }}
        onSubmitted={invalidate}
      />
      <CsvImport
        noun="page URL"
        upload={async (file) => unwrap(await api.POST('/api/v3/pages/import-csv', csvUpload(file)))}
        onImported={invalidate}
      />
    </section>
  );
}
