// %% [markdown]
// # User behaviour on Taobao: traffic, conversion and value
//
// **Background.** Taobao's *UserBehavior* log (a public Tianchi dataset) records one line per user action on an item:
// `user_id,item_id,category_id,behavior_type,timestamp`, where the behaviour is a page view (`pv`), a favourite
// (`fav`), an add-to-cart (`cart`) or a purchase (`buy`), over nine days from late November to early December, in Beijing time.
// The original analysis streamed the file through pandas into MySQL and queried it there. This notebook rebuilds
// every finding of that report live from the file, in one streaming pass of ecomlab's library, so the same cells
// run on the bundled sample and on the full log.
//
// Every number in the text below is computed by a cell: the narrative is rendered from the results
// (`display.markdown`), never typed in. The five insights follow the report: which categories carry the sales
// (Pareto), where users drop out (funnel), who the valuable buyers are (RFM segments), whether users come back
// (retention), and when traffic and conversion peak (hourly).
//
// **Run it.** In JupyterLab on the TypeScript (tslab) kernel, *Run All*. Inputs come from environment variables
// read in the parameters cell below; change them (or the cell) to point at another file.

// %% tags=["parameters"]
// Parameters: environment variables, defaulting to the data bundled with ecomlab.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tslab from 'tslab';
import * as ecomlab from 'ecomlab';

const { display } = ecomlab;
/** The ecomlab project folder (where `node_modules/ecomlab` points). */
const ROOT = path.dirname(require.resolve('ecomlab/package.json'));

function defaultBehaviorFile(): string {
  const generated = path.join(ROOT, 'data', 'behavior');
  const bundled = fs.existsSync(generated)
    ? fs
        .readdirSync(generated)
        .filter((name) => name.endsWith('.csv.gz'))
        .sort()
    : [];
  if (bundled.length > 0) return path.join(generated, bundled[0]!);
  return path.join(ROOT, 'data', 'taobao', 'UserBehavior_2017-11-26_0900-1055_96168rows.csv');
}

const BEHAVIOR_FILE = process.env.ECOMLAB_BEHAVIOR_FILE || defaultBehaviorFile();
const MYSQL_URL = process.env.ECOMLAB_MYSQL_URL || '';
const MYSQL_TABLE = process.env.ECOMLAB_MYSQL_TABLE || 'user_behavior';

// %% [markdown]
// ## Data
//
// The input file is read in chunks (gzip or plain text, with or without a header); no line is dropped silently:
// every line is either kept or rejected for exactly one reason (blank, wrong field count, bad integer, unknown
// behaviour, timestamp outside the analysis window), and the counts below always add up to the lines read.

// %%
const bytes = fs.statSync(BEHAVIOR_FILE).size;
display.markdown(
  `**Input:** \`${path.relative(ROOT, BEHAVIOR_FILE)}\` (${(bytes / 1e6).toFixed(1)} MB on disk)` +
    (MYSQL_URL
      ? `; MySQL: ${ecomlab.redactUrl(MYSQL_URL)}`
      : '; MySQL: not configured (set `ECOMLAB_MYSQL_URL` to also load and query it there)'),
);

// %% [markdown]
// ### Chunked load with progress
//
// `analyzeBehavior` streams the file once (worker threads over byte ranges for large plain files) and returns the
// whole report: overview, daily and hourly series, category Pareto, funnel, RFM segments and cohort retention.

// %%
const progress = tslab.newDisplay();
let lastUpdate = 0;
const started = Date.now();
const report = await ecomlab.analyzeBehavior(BEHAVIOR_FILE, {
  onProgress: ({ bytesDone, bytesTotal, rows }) => {
    const now = Date.now();
    if (now - lastUpdate < 250) return;
    lastUpdate = now;
    const share =
      Number.isFinite(bytesTotal) && bytesTotal > 0
        ? ` (${display.pct(bytesDone / bytesTotal, 0)})`
        : '';
    progress.text(
      `read ${display.int(bytesDone)} bytes${share}, ${display.int(rows)} rows kept so far`,
    );
  },
});
const seconds = (Date.now() - started) / 1000;
progress.text(`done: ${display.int(report.overview.linesRead)} lines in ${seconds.toFixed(1)} s`);

// %%
const overview = report.overview;
display.markdown(
  `Read **${display.int(overview.linesRead)}** lines: **${display.int(overview.rows)}** kept, ` +
    `**${display.int(overview.rejected)}** rejected, ${overview.headerLines} header line(s). ` +
    `Window ${overview.window.from} to ${overview.window.to} at UTC${overview.window.utcOffset}. ` +
    `**${display.int(overview.users)}** users, ${display.int(overview.items)} items, ${display.int(overview.categories)} categories.`,
);
display.table(
  [
    ...ecomlab.BEHAVIORS.map((behavior) => ({
      what: `${behavior} events`,
      count: overview.events[behavior],
      share: display.pct(overview.events[behavior] / Math.max(1, overview.rows)),
    })),
    ...ecomlab.REJECT_REASONS.map((reason) => ({
      what: `rejected: ${reason}`,
      count: overview.rejectedByReason[reason],
      share: display.pct(overview.rejectedByReason[reason] / Math.max(1, overview.linesRead)),
    })),
  ],
  {
    caption:
      'Kept events per behaviour (share of kept rows) and rejected lines per reason (share of lines read)',
  },
);

// %% [markdown]
// ### Optional: the same analysis in MySQL
//
// When `ECOMLAB_MYSQL_URL` is set, the file is also loaded into MySQL/MariaDB (`loadBehaviorIntoMySQL`: load,
// then index, then an atomic swap) and the report is recomputed there with SQL (`analyzeBehaviorSql`). Both
// engines share one definition of every figure, so the two reports must agree exactly.

// %%
if (MYSQL_URL) {
  const loaded = await ecomlab.loadBehaviorIntoMySQL(BEHAVIOR_FILE, {
    url: MYSQL_URL,
    table: MYSQL_TABLE,
  });
  const sqlReport = await ecomlab.analyzeBehaviorSql(MYSQL_URL, MYSQL_TABLE);
  const same = JSON.stringify(sqlReport) === JSON.stringify(report);
  display.markdown(
    `Loaded **${display.int(loaded.rows)}** rows into \`${loaded.table}\` (${loaded.mode}) in ${loaded.seconds.total.toFixed(1)} s. ` +
      `The SQL report ${same ? '**matches** the streaming report field by field' : '**differs** from the streaming report'}.`,
  );
} else {
  display.markdown('MySQL step skipped: `ECOMLAB_MYSQL_URL` is not set.');
}

// %% [markdown]
// ## Insight 1: a few categories carry the sales (Pareto)
//
// Categories are ranked by purchases; the curve is the cumulative share of all purchases. `k80` is the fewest
// top categories whose purchases reach at least 80% of all purchases.

// %%
const pareto = report.pareto;
display.markdown(
  `**Finding.** ${display.int(pareto.categoriesWithBuys)} categories had at least one purchase; the top ` +
    `**${display.int(pareto.k80)}** of them (**${display.pct(pareto.share80)}** of those categories) are the fewest that reach 80%: ` +
    `they account for ${display.pct(pareto.ranking[pareto.k80 - 1]?.cumulativeShare ?? 0)} of the ${display.int(pareto.totalBuys)} purchases. The best-selling category alone takes ${display.pct(pareto.ranking[0]?.share ?? 0)}.`,
);
display.show(ecomlab.paretoChart(pareto));

// %% [markdown]
// **Strategy.** Concentrate merchandising, stock depth and ad spend on the head categories that carry most
// purchases, and use them as entry points into the long tail (bundles, "bought together" recommendations) rather
// than spreading the budget evenly.

// %% [markdown]
// ## Insight 2: where users drop out (funnel)
//
// Steps by distinct users: users with a page view, users who showed interest (a favourite or an add-to-cart), and
// buyers. Interest users who never bought are the most promising group to win back.

// %%
const funnel = report.funnel;
display.markdown(
  `**Finding.** Of ${display.int(funnel.users)} users, **${display.int(funnel.buyers)}** bought: a user conversion of ` +
    `**${display.pct(funnel.userConversion)}**. ${display.int(funnel.interestUsers)} users favourited or carted an item, and ` +
    `**${display.int(funnel.interestNoBuy)}** of them (**${display.pct(funnel.interestNoBuyShare)}**) never bought. By events, ` +
    `${display.pct(funnel.eventRates.pvToInterest)} of page views lead to a fav or cart and purchases equal ` +
    `${display.pct(funnel.eventRates.pvToBuy, 2)} of page views.`,
);
display.show(ecomlab.funnelChart(funnel));
display.show(ecomlab.funnelChart(funnel, { basis: 'events' }));

// %% [markdown]
// **Strategy.** Users who favourite or cart but do not buy have already chosen: remind them (cart and price-drop
// notifications, time-limited coupons on carted items), and shorten the path from interest to checkout.

// %% [markdown]
// ## Insight 3: who the valuable buyers are (RFM segments)
//
// Over buyers: R = days from the user's last purchase to the last day of the window, F = number of purchases.
// A buyer is *recent* when R is at most the recency threshold and *frequent* when F is at least the frequency
// threshold (by default both thresholds are the means over buyers). Crossing the two gives four segments.

// %%
const rfm = report.rfm;
const bySegment = Object.fromEntries(rfm.segments.map((segment) => [segment.segment, segment]));
const top = bySegment.recentFrequent!;
display.markdown(
  `**Finding.** Thresholds: recent when R ≤ ${rfm.thresholds.recency.toFixed(2)} days, frequent when F ≥ ` +
    `${rfm.thresholds.frequency.toFixed(2)} purchases (${rfm.thresholds.dynamic ? 'means over buyers' : 'fixed'}). ` +
    `The **${top.label.toLowerCase()}** are ${display.pct(top.userShare)} of ${display.int(rfm.buyers)} buyers but make ` +
    `**${display.pct(top.buyShare)}** of purchases (${top.buysPerUser.toFixed(1)} per buyer).`,
);
display.table(
  rfm.segments.map((segment) => ({
    segment: `${segment.label} (${segment.labelZh})`,
    buyers: segment.users,
    'share of buyers': display.pct(segment.userShare),
    purchases: segment.buys,
    'share of purchases': display.pct(segment.buyShare),
    'purchases per buyer': segment.buysPerUser.toFixed(2),
  })),
);
display.show(ecomlab.rfmCustomersChart(rfm));
display.show(ecomlab.rfmOrdersChart(rfm));

// %% [markdown]
// **Strategy.** Protect the important value customers (service, early access, loyalty rewards); grow the
// development customers' frequency with follow-up offers after a purchase; and win back the lapsed segments with
// reminders tied to what they bought before, spending least on those who are both lapsed and infrequent.

// %% [markdown]
// ## Insight 4: do users come back? (retention)
//
// Users are grouped into cohorts by the day of their first activity in the window; for each cohort and each later
// day, the share of its users active that day. The first day's cohort gives the headline curve.

// %%
const retention = report.retention;
const headline = retention.headline;
const lastRate = headline.rate[headline.rate.length - 1] ?? 0;
display.markdown(
  headline.users > 0
    ? `**Finding.** ${display.int(headline.users)} users were first active on ${headline.date}; ` +
        `${display.pct(headline.rate[1] ?? 0)} of them came back the next day and ${display.pct(lastRate)} were active on the ` +
        `last day of the window (day ${headline.rate.length - 1}). ${retention.cohorts.length} cohorts in all.`
    : '**Finding.** No user was active on the first day of the window, so there is no headline cohort.',
);
if (headline.users > 0) display.show(ecomlab.retentionChart(retention));
else if (retention.cohorts.length > 0) display.show(ecomlab.cohortHeatmapChart(retention));

// %% [markdown]
// **Strategy.** Where most of a cohort comes back, the lever is frequency rather than reactivation: daily
// reasons to return (personalised feeds, check-in rewards). Where the curve drops steeply after the first day,
// time lifecycle messages to that drop and test onboarding offers for new users.

// %% [markdown]
// ## Insight 5: when traffic and conversion peak (hourly)
//
// Page views per hour of day (all days together, at the window's UTC offset) against conversion in that hour:
// distinct buyers divided by distinct active users.

// %%
const hourly = report.hourly;
const peakTraffic = hourly.reduce((best, row) => (row.pv > best.pv ? row : best), hourly[0]!);
const peakConversion = hourly.reduce(
  (best, row) => (row.conversion > best.conversion ? row : best),
  hourly[0]!,
);
const quiet = hourly.reduce((low, row) => (row.pv < low.pv ? row : low), hourly[0]!);
display.markdown(
  `**Finding.** Traffic peaks at **${peakTraffic.hour}:00** (${display.int(peakTraffic.pv)} page views, ` +
    `${display.pct(peakTraffic.conversion)} conversion) and is lowest at ${quiet.hour}:00 (${display.int(quiet.pv)}). ` +
    `Conversion is highest at **${peakConversion.hour}:00** (${display.pct(peakConversion.conversion)}).`,
);
display.show(ecomlab.hourlyChart(hourly));

// %% [markdown]
// **Strategy.** Schedule campaigns, pushes and live streams for the traffic peak found above, and test
// conversion-focused offers in the hours where buyers convert best even if traffic there is lower.

// %% [markdown]
// ## Summary
//
// The key figures of this run, all computed above.

// %%
display.table([
  {
    figure: 'Rows kept / lines read',
    value: `${display.int(overview.rows)} / ${display.int(overview.linesRead)}`,
  },
  {
    figure: 'Users / buyers',
    value: `${display.int(funnel.users)} / ${display.int(funnel.buyers)}`,
  },
  { figure: 'User conversion', value: display.pct(funnel.userConversion) },
  { figure: 'Interest users who never bought', value: display.pct(funnel.interestNoBuyShare) },
  {
    figure: 'Categories making 80% of purchases',
    value: `${display.int(pareto.k80)} (${display.pct(pareto.share80)})`,
  },
  { figure: 'Important value customers: share of purchases', value: display.pct(top.buyShare) },
  { figure: 'Next-day retention of the first cohort', value: display.pct(headline.rate[1] ?? 0) },
  { figure: 'Traffic peak hour', value: `${peakTraffic.hour}:00` },
]);

// %% [markdown]
// ## Ask your own question
//
// The report answers fixed questions; the next one is a filter away. Every analysis takes a `where` (categories,
// items, users, behaviours, days, hours, and "users who did X") and returns the same report type, so every chart
// above works on it. With `cache: true` the first pass also writes a compact columnar copy of the clean events,
// and every later question reads that copy instead of parsing the file again. `breakdown` adds, in the same
// pass, every category's funnel in distinct users, its conversion, the share of interested users (fav or cart)
// who never bought there (its *leak*) and its Pareto position. The bar below redraws in place; the kernel's
// Interrupt button stops the pass and its worker threads.

// %%
const CACHE_DIR = path.join(ROOT, 'output', 'cache');
const asked = await ecomlab
  .progressBar({ label: 'categories' })
  .run((o) => ecomlab.analyzeBehavior(BEHAVIOR_FILE, { ...o, cache: true, cacheDir: CACHE_DIR, breakdown: { top: 100 } }));
const leaky = ecomlab.leakiestCategories(asked.breakdown!, { count: 10 });
const leakiest = leaky[0]!;
display.markdown(
  `**Finding.** Of the ${display.int(asked.breakdown!.rows.length)} busiest categories, **${leakiest.categoryId}** ` +
    `leaks most interest: ${display.pct(leakiest.leakShare)} of its ${display.int(leakiest.interestUsers)} ` +
    `interested users never bought there (its user conversion: ${display.pct(leakiest.userConversion)}; ` +
    `all users: ${display.pct(asked.funnel.userConversion)}).`,
);
display.show(ecomlab.leakChart(asked.breakdown!, { count: 10 }));

// %%
const evening = await ecomlab.analyzeBehavior(BEHAVIOR_FILE, {
  cache: true,
  cacheDir: CACHE_DIR,
  where: { categories: [leakiest.categoryId], hours: { from: 20, to: 23 } },
});
display.markdown(
  `Category ${leakiest.categoryId} between 20:00 and 23:59, read from the cache: ` +
    `${display.int(evening.funnel.users)} users, ${display.int(evening.funnel.interestUsers)} interested, ` +
    `${display.int(evening.funnel.buyers)} bought (${display.pct(evening.funnel.userConversion)}).`,
);
display.show(ecomlab.funnelChart(evening.funnel));

// %%
const frame = ecomlab.toDataFrame(asked, 'breakdown');
display.table(
  frame
    .loc({ columns: ['rank', 'categoryId', 'events', 'users', 'interestUsers', 'buyers', 'leakShare', 'paretoRank'] })
    .head(8),
  { caption: 'The breakdown as a danfojs DataFrame (ecomlab.toDataFrame): the 8 busiest categories' },
);
