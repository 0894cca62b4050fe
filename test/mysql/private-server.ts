/**
 * A private MariaDB server for fault tests: its own data directory, port and socket under a temporary folder,
 * started as a child of the test and killed by its own PID only. The shared server (ECOMLAB_MYSQL_URL) is never
 * restarted or reconfigured. Fails (never skips) with instructions when mariadbd is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((file) => fs.existsSync(file));
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((file) =>
  fs.existsSync(file),
);

/** How long {@link PrivateMariaDb.start} waits for the server to answer. */
export const START_TIMEOUT_MS = Number(process.env.ECOMLAB_PRIVATE_DB_START_MS ?? 240000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A running private server: `url` for database `t`, `kill9()` kills its process, `start()` restarts it. */
export class PrivateMariaDb {
  readonly dir: string;
  port = 0;
  private child: ChildProcess | undefined;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Creates the data directory (mariadb-install-db) and starts the server. */
  static async create(tag: string, installDb = INSTALL_DB): Promise<PrivateMariaDb> {
    if (MARIADBD === undefined || installDb === undefined)
      throw new Error(
        'This fault test starts a private MariaDB server and needs /usr/sbin/mariadbd and mariadb-install-db ' +
          '(Debian: apt-get install mariadb-server; `bash scripts/setup.sh` installs it).',
      );
    const server = new PrivateMariaDb(fs.mkdtempSync(path.join(os.tmpdir(), `ecomlab-${tag}-mariadb-`)));
    try {
      const install = spawnSync(
        installDb,
        [
          '--no-defaults',
          `--datadir=${path.join(server.dir, 'data')}`,
          `--user=${os.userInfo().username}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
        ],
        { encoding: 'utf8' },
      );
      if (install.status !== 0)
        throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
      server.port = await freePort();
      await server.start();
      const db = await server.connect('');
      await db.query('CREATE DATABASE IF NOT EXISTS t');
      await db.end();
      return server;
    } catch (error) {
      await server.destroy(); // a failed start leaves neither a server nor its folder behind
      throw error;
    }
  }

  /** `mysql://root@127.0.0.1:<port>/t`. */
  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}/t`;
  }

  /** PID of the server process. */
  get pid(): number {
    return this.child?.pid ?? -1;
  }

  /** Starts (or restarts, after a kill) the server on the same data directory and waits until it answers. */
  async start(): Promise<void> {
    this.child = spawn(
      MARIADBD!,
      [
        '--no-defaults',
        `--datadir=${path.join(this.dir, 'data')}`,
        `--user=${os.userInfo().username}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(this.dir, 'sock')}`,
        `--pid-file=${path.join(this.dir, 'pid')}`,
        `--log-error=${path.join(this.dir, 'error.log')}`,
        '--local-infile=1',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
      ],
      { stdio: 'ignore' },
    );
    // Crash recovery after a kill -9 can take minutes on a loaded machine.
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        const db = await this.connect('');
        await db.end();
        return;
      } catch (error) {
        if (this.child.exitCode !== null || Date.now() > deadline) {
          const log = fs.existsSync(path.join(this.dir, 'error.log'))
            ? fs.readFileSync(path.join(this.dir, 'error.log'), 'utf8').slice(-2000)
            : '';
          throw new Error(`private MariaDB did not start (${(error as Error).message}): ${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /** Opens a connection to `database` (default `t`). */
  async connect(database = 't'): Promise<Connection> {
    return createConnection({
      host: '127.0.0.1',
      port: this.port,
      user: 'root',
      database: database || undefined,
      connectTimeout: 3000,
    });
  }

  /** `kill -9` of the server process (only this one), waiting until it is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** Kills the server and removes its folder. */
  async destroy(): Promise<void> {
    await this.kill9();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
