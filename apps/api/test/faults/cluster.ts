// `npm run cluster` (infra/cluster.mjs) as the fault suite's child process: nginx and the API
// instances it starts, the lines it prints, and its stop on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './rig.js';

export const CLUSTER_SCRIPT = path.join(REPO_ROOT, 'infra/cluster.mjs');

export interface TClusterInstance {
  url: string;
  pid: number;
}

/** What `npm run cluster` printed: the proxy, each instance, and where its logs are. */
export interface TClusterLines {
  proxy: string;
  instances: TClusterInstance[];
  logs: string;
}

export class ClusterProcess {
  private child?: ChildProcess;
  /** Every line it printed, stdout and stderr together. */
  readonly lines: string[] = [];
  private partial = '';
  printed?: TClusterLines;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Starts it and resolves with its `proxy` and `instance` lines once it says it is ready. */
  async start(instances: number): Promise<TClusterLines> {
    const child = spawn(process.execPath, [CLUSTER_SCRIPT, '--instances', String(instances), '--keep-logs'], {
      cwd: REPO_ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const take = (b: Buffer) => {
      const parts = (this.partial + b.toString('utf8')).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (this.lines.some((l) => l.startsWith('ready'))) break;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`npm run cluster exited while starting:\n${this.lines.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`npm run cluster not ready within 150 s:\n${this.lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const proxy = this.lines.map((l) => /^proxy (http:\/\/\S+)$/.exec(l)?.[1]).find(Boolean);
    const list = this.lines.flatMap((l) => {
      const m = /^instance (http:\/\/\S+) pid (\d+)$/.exec(l);
      return m ? [{ url: m[1]!, pid: Number(m[2]) }] : [];
    });
    const logs = this.lines.map((l) => /^logs (\S+)$/.exec(l)?.[1]).find(Boolean);
    if (!proxy || !logs) throw new Error(`npm run cluster printed no proxy or logs line:\n${this.lines.join('\n')}`);
    this.printed = { proxy, instances: list, logs };
    return this.printed;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The pid nginx's master wrote (in the run's folder). */
  nginxPid(): number | undefined {
    const file = this.printed && path.join(this.printed.logs, 'nginx.pid');
    return file && existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
  }

  /** SIGTERM, as Ctrl-C or a service manager would: resolves with its exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || !this.alive) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  /** At process exit, when nothing can be awaited: everything it started, then itself. */
  killNow(): void {
    for (const pid of [...(this.printed?.instances.map((i) => i.pid) ?? []), this.nginxPid()]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (this.alive) this.child?.kill('SIGKILL');
  }
}

/** Whether a process of this pid exists (signal 0 checks without sending anything). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
