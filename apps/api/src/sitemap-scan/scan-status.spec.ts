import { scanProgressOf } from './scan-status';

describe('scanProgressOf', () => {
  it.each([
    ['queued', null, { status: 'pending', progress: 0, error: null }],
    [
      'queued',
      'no sitemap reachable yet: timeout',
      { status: 'pending', progress: 0, error: 'no sitemap reachable yet: timeout' },
    ],
    ['processing', null, { status: 'running', progress: 0.5, error: null }],
    ['submitted', null, { status: 'running', progress: 0.5, error: null }],
    ['completed', 'stale', { status: 'complete', progress: 1, error: null }],
    ['failed', 'no valid sitemap found', { status: 'failed', progress: 1, error: 'no valid sitemap found' }],
  ])('%s (error %p) reads as %p', (analysis, error, expected) => {
    expect(scanProgressOf(analysis, error)).toEqual(expected);
  });

  it.each(['pending', null])(
    'a domain no scan is queued for (%p) fails with the reason, never pends forever',
    (analysis) => {
      expect(scanProgressOf(analysis, null)).toEqual({
        status: 'failed',
        progress: 1,
        error: expect.stringContaining('No scan is queued'),
      });
    },
  );
});
