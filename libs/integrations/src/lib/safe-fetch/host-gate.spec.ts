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
});
