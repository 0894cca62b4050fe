/**
 * The generator's first two phases, drawn once before any row: the users (activity weights, exact row
 * counts, buyer and interest flags, the buy/cart/fav probabilities that reproduce the real behaviour mix) and
 * the catalogue (Zipf categories, items nested in them, the id permutations).
 */
import {
  BUY_SHARE,
  CART_SHARE,
  DAY_WEIGHTS,
  FAV_SHARE,
  ID_SPACE,
  type BehaviorGeneratorModel,
} from './behavior-model';
import type { ResolvedGeneratorOptions } from './behavior-options';
import { cumulative, cumulativeToShares, primeAtLeast } from './sampling';
import type { Xoshiro128 } from './xoshiro';

const { ceil, exp, max, min, pow, round } = Math;

/** Bits of {@link UserPlan.flags}: the user buys (at least once), can add to cart, can favourite. */
export const BUYER = 1;
export const CAN_CART = 2;
export const CAN_FAV = 4;

/** Per-user draws and the probabilities of the row phase. */
export interface UserPlan {
  /** Rows of each user (in order of the sampled ids); they sum to `rows`. */
  userRows: Uint32Array;
  /** {@link BUYER} | {@link CAN_CART} | {@link CAN_FAV} per user. */
  flags: Uint8Array;
  /** Buy propensity per (window day × 24 + hour), mean 1 over rows. */
  buyFactor: Float64Array;
  /** Base probability that a buyer's non-forced row is a buy (times `buyFactor`). */
  buyProbability: number;
  /** Probability that a row of a user who can cart (fav) is a cart (fav). */
  cartProbability: number;
  favProbability: number;
}

/** Lognormal activity weights (sigma 1.1), then exactly `rows` rows: one per user plus a weighted share of the rest. */
function rowsPerUser(rows: number, users: number, rng: Xoshiro128): Uint32Array {
  const userRows = new Uint32Array(users);
  if (users === 0) return userRows;
  const weights = new Float64Array(users);
  let total = 0;
  for (let u = 0; u < users; u++) {
    const w = exp(1.1 * rng.normal());
    weights[u] = w;
    total += w;
  }
  const extra = rows - users;
  let acc = 0;
  let given = 0;
  for (let u = 0; u < users; u++) {
    acc += weights[u] as number;
    const target = u === users - 1 ? extra : min(extra, round((extra * acc) / total));
    userRows[u] = 1 + target - given;
    given = target;
  }
  return userRows;
}

/** Buy propensity per (day, hour): the model's day and hour factors, normalised to a mean of 1 over rows. */
function buyPropensity(model: Readonly<BehaviorGeneratorModel>): Float64Array {
  const dayShares = cumulativeToShares(cumulative(DAY_WEIGHTS));
  const hourShares = cumulativeToShares(cumulative([...model.hourTraffic]));
  const buyFactor = new Float64Array(9 * 24);
  let mean = 0;
  for (let d = 0; d < 9; d++)
    for (let h = 0; h < 24; h++) {
      const f = (model.buyDay[d] ?? 1) * (model.buyHour[h] ?? 1);
      buyFactor[d * 24 + h] = f;
      mean += f * (dayShares[d] as number) * (hourShares[h] as number);
    }
  for (let i = 0; i < buyFactor.length; i++) buyFactor[i] = (buyFactor[i] as number) / mean;
  return buyFactor;
}

/** Draws the users: row counts, buyers, who can cart and fav, and the probabilities that give the real mix. */
export function planUsers(
  { rows, users, buyerShare }: Pick<ResolvedGeneratorOptions, 'rows' | 'users' | 'buyerShare'>,
  model: Readonly<BehaviorGeneratorModel>,
  rng: Xoshiro128,
): UserPlan {
  const userRows = rowsPerUser(rows, users, rng);
  const flags = new Uint8Array(users);
  let buyerRows = 0;
  let buyerUsers = 0;
  for (let u = 0; u < users; u++) {
    if (rng.uniform() < buyerShare) {
      flags[u] = BUYER;
      buyerUsers++;
      buyerRows += userRows[u] as number;
    }
  }
  const buyFactor = buyPropensity(model);
  // Buyers' non-forced rows buy with this base probability (times the factor) so that buys ~ BUY_SHARE of rows.
  // A buy starts a basket: the next row of the session is a buy with probability `basket`, so a trigger
  // yields about 1 / (1 - basket) buys.
  const buyProbability =
    buyerRows > buyerUsers
      ? min(0.5, max(0, ((BUY_SHARE * rows - buyerUsers) / (buyerRows - buyerUsers)) * (1 - model.basket)))
      : 0;
  // Interest (cart, fav) is concentrated on some users: a buyer can cart with probability cartBuyer, a non-buyer
  // with cartNonBuyer, likewise for fav; their rows carry all cart / fav events.
  let cartRows = 0;
  let favRows = 0;
  let cartUsers = 0;
  let favUsers = 0;
  for (let u = 0; u < users; u++) {
    const isBuyer = flags[u] === BUYER;
    const n = userRows[u] as number;
    const free = isBuyer ? n - 1 - buyProbability * (n - 1) : n;
    if (rng.uniform() < (isBuyer ? model.cartBuyer : model.cartNonBuyer)) {
      flags[u] = (flags[u] as number) | CAN_CART;
      cartRows += free;
      cartUsers++;
    }
    const canCart = ((flags[u] as number) & CAN_CART) === CAN_CART;
    if (
      rng.uniform() <
      (isBuyer ? model.favBuyer : model.favNonBuyer) * (canCart ? 1 : model.favNoCartBoost)
    ) {
      flags[u] = (flags[u] as number) | CAN_FAV;
      favRows += free;
      favUsers++;
    }
  }
  const cartProbability =
    cartRows > cartUsers ? min(0.6, max(0, (CART_SHARE * rows - cartUsers) / (cartRows - cartUsers))) : 0;
  const favProbability =
    favRows > favUsers ? min(0.3, max(0, (FAV_SHARE * rows - favUsers) / (favRows - favUsers))) : 0;
  return { userRows, flags, buyFactor, buyProbability, cartProbability, favProbability };
}

/** Categories (Zipf s = 1.15), the items nested in them, and the permutations that turn indexes into ids. */
export interface Catalog {
  /** Cumulative category popularity. */
  catCdf: Float64Array;
  /** Items of category k are itemStart[k] .. itemStart[k + 1] - 1 (item indexes). */
  itemStart: Float64Array;
  /** Item id of item index i: ((i * itemMul + itemAdd) % prime) + 1. */
  prime: number;
  itemMul: number;
  itemAdd: number;
  /** Category id of category index k. */
  categoryId: Float64Array;
}

/** Draws the catalogue: category weights, items per category (weight^0.7), and the id permutations. */
export function planCatalog(categories: number, items: number, rng: Xoshiro128): Catalog {
  const catWeights: number[] = [];
  for (let k = 0; k < categories; k++) catWeights.push(1 / pow(k + 1, 1.15));
  const catCdf = cumulative(catWeights);
  const itemStart = new Float64Array(categories + 1);
  let total = 0;
  for (const w of catWeights) total += pow(w, 0.7);
  const extra = items - categories;
  let acc = 0;
  let given = 0;
  for (let k = 0; k < categories; k++) {
    acc += pow(catWeights[k] as number, 0.7);
    const target = k === categories - 1 ? extra : min(extra, round((extra * acc) / total));
    itemStart[k + 1] = (itemStart[k] as number) + 1 + target - given;
    given = target;
  }
  const space = max(ID_SPACE, ceil(items * 1.25));
  const prime = primeAtLeast(space);
  const itemMul = 1 + (rng.nextUint32() % (prime - 1));
  const itemAdd = rng.nextUint32() % prime;
  const catMul = 1 + (rng.nextUint32() % (prime - 1));
  const catAdd = rng.nextUint32() % prime;
  const categoryId = new Float64Array(categories);
  for (let k = 0; k < categories; k++) categoryId[k] = ((k * catMul + catAdd) % prime) + 1;
  return { catCdf, itemStart, prime, itemMul, itemAdd, categoryId };
}
