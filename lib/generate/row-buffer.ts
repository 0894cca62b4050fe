/**
 * The generator's output buffer: rows written as ASCII straight into a Buffer (no strings on the hot path),
 * malformed lines on request, and the chunk hand-off ({@link RowBuffer.flush}).
 */
import type { BehaviorGeneratorStats, ResolvedGeneratorOptions } from './behavior-options';
import type { Xoshiro128 } from './xoshiro';

const BEHAVIOR_BYTES = [Buffer.from('pv'), Buffer.from('fav'), Buffer.from('cart'), Buffer.from('buy')];
/** Room for one user's out-of-window rows and dirty lines past `chunkBytes`. */
const SLACK = 1 << 16;

/** Writes a non-negative integer below 2^31 as ASCII digits at `pos`; returns the position after it. */
function writeUint(buf: Buffer, pos: number, value: number): number {
  let digits = 1;
  for (let p = 10; value >= p && digits < 10; p *= 10) digits++;
  let end = pos + digits;
  let v = value | 0;
  while (end > pos) {
    const q = (v / 10) | 0;
    buf[--end] = 48 + v - q * 10;
    v = q;
  }
  return pos + digits;
}

/** The text of one malformed line of kind 0..7 (blank, wrong field count, bad integer, unknown behaviour). */
function dirtyText(kind: number, user: number, ts: number): string {
  switch (kind) {
    case 0:
      return '';
    case 1:
      return `${user},1,2,pv`;
    case 2:
      return `${user},1,2,pv,${ts},9`;
    case 3:
      return `u${user},1,2,pv,${ts}`;
    case 4:
      return `${user},1,2,pv,${ts}.5`;
    case 5:
      return `${user},,2,cart,${ts}`;
    case 6:
      return `${user},1,2,click,${ts}`;
    default:
      return `${user},1,2,collect,${ts}`;
  }
}

/**
 * Accumulates rows until about `chunkBytes`; the generator yields {@link flush} whenever {@link full} is true.
 * Updates `stats.bytes`, `stats.dirtyLines` and `stats.headerLines` (row counts are the caller's).
 */
export class RowBuffer {
  private buf: Buffer;
  /** Bytes written into the current buffer. */
  pos = 0;
  private readonly chunkBytes: number;
  private readonly eol: Buffer;
  private readonly crlf: boolean;
  private readonly dirtyRate: number;

  constructor(
    options: Pick<ResolvedGeneratorOptions, 'chunkBytes' | 'lineEnding' | 'dirtyRate'>,
    private readonly stats: BehaviorGeneratorStats,
    private readonly rng: Xoshiro128,
  ) {
    this.chunkBytes = options.chunkBytes;
    this.eol = Buffer.from(options.lineEnding);
    this.crlf = options.lineEnding === '\r\n';
    this.dirtyRate = options.dirtyRate;
    this.buf = Buffer.allocUnsafe(this.chunkBytes + SLACK);
  }

  /** True once the buffer holds `chunkBytes` or more. */
  get full(): boolean {
    return this.pos >= this.chunkBytes;
  }

  /** The bytes written so far, as one chunk; the next rows go to a fresh buffer. */
  flush(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.stats.bytes += this.pos;
    this.buf = Buffer.allocUnsafe(this.chunkBytes + SLACK);
    this.pos = 0;
    return out;
  }

  /** The header line `user_id,item_id,category_id,behavior_type,timestamp`. */
  writeHeader(): void {
    this.writeLine('user_id,item_id,category_id,behavior_type,timestamp');
    this.stats.headerLines = 1;
  }

  /** One data row; `behavior` is 0 pv, 1 fav, 2 cart, 3 buy. */
  writeRow(user: number, item: number, category: number, behavior: number, ts: number): void {
    const buf = this.buf;
    let pos = writeUint(buf, this.pos, user);
    buf[pos++] = 44;
    pos = writeUint(buf, pos, item);
    buf[pos++] = 44;
    pos = writeUint(buf, pos, category);
    buf[pos++] = 44;
    const b = BEHAVIOR_BYTES[behavior] as Buffer;
    for (let j = 0; j < b.length; j++) buf[pos++] = b[j] as number;
    buf[pos++] = 44;
    pos = writeUint(buf, pos, ts);
    if (this.crlf) buf[pos++] = 13;
    buf[pos++] = 10;
    this.pos = pos;
  }

  /** With probability `dirtyRate`, one malformed line (drawn from the seeded stream) before the next row. */
  maybeDirty(user: number, ts: number): void {
    if (this.dirtyRate > 0 && this.rng.uniform() < this.dirtyRate) {
      this.writeLine(dirtyText(this.rng.nextUint32() % 8, user, ts));
      this.stats.dirtyLines++;
    }
  }

  private writeLine(text: string): void {
    this.pos += this.buf.write(text, this.pos, 'latin1');
    this.pos += this.eol.copy(this.buf, this.pos);
  }
}
