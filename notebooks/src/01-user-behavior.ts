// %% [markdown]
// # User behaviour on Taobao: traffic, conversion and value
//
// **Background.** Taobao's *UserBehavior* log (a public Tianchi dataset) records one line per user action on an item:
// `user_id,item_id,category_id,behavior_type,timestamp`, where the behaviour is a page view (`pv`), a favourite
// (`fav`), an add-to-cart (`cart`) or a purchase (`buy`), over nine days from late November to early December, in Beijing time.
// The original analysis streamed the file through pandas into MySQL and queried it there. This notebook follows
// that report section by section, in one streaming pass of ecomlab's library, and sets each of the report's
// claims (kept as data in `data/reports/claims.json`, with their source section) beside the number computed here,
// with a computed sentence that explains any difference: a definition, the data, the sample size.
//
// Every number in the text below is computed by a cell: the narrative is rendered from the results
// (`display.markdown`), never typed in. The insights follow the report: which categories carry the sales (Pareto
// and the long tail), where users drop out (funnel), how much they browse (pages per user), who the valuable
// buyers are (RFM segments, in the report's view and in the dynamic one), whether users come back (retention, by
// weekday), and when traffic and conversion peak (hourly).
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
/** The original reports' claims and the real full log's published aggregates, bundled with ecomlab. */
const CLAIMS = ecomlab.loadReportClaims(path.join(ROOT, 'data', 'reports', 'claims.json'));
const FULL_LOG = ecomlab.loadFullLogAggregates(path.join(ROOT, 'data', 'taobao-full-aggregates'));
/** True when the input is the generated file bundled with ecomlab (not the real log). */
const GENERATED = path.resolve(BEHAVIOR_FILE).startsWith(path.join(ROOT, 'data', 'behavior') + path.sep);
const MYSQL_URL = process.env.ECOMLAB_MYSQL_URL || '';
const MYSQL_TABLE = process.env.ECOMLAB_MYSQL_TABLE || 'user_behavior';

// %% [markdown]
// ## Data: generated or real?
//
// The cell below says which file this run reads, and whether it is the real log or ecomlab's generated one.

// %%
// The real file's size, estimated from the bytes per row of the two real cuts bundled in data/taobao.
const realCuts = ['UserBehavior_head_4321rows.csv', 'UserBehavior_tail_10000rows.csv'].map((name) => {
  const text = fs.readFileSync(path.join(ROOT, 'data', 'taobao', name), 'utf8');
  return { bytes: Buffer.byteLength(text), rows: text.split('\n').filter((line) => line !== '').length };
});
const bytesPerRow =
  realCuts.reduce((a, cut) => a + cut.bytes, 0) / realCuts.reduce((a, cut) => a + cut.rows, 0);
const fullLogGb = (FULL_LOG.rows * bytesPerRow) / 1e9;
display.markdown(
  GENERATED
    ? `**This run reads a generated file, not the real log.** \`${path.relative(ROOT, BEHAVIOR_FILE)}\` holds ` +
        `${display.int(ecomlab.BEHAVIOR_GENERATOR_MODEL.dayActive.length)} days of synthetic rows written by ecomlab's seeded generator ` +
        `(\`lib/generate\`, \`data/behavior/PROVENANCE.md\`), about one hundredth of the real ${display.int(FULL_LOG.rows)}-row log. ` +
        `The generator is calibrated to the real log's published aggregates (\`data/taobao-full-aggregates\`: page views, active users ` +
        `and buyers per day, events and users per behaviour), and to the report's two hourly figures; the table below checks this file against them.\n\n` +
        `*It can reproduce* what those aggregates fix: the behaviour mix, the share of buyers, daily traffic and active users, the weekend uplift, ` +
        `the funnel's user counts, and (by construction) the report's traffic and conversion peak hours. ` +
        `*It cannot reproduce* what no public figure describes: each real user's history (so RFM segments and cohort retention are modelled), ` +
        `the real hourly curve between the two published peaks, and the real categories (the Pareto share depends on how many categories there are). ` +
        `Read every finding below as a demonstration of the method on realistic data, and the side-by-side notes as what to expect on the real log.\n\n` +
        `**On the real log:** download \`UserBehavior.csv\` (${display.int(FULL_LOG.rows)} rows, about ${fullLogGb.toFixed(1)} GB at the bundled real cuts' bytes per row) from Tianchi dataset ` +
        `\`https://tianchi.aliyun.com/dataset/649\` and run \`ECOMLAB_BEHAVIOR_FILE=/path/to/UserBehavior.csv npm start -- --only 01\` ` +
        `(or set the variable before starting JupyterLab). The same cells then compute every figure from the real rows.`
    : `**This run reads \`${BEHAVIOR_FILE}\`**, not the bundled generated file: every finding below is computed from its rows. ` +
        `If it is the real ${display.int(FULL_LOG.rows)}-row log, the figures are directly comparable with the report's.`,
);

// %% [markdown]
// ### Reading the file
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
// ### This file against the real log's aggregates
//
// Shares of users and of rows, so a file of any size compares with the full log. For the generated file this is
// the calibration check; for the real log every difference should be close to zero.

// %%
const story = ecomlab.behaviorStory(report, CLAIMS, { fullLog: FULL_LOG, generated: GENERATED });
const worstCalibration = story.calibration.reduce((a, row) => Math.max(a, Math.abs(row.relative)), 0);
display.markdown(
  `Largest difference from the full log: **${display.pct(worstCalibration, 2)}** over ${story.calibration.length} figures ` +
    `(relative; a file of about a hundredth of the log carries sampling noise of a few percent on daily user counts).`,
);
display.table(
  story.calibration.map((row) => ({
    figure: row.figure,
    'this file': display.pct(row.thisFile, 2),
    'full log': display.pct(row.fullLog, 2),
    difference: `${(row.relative * 100).toFixed(2)}%`,
  })),
  { caption: 'This file vs the published aggregates of the real log (data/taobao-full-aggregates)' },
);

// %% [markdown]
// ### The report's claims beside this run
//
// Each row: the claim (report and section, the report's own words), its figure, the same figure computed from this
// file, and why they agree or differ. The insights below repeat the relevant rows next to their charts.

// %%
/** Renders one claim beside its computed counterpart, as a quoted block. */
function showClaim(id: string): void {
  const row = story.comparisons.find((c) => c.id === id);
  if (!row) throw new Error(`no comparison for claim ${id}`);
  display.markdown(
    `> **Report** (${row.source}): “${row.quote}”\n>\n> Report: **${row.reference}** · This run: **${row.computed}** ` +
      `${row.agrees ? '(agrees)' : '(differs)'}\n>\n> ${row.note}`,
  );
}
display.table(ecomlab.claimTable(story.comparisons), {
  caption: 'Taobao report: every claim beside the computed figure',
});

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
showClaim('taobao.pareto');

// %%
const tail = story.longTail;
display.markdown(
  `**Finding.** The long tail: the other **${display.int(tail.tailCategories)}** categories (${display.pct(tail.tailCategoryShare)} of those with a purchase) ` +
    `share **${display.pct(tail.tailBuyShare)}** of purchases, ${tail.tailBuysPerCategory.toFixed(1)} each against ${tail.headBuysPerCategory.toFixed(1)} ` +
    `for a head category. The tail is many small sellers: one more purchase in each tail category would add ` +
    `${display.int(tail.tailCategories)} purchases (${display.pct(tail.tailCategories / Math.max(1, pareto.totalBuys))} of all), ` +
    `as much as ${(tail.tailCategories / Math.max(1, tail.headBuysPerCategory)).toFixed(1)} average head categories.`,
);
showClaim('taobao.longTail');

// %% [markdown]
// **Strategy.** Concentrate merchandising, stock depth and ad spend on the head categories that carry most
// purchases, and use them as entry points into the long tail (bundles, "bought together" recommendations) rather
// than spreading the budget evenly. Serve the tail with automated recommendations rather than manual curation: its
// categories are many and each sells little, so only low-cost, algorithmic matching pays there.

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
display.markdown(
  `**Why the chart's last step is not the text's share.** The user funnel's steps are not nested: ` +
    `**${display.int(story.funnel.buyersWithoutInterest)}** buyers never faved or carted, so buyers / fav-or-cart users ` +
    `(${display.pct(1 - story.funnel.stepLoss)}, a drop of ${display.pct(story.funnel.stepLoss)}) overstates how many fav-or-cart users bought: ` +
    `${display.pct(funnel.interestNoBuyShare)} of them never did.`,
);
showClaim('taobao.uvConversion');
showClaim('taobao.interestLoss');

// %% [markdown]
// **Strategy.** Users who favourite or cart but do not buy have already chosen: remind them (cart and price-drop
// notifications, time-limited coupons on carted items), and shorten the path from interest to checkout.

// %% [markdown]
// ## Insight 3: how much users browse (pages per user and per day)
//
// Page views per user over the whole window, per day of the window, and per user on the days they were active.

// %%
const pages = report.engagement;
const busiest = pages.days.reduce((a, b) => (b.pvPerActiveUser > a.pvPerActiveUser ? b : a), pages.days[0]!);
display.markdown(
  `**Finding.** Each user viewed **${pages.pvPerUser.toFixed(1)}** pages over the ${pages.days.length} days, ` +
    `**${pages.pvPerUserPerDay.toFixed(1)}** a day on average; users were active on ${pages.activeDaysPerUser.toFixed(1)} days each, ` +
    `so on a day they came they viewed ${pages.pvPerActiveUserDay.toFixed(1)} pages (most on ${busiest.date}, a ${busiest.weekday}: ${busiest.pvPerActiveUser.toFixed(1)}).`,
);
display.table(
  report.daily.map((day, d) => ({
    date: day.date,
    weekday: pages.days[d]?.weekday ?? '',
    'page views': day.pv,
    'active users': day.activeUsers,
    'pages per active user': (pages.days[d]?.pvPerActiveUser ?? 0).toFixed(1),
  })),
  { caption: 'Page views and active users per day' },
);
display.show(ecomlab.engagementChart(pages));
showClaim('taobao.pagesPerUser');

// %% [markdown]
// **Strategy.** With this much browsing per visit, traffic is not the bottleneck: raise the value of each visit
// (basket size, add-on recommendations at checkout, bundles) rather than buying more visits.

// %% [markdown]
// ## Insight 4: who the valuable buyers are (RFM segments)
//
// Over buyers: R = days from the user's last purchase to the last day of the window, F = number of purchases.
// A buyer is *recent* when R is at most the recency threshold and *frequent* when F is at least the frequency
// threshold. Crossing the two gives four segments. Two views: the report's fixed thresholds (from the claims
// file), and ecomlab's dynamic thresholds (the means over buyers).

// %%
const rfm = report.rfm;
const rfmReport = report.rfmReportView;
const bySegment = Object.fromEntries(rfm.segments.map((segment) => [segment.segment, segment]));
const top = bySegment.recentFrequent!;
const reportTop = rfmReport.segments.find((segment) => segment.segment === 'recentFrequent')!;
function rfmTable(view: typeof rfm, caption: string): void {
  display.table(
    view.segments.map((segment) => ({
      segment: `${segment.label} (${segment.labelZh})`,
      buyers: segment.users,
      'share of buyers': display.pct(segment.userShare),
      purchases: segment.buys,
      'share of purchases': display.pct(segment.buyShare),
      'purchases per buyer': segment.buysPerUser.toFixed(2),
    })),
    { caption },
  );
}
display.markdown(
  `**Finding.** In the report's view (recent when R ≤ ${rfmReport.thresholds.recency} days, frequent when F ≥ ` +
    `${rfmReport.thresholds.frequency} purchases) the **${reportTop.label.toLowerCase()}** are ${display.pct(reportTop.userShare)} of ` +
    `${display.int(rfmReport.buyers)} buyers and make **${display.pct(reportTop.buyShare)}** of purchases. With the dynamic thresholds ` +
    `(the means: R ≤ ${rfm.thresholds.recency.toFixed(2)}, F ≥ ${rfm.thresholds.frequency.toFixed(2)}) the same segment is ` +
    `${display.pct(top.userShare)} of buyers with **${display.pct(top.buyShare)}** of purchases (${top.buysPerUser.toFixed(1)} per buyer).`,
);
rfmTable(rfmReport, `The report's view: R ≤ ${rfmReport.thresholds.recency}, F ≥ ${rfmReport.thresholds.frequency}`);
display.show(ecomlab.rfmCustomersChart(rfmReport));
display.show(ecomlab.rfmOrdersChart(rfmReport));
showClaim('taobao.rfm');
showClaim('taobao.rfmPotential');
showClaim('taobao.rfmWakeUp');
rfmTable(rfm, `Dynamic view: R ≤ ${rfm.thresholds.recency.toFixed(2)}, F ≥ ${rfm.thresholds.frequency.toFixed(2)} (means over buyers)`);
display.show(ecomlab.rfmCustomersChart(rfm));
display.show(ecomlab.rfmOrdersChart(rfm));

// %%
const more = story.oneMorePurchase;
display.markdown(
  `**Finding.** One more purchase from each of the **${display.int(more.potentialBuyers)}** recent but infrequent buyers ` +
    `(${display.pct(more.potentialShare)} of buyers, the report's view) would add **${display.pct(more.uplift)}** to all purchases.`,
);
showClaim('taobao.oneMorePurchase');

// %% [markdown]
// **Strategy.** Protect the important value customers (service, early access, loyalty rewards); grow the
// development customers' frequency with follow-up offers after a purchase; and win back the lapsed segments with
// reminders tied to what they bought before, spending least on those who are both lapsed and infrequent.

// %% [markdown]
// ## Insight 5: do users come back? (retention)
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
showClaim('taobao.retention');

// %% [markdown]
// **By weekday.** One cohort's curve mixes its own decay with the calendar. For every day, the share of all users
// first seen on an earlier day who are active that day shows the weekday and campaign effects for everybody.

// %%
const returning = report.engagement.returning.filter((day) => day.earlierUsers > 0);
const weekdays = returning.filter((day) => ['Monday', 'Tuesday', 'Wednesday', 'Thursday'].includes(day.weekday));
const weekdayMean = weekdays.reduce((a, day) => a + day.rate, 0) / Math.max(1, weekdays.length);
const friday = returning.find((day) => day.weekday === 'Friday');
const weekend = returning.filter((day) => day.weekday === 'Saturday' || day.weekday === 'Sunday');
display.markdown(
  `**Finding.** On Monday to Thursday, **${display.pct(weekdayMean)}** of earlier users came back each day` +
    (friday ? `; on Friday ${friday.date} ${display.pct(friday.rate)} (${friday.rate >= weekdayMean ? '+' : ''}${((friday.rate - weekdayMean) * 100).toFixed(1)} points)` : '') +
    (weekend.length
      ? `; at the weekend ${weekend.map((day) => `${day.weekday} ${day.date} ${display.pct(day.rate)}`).join(', ')}`
      : '') +
    `. The report reads the Friday rise as the start of the Double-12 warm-up and the weekend peak as warm-up plus weekend; ` +
    `with one Friday and two weekends in the window the two effects cannot be separated from this data alone.`,
);
display.table(
  report.engagement.returning.map((day) => ({
    date: day.date,
    weekday: day.weekday,
    'users first seen earlier': day.earlierUsers,
    'of them active': day.returning,
    'returning share': day.earlierUsers > 0 ? display.pct(day.rate) : '',
  })),
  { caption: 'Returning users by calendar day' },
);

// %% [markdown]
// **Strategy.** Where most of a cohort comes back, the lever is frequency rather than reactivation: daily
// reasons to return (personalised feeds, check-in rewards). Where the curve drops steeply after the first day,
// time lifecycle messages to that drop and test onboarding offers for new users. Start campaign warm-ups on a
// Friday so they run into the weekend, and judge the last day of any window only when it is complete.

// %% [markdown]
// ## Insight 6: traffic versus efficiency (hourly)
//
// Page views per hour of day (all days together, at the window's UTC offset) against conversion in that hour:
// distinct buyers divided by distinct active users. The hour with the most traffic and the hour that converts
// best need not be the same: they call for different actions.

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
    `Conversion is highest at **${peakConversion.hour}:00** (${display.pct(peakConversion.conversion)}, with ` +
    `${display.pct(peakConversion.pv / Math.max(1, peakTraffic.pv))} of the peak hour's traffic)` +
    (peakConversion.hour === peakTraffic.hour
      ? ': here the busiest hour also converts best.'
      : `: the busiest hour is not the most efficient one, ${Math.abs(peakTraffic.hour - peakConversion.hour)} hours apart.`),
);
display.show(ecomlab.hourlyChart(hourly));
showClaim('taobao.hourly');

// %% [markdown]
// **Strategy.** Two hours, two jobs. In the conversion peak, users arrive to buy: push ready-to-buy offers
// (flash sales, restock alerts, carted items) that convert fast. In the traffic peak, users browse: use content,
// live streams and recommendations that fill baskets for later, and measure them by reach and saves rather than
// by same-hour sales.

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
  { figure: 'Conversion peak hour', value: `${peakConversion.hour}:00` },
  { figure: 'Pages per user (per day)', value: `${pages.pvPerUser.toFixed(1)} (${pages.pvPerUserPerDay.toFixed(1)})` },
  {
    figure: 'Report claims this run agrees with',
    value: `${story.comparisons.filter((row) => row.agrees).length} of ${story.comparisons.length}`,
  },
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
