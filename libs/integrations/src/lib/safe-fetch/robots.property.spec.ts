import fc from 'fast-check';

import { parseRobots, robotsAllows } from './robots';
import { compileRule, ruleMatches } from './robots-matcher';

/**
 * Property tests (issue 12): the robots matcher agrees with a simple reference on small inputs, never throws, and
 * its CPU time grows with the size of the file and the path, not exponentially with the stars.
 */

/** Reference: dynamic programming over (pattern position, path position), the textbook `*` glob plus a final `$`, as a prefix match. */
function referenceMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const p = anchored ? pattern.slice(0, -1) : pattern;
  // reach[j]: the pattern prefix read so far can end at path position j.
  let reach = new Array<boolean>(path.length + 1).fill(false);
  reach[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    for (let j = 0; j <= path.length; j++) {
      if (!reach[j]) continue;
      if (c === '*') for (let k = j; k <= path.length; k++) next[k] = true;
      else if (path[j] === c) next[j + 1] = true;
    }
    reach = next;
  }
  return anchored ? reach[path.length] : reach.some(Boolean);
}

/** Reference decision: among matching rules the longest pattern wins, Allow wins a tie; none matching allows. */
function referenceAllows(rules: { allow: boolean; pattern: string }[], path: string): boolean {
  let best: { allow: boolean; pattern: string } | null = null;
  for (const rule of rules) {
    if (!referenceMatches(rule.pattern, path)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
    )
      best = rule;
  }
  return best === null || best.allow;
}

const ALPHABET = ['/', 'a', 'b', '.', '?', '=', '*', '$'];
const pattern = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 10 })
  .map((chars) => `/${chars.join('')}`);
const path = fc
  .array(fc.constantFrom('/', 'a', 'b', '.', '?', '=', '$'), { maxLength: 14 })
  .map((chars) => `/${chars.join('')}`);

describe('robots matcher properties', () => {
  it('a single pattern matches exactly when the reference says so', () => {
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        const rule = compileRule(false, p);
        expect(rule).not.toBeNull();
        expect(ruleMatches(rule!, s)).toBe(referenceMatches(p, s));
      }),
      { numRuns: 5000 },
    );
  });

  it('a file decides as the reference does (longest match wins, Allow wins ties)', () => {
    const rule = fc.record({ allow: fc.boolean(), pattern });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), path, (rules, s) => {
        const text = `User-agent: *\n${rules.map((r) => `${r.allow ? 'Allow' : 'Disallow'}: ${r.pattern}`).join('\n')}\n`;
        const expected = s === '/robots.txt' ? true : referenceAllows(rules, s);
        expect(robotsAllows(parseRobots(text), 'bot', s)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on arbitrary robots.txt text and arbitrary paths (any code point, lone surrogates)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ maxLength: 10 }),
        (text, s, agent) => {
          const robots = parseRobots(`User-agent: *\n${text}\nDisallow: /${text}`);
          expect(typeof robotsAllows(robots, agent, `/${s}`)).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('spends CPU in proportion to the file and to rules × path: random star-heavy files up to 500 KiB within 250 ms + 4 ms per KiB + 25 ns per rule and path character', () => {
    const unit = fc
      .array(fc.constantFrom('a', 'b', '*', '/', '$'), { minLength: 1, maxLength: 40 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(
        unit,
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 2000 }),
        (piece, kib, pathLength) => {
          const line = `Disallow: /${piece}\n`;
          const text = `User-agent: *\n${line.repeat(Math.ceil((kib * 1024) / line.length))}`;
          const target = `/${'ab'.repeat(pathLength)}`;
          const started = process.cpuUsage();
          const robots = parseRobots(text);
          for (let i = 0; i < 20; i++) robotsAllows(robots, 'bot', `${target}${i}`);
          const used = process.cpuUsage(started);
          // Matching one rule costs at most (pattern × path) steps, about 5 ns each here: 5x margin on that, plus
          // a fixed part wide enough for GC and JIT pauses. An exponential or backtracking matcher misses it by minutes.
          const rules = Math.ceil((kib * 1024) / line.length);
          const budgetMs = 250 + 4 * (text.length / 1024) + 25e-6 * rules * target.length * 20;
          expect((used.user + used.system) / 1000).toBeLessThan(budgetMs);
        },
      ),
      { numRuns: 30 },
    );
  });
});
