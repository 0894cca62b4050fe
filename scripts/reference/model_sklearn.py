#!/usr/bin/python3
"""Golden values for lib/model and lib/churn from scikit-learn / pandas (Debian python3-sklearn 1.2).

Writes, under test/fixtures/model/:
  logistic_sklearn.json  datasets (X, y) and LogisticRegression(C, class_weight, solver='newton-cg', tol=1e-12) coefficients;
                         one dataset is the churn table of the real Dec-2010 retail sample, standardised;
  metrics_sklearn.json   labels, scores with ties, and sklearn.metrics values;
  churn_features_dec2010.json  per-customer churn features/labels of data/online-retail/online_retail_2010-12.csv
                         (horizon 7 days, default cutoff) from retail_pipeline.py (pandas).
Run from the repository root:  /usr/bin/python3 scripts/reference/model_sklearn.py
"""
import json
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (average_precision_score, confusion_matrix, f1_score, precision_score, recall_score,
                             roc_auc_score, accuracy_score)
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(__file__))
import retail_pipeline as rp  # noqa: E402

OUT = 'test/fixtures/model'


def fit(X, y, C, class_weight=None):
    m = LogisticRegression(C=C, class_weight=class_weight, solver="newton-cg", tol=1e-12, max_iter=10000)
    m.fit(X, y)
    return {'coef': m.coef_[0].tolist(), 'intercept': float(m.intercept_[0]), 'iterations': int(m.n_iter_[0]),
            'proba': m.predict_proba(X)[:, 1].tolist()}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main():
    rng = np.random.default_rng(20240601)
    datasets = []
    # A: plain, mixed scales.
    X = rng.normal(size=(300, 4)) * np.array([1.0, 3.0, 0.5, 10.0])
    y = (rng.uniform(size=300) < sigmoid(X @ np.array([1.2, -0.4, 2.0, 0.05]) - 0.3)).astype(int)
    datasets.append({'name': 'synthetic-c1', 'X': X.tolist(), 'y': y.tolist(), 'C': 1.0, 'classWeight': None})
    # B: imbalanced, strong regularisation, balanced class weights.
    X = rng.normal(size=(400, 5))
    y = (rng.uniform(size=400) < sigmoid(X @ np.array([1.0, 0.5, -1.5, 0.0, 0.3]) - 2.0)).astype(int)
    datasets.append({'name': 'imbalanced-balanced-c0.05', 'X': X.tolist(), 'y': y.tolist(), 'C': 0.05,
                     'classWeight': 'balanced'})
    # C: nearly separable, weak regularisation.
    X = rng.normal(size=(200, 3))
    y = (X @ np.array([3.0, -2.0, 1.0]) + 0.3 * rng.normal(size=200) > 0).astype(int)
    datasets.append({'name': 'near-separable-c100', 'X': X.tolist(), 'y': y.tolist(), 'C': 100.0, 'classWeight': None})
    # D: real churn features (Dec-2010 sample), standardised on all rows.
    purchases, cancellations, _ = rp.clean(rp.load('data/online-retail/online_retail_2010-12.csv'))
    ds, cut = rp.churn_dataset(purchases, cancellations, horizon_days=7)
    X = StandardScaler().fit_transform(ds[rp.FEATURES].values)
    y = ds['label'].values.astype(int)
    datasets.append({'name': 'churn-dec2010-standardised', 'X': X.tolist(), 'y': y.tolist(), 'C': 1.0,
                     'classWeight': None, 'featureNames': rp.FEATURES})
    datasets.append({'name': 'churn-dec2010-balanced-c0.5', 'X': X.tolist(), 'y': y.tolist(), 'C': 0.5,
                     'classWeight': 'balanced', 'featureNames': rp.FEATURES})
    for d in datasets:
        d['sklearn'] = fit(np.array(d['X']), np.array(d['y']), d['C'], d['classWeight'])
    with open(f'{OUT}/logistic_sklearn.json', 'w') as fh:
        json.dump({'generator': 'scripts/reference/model_sklearn.py', 'datasets': datasets}, fh)

    churn = {'generator': 'scripts/reference/model_sklearn.py (retail_pipeline.churn_dataset)',
             'file': 'data/online-retail/online_retail_2010-12.csv', 'horizonDays': 7, 'cutoff': str(cut.date()),
             'featureNames': rp.FEATURES, 'customerId': ds.index.tolist(),
             'features': {f: ds[f].tolist() for f in rp.FEATURES}, 'label': ds['label'].astype(int).tolist()}
    with open(f'{OUT}/churn_features_dec2010.json', 'w') as fh:
        json.dump(churn, fh)

    # Metrics: scores rounded to 2 decimals so that many are tied.
    y = (rng.uniform(size=250) < 0.35).astype(int)
    scores = np.round(np.clip(0.35 + 0.25 * (y - 0.35) + 0.22 * rng.normal(size=250), 0, 1), 2)
    pred = (scores >= 0.5).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    metrics = {'generator': 'scripts/reference/model_sklearn.py', 'y': y.tolist(), 'scores': scores.tolist(),
               'threshold': 0.5, 'confusion': {'tp': int(tp), 'fp': int(fp), 'tn': int(tn), 'fn': int(fn)},
               'accuracy': accuracy_score(y, pred), 'precision': precision_score(y, pred),
               'recall': recall_score(y, pred), 'f1': f1_score(y, pred), 'rocAuc': roc_auc_score(y, scores),
               'averagePrecision': average_precision_score(y, scores)}
    with open(f'{OUT}/metrics_sklearn.json', 'w') as fh:
        json.dump(metrics, fh)
    print('wrote', OUT, [d['name'] for d in datasets])


if __name__ == '__main__':
    main()
