import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..', '..');

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a TypeScript entry point from source (as `npm run` scripts do) and collects its output. */
export function runTsScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60000,
): Promise<ProcessResult> {
  return new Promise((resolveResult, reject) => {
    const child = startTsProcess(script, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveResult({ code, signal, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) });
    });
  });
}

/** Starts a TypeScript entry point from source as a child process (stdout/stderr piped). */
export function startTsProcess(script: string, args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    [resolve(REPO_ROOT, 'tools/scripts/run-ts.cjs'), resolve(REPO_ROOT, script), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves with everything printed so far once `pattern` appears on stdout or stderr; rejects on exit or timeout. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60000): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += stripAnsi(chunk.toString());
      if (pattern.test(seen)) finish(() => resolveOutput(seen));
    };
    const onExit = (code: number | null): void =>
      finish(() => reject(new Error(`process exited (${code}) before ${pattern}:\n${seen}`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out waiting for ${pattern}:\n${seen}`))),
      timeoutMs,
    );
    const finish = (action: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      action();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

/** Sends a signal and resolves with the exit code (null when killed by a signal). */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit(child.exitCode);
    child.once('exit', (code) => resolveExit(code));
    child.kill(signal);
  });
}

/** Calls `probe` every `stepMs` until `done` accepts its value or `timeoutMs` passes; returns the last value. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
