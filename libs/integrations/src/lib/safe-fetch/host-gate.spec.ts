import { HostGate, HostGateWaitError } from './host-gate';

const settled = async (promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> =>
  Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20)),
  ]);

describe('HostGate', () => {
  it('hands a released slot to the next waiter, in order', async () => {
    const gate = new HostGate(1, 0);
    const first = await gate.acquire('shop.example.test');
    const second = gate.acquire('SHOP.example.test');
    expect(await settled(second)).toBe('pending');
    first();
    const release = await second;
    expect(gate.load('shop.example.test')).toEqual({ active: 1, waiting: 0 });
    release();
    expect(gate.load('shop.example.test')).toEqual({ active: 0, waiting: 0 });
  });

  it('bounds a wait: the waiter gives up after maxWaitMs and leaves no trace', async () => {
    const gate = new HostGate(1, 0, 50);
    const holder = await gate.acquire('busy.example.test');
    const started = performance.now();
    const error = await gate.acquire('busy.example.test').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HostGateWaitError);
    expect(error).toMatchObject({ reason: 'timeout', host: 'busy.example.test' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(gate.load('busy.example.test')).toEqual({ active: 1, waiting: 0 });
    holder();
    // The slot is free, not handed to the waiter that left.
    expect(gate.load('busy.example.test')).toEqual({ active: 0, waiting: 0 });
    (await gate.acquire('busy.example.test'))();
  });

  it('an aborted waiter leaves the queue; the ones behind it still get their turn', async () => {
    const gate = new HostGate(1, 0);
    const holder = await gate.acquire('busy.example.test');
    const controller = new AbortController();
    const quitter = gate.acquire('busy.example.test', { signal: controller.signal });
    const patient = gate.acquire('busy.example.test');
    expect(gate.load('busy.example.test')).toEqual({ active: 1, waiting: 2 });
    controller.abort();
    await expect(quitter).rejects.toMatchObject({ reason: 'aborted' });
    expect(gate.load('busy.example.test')).toEqual({ active: 1, waiting: 1 });
    holder();
    (await patient)();
    expect(gate.load('busy.example.test')).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses at once when the signal has already aborted', async () => {
    const gate = new HostGate(1, 0);
    await expect(gate.acquire('x.example.test', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      reason: 'aborted',
    });
    expect(gate.load('x.example.test')).toEqual({ active: 0, waiting: 0 });
  });

  it('gives the slot back when the wait for the start spacing is cut short', async () => {
    const gate = new HostGate(1, 10_000, 100);
    (await gate.acquire('slow.example.test'))();
    // The next start is 10 s away, past the 100 ms bound: the caller gives up holding nothing.
    await expect(gate.acquire('slow.example.test')).rejects.toMatchObject({ reason: 'timeout' });
    expect(gate.load('slow.example.test').active).toBe(0);
    const controller = new AbortController();
    const aborted = gate.acquire('slow.example.test', { signal: controller.signal, maxWaitMs: 60_000 });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ reason: 'aborted' });
    expect(gate.load('slow.example.test').active).toBe(0);
  });

  it('reads a per-host delay when it gives a start: a delay learnt after one start spaces the next from it', async () => {
    const delays = new Map<string, number>();
    const gate = new HostGate(2, (host) => delays.get(host) ?? 20);
    const starts: number[] = [];
    const start = async (host: string) => {
      (await gate.acquire(host))();
      starts.push(performance.now());
    };
    await start('slow.example.test');
    // What a robots.txt read in the first turn says; the first start was given under the 20 ms delay.
    delays.set('slow.example.test', 300);
    await start('slow.example.test');
    await start('slow.example.test');
    await start('fast.example.test');
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(295);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(295);
    // Another host keeps its own spacing: its first start does not wait.
    expect(starts[3] - starts[2]).toBeLessThan(200);
  });

  it('keeps an idle host whose longer per-host delay has not passed, when released and when pruning', async () => {
    const gate = new HostGate(1, (host) => (host.startsWith('slow') ? 400 : 0));
    (await gate.acquire('slow.example.test'))();
    // 1,000 hosts held make the next new host prune the idle ones; the slow one's spacing is still running.
    const held = await Promise.all(Array.from({ length: 1_000 }, (_, i) => gate.acquire(`busy-${i}.example.test`)));
    (await gate.acquire('new.example.test'))();
    held.forEach((release) => release());
    const started = performance.now();
    (await gate.acquire('slow.example.test'))();
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });
});
