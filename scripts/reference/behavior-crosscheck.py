#!/usr/bin/env python3
"""Cross-checks the DuckDB reference fixtures with plain Python (no DuckDB, no ecomlab code).

Run: python3 scripts/reference/behavior-crosscheck.py   (after scripts/reference/behavior-fixtures.ts, which
writes the generated input to $TMPDIR/ecomlab-behavior-fixtures/). Clean files only (default window, UTC+8):
recomputes overview counts, daily, hourly, the Pareto ranking and k80, RFM means and dynamic segments, the
funnel's interest-no-buy count and every retention cohort, and asserts equality with the fixture.
"""
import collections
import datetime
import json
import os
import tempfile

S, E = 1511539200, 1512316800


def check(name, path):
    rep = json.load(open(f'test/fixtures/behavior/{name}.report.json'))['report']
    rows = []
    for line in open(path):
        u, i, c, b, t = line.strip().split(',')
        t = int(t)
        if S <= t < E:
            rows.append((int(u), int(i), int(c), b, t))
    o = rep['overview']
    assert o['rows'] == len(rows)
    assert o['users'] == len({r[0] for r in rows})
    assert o['items'] == len({r[1] for r in rows})
    assert o['categories'] == len({r[2] for r in rows})
    day = lambda t: (t - S) // 86400  # noqa: E731
    hour = lambda t: ((t + 8 * 3600) % 86400) // 3600  # noqa: E731
    for d in range(9):
        dr = [r for r in rows if day(r[4]) == d]
        exp = {'pv': sum(r[3] == 'pv' for r in dr), 'activeUsers': len({r[0] for r in dr}),
               'buys': sum(r[3] == 'buy' for r in dr)}
        assert exp == {k: rep['daily'][d][k] for k in exp}, (name, d)
    for h in range(24):
        hr = [r for r in rows if hour(r[4]) == h]
        exp = {'pv': sum(r[3] == 'pv' for r in hr), 'activeUsers': len({r[0] for r in hr}),
               'buyers': len({r[0] for r in hr if r[3] == 'buy'}), 'buys': sum(r[3] == 'buy' for r in hr)}
        assert exp == {k: rep['hourly'][h][k] for k in exp}, (name, h)
    cb = collections.Counter(r[2] for r in rows if r[3] == 'buy')
    rank = sorted(cb.items(), key=lambda x: (-x[1], x[0]))
    tot, cum, k80 = sum(cb.values()), 0, 0
    for k, (_, n) in enumerate(rank):
        cum += n
        if cum * 5 >= tot * 4:
            k80 = k + 1
            break
    assert rep['pareto']['k80'] == k80
    assert [(x['categoryId'], x['buys']) for x in rep['pareto']['ranking']] == rank
    users = collections.defaultdict(list)
    for r in rows:
        users[r[0]].append(r)
    buyers = {u: rs for u, rs in users.items() if any(r[3] == 'buy' for r in rs)}
    R = {u: 8 - max(day(r[4]) for r in rs if r[3] == 'buy') for u, rs in buyers.items()}
    F = {u: sum(r[3] == 'buy' for r in rs) for u, rs in buyers.items()}
    mR, mF = sum(R.values()) / len(R), sum(F.values()) / len(F)
    assert abs(rep['rfm']['meanRecency'] - mR) < 1e-12 and abs(rep['rfm']['meanFrequency'] - mF) < 1e-12
    seg = collections.Counter()
    for u in buyers:
        seg[('recent' if R[u] <= mR else 'lapsed') + ('Frequent' if F[u] >= mF else 'Infrequent')] += 1
    assert {s['segment']: s['users'] for s in rep['rfm']['segments'] if s['users']} == dict(seg)
    first = {u: min(day(r[4]) for r in rs) for u, rs in users.items()}
    act = {u: {day(r[4]) for r in rs} for u, rs in users.items()}
    for coh in rep['retention']['cohorts']:
        d0 = (datetime.date.fromisoformat(coh['date']) - datetime.date(2017, 11, 25)).days
        exp = [sum(1 for u in users if first[u] == d0 and d0 + k in act[u]) for k in range(9 - d0)]
        assert exp == coh['active'], (name, coh['date'])
    assert rep['funnel']['interestNoBuy'] == sum(
        1 for u, rs in users.items() if any(r[3] in ('fav', 'cart') for r in rs) and u not in buyers)
    print(name, 'ok', len(rows), 'rows')


check('head', 'data/taobao/UserBehavior_head_4321rows.csv')
check('tail', 'data/taobao/UserBehavior_tail_10000rows.csv')
check('slice', 'data/taobao/UserBehavior_2017-11-26_0900-1055_96168rows.csv')
generated = os.path.join(tempfile.gettempdir(), 'ecomlab-behavior-fixtures', 'generated-200k.csv')
if os.path.exists(generated):
    check('generated-200k', generated)
