#!/usr/bin/python3
"""Reference implementation of ecomlab's retail pipeline in pandas + scikit-learn + imbalanced-learn.

Independent of the TypeScript code (only the definitions in docs/lifecycle-model.md are shared). Used by
  - the benchmark (`npm run bench -- retail`): the same steps, timed, key outputs compared;
  - scripts/reference/model_sklearn.py: churn features of a small real file as a golden fixture.

Run with Debian's python3 (pandas, sklearn, imblearn, scipy):
  /usr/bin/python3 scripts/reference/retail_pipeline.py data/online-retail/online_retail.csv.gz [--seed 42] \
      [--horizon-days 90] [--cutoff YYYY-MM-DD] [--test-size 0.3] [--C 1]
Prints one JSON object on stdout.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

DAY = pd.Timedelta(days=1)
FEATURES = ['recency', 'frequency', 'monetary', 'rScore', 'fScore', 'mScore', 'intervalMean', 'intervalStd',
            'uniqueProducts', 'tenure', 'avgBasketValue', 'returnRate']


def load(path):
    df = pd.read_csv(path, dtype={'InvoiceNo': str, 'StockCode': str, 'Description': str, 'Country': str,
                                  'Quantity': str, 'UnitPrice': str, 'CustomerID': str, 'InvoiceDate': str},
                     keep_default_na=False, na_values=[''])
    return df


def clean(df):
    """Cleaning steps in the issue's order; returns (purchases, cancellations, steps)."""
    read = len(df)
    q = pd.to_numeric(df['Quantity'], errors='coerce')
    p = pd.to_numeric(df['UnitPrice'], errors='coerce')
    d = pd.to_datetime(df['InvoiceDate'], errors='coerce', format='%Y-%m-%d %H:%M:%S')
    us = d.isna()
    if us.any():  # the UCI export's M/D/YYYY H:MM
        d[us] = pd.to_datetime(df.loc[us, 'InvoiceDate'], errors='coerce', format='%m/%d/%Y %H:%M')
    ok = q.notna() & p.notna() & d.notna() & df['InvoiceNo'].notna() & df['StockCode'].notna() & df['Country'].notna()
    df = df.assign(Quantity=q, UnitPrice=p, InvoiceDate=d)[ok]
    steps = [('read', 0, read), ('unparseable', read - len(df), len(df))]
    cust = pd.to_numeric(df['CustomerID'], errors='coerce')
    n = len(df)
    df = df.assign(CustomerID=cust)[cust.notna()]
    df['CustomerID'] = df['CustomerID'].astype('int64').astype(str)
    steps.append(('missingCustomerId', n - len(df), len(df)))
    is_cancel = df['InvoiceNo'].str.upper().str.startswith('C')
    cancellations = df[is_cancel]
    df = df[~is_cancel]
    steps.append(('cancellations', int(is_cancel.sum()), len(df)))
    n = len(df)
    df = df[(df['Quantity'] > 0) & (df['UnitPrice'] > 0)]
    steps.append(('nonPositiveQuantityOrPrice', n - len(df), len(df)))
    n = len(df)
    df = df.drop_duplicates()
    steps.append(('duplicates', n - len(df), len(df)))
    steps.append(('kept', 0, len(df)))
    df = df.assign(LineTotal=df['Quantity'] * df['UnitPrice'])
    return df, cancellations, [{'step': s, 'removed': int(r), 'remaining': int(m)} for s, r, m in steps]


def qcut_scores(values, reverse=False):
    labels = [5, 4, 3, 2, 1] if reverse else [1, 2, 3, 4, 5]
    return pd.qcut(values.rank(method='first'), 5, labels=labels).astype(float)


def rfm(df):
    snapshot = df['InvoiceDate'].max() + DAY
    g = df.groupby('CustomerID')
    out = pd.DataFrame({
        'recency': ((snapshot - g['InvoiceDate'].max()) // DAY).astype(float),
        'frequency': g['InvoiceNo'].nunique().astype(float),
        'monetary': g['LineTotal'].sum(),
    }).sort_index()
    out['rScore'] = qcut_scores(out['recency'], True)
    out['fScore'] = qcut_scores(out['frequency'])
    out['mScore'] = qcut_scores(out['monetary'])
    return out


SCORE_BINS = [('rScore', 'recency', True), ('fScore', 'frequency', False), ('mScore', 'monetary', False)]


def fit_score_bins(X_train):
    """Quintile edges np.quantile(raw, [0.2, 0.4, 0.6, 0.8]) of the training rows' recency/frequency/monetary."""
    return {score: (np.quantile(X_train[:, FEATURES.index(raw)], [0.2, 0.4, 0.6, 0.8]), reverse)
            for score, raw, reverse in SCORE_BINS}


def apply_score_bins(X, bins):
    """A copy of X with rScore/fScore/mScore = pd.cut(raw, [-inf, *edges, inf], labels 1..5) (right-closed;
    searchsorted also covers tied edges), 6 - that for recency."""
    X = X.copy()
    for score, raw, _ in SCORE_BINS:
        edges, reverse = bins[score]
        s = np.searchsorted(edges, X[:, FEATURES.index(raw)], side='left') + 1
        X[:, FEATURES.index(score)] = 6 - s if reverse else s
    return X


def churn_dataset(df, cancellations, horizon_days=90, cutoff=None):
    """Features strictly before the cutoff; label = no purchase in [cutoff, cutoff + horizon)."""
    data_end = df['InvoiceDate'].max().normalize() + DAY
    cut = data_end - horizon_days * DAY if cutoff is None else pd.Timestamp(cutoff)
    window_end = cut + horizon_days * DAY
    before = df[df['InvoiceDate'] < cut].copy()
    window = df[(df['InvoiceDate'] >= cut) & (df['InvoiceDate'] < window_end)]
    before['day'] = before['InvoiceDate'].dt.normalize()
    g = before.groupby('CustomerID')
    f = pd.DataFrame({
        'frequency': g['InvoiceNo'].nunique().astype(float),
        'monetary': g['LineTotal'].sum(),
        'uniqueProducts': g['StockCode'].nunique().astype(float),
        'first': g['day'].min(),
        'last': g['day'].max(),
    }).sort_index()
    f['recency'] = ((cut - f['last']) // DAY).astype(float)
    f['tenure'] = ((cut - f['first']) // DAY).astype(float)
    days = before[['CustomerID', 'day']].drop_duplicates().sort_values(['CustomerID', 'day'])
    days['gap'] = days.groupby('CustomerID')['day'].diff() // DAY
    gaps = days.dropna(subset=['gap']).groupby('CustomerID')['gap']
    n_days = days.groupby('CustomerID').size()
    f['intervalMean'] = gaps.mean().reindex(f.index)
    f['intervalStd'] = gaps.std(ddof=0).reindex(f.index)
    one_day = n_days.reindex(f.index) < 2
    f.loc[one_day, 'intervalMean'] = f.loc[one_day, 'tenure']
    f.loc[n_days.reindex(f.index) < 3, 'intervalStd'] = 0.0
    f['avgBasketValue'] = f['monetary'] / f['frequency']
    c = cancellations[cancellations['InvoiceDate'] < cut].groupby('CustomerID')['InvoiceNo'].nunique()
    c = c.reindex(f.index).fillna(0).astype(float)
    f['returnRate'] = c / (f['frequency'] + c)
    f['rScore'] = qcut_scores(f['recency'], True)
    f['fScore'] = qcut_scores(f['frequency'])
    f['mScore'] = qcut_scores(f['monetary'])
    returning = set(window['CustomerID'])
    f['label'] = [0 if cid in returning else 1 for cid in f.index]
    return f[FEATURES + ['label']], cut


# --- BG/NBD and Gamma-Gamma (maximum likelihood with scipy), lifetimes' formulas ---------------------------
def summary(df):
    end = df['InvoiceDate'].max().normalize()
    days = df.assign(day=df['InvoiceDate'].dt.normalize()).groupby(['CustomerID', 'day'])['LineTotal'].sum()
    days = days.reset_index()
    g = days.groupby('CustomerID')
    first = g['day'].min()
    s = pd.DataFrame({'frequency': g.size() - 1, 'recency': (g['day'].max() - first) // DAY, 'T': (end - first) // DAY})
    first_value = days.sort_values('day').groupby('CustomerID')['LineTotal'].first()
    total = g['LineTotal'].sum()
    s['monetary_value'] = np.where(s['frequency'] > 0, (total - first_value) / s['frequency'].clip(lower=1), 0.0)
    return s.astype(float)


def best_of(nll, dims):
    """Minimises over log-parameters from 0 with L-BFGS-B and with Nelder-Mead; keeps the better optimum."""
    from scipy.optimize import minimize
    runs = [minimize(nll, np.zeros(dims), method='L-BFGS-B'),
            minimize(nll, np.zeros(dims), method='Nelder-Mead', options={'maxiter': 20000, 'xatol': 1e-10, 'fatol': 1e-10})]
    return min(runs, key=lambda res: res.fun)


def fit_bgnbd(s):
    from scipy.special import gammaln
    x, tx, T = s['frequency'].values, s['recency'].values, s['T'].values

    def nll(logp):
        r, alpha, a, b = np.exp(logp)
        A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        A3 = -(r + x) * np.log(alpha + T)
        A4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx), -np.inf)
        return -(A1 + A2 + np.logaddexp(A3, A4)).sum()

    res = best_of(nll, 4)
    return dict(zip(['r', 'alpha', 'a', 'b'], np.exp(res.x).tolist()), logLikelihood=-float(res.fun))


def fit_gamma_gamma(s):
    from scipy.special import gammaln
    r = s[s['frequency'] > 0]
    x, m = r['frequency'].values, r['monetary_value'].values

    def nll(logp):
        p, q, v = np.exp(logp)
        return -(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
                 + (p * x) * np.log(x) - (p * x + q) * np.log(x * m + v)).sum()

    res = best_of(nll, 3)
    return dict(zip(['p', 'q', 'v'], np.exp(res.x).tolist()), logLikelihood=-float(res.fun))


def metrics(y, proba):
    from sklearn.metrics import (average_precision_score, confusion_matrix, f1_score, precision_score, recall_score,
                                 roc_auc_score)
    pred = (proba >= 0.5).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {'confusion': {'tp': int(tp), 'fp': int(fp), 'tn': int(tn), 'fn': int(fn)},
            'precision': float(precision_score(y, pred, zero_division=0)),
            'recall': float(recall_score(y, pred, zero_division=0)), 'f1': float(f1_score(y, pred, zero_division=0)),
            'rocAuc': float(roc_auc_score(y, proba)), 'averagePrecision': float(average_precision_score(y, proba))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--horizon-days', type=int, default=90)
    ap.add_argument('--cutoff', default=None)
    ap.add_argument('--test-size', type=float, default=0.3)
    ap.add_argument('--C', type=float, default=1.0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    timings = {}

    def lap(name, start):
        timings[name] = round(time.perf_counter() - start, 3)
        return time.perf_counter()

    from imblearn.over_sampling import SMOTE
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    t = lap('imports', t0)
    raw = load(args.file)
    t = lap('load', t)
    purchases, cancellations, steps = clean(raw)
    t = lap('clean', t)
    r = rfm(purchases)
    t = lap('rfm', t)
    s = summary(purchases)
    bg = fit_bgnbd(s)
    gg = fit_gamma_gamma(s)
    t = lap('ltv', t)
    ds, cut = churn_dataset(purchases, cancellations, args.horizon_days, args.cutoff)
    t = lap('churnFeatures', t)
    X = ds[FEATURES].values
    y = ds['label'].values
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=args.test_size, stratify=y, random_state=args.seed)
    # The model's score features use quintile bins fitted on the training rows only (as ecomlab's pipeline).
    bins = fit_score_bins(Xtr)
    Xtr, Xte = apply_score_bins(Xtr, bins), apply_score_bins(Xte, bins)
    scaler = StandardScaler().fit(Xtr)
    Xtr_s, Xte_s = scaler.transform(Xtr), scaler.transform(Xte)
    base = LogisticRegression(C=args.C, max_iter=1000).fit(Xtr_s, ytr)
    Xsm, ysm = SMOTE(k_neighbors=5, random_state=args.seed).fit_resample(Xtr_s, ytr)
    sm = LogisticRegression(C=args.C, max_iter=1000).fit(Xsm, ysm)
    shap_mean_abs = np.abs(sm.coef_[0] * (Xte_s - Xtr_s.mean(axis=0))).mean(axis=0)
    t = lap('model', t)
    out = {
        'cleaning': steps,
        'customers': int(purchases['CustomerID'].nunique()),
        'revenue': float(purchases['LineTotal'].sum()),
        'rfmCustomers': int(len(r)),
        'bgnbd': bg, 'gammaGamma': gg,
        'churn': {'cutoff': str(cut.date()), 'customers': int(len(ds)), 'churned': int(y.sum()),
                  'churnRate': float(y.mean())},
        'scoreBins': {score: {'edges': edges.tolist(), 'reverse': reverse} for score, (edges, reverse) in bins.items()},
        'smote': {'trainRows': int(len(ytr)), 'generated': int(len(ysm) - len(ytr))},
        'withoutSmote': metrics(yte, base.predict_proba(Xte_s)[:, 1]),
        'withSmote': metrics(yte, sm.predict_proba(Xte_s)[:, 1]),
        'topShap': [FEATURES[j] for j in np.argsort(-shap_mean_abs)[:5]],
        'timings': timings,
        'seconds': round(time.perf_counter() - t0, 3),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
