/**
 * The behaviour generator's calibrated model and the real log's constants it is built on: the window, the
 * per-day activity and buy propensities, the hourly traffic and conversion curves, the behaviour mix.
 */
/** First second of 2017-11-25 00:00 at UTC+8. */
export const BEHAVIOR_WINDOW_START = 1511539200;
/** First second after 2017-12-03 24:00 at UTC+8. */
export const BEHAVIOR_WINDOW_END = 1512316800;

/**
 * The calibrated model: every vector below was tuned (scripts/calibration/tune-behavior.ts) so that 1M generated
 * rows reproduce the real full log's published aggregates (data/taobao-full-aggregates: daily page views, UV and
 * buyers per day, behaviour counts and users per behaviour) within 2 % after scaling, and the original report's
 * hourly figures (traffic peak 21:00, conversion peak 10:00 above 22 %: data/reports/claims.json, report section
 * 3.5). `test/generate/behavior-calibration.test.ts` checks the result.
 */
export interface BehaviorGeneratorModel {
  /** Probability that a user is active on each window day (before light users lose days to their few rows). */
  dayActive: readonly number[];
  /** Relative weight of a window day for a user's sessions beyond one per active day (page views per day). */
  extraDay: readonly number[];
  /** Relative events per hour of day at UTC+8 (traffic curve). */
  hourTraffic: readonly number[];
  /** Relative buy propensity per window day (buyers per day). */
  buyDay: readonly number[];
  /** Relative buy propensity per hour of day (conversion curve: the report's 10:00 peak). */
  buyHour: readonly number[];
  /** Probability that a buyer / a non-buyer can add to cart and can favourite (users per behaviour). */
  cartBuyer: number;
  cartNonBuyer: number;
  favBuyer: number;
  favNonBuyer: number;
  /** Factor on the fav probability of users who cannot cart (spreads interest over more users: the union). */
  favNoCartBoost: number;
  /** Probability that the row after a buy in the same session is a buy too (baskets: buy days per buyer). */
  basket: number;
}

/** The model used by {@link behaviorChunks} (see {@link BehaviorGeneratorModel}). */
export const BEHAVIOR_GENERATOR_MODEL: Readonly<BehaviorGeneratorModel> = Object.freeze({
  dayActive: [0.7196, 0.7263, 0.722, 0.7223, 0.7291, 0.7434, 0.7525, 0.9881, 0.9847],
  extraDay: [1.0903, 1.0641, 0.9976, 0.9663, 0.9991, 1.0008, 1.0284, 0.9208, 0.9018],
  hourTraffic: [
    3.5, 1.9, 1.1, 0.8, 0.65, 0.7, 1.2, 2.1, 3.0, 3.8, 4.4, 4.5, 4.6, 4.7, 4.6, 4.7, 4.7, 4.6, 4.8, 5.8, 6.9,
    7.5, 6.9, 5.4,
  ],
  buyDay: [1.1241, 1.0399, 1.3575, 1.2351, 1.2792, 1.2404, 1.0347, 0.9274, 0.8522],
  // A morning bump (peak 10:00, the report's conversion peak) and an evening dip around 21:00.
  buyHour: [
    0.9026, 0.9594, 0.9868, 0.9967, 1.0002, 1.01, 1.0743, 1.3519, 2.0689, 3.0819, 3.6, 3.0819, 2.0689, 1.3518,
    1.0736, 1.0067, 0.9877, 0.9594, 0.9026, 0.818, 0.7353, 0.7, 0.7353, 0.818,
  ],
  cartBuyer: 0.8199,
  cartNonBuyer: 0.5949,
  favBuyer: 0.3621,
  favNonBuyer: 0.3621,
  favNoCartBoost: 1.3399,
  basket: 0.21,
});
/** Rows per day of the real log (2017-11-25..12-03, UTC+8): the daily weights of a user's only-active-day fallback. */
export const DAY_WEIGHTS = [
  10420015, 10664602, 10101147, 9878190, 10284073, 10447740, 10859436, 13777869, 13662159,
];
/** Real mix: pv 89.581%, cart 5.522%, fav 2.884%, buy 2.013%. */
export const BUY_SHARE = 0.02013;
export const CART_SHARE = 0.05522;
export const FAV_SHARE = 0.02884;
/** Item and category ids are permuted over at least this range (the real log's largest item id). */
export const ID_SPACE = 5163070;
/** User ids are drawn from 1..users × this factor. */
export const USER_SPACE_FACTOR = 1.031; // real user ids reach ~1.018M for ~988k users
