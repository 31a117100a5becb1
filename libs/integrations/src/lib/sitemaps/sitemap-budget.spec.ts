import { ChildSitemaps } from './child-sitemaps';
import { ReasonList, SitemapBudget } from './sitemap-budget';

describe('SitemapBudget', () => {
  it('counts fetches up to the limit, failures stop it earlier, and says which limit', () => {
    const budget = new SitemapBudget({ maxChildSitemaps: 5, maxFetches: 3, maxFailures: 2 });
    expect([budget.spend(), budget.spend(), budget.spend()]).toEqual([null, null, null]);
    expect(budget.spend()).toBe('fetch budget of 3 requests spent');
    const failing = new SitemapBudget({ maxChildSitemaps: 5, maxFetches: 100, maxFailures: 2 });
    failing.spend();
    failing.fail();
    failing.spend();
    failing.fail();
    expect(failing.spend()).toBe('stopped after 2 failed requests (limit 2)');
    expect(failing.fetches).toBe(2);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => new SitemapBudget({ maxChildSitemaps: 0, maxFetches: 1, maxFailures: 1 })).toThrow(RangeError);
    expect(() => new SitemapBudget({ maxChildSitemaps: 1, maxFetches: 1.5, maxFailures: 1 })).toThrow(RangeError);
  });
});

describe('ReasonList', () => {
  it('keeps the first reasons, cuts long ones and counts the rest', () => {
    const reasons = new ReasonList(2, 10);
    for (let i = 0; i < 1000; i++) reasons.add(`reason ${i} ${'x'.repeat(i * 5)}`);
    expect(reasons.size).toBe(1000);
    expect(reasons.join()).toBe('reason 0 ; reason 1 …; and 998 more');
  });
});

describe('ChildSitemaps', () => {
  it('follows same-site, storable, distinct children up to the limit and describes the others', () => {
    const children = new ChildSitemaps('example.com', 'https://example.com/index.xml', 2, (url) => url.length < 100);
    for (const loc of [
      '/a.xml',
      'https://www.example.com/b.xml',
      '/a.xml',
      'https://victim.test/c.xml',
      `/${'x'.repeat(200)}`,
      'javascript:x',
      '/d.xml',
    ])
      children.offer(loc);
    expect(children.urls).toEqual(['https://example.com/a.xml', 'https://www.example.com/b.xml']);
    expect(children.describe()).toBe(
      'children 1 on other sites, 2 invalid or too long, 1 past the limit of 2: not followed',
    );
    expect(new ChildSitemaps('example.com', 'https://example.com/', 5).describe()).toBeNull();
  });
});
