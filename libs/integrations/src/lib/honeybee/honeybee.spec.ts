import { categorizeUrl, HoneybeeCategory, HoneybeeDecision, honeybeeJson, importDisposition } from './honeybee';

type Row = [path: string, category: HoneybeeCategory, confidence: number, decision: HoneybeeDecision, depth: number];

describe('Honeybee: reference rules', () => {
  const rows: Row[] = [
    // Exclusions first: skip, unknown, 0.
    ['/blog/my-first-post', 'unknown', 0, 'skip', 2],
    ['/about/team', 'unknown', 0, 'skip', 2],
    ['/about-us/history', 'unknown', 0, 'skip', 2],
    ['/contact/thank-you', 'unknown', 0, 'skip', 2],
    ['/contact-us/form/sent', 'unknown', 0, 'skip', 3],
    ['/service/plumbing', 'unknown', 0, 'skip', 2],
    ['/services/roofing', 'unknown', 0, 'skip', 2],
    ['/files/brochure.pdf', 'unknown', 0, 'skip', 2],
    ['/img/logo.jpg', 'unknown', 0, 'skip', 2],
    ['/img/photo.jpeg', 'unknown', 0, 'skip', 2],
    ['/img/icon.png', 'unknown', 0, 'skip', 2],
    ['/img/anim.gif', 'unknown', 0, 'skip', 2],
    ['/media/clip.mp4', 'unknown', 0, 'skip', 2],
    ['/media/clip.avi', 'unknown', 0, 'skip', 2],
    ['/wp-content/uploads/2024/menu.pdf', 'unknown', 0, 'skip', 4],
    // Positives.
    ['/contact', 'contact_root', 0.9, 'include', 1],
    ['/contact/', 'contact_root', 0.9, 'include', 1],
    ['/contact-us', 'contact_root', 0.9, 'include', 1],
    ['/contact-us/', 'contact_root', 0.9, 'include', 1],
    ['/careers/contact', 'career_contact', 0.7, 'include', 2],
    ['/jobs-contact', 'career_contact', 0.7, 'include', 1],
    ['/recruiting/contact-hr/', 'career_contact', 0.7, 'include', 2],
    ['/legal/privacy', 'legal_root', 0.6, 'include', 2],
    ['/legal/terms/', 'legal_root', 0.6, 'include', 2],
    ['/legal/privacy/cookies', 'legal_root', 0.6, 'include', 3],
    ['/wp-content/themes/x/style.css', 'wp_prospect', 0.9, 'include', 4],
    ['/wp-admin/', 'wp_prospect', 0.9, 'include', 1],
    ['/?p=123', 'wp_prospect', 0.9, 'include', 0],
    ['/index.php?page_id=4&p=77', 'wp_prospect', 0.9, 'include', 0],
    // Defaults.
    ['/', 'unknown', 0.2, 'include', 0],
    ['/about', 'unknown', 0.2, 'include', 1],
    ['/services', 'unknown', 0.2, 'include', 1],
    ['/pricing', 'unknown', 0.2, 'include', 1],
    ['/blog', 'unknown', 0.2, 'include', 1],
    ['/products/widget-42', 'unknown', 0.2, 'include', 2],
    ['/legal/imprint', 'unknown', 0.2, 'include', 2],
  ];

  it.each(rows)('%s → %s %s %s depth %s', (path, category, confidence, decision, depth) => {
    expect(categorizeUrl(path)).toMatchObject({ category, confidence, decision, depth });
  });

  it('reports the rule that decided and the exclusions hit', () => {
    expect(categorizeUrl('/contact')).toMatchObject({ matched_regex: '^\\/contact(-us)?\\/?$', exclusions: [] });
    expect(categorizeUrl('/blog/x.pdf')).toMatchObject({
      matched_regex: '^\\/blog\\/.+',
      exclusions: ['^\\/blog\\/.+', '\\.(pdf|jpg|jpeg|png|gif|mp4|avi)$'],
    });
    expect(categorizeUrl('/products/a').matched_regex).toBeNull();
  });

  it('accepts absolute URLs and ignores the host and fragment', () => {
    expect(categorizeUrl('https://www.example.com/contact-us#form')).toMatchObject({
      category: 'contact_root',
      depth: 1,
    });
    expect(categorizeUrl('https://example.com/?p=5')).toMatchObject({ category: 'wp_prospect' });
  });
});

describe('Honeybee: the documented contact misses, fixed', () => {
  const contactRoots: Array<[string, number, number]> = [
    ['/contact.php', 0.9, 1],
    ['/contact-us.html', 0.9, 1],
    ['/contact.htm', 0.9, 1],
    ['/contact.html/', 0.9, 1],
    ['/contact.aspx', 0.9, 1],
    ['/contactus', 0.9, 1],
    ['/contactus.php', 0.9, 1],
    ['/contact_us', 0.9, 1],
    ['/kontakt', 0.9, 1],
    ['/kontakt/', 0.9, 1],
    ['/get-in-touch', 0.9, 1],
    ['/reach-us', 0.9, 1],
    ['/Contact', 0.9, 1],
    ['/CONTACT-US.HTML', 0.9, 1],
    ['/Contact.PHP', 0.9, 1],
    ['/contact/index.html', 0.9, 1],
    ['/contact-us/index.php', 0.9, 1],
    ['https://sfwheels.com/contact.php', 0.9, 1],
    ['/en/contact', 0.8, 2],
    ['/de-at/kontakt.html', 0.8, 2],
  ];

  it.each(contactRoots)('%s → contact_root %s depth %s, auto-selected', (path, confidence, depth) => {
    const result = categorizeUrl(path);
    expect(result).toMatchObject({ category: 'contact_root', confidence, decision: 'include', depth });
    expect(importDisposition(result)).toEqual({ curation: 'Selected', processing: 'Queued', priority_level: 1 });
  });

  it.each(['/contact-form-7-settings', '/contacts-list/page', '/contractors', '/en/us/contact', '/recontact'])(
    '%s stays unknown',
    (path) => {
      expect(categorizeUrl(path).category).toBe('unknown');
    },
  );
});

describe('importDisposition', () => {
  it.each([
    ['/blog/post', { curation: 'New', processing: 'Filtered', priority_level: 3 }],
    ['/contact', { curation: 'Selected', processing: 'Queued', priority_level: 1 }],
    ['/careers/contact', { curation: 'Selected', processing: 'Queued', priority_level: 1 }],
    ['/legal/privacy', { curation: 'Selected', processing: 'Queued', priority_level: 1 }],
    ['/legal/privacy/cookies', { curation: 'New', processing: 'Complete', priority_level: 1 }],
    ['/wp-admin/', { curation: 'New', processing: 'Complete', priority_level: 1 }],
    ['/products/a', { curation: 'New', processing: 'Complete', priority_level: 3 }],
  ] as const)('%s → %o', (path, expected) => {
    expect(importDisposition(categorizeUrl(path))).toEqual(expected);
  });

  it('filters anything under 0.2 and applies the thresholds exactly', () => {
    expect(importDisposition({ category: 'unknown', confidence: 0.19, decision: 'include', depth: 1 })).toEqual({
      curation: 'New',
      processing: 'Filtered',
      priority_level: 3,
    });
    expect(importDisposition({ category: 'contact_root', confidence: 0.6, decision: 'include', depth: 2 })).toEqual({
      curation: 'Selected',
      processing: 'Queued',
      priority_level: 1,
    });
    expect(importDisposition({ category: 'contact_root', confidence: 0.59, decision: 'include', depth: 1 })).toEqual({
      curation: 'New',
      processing: 'Complete',
      priority_level: 3,
    });
    expect(importDisposition({ category: 'career_contact', confidence: 0.7, decision: 'include', depth: 3 })).toEqual({
      curation: 'New',
      processing: 'Complete',
      priority_level: 1,
    });
    expect(importDisposition({ category: 'contact_root', confidence: 0.9, decision: 'skip', depth: 1 })).toEqual({
      curation: 'New',
      processing: 'Filtered',
      priority_level: 1,
    });
  });

  it('honeybeeJson has the reference shape', () => {
    expect(honeybeeJson(categorizeUrl('/contact'))).toEqual({
      v: 1,
      decision: { category: 'contact_root', confidence: 0.9, matched_regex: '^\\/contact(-us)?\\/?$' },
      exclusions: [],
    });
  });
});
