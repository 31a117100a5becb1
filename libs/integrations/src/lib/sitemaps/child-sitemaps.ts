import { isSameSite, normalizePageUrl } from './url-normalize';

/**
 * The children of one sitemap index worth following: normalised, on the site being crawled (an index listing
 * someone else's host must not make us fetch it: that would turn us into an amplifier), storable, without
 * duplicates and at most `max` of them. What was left out is counted for the reason text.
 */
export class ChildSitemaps {
  readonly urls: string[] = [];
  private readonly seen = new Set<string>();
  private otherSite = 0;
  private invalid = 0;
  private overLimit = 0;

  constructor(
    private readonly site: string | null,
    private readonly indexUrl: string,
    private readonly max: number,
    /** Whether a URL can be stored (e.g. fits a btree-indexed column); others are counted as invalid. */
    private readonly storable: (url: string) => boolean = () => true,
  ) {}

  offer(loc: string): void {
    const url = normalizePageUrl(loc, this.indexUrl);
    if (url === null || !this.storable(url)) this.invalid += 1;
    else if (this.site === null || !isSameSite(url, this.site)) this.otherSite += 1;
    else if (this.seen.has(url)) return;
    else if (this.urls.length >= this.max) this.overLimit += 1;
    else {
      this.seen.add(url);
      this.urls.push(url);
    }
  }

  /** "3 children on other sites, 1 invalid or too long, 40 past the limit of 100: not followed", or null. */
  describe(): string | null {
    const parts: string[] = [];
    if (this.otherSite > 0) parts.push(`${this.otherSite} on other sites`);
    if (this.invalid > 0) parts.push(`${this.invalid} invalid or too long`);
    if (this.overLimit > 0) parts.push(`${this.overLimit} past the limit of ${this.max}`);
    return parts.length === 0 ? null : `children ${parts.join(', ')}: not followed`;
  }
}
