/**
 * A real notebook client for tests: Debian's classic Notebook server (`jupyter notebook`, 6.4) on a free port,
 * serving a copy of the project's notebooks in a temporary, non-hidden folder (so saving never touches the
 * repository), with this checkout's tslab kernel (jupyter-env.ts) and private Jupyter config/data/runtime folders;
 * driven by playwright-core and Debian's Chromium.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { jupyterEnv, ROOT } from '../../cli/commands/jupyter-env';
import { serverArgs } from '../../cli/commands/notebook';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/display';

export interface NotebookServer {
  url: string;
  dir: string;
  child: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Copies `files` (name → JSON text) into `<tmp>/notebooks/`, links node_modules and data, and starts the server.
 */
export async function startNotebookServer(files: Record<string, string>): Promise<NotebookServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-client-'));
  fs.mkdirSync(path.join(dir, 'notebooks'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.symlinkSync(path.join(ROOT, 'data'), path.join(dir, 'data'), 'dir');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'notebooks', name), text);
  const port = await freePort();
  const env = {
    ...jupyterEnv(),
    JUPYTER_CONFIG_DIR: path.join(dir, 'jupyter-config'),
    JUPYTER_DATA_DIR: path.join(dir, 'jupyter-data'),
    JUPYTER_RUNTIME_DIR: path.join(dir, 'jupyter-runtime'),
    // notebook 01's MySQL step: its own table, so a headless run of 01 in another test worker never waits for it
    ECOMLAB_MYSQL_TABLE: 'client_test_user_behavior',
  };
  const child = spawn('jupyter', serverArgs({ client: 'notebook', dir, port, token: '' }), {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${url}api/status`, { headers: { Referer: url } });
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`jupyter notebook did not start (exit ${child.exitCode}):\n${log.slice(-2000)}`);
    await sleep(300);
  }
  return {
    url,
    dir,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const until = Date.now() + 10_000;
        while (child.exitCode === null && Date.now() < until) await sleep(100);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<{ browser: Browser; context: BrowserContext }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return { browser, context };
}

/** What a notebook page shows. */
export interface PageState {
  /** `.ecomlab-figure` divs. */
  figures: number;
  /** Of those, drawn by Plotly: a main SVG with at least as many trace groups as the figure has traces. */
  drawn: number;
  /** Figures still showing their static fallback. */
  fallbacks: number;
  /** Error outputs (tracebacks) and stderr streams. */
  errors: string[];
  /** Uncaught page errors. */
  pageErrors: string[];
}

/** Opens a notebook page (tracking page errors and requests that leave the machine). */
export async function openNotebook(
  context: BrowserContext,
  server: NotebookServer,
  name: string,
): Promise<{ page: Page; pageErrors: string[]; external: string[] }> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const external: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(server.url) && !/^(data|about|blob|ws):/.test(url)) external.push(url);
  });
  await page.goto(`${server.url}notebooks/notebooks/${name}`, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(
    `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())`,
    undefined,
    { timeout: 120_000, polling: 250 },
  );
  return { page, pageErrors, external };
}

/** Waits until every figure on the page is drawn or `timeout` passes, then reports the page. */
export async function pageState(page: Page, pageErrors: string[], timeout = 60_000): Promise<PageState> {
  const state = (await page.evaluate(`(async () => {
    const count = () => {
      const figures = Array.from(document.querySelectorAll('.ecomlab-figure'));
      const drawn = figures.filter((el) => el.querySelector('svg.main-svg') && Array.isArray(el.data) &&
        el.data.length > 0 && el.querySelectorAll('g.trace, g.hm').length >= el.data.length).length;
      return { figures: figures.length, drawn, fallbacks: figures.filter((el) => el.querySelector('.ecomlab-fallback')).length };
    };
    const deadline = Date.now() + ${timeout};
    let now = count();
    while (Date.now() < deadline && (now.drawn < now.figures || now.figures === 0)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      now = count();
    }
    const errors = Array.from(document.querySelectorAll('.output_error, .output_stderr')).map((el) => el.textContent.slice(0, 500));
    return { ...now, errors };
  })()`)) as Omit<PageState, 'pageErrors'>;
  return { ...state, pageErrors: [...pageErrors] };
}

/** Runs `cells` (indexes; default all) in the page's kernel and waits until each has its execution count. */
export async function runCells(page: Page, cells?: number[], timeout = 600_000): Promise<void> {
  await page.evaluate(`(() => {
    const nb = Jupyter.notebook;
    const targets = ${JSON.stringify(cells ?? null)} ?? nb.get_cells().map((_, i) => i);
    window.__ecomlabRun = targets.filter((i) => nb.get_cell(i).cell_type === 'code');
    if (!window.__ecomlabStatus) {
      window.__ecomlabStatus = 'idle';
      nb.events.on('kernel_busy.Kernel', () => (window.__ecomlabStatus = 'busy'));
      nb.events.on('kernel_idle.Kernel', () => (window.__ecomlabStatus = 'idle'));
    }
    for (const i of window.__ecomlabRun) nb.get_cell(i).set_input_prompt('*');
    nb.execute_cells(targets);
  })()`);
  await page.waitForFunction(
    `window.__ecomlabRun.every((i) => typeof Jupyter.notebook.get_cell(i).input_prompt_number === 'number') && window.__ecomlabStatus === 'idle'`,
    undefined,
    { timeout, polling: 500 },
  );
}

/** Saves the notebook through the client (as File > Save does) and waits for the server's answer. */
export async function save(page: Page): Promise<void> {
  await page.evaluate(`Jupyter.notebook.save_notebook()`);
  await page.waitForFunction(`!Jupyter.notebook.dirty`, undefined, { timeout: 60_000 });
}

/** Index of the first cell whose output holds a figure. */
export async function firstChartCell(page: Page): Promise<number> {
  return (await page.evaluate(
    `Jupyter.notebook.get_cells().findIndex((cell) => cell.element && cell.element[0].querySelector('.ecomlab-figure'))`,
  )) as number;
}
