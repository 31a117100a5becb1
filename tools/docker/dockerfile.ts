// A small Dockerfile reader for machines without a Docker engine: it parses the instructions our images use
// and replays them on the host, so a test can build and start an app exactly as its image would.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  readonly base: string;
  readonly instructions: Instruction[];
}

/** Joins `\` continuations, drops comments and blank lines, and splits the file into stages. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const start = i + 1;
    let line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i += 1;
      line = `${line.slice(0, -1).trimEnd()} ${lines[i].trim()}`;
    }
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`line ${start}: cannot read "${line}"`);
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`line ${start}: cannot read FROM ${args}`);
      stages.push({ base: from[1], name: from[2], instructions: [] });
      continue;
    }
    if (stages.length === 0) throw new Error(`line ${start}: ${keyword} before FROM`);
    stages[stages.length - 1].instructions.push({ keyword, args, line: start });
  }
  return stages;
}

/** `["node", "main.js"]`; shell form is refused, because a shell as PID 1 would swallow SIGTERM. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((p): p is string => typeof p === 'string'))
    throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** `ENV A=1 B="two words"` (the only ENV form we write). */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) env[m[1]] = m[3] ?? m[2];
  return env;
}

export interface ReplayedImage {
  /** Host directory standing in for the final stage's WORKDIR. */
  readonly workdir: string;
  readonly env: Record<string, string>;
  readonly cmd: string[];
  readonly user: string | undefined;
  readonly healthcheck: string[] | undefined;
  readonly stopSignal: string | undefined;
  readonly exposed: string[];
  /** What ran and what was skipped, for the test's messages. */
  readonly log: string[];
}

export interface ReplayOptions {
  /** The build context (the repository root). The first stage's WORKDIR is the repository itself. */
  readonly context: string;
  /** Scratch directory: every other absolute container path lives under it. */
  readonly scratch: string;
  /** Commands the first stage runs that the caller has already run in `context` (e.g. `npm ci`). */
  readonly alreadyDone?: readonly RegExp[];
  /** Extra environment for RUN commands only (e.g. an npm cache of the replay's own). */
  readonly runEnv?: Record<string, string>;
}

/**
 * Replays a multi-stage Dockerfile on the host. The first stage builds in the repository itself; every
 * other absolute path (`/out`, `/app`) maps into `scratch`. RUN commands run through bash with the stage's
 * ENV; COPY copies; the final stage's ENV, WORKDIR, USER, HEALTHCHECK and CMD are returned for starting it.
 */
export function replayDockerfile(file: string, options: ReplayOptions): ReplayedImage {
  const stages = parseDockerfile(readFileSync(file, 'utf8'));
  const log: string[] = [];
  const hostPath = (containerPath: string, stageIndex: number, firstWorkdir: string | undefined): string => {
    if (
      stageIndex === 0 &&
      firstWorkdir !== undefined &&
      (containerPath === firstWorkdir || containerPath.startsWith(`${firstWorkdir}/`))
    ) {
      return join(options.context, containerPath.slice(firstWorkdir.length));
    }
    return join(options.scratch, containerPath);
  };
  let final: ReplayedImage | undefined;
  stages.forEach((stage, index) => {
    const env: Record<string, string> = {};
    let cwd = options.scratch;
    let firstWorkdir: string | undefined;
    let user: string | undefined;
    let healthcheck: string[] | undefined;
    let stopSignal: string | undefined;
    let cmd: string[] = [];
    const exposed: string[] = [];
    const mapArg = (arg: string): string => (isAbsolute(arg) ? hostPath(arg, index, firstWorkdir) : resolve(cwd, arg));
    for (const { keyword, args, line } of stage.instructions) {
      switch (keyword) {
        case 'ENV':
          Object.assign(env, parseEnv(args));
          break;
        case 'WORKDIR':
          if (index === 0 && firstWorkdir === undefined) firstWorkdir = args;
          cwd = hostPath(args, index, firstWorkdir);
          mkdirSync(cwd, { recursive: true });
          break;
        case 'COPY': {
          const parts = args.split(/\s+/);
          const from = parts[0].startsWith('--from=') ? parts.shift() : undefined;
          const dest = mapArg(parts.pop() ?? '.');
          for (const source of parts) {
            const src = from ? hostPath(source.replace(/\/$/, ''), -1, undefined) : resolve(options.context, source);
            const target = from || source === '.' ? dest : join(dest, source);
            if (resolve(src) === resolve(target)) {
              log.push(`line ${line}: COPY ${source} is already in place`);
              continue;
            }
            cpSync(src, target, { recursive: true });
            log.push(`line ${line}: COPY ${source} -> ${target}`);
          }
          break;
        }
        case 'RUN': {
          if (index === 0 && options.alreadyDone?.some((pattern) => pattern.test(args))) {
            log.push(`line ${line}: RUN ${args} (already done in ${options.context})`);
            break;
          }
          const command = args.replace(
            /(^|\s)(\/[\w./-]+)/g,
            (_, space: string, path: string) => `${space}${hostPath(path, index, firstWorkdir)}`,
          );
          log.push(`line ${line}: RUN ${command}`);
          execFileSync('bash', ['-euo', 'pipefail', '-c', command], {
            cwd,
            env: { ...process.env, ...env, ...options.runEnv },
            stdio: ['ignore', 'pipe', 'pipe'],
            maxBuffer: 64 * 2 ** 20,
          });
          break;
        }
        case 'USER':
          user = args;
          break;
        case 'EXPOSE':
          exposed.push(...args.split(/\s+/));
          break;
        case 'STOPSIGNAL':
          stopSignal = args;
          break;
        case 'HEALTHCHECK': {
          const at = args.indexOf('CMD ');
          healthcheck = execForm(args.slice(at + 4));
          break;
        }
        case 'CMD':
          cmd = execForm(args);
          break;
        default:
          throw new Error(`line ${line}: ${keyword} is not supported by this replay`);
      }
    }
    final = { workdir: cwd, env, cmd, user, healthcheck, stopSignal, exposed, log };
  });
  if (!final) throw new Error(`${file} has no stage`);
  return final;
}
