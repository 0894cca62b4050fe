#!/usr/bin/python3
"""Golden values for lib/rfm's fitQuintileBins / applyQuintileBins from numpy and pandas (Debian python3-numpy,
python3-pandas).

Writes test/fixtures/rfm/quintile_bins_numpy.json: for several fitting sets (distinct values, heavy ties like
frequency counts, skewed floats like monetary, a single value, negatives), the edges
np.quantile(fit, [0.2, 0.4, 0.6, 0.8]) (linear), and the scores of values to apply (including values on the
edges, below the first and above the last) by pd.cut(values, [-inf, *edges, inf], labels=[1..5]) when the
edges are distinct, else np.searchsorted(edges, values, side='left') + 1 (pd.cut rejects tied edges); reversed
scores are 6 - score.
Run from the repository root:  /usr/bin/python3 scripts/reference/quintile_bins_numpy.py
"""
import json

import numpy as np
import pandas as pd


def scores(edges, values):
    by_search = np.searchsorted(edges, values, side='left') + 1
    if len(set(edges.tolist())) == 4:
        by_cut = pd.cut(values, [-np.inf, *edges, np.inf], labels=[1, 2, 3, 4, 5]).astype(int)
        assert (np.asarray(by_cut) == by_search).all()
    return by_search.astype(int)


def main():
    rng = np.random.default_rng(11)
    cases = [
        ('one-to-ten', np.arange(1, 11, dtype=float)),
        ('frequency-ties', rng.geometric(0.45, size=200).astype(float)),
        ('monetary-lognormal', np.round(rng.lognormal(6, 1.2, size=137), 2)),
        ('recency-days', rng.integers(1, 374, size=91).astype(float)),
        ('single', np.array([4.0])),
        ('two', np.array([-3.0, 5.5])),
        ('all-equal', np.full(9, 2.0)),
    ]
    out = {'generator': 'scripts/reference/quintile_bins_numpy.py', 'cases': []}
    for name, fit in cases:
        edges = np.quantile(fit, [0.2, 0.4, 0.6, 0.8])
        apply = np.concatenate([fit[:40], edges, edges + 1e-9, [fit.min() - 100.0, fit.max() + 100.0]])
        s = scores(edges, apply)
        out['cases'].append({'name': name, 'fit': fit.tolist(), 'edges': edges.tolist(), 'apply': apply.tolist(),
                             'scores': s.tolist(), 'reversedScores': (6 - s).tolist()})
    with open('test/fixtures/rfm/quintile_bins_numpy.json', 'w') as fh:
        json.dump(out, fh)


if __name__ == '__main__':
    main()
