/**
 * The generator's row phase, one user at a time: the user's out-of-window rows (before and after the window),
 * the rows that must be a buy / cart / fav, the sessions on the user's active days, and the rows of each
 * session in time order (category browsing, repeat views, baskets, the hourly buy propensity).
 */
import {
  BEHAVIOR_WINDOW_END,
  BEHAVIOR_WINDOW_START,
  DAY_WEIGHTS,
  type BehaviorGeneratorModel,
} from './behavior-model';
import type { BehaviorGeneratorStats, ResolvedGeneratorOptions } from './behavior-options';
import { BUYER, CAN_CART, CAN_FAV, type Catalog, type UserPlan } from './population';
import type { RowBuffer } from './row-buffer';
import { cube, cumulative, pick } from './sampling';
import type { Xoshiro128 } from './xoshiro';

// Math members as module constants: jest's vm context makes every global lookup in a hot loop slow.
const { floor, log, max, min } = Math;
const DAY_LENGTH = 86400;

/** What one user's rows must contain: -1, or the in-window row index that is forced to a buy / cart / fav. */
interface ForcedRows {
  buy: number;
  cart: number;
  fav: number;
}

/** Writes the rows of each sampled user into a {@link RowBuffer}, yielding its chunks as they fill. */
export class UserRowWriter {
  private readonly outBefore: number[] = [];
  private readonly outAfter: number[] = [];
  private sessionStarts = new Float64Array(64);
  private readonly activeDays = new Int32Array(9);
  private readonly activeCdf = new Float64Array(9);
  private readonly dayCdf = cumulative(DAY_WEIGHTS);
  private readonly hourCdf: Float64Array;
  private readonly extraDay: number[];

  constructor(
    private readonly opts: Pick<ResolvedGeneratorOptions, 'outOfWindowRate'>,
    private readonly model: Readonly<BehaviorGeneratorModel>,
    private readonly plan: UserPlan,
    private readonly catalog: Catalog,
    private readonly out: RowBuffer,
    private readonly rng: Xoshiro128,
    private readonly stats: BehaviorGeneratorStats,
    private readonly progress: () => void,
  ) {
    this.hourCdf = cumulative([...model.hourTraffic]);
    this.extraDay = [...model.extraDay];
  }

  /** All rows of the user `index` (in plan order) under the id `uid`: out-of-window before, in-window, after. */
  *user(uid: number, index: number): Generator<Buffer> {
    const { plan, out } = this;
    const n = plan.userRows[index] as number;
    const flags = plan.flags[index] as number;
    this.stats.users++;
    const nOut = this.outOfWindowTimes(n);
    const nIn = n - nOut;
    const forced = this.forcedRows(nIn, flags);
    for (const ts of this.outBefore) {
      this.writeOutside(uid, ts);
      if (out.full) yield out.flush();
    }
    if (nIn > 0) yield* this.inWindow(uid, nIn, flags, forced);
    for (const ts of this.outAfter) {
      this.writeOutside(uid, ts);
      if (out.full) yield out.flush();
    }
    if (out.full) {
      yield out.flush();
      this.progress();
    }
  }

  /**
   * Draws how many of the user's `n` rows fall outside the window and when (mostly the 2 days before, some the 3
   * days after, a few anywhere in 1970..2037), into `outBefore` / `outAfter`, sorted. Returns their number.
   */
  private outOfWindowTimes(n: number): number {
    const { rng, outBefore, outAfter } = this;
    const rate = this.opts.outOfWindowRate;
    outBefore.length = 0;
    outAfter.length = 0;
    let nOut = 0;
    if (rate > 0) {
      for (let i = 0; i < n; i++) if (rng.uniform() < rate) nOut++;
      for (let i = 0; i < nOut; i++) {
        const r = rng.uniform();
        if (r < 0.8) outBefore.push(BEHAVIOR_WINDOW_START - 1 - floor(cube(rng.uniform()) * 2 * DAY_LENGTH));
        else if (r < 0.82) outAfter.push(BEHAVIOR_WINDOW_END + floor(cube(rng.uniform()) * 3 * DAY_LENGTH));
        else {
          const t = floor(rng.uniform() * 2147483647);
          if (t < BEHAVIOR_WINDOW_START) outBefore.push(t);
          else if (t >= BEHAVIOR_WINDOW_END) outAfter.push(t);
          else outBefore.push(BEHAVIOR_WINDOW_START - 1 - (t % DAY_LENGTH));
        }
      }
      outBefore.sort((a, b) => a - b);
      outAfter.sort((a, b) => a - b);
    }
    return nOut;
  }

  /** A buyer buys at least once; every user who can cart (fav) carts (favs) at least once, on another row. */
  private forcedRows(nIn: number, flags: number): ForcedRows {
    const rng = this.rng;
    const buy = (flags & BUYER) === BUYER && nIn > 0 ? floor(rng.uniform() * nIn) : -1;
    const distinctRow = (taken: number[]): number => {
      if (nIn <= taken.filter((t) => t >= 0).length) return -1;
      let row = floor(rng.uniform() * nIn);
      while (taken.includes(row)) row = (row + 1) % nIn;
      return row;
    };
    const cart = (flags & CAN_CART) === CAN_CART ? distinctRow([buy]) : -1;
    const fav = (flags & CAN_FAV) === CAN_FAV ? distinctRow([buy, cart]) : -1;
    return { buy, cart, fav };
  }

  /** One out-of-window row at `ts`: a popular item, mostly a page view. */
  private writeOutside(uid: number, ts: number): void {
    const { rng, catalog } = this;
    const { itemStart } = catalog;
    const k = pick(catalog.catCdf, rng.uniform());
    const n = (itemStart[k + 1] as number) - (itemStart[k] as number);
    const item = (itemStart[k] as number) + floor(n * cube(rng.uniform()));
    const r = rng.uniform();
    const behavior = r < 0.9 ? 0 : r < 0.95 ? 2 : r < 0.98 ? 1 : 3;
    this.out.maybeDirty(uid, ts);
    this.out.writeRow(
      uid,
      ((item * catalog.itemMul + catalog.itemAdd) % catalog.prime) + 1,
      catalog.categoryId[k] as number,
      behavior,
      ts,
    );
    this.stats.rows++;
    this.stats.outOfWindowRows++;
  }

  /**
   * The start times of the user's sessions, sorted. Active days: each day with the model's probability; at least
   * one (by the daily volumes). Every active day gets a session (of a single row if the user has few rows); a
   * user with fewer rows than active days keeps a random subset of them. Sessions beyond one per active day
   * (about 4 rows each) go to the active days in proportion to the model's extraDay weights.
   */
  private sessionStartTimes(nIn: number): Float64Array {
    const { rng, model, activeDays, activeCdf, extraDay } = this;
    let nActive = 0;
    for (let d = 0; d < 9; d++) if (rng.uniform() < (model.dayActive[d] as number)) activeDays[nActive++] = d;
    if (nActive === 0) activeDays[nActive++] = pick(this.dayCdf, rng.uniform());
    const sessions = max(1 + floor((nIn - 1) / 4), min(nIn, nActive));
    if (this.sessionStarts.length < sessions) this.sessionStarts = new Float64Array(sessions * 2);
    const sessionStarts = this.sessionStarts;
    if (sessions < nActive) {
      for (let i = 0; i < sessions; i++) {
        const j = i + floor(rng.uniform() * (nActive - i));
        const swap = activeDays[i] as number;
        activeDays[i] = activeDays[j] as number;
        activeDays[j] = swap;
      }
      nActive = sessions;
    }
    let weightSum = 0;
    for (let i = 0; i < nActive; i++) {
      weightSum += extraDay[activeDays[i] as number] as number;
      activeCdf[i] = weightSum;
    }
    for (let s = 0; s < sessions; s++) {
      let day: number;
      if (s < nActive) day = activeDays[s] as number;
      else {
        const u = rng.uniform() * weightSum;
        let i = 0;
        while (i < nActive - 1 && u >= (activeCdf[i] as number)) i++;
        day = activeDays[i] as number;
      }
      const hour = pick(this.hourCdf, rng.uniform());
      sessionStarts[s] = BEHAVIOR_WINDOW_START + day * DAY_LENGTH + hour * 3600 + floor(rng.uniform() * 3600);
    }
    return sessionStarts.subarray(0, sessions).sort();
  }

  /**
   * The user's `nIn` in-window rows, session by session: a session browses one category (sometimes jumping to
   * another) and items of it with repeat views; a row is the forced buy / cart / fav, a basket follow-up, a buy
   * drawn with the hourly propensity, a cart or fav, or a page view.
   */
  private *inWindow(uid: number, nIn: number, flags: number, forced: ForcedRows): Generator<Buffer> {
    const { rng, out, stats, model } = this;
    const { catCdf, itemStart, itemMul, itemAdd, prime, categoryId } = this.catalog;
    const { buyFactor } = this.plan;
    const pBuy = (flags & BUYER) === BUYER ? this.plan.buyProbability : 0;
    const pCart = (flags & CAN_CART) === CAN_CART ? this.plan.cartProbability : 0;
    const pFav = (flags & CAN_FAV) === CAN_FAV ? this.plan.favProbability : 0;
    const basket = model.basket;
    const starts = this.sessionStartTimes(nIn);
    const sessions = starts.length;
    let prev = -1;
    let rowInWindow = 0;
    let lastWasBuy = false;
    for (let s = 0; s < sessions; s++) {
      const sessionRows = floor(((s + 1) * nIn) / sessions) - floor((s * nIn) / sessions);
      let ts = max(starts[s] as number, prev + 1);
      lastWasBuy = false;
      let k = pick(catCdf, rng.uniform());
      let itemsInCat = (itemStart[k + 1] as number) - (itemStart[k] as number);
      let item = (itemStart[k] as number) + floor(itemsInCat * cube(rng.uniform()));
      for (let i = 0; i < sessionRows; i++) {
        if (i > 0) {
          ts += 1 + floor(-log(rng.uniformPositive()) * 40);
          const r = rng.uniform();
          if (r < 0.12) {
            k = pick(catCdf, rng.uniform());
            itemsInCat = (itemStart[k + 1] as number) - (itemStart[k] as number);
            item = (itemStart[k] as number) + floor(itemsInCat * cube(rng.uniform()));
          } else if (r >= 0.4) {
            item = (itemStart[k] as number) + floor(itemsInCat * cube(rng.uniform()));
          }
        }
        if (ts >= BEHAVIOR_WINDOW_END) ts = BEHAVIOR_WINDOW_END - 1;
        let behavior: number;
        if (rowInWindow === forced.buy) behavior = 3;
        else if (rowInWindow === forced.cart) behavior = 2;
        else if (rowInWindow === forced.fav) behavior = 1;
        else if (lastWasBuy && rng.uniform() < basket) behavior = 3;
        else if (
          pBuy > 0 &&
          rng.uniform() <
            pBuy *
              (buyFactor[
                floor((ts - BEHAVIOR_WINDOW_START) / DAY_LENGTH) * 24 +
                  floor(((ts - BEHAVIOR_WINDOW_START) % DAY_LENGTH) / 3600)
              ] as number)
        )
          behavior = 3;
        else if (pCart > 0 || pFav > 0) {
          const r = rng.uniform();
          behavior = r < pCart ? 2 : r < pCart + pFav ? 1 : 0;
        } else behavior = 0;
        lastWasBuy = behavior === 3;
        out.maybeDirty(uid, ts);
        out.writeRow(uid, ((item * itemMul + itemAdd) % prime) + 1, categoryId[k] as number, behavior, ts);
        stats.rows++;
        rowInWindow++;
        if (out.full) {
          yield out.flush();
          this.progress();
        }
      }
      prev = ts;
    }
  }
}
