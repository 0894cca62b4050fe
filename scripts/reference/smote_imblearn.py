#!/usr/bin/python3
"""Golden values for lib/sample/smote from imbalanced-learn 0.10 (Debian python3-imblearn).

Writes test/fixtures/model/smote_imblearn.json: a 3-feature dataset (70 minority, 400 majority), and for
several sampling strategies the number of rows imblearn's SMOTE(k_neighbors=5) generates, plus, for 'auto',
the synthetic rows themselves (to check they lie on minority-neighbour segments) and their per-feature mean
and standard deviation. The k nearest minority neighbours from sklearn's NearestNeighbors are stored too.
Run from the repository root:  /usr/bin/python3 scripts/reference/smote_imblearn.py
"""
import json

import numpy as np
from imblearn.over_sampling import SMOTE
from sklearn.neighbors import NearestNeighbors


def main():
    rng = np.random.default_rng(7)
    X_min = rng.normal(loc=[1.0, -1.0, 0.5], scale=[1.0, 0.5, 2.0], size=(70, 3))
    X_maj = rng.normal(loc=[0.0, 0.0, 0.0], scale=1.0, size=(400, 3))
    X = np.vstack([X_maj, X_min])
    y = np.array([0] * 400 + [1] * 70)
    perm = rng.permutation(len(y))
    X, y = X[perm], y[perm]
    out = {'generator': 'scripts/reference/smote_imblearn.py', 'X': X.tolist(), 'y': y.tolist(), 'k': 5,
           'strategies': []}
    for strategy in ['auto', 0.5, 0.8, 0.2, 0.3333, 1.0]:
        Xr, yr = SMOTE(sampling_strategy=strategy, k_neighbors=5, random_state=0).fit_resample(X, y)
        entry = {'samplingStrategy': strategy, 'generated': int(len(yr) - len(y)),
                 'minorityAfter': int((yr == 1).sum())}
        if strategy == 'auto':
            synth = Xr[len(y):]
            entry['synthetic'] = synth.tolist()
            entry['mean'] = synth.mean(axis=0).tolist()
            entry['std'] = synth.std(axis=0).tolist()
        out['strategies'].append(entry)
    minority_idx = np.flatnonzero(y == 1)
    nn = NearestNeighbors(n_neighbors=6).fit(X[minority_idx])
    ind = nn.kneighbors(X[minority_idx], return_distance=False)[:, 1:]
    out['minorityIndex'] = minority_idx.tolist()
    out['neighbors'] = ind.tolist()  # positions within the minority rows
    with open('test/fixtures/model/smote_imblearn.json', 'w') as fh:
        json.dump(out, fh)
    print('wrote test/fixtures/model/smote_imblearn.json',
          [(s['samplingStrategy'], s['generated']) for s in out['strategies']])


if __name__ == '__main__':
    main()
