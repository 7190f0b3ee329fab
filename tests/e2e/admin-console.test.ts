// The admin console in the real browser against the real server: sign in (a wrong token says so),
// drop a messy GBK export made here, fix the column the guess missed, choose what to do with an
// unknown category, dry run, import with the progress bar moving, download the reject report,
// undo (the district's figures go back), create and revoke a token. No console errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, refreshDocsShot, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import { writeTinyDataset } from '../fixtures/tiny-dataset';
import { encodeGbk } from '../fixtures/gbk';

const DAY = 86_400_000;
const ROWS = 40_000;
const CATEGORIES = ['环境卫生', '物业管理', '占道停车'];

/** Shanghai wall-clock text of an instant, as a Chinese-locale export writes it. */
function slash(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${p(d.getUTCMinutes())}`;
}

/**
 * A 12345 export: a title row, a category header the guess does not know (问题大类), a blank
 * row, one repeated ticket, streets that are not in the district and a category nobody mapped.
 */
function messyExport(now: number) {
  const lines = ['测试区12345工单导出', '工单编号,问题大类,受理时间,所属街道,所属社区,网格'];
  const expected = { accepted: 0, unknownStreet: 0, unmapped: 0 };
  for (let i = 0; i < ROWS; i++) {
    const at = slash(now - DAY - (i % 40) * 3600_000);
    const s = (i % 2) + 1;
    let street = `测试${s}街道办事处`;
    let category = CATEGORIES[i % 3]!;
    if (i % 50 === 7) {
      street = '不存在街道';
      expected.unknownStreet++;
    } else if (i % 50 === 13) {
      category = '噪音扰民';
      expected.unmapped++;
    } else expected.accepted++;
    lines.push(`T${i},${category},${at},${street},测试${s}1社区居委会,第${(i % 2) + 1}网格`);
    if (i === 100) lines.push(',,,,,');
  }
  lines.push(lines[2]!); // the first ticket again
  return { bytes: encodeGbk(lines.join('\r\n') + '\r\n'), expected };
}

async function districtReported(page: Page): Promise<number> {
  await page.locator('[data-tab="dataset"]').click();
  const cell = page.getByTestId('reported30');
  await cell.waitFor();
  return Number((await cell.textContent())!.replace(/\D/g, ''));
}

describe.skipIf(skipBrowser)('admin console (/admin)', () => {
  let server: RunningServer;
  let dataDir: string;
  let b: OpenBrowser;
  const adminToken = () => `${server.token}-admin`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'screen-e2e-admin-'));
    await writeTinyDataset(dataDir);
    server = await startServer({ simulator: false, dataDir });
    b = await openBrowser(server.url, { width: 1366, height: 768 });
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in: a wrong token is refused with a reason, the right one kept only in the session', async () => {
    const { page } = b;
    await page.goto(`${server.url}/admin`, { waitUntil: 'load' });
    expect(await page.locator('h1').textContent()).toBe('数据管理后台');
    await page.fill('input[name=token]', 'not-the-admin-token');
    await page.click('form.signin button');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('令牌无效');
    // The browser itself logs the refused request; that one line is the test's own doing.
    await page.screenshot({ path: 'test-results/admin-console-signin-1366x768.png' });
    expect(b.consoleProblems.every((p) => /401/.test(p))).toBe(true);
    b.consoleProblems.length = 0;

    await page.fill('input[name=token]', adminToken());
    await page.click('form.signin button');
    await page.locator('[data-tab="imports"]').waitFor();
    expect(page.url()).not.toContain(adminToken());
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).toContain(adminToken());
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(adminToken());
  });

  it('imports a messy export: fix a mapping, dry run, run with progress, report, undo', async () => {
    const { page } = b;
    const before = await districtReported(page);
    const { bytes, expected } = messyExport(Date.now());

    await page.locator('[data-tab="imports"]').click();
    // Dropped as a user drags a file onto the box.
    await page.getByTestId('dropzone').waitFor();
    await page.screenshot({ path: 'test-results/admin-console-upload-1366x768.png' });
    const base64 = bytes.toString('base64');
    await page.evaluate((b64) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], '12345-导出.csv', { type: 'text/csv' }));
      document
        .querySelector('[data-testid=dropzone]')!
        .dispatchEvent(
          new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
    }, base64);

    const encoding = page.getByTestId('encoding');
    await encoding.waitFor({ timeout: 60_000 });
    expect(await encoding.textContent()).toBe('gb18030');
    // The guess missed 问题大类: nothing would import, each row says why.
    expect(await page.getByTestId('would-import').textContent()).toBe('0');
    expect(await page.getByTestId('reasons').textContent()).toContain('缺少问题类别');
    expect(await page.locator('[data-testid=sample] tbody tr').count()).toBe(20);

    await page.selectOption('select[name=col-category]', '问题大类');
    await page.getByTestId('dry-run-again').click();
    const unmapped = page.locator('[data-testid=unmapped] select[data-value="噪音扰民"]');
    await unmapped.waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=unmapped] tbody tr').textContent()).toContain(
      String(expected.unmapped),
    );
    // Reject the unknown category's rows (the other choice would be a category of ours).
    await unmapped.selectOption('reject');
    await page.getByTestId('dry-run-again').click();
    await expect
      .poll(() => page.getByTestId('would-import').textContent(), { timeout: 60_000 })
      .toBe(expected.accepted.toLocaleString('zh-CN'));
    await page.screenshot({ path: 'test-results/admin-console-dry-run-1366x768.png' });
    await page.screenshot({ path: 'test-results/admin-console-1366x768.png' });
    refreshDocsShot('admin-console-1366x768.png');

    await page.getByTestId('run').click();
    const bar = page.getByTestId('progress');
    await bar.waitFor();
    const seen = new Set<string>();
    let max = '';
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      const [value, m] = await bar.evaluate((e: HTMLProgressElement) => [
        String(e.value),
        String(e.max),
      ]);
      seen.add(value);
      max = m;
      if (value === max && (await page.getByText('导入完成').count()) > 0) break;
      await page.waitForTimeout(100);
    }
    const partial = [...seen].filter((v) => Number(v) > 0 && v !== max);
    expect(partial.length, `progress values seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(
      1,
    );
    expect(seen.has(max)).toBe(true);
    expect(await page.getByTestId('run-accepted').textContent()).toBe(
      expected.accepted.toLocaleString('zh-CN'),
    );

    // History: who and the counts.
    const row = page.locator('[data-testid=history] tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('已导入');
    const text = (await row.textContent())!;
    expect(text).toContain('12345-导出.csv');
    expect(text).toContain('ADMIN_TOKEN');
    expect(text).toContain(
      `${expected.accepted} / 1 / ${expected.unknownStreet + expected.unmapped}`,
    );
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({
      path: 'test-results/admin-console-imported-1920x1080.png',
      fullPage: true,
    });
    await page.setViewportSize({ width: 1366, height: 768 });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: '拒绝报告' }).click(),
    ]);
    const report = readFileSync(await download.path(), 'utf8');
    expect(report.startsWith('\ufeff行号 row')).toBe(true);
    const codes = report
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(',').at(-1));
    expect(codes.filter((c) => c === 'unknown_street').length).toBe(expected.unknownStreet);
    expect(codes.filter((c) => c === 'unmapped_category').length).toBe(expected.unmapped);
    expect(codes.filter((c) => c === 'duplicate_in_file').length).toBe(1);
    expect(report).toContain('街道不在本区');

    const during = await districtReported(page);
    expect(during - before).toBe(expected.accepted);

    await page.locator('[data-tab="imports"]').click();
    await row.getByRole('button', { name: '撤销' }).click();
    const confirm = page.getByTestId('undo-confirm');
    expect(await confirm.textContent()).toContain(String(expected.accepted));
    await confirm.getByRole('button', { name: '确定撤销' }).click();
    await expect.poll(() => row.textContent(), { timeout: 120_000 }).toContain('已撤销');
    expect(await districtReported(page)).toBe(before);
    expect(b.consoleProblems).toEqual([]);
    expect(b.foreignRequests).toEqual([]);
  }, 300_000);

  it('creates a token shown once, lists it, and revokes it', async () => {
    const { page } = b;
    await page.locator('[data-tab="tokens"]').click();
    await page.fill('input[name=token-name]', '网格系统夜间同步');
    await page.selectOption('select[name=token-scope]', 'ingest');
    await page.click('.token-form button');
    const secret = (await page.getByTestId('new-token').locator('code').textContent())!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const list = () =>
      fetch(`${server.url}/api/imports`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await list()).status).toBe(200);
    const row = page.locator('[data-testid=tokens] tbody tr', { hasText: '网格系统夜间同步' });
    await page.reload();
    await page.locator('[data-tab="tokens"]').click();
    expect(await row.textContent()).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
    await row.getByRole('button', { name: '吊销' }).click();
    await expect.poll(() => row.textContent()).toContain('已吊销');
    expect((await list()).status).toBe(401);
    await page.screenshot({ path: 'test-results/admin-console-tokens-1366x768.png' });
    expect(b.consoleProblems).toEqual([]);
  });

  it('shows the loaded dataset and its check, in English with ?lang=en', async () => {
    const { page } = b;
    await page.goto(`${server.url}/admin?lang=en`, { waitUntil: 'load' });
    await page.locator('[data-tab="dataset"]').click();
    await expect.poll(() => page.getByTestId('check').textContent()).toContain('Passed');
    expect(await page.getByTestId('district').textContent()).toBe('Tiny Test District');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: 'test-results/admin-console-dataset-en-1920x1080.png' });
    expect(b.consoleProblems).toEqual([]);
  });
});
