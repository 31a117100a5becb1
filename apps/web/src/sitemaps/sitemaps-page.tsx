import { useMemo, useState } from 'react';

import { csvUpload, unwrap, type ApiClient, type Schemas } from '../api/client';
import { sitemapCurationLabels, sitemapFileSortKeys } from '../api/labels';
import { CsvImport } from '../components/csv-import';
import { CurationGrid, ProcessingCell, UrlCell, type GridColumn } from '../components/curation-grid';
import { DirectSubmit } from '../components/direct-submit';
import { LabelFilter, ScopeNote, SortSelect, TextFilter } from '../components/filter-controls';
import { pageParams, useCurationList } from '../components/use-curation-list';

type SitemapFile = Schemas['SitemapFileSchema'];
type Label = (typeof sitemapCurationLabels)[number];
type SortKey = (typeof sitemapFileSortKeys)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<SitemapFile>[] = [
  { header: 'Sitemap', cell: (f) => <UrlCell url={f.sitemap_url} withHost={false} />, title: (f) => f.sitemap_url },
  { header: 'Domain', cell: (f) => f.domain_name },
  { header: 'URLs', cell: (f) => f.url_count?.toLocaleString('en-US') ?? '—' },
  { header: 'Curation', cell: (f) => f.deep_scrape_curation_status },
  {
    header: 'Import',
    cell: (f) => <ProcessingCell status={f.deep_scrape_process_status} error={f.sitemap_import_error} />,
    title: (f) => f.sitemap_import_error ?? undefined,
  },
];

/** WF5 curation: discovered sitemap files are selected here for import. */
export function SitemapsPage({ api, domainId }: { readonly api: ApiClient; readonly domainId: string | null }) {
  const [status, setStatus] = useState<Label | ''>('');
  const [url, setUrl] = useState('');
  const [type, setType] = useState('');
  const [method, setMethod] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('updated_at');
  const filters = useMemo(
    () => ({
      deep_scrape_curation_status: status || undefined,
      url_contains: url.trim() || undefined,
      sitemap_type: type.trim() || undefined,
      discovery_method: method.trim() || undefined,
      domain_id: domainId ?? undefined,
    }),
    [status, url, type, method, domainId],
  );
  const { gridProps, onFilter, invalidate } = useCurationList<SitemapFile, Label, typeof filters>({
    key: 'sitemap-files',
    filters,
    extraKey: [sortBy],
    queuedFor: 'import',
    read: async (f, position, signal) =>
      unwrap(
        await api.GET('/api/v3/sitemap-files', {
          params: { query: { ...f, sort_by: sortBy, sort_desc: true, ...pageParams(position, PAGE_SIZE) } },
          signal,
        }),
      ),
    change: async (label, target, f) => {
      const r =
        target.kind === 'ids'
          ? unwrap(
              await api.PUT('/api/v3/sitemap-files/sitemap_import_curation/status', {
                body: { sitemap_file_ids: [...target.ids], deep_scrape_curation_status: label },
              }),
            )
          : unwrap(
              await api.PUT('/api/v3/sitemap-files/sitemap_import_curation/status/filtered', {
                body: {
                  deep_scrape_curation_status: label,
                  deep_scrape_curation_status_filter: f.deep_scrape_curation_status,
                  url_contains: f.url_contains,
                  sitemap_type: f.sitemap_type,
                  discovery_method: f.discovery_method,
                  domain_id: f.domain_id,
                },
              }),
            );
      return { message: r.message, queued: r.queued_count };
    },
  });

  return (
    <section aria-labelledby="sitemaps-heading">
      <h2 id="sitemaps-heading">Sitemaps</h2>
      {domainId && <ScopeNote text="One domain’s only." allHref="#sitemaps" allLabel="Show every sitemap" />}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <LabelFilter
          label="Import curation"
          labels={sitemapCurationLabels}
          value={status}
          onChange={onFilter(setStatus)}
        />
        <TextFilter label="URL contains" value={url} onChange={onFilter(setUrl)} />
        <TextFilter label="Type (exact, e.g. index)" value={type} onChange={onFilter(setType)} />
        <TextFilter label="Discovery method (exact, e.g. robots_txt)" value={method} onChange={onFilter(setMethod)} />
        <SortSelect keys={sitemapFileSortKeys} value={sortBy} onChange={setSortBy} />
      </form>
      <CurationGrid
        {...gridProps}
        caption="Sitemaps"
        columns={COLUMNS}
        idOf={(f) => f.id}
        nameOf={(f) => f.sitemap_url}
        failed={(f) => f.deep_scrape_process_status === 'Error'}
        labels={sitemapCurationLabels}
        empty="No sitemap file matches these filters."
      />
      <DirectSubmit
        noun={['sitemap URL', 'sitemap URLs']}
        queueLabel="Select them for import"
        max={50}
        submit={async (urls, autoQueue) => {
          const r = unwrap(
            await api.POST('/api/v3/sitemaps/direct-submit', {
              body: { sitemap_urls: [...urls], auto_import: autoQueue },
            }),
          );
          return `Added ${r.submitted_count} sitemap file${r.submitted_count === 1 ? '' : 's'}${r.auto_queued ? ' (queued for import)' : ''}`;
        }}
        onSubmitted={invalidate}
      />
      <CsvImport
        noun="sitemap URL"
        upload={async (file) => unwrap(await api.POST('/api/v3/sitemaps/import-csv', csvUpload(file)))}
        onImported={invalidate}
      />
    </section>
  );
}
