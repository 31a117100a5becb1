/**
 * One abort signal for a request hop: it fires when the hop's own time runs out or when the caller's signal
 * aborts, and remembers which, so the error can say "did not answer within" or "was stopped by the caller".
 * A plain controller plus a listener removed on {@link dispose}, not `AbortSignal.any`: the caller's signal may be a
 * long-lived shutdown signal, and nothing of a finished hop may stay attached to it.
 */
export class CallDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  /** Why the signal fired; null while it has not. */
  cause: 'timeout' | 'caller' | null = null;
  /** The time limit the timeout stands for, for messages. */
  limitMs: number;

  constructor(
    limitMs: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    this.limitMs = limitMs;
    this.arm(limitMs);
    if (caller?.aborted) this.abortByCaller();
    else caller?.addEventListener('abort', this.abortByCaller, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  /** The caller's abort reason in words. */
  get callerReason(): string {
    return abortReason(this.caller);
  }

  /** Replaces the time limit: from now, `ms` more (for messages, the limit is `limitMs`). */
  rearm(ms: number, limitMs: number): void {
    if (this.cause !== null) return;
    this.limitMs = limitMs;
    this.arm(ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.abortByCaller);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        if (this.cause !== null) return;
        this.cause = 'timeout';
        this.controller.abort(new Error(`no answer within ${this.limitMs} ms`));
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  private readonly abortByCaller = (): void => {
    if (this.cause !== null) return;
    this.cause = 'caller';
    clearTimeout(this.timer);
    this.controller.abort(new Error(`stopped: ${this.callerReason}`));
  };
}

/** A signal's abort reason in words: its message (an Error, or the DOMException of `AbortSignal.timeout`), else "aborted". */
export function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  // By shape, not instanceof: DOMException and errors from another realm (Jest) are not this realm's Error.
  if (
    typeof reason === 'object' &&
    reason !== null &&
    'message' in reason &&
    typeof reason.message === 'string' &&
    reason.message
  )
    return reason.message;
  if (typeof reason === 'string' && reason) return reason;
  return 'aborted';
}
