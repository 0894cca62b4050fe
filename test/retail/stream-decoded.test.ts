/**
 * The gzip path of the streaming retail reader when its consumer stops early (the date-order probe reads only
 * the first lines): destroying the raw stream under the pending read must not surface as an unhandled
 * 'Premature close' error. It did, now and then, crashing a run (seen under load in the full suite).
 */
import { PassThrough } from 'node:stream';
import * as zlib from 'node:zlib';
import { decoded } from '../../lib/retail/stream-retail';

test('stopping early on a gzip stream whose raw side is still open leaves no unhandled error', async () => {
  const errors: unknown[] = [];
  const onError = (error: unknown): void => {
    errors.push(error);
  };
  process.on('uncaughtException', onError);
  try {
    const raw = new PassThrough();
    // The whole gzip member is written, but the raw stream is not ended: its reader waits for more.
    raw.write(zlib.gzipSync(Buffer.from('InvoiceNo,StockCode\n'.repeat(1000))));
    let chunks = 0;
    for await (const chunk of decoded(
      raw,
      () => {},
      () => {},
      64,
    )) {
      chunks += chunk.length > 0 ? 1 : 0;
      break; // the probe has what it needs
    }
    raw.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(chunks).toBe(1);
    expect(errors).toEqual([]);
  } finally {
    process.off('uncaughtException', onError);
  }
});
