import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';

import type { Schemas } from '../api/client';

type ImportResult = Schemas['CsvImportResponseSchema'];

export interface CsvImportProps {
  /** What one row holds, for the label ("domain", "sitemap URL"). */
  readonly noun: string;
  readonly upload: (file: File) => Promise<ImportResult>;
  readonly onImported: () => void;
}

/**
 * Uploads a CSV and shows what became of every row. A file with an invalid row is refused whole by the API,
 * which names the rows, so nothing is half-imported and the corrected file can simply be sent again.
 */
export function CsvImport({ noun, upload, onImported }: CsvImportProps) {
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({ mutationFn: upload, onSuccess: onImported });
  return (
    <form
      className="filters"
      aria-label={`Import ${noun}s from CSV`}
      onSubmit={(e) => {
        e.preventDefault();
        if (file) run.mutate(file);
      }}
    >
      <label htmlFor={fileId}>CSV of {noun}s</label>
      <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <button type="submit" disabled={!file || run.isPending}>
        Import
      </button>
      {run.error && (
        <p role="alert" className="error">
          {run.error.message}
        </p>
      )}
      {run.data && (
        <table className="grid" aria-label="Import results">
          <caption>
            {run.data.total_rows} rows: {run.data.successful} created, {run.data.skipped} skipped
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">{noun}</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {run.data.results.map((r) => (
              <tr key={r.row_number}>
                <td>{r.row_number}</td>
                <td>{r.value}</td>
                <td>{r.status === 'success' ? 'created' : `skipped${r.error ? `: ${r.error}` : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
