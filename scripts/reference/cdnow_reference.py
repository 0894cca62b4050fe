#!/usr/bin/python3
"""Independent reference for ecomlab's BG/NBD, Gamma-Gamma, summary and CLV code (numpy + scipy; no lifetimes).

Usage: /usr/bin/python3 scripts/reference/cdnow_reference.py  -> test/fixtures/cdnow/cdnow_reference.json
Inputs (copies of data/cdnow, see test/fixtures/cdnow/PROVENANCE.md):
  cdnow_customers_summary.csv                    ID,frequency,recency,T (weeks)   -> BG/NBD
  cdnow_customers_summary_with_transactions.csv  ID,x,t_x,T,zbar                  -> Gamma-Gamma (zbar rounded to cents)
  CDNOW_sample.txt                               transactions                     -> daily summary, calibration < 1997-10-01
Formulas are those of Fader, Hardie & Lee (2005) as written in lifetimes (BetaGeoFitter, GammaGammaFitter,
summary_data_from_transaction_data(freq='D'), customer_lifetime_value), re-implemented with scipy.special.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1, expit

here = 'test/fixtures/cdnow'


def bgnbd_ll(params, x, tx, T):
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return np.sum(a1 + a2 + np.logaddexp(a3, a4))


def gg_ll(params, x, m):
    p, q, v = params
    return np.sum(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
                  + (p * x) * np.log(x) - (p * x + q) * np.log(x * m + v))


def fit(ll, n_params, n, starts=((0.0,),), bounds=None):
    """Maximum likelihood over log-parameters: Nelder-Mead then BFGS from each start; the best log-likelihood wins.
    With bounds (on the log-parameters), Nelder-Mead then L-BFGS-B inside them."""
    f = lambda z: -ll(np.exp(z)) / n
    best = None
    for start in starts:
        z0 = np.full(n_params, start[0]) if len(start) == 1 else np.array(start, dtype=float)
        res = minimize(f, z0, method='Nelder-Mead', bounds=bounds,
                       options={'xatol': 1e-12, 'fatol': 1e-15, 'maxiter': 100000, 'maxfev': 100000})
        if bounds is None:
            res = minimize(f, res.x, method='BFGS', options={'gtol': 1e-12})
        else:
            res = minimize(f, res.x, method='L-BFGS-B', bounds=bounds, options={'ftol': 1e-15, 'gtol': 1e-12})
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x), -best.fun * n


def cond_expected(params, t, x, tx, T):
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
    first = (a + b + x - 1) / (a - 1)
    second = 1 - hyp * ((alpha + T) / (alpha + t + T)) ** (r + x)
    den = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return first * second / den


def expected(params, t):
    r, alpha, a, b = params
    return (a + b - 1) / (a - 1) * (1 - hyp2f1(r, b, a + b - 1, t / (alpha + t)) * (alpha / (alpha + t)) ** r)


def p_alive(params, x, tx, T):
    r, alpha, a, b = params
    log_div = (r + x) * np.log((alpha + T) / (alpha + tx)) + np.log(a / (b + np.maximum(x, 1) - 1))
    return np.where(x == 0, 1.0, expit(-log_div))


def profit(params, x, m):
    p, q, v = params
    w = p * x / (p * x + q - 1)
    return (1 - w) * v * p / (q - 1) + w * m


def clv(bg, gg, x, tx, T, m, months=12, d=0.01, k=30.0):
    prof = profit(gg, x, m)
    total = np.zeros(len(x))
    for i in range(1, months + 1):
        e = cond_expected(bg, i * k, x, tx, T) - cond_expected(bg, (i - 1) * k, x, tx, T)
        total += prof * e / (1 + d) ** i
    return total


def main():
    s = pd.read_csv(os.path.join(here, 'cdnow_customers_summary.csv'))
    x, tx, T = s['frequency'].values.astype(float), s['recency'].values, s['T'].values
    bg, bg_ll = fit(lambda p: bgnbd_ll(p, x, tx, T), 4, len(x))

    w = pd.read_csv(os.path.join(here, 'cdnow_customers_summary_with_transactions.csv'))
    ret = w[w['x'] > 0]
    gg_file, gg_file_ll = fit(lambda p: gg_ll(p, ret['x'].values.astype(float), ret['zbar'].values), 3, len(ret))

    # Daily summary from the transaction log, calibration period 1997-01-01 .. 1997-09-30 (lifetimes freq='D').
    tr = pd.read_csv(os.path.join(here, 'CDNOW_sample.txt'), sep=r'\s+', header=None,
                     names=['master_id', 'id', 'date', 'cds', 'value'], dtype={'id': str, 'date': str})
    tr['date'] = pd.to_datetime(tr['date'], format='%Y%m%d')
    end = pd.Timestamp('1997-09-30')
    cal = tr[tr['date'] <= end]
    per_day = cal.groupby(['id', 'date'], sort=True)['value'].sum().reset_index()
    g = per_day.groupby('id', sort=True)
    first = g['date'].min()
    summ = pd.DataFrame({'frequency': g.size() - 1, 'recency': (g['date'].max() - first).dt.days, 'T': (end - first).dt.days})
    rep = per_day.merge(first.rename('first'), left_on='id', right_index=True)
    rep = rep[rep['date'] > rep['first']]
    summ['monetary_value'] = rep.groupby('id')['value'].mean().reindex(summ.index).fillna(0.0)
    summ = summ.sort_index()
    sx = summ['frequency'].values.astype(float)
    sm = summ['monetary_value'].values
    gg_tx, gg_tx_ll = fit(lambda p: gg_ll(p, sx[sx > 0], sm[sx > 0]), 3, int((sx > 0).sum()))
    bg_days, bg_days_ll = fit(lambda p: bgnbd_ll(p, sx, summ['recency'].values.astype(float), summ['T'].values.astype(float)), 4, len(sx))

    sel = list(range(0, len(summ), 59))  # a spread of customers for per-customer checks
    xs, txs, Ts, ms = sx[sel], summ['recency'].values[sel].astype(float), summ['T'].values[sel].astype(float), sm[sel]
    ts = [0.1429, 1, 3, 31.8571, 32, 78]
    out = {
        'generatedBy': 'scripts/reference/cdnow_reference.py (numpy %s, scipy minimize/special, pandas %s)' % (np.__version__, pd.__version__),
        'bgnbdWeeks': {'r': bg[0], 'alpha': bg[1], 'a': bg[2], 'b': bg[3], 'logLikelihood': bg_ll},
        'expectedPurchasesWeeks': {'t': ts, 'value': [float(expected(bg, t)) for t in ts]},
        'conditionalExpected_x2_tx30.43_T38.86_t39': float(cond_expected(bg, 39, 2, 30.43, 38.86)),
        'gammaGammaFile': {'p': gg_file[0], 'q': gg_file[1], 'v': gg_file[2], 'logLikelihood': gg_file_ll, 'customers': int(len(ret))},
        'gammaGammaTransactions': {'p': gg_tx[0], 'q': gg_tx[1], 'v': gg_tx[2], 'logLikelihood': gg_tx_ll, 'customers': int((sx > 0).sum())},
        'bgnbdDays': {'r': bg_days[0], 'alpha': bg_days[1], 'a': bg_days[2], 'b': bg_days[3], 'logLikelihood': bg_days_ll},
        'dailySummary': {
            'customerId': list(summ.index),
            'frequency': [int(v) for v in summ['frequency']],
            'recency': [int(v) for v in summ['recency']],
            'T': [int(v) for v in summ['T']],
            'monetaryValue': [float(v) for v in summ['monetary_value']],
        },
        'perCustomer': {
            'index': sel,
            'expected30Days': [float(v) for v in cond_expected(bg_days, 30.0, xs, txs, Ts)],
            'probabilityAlive': [float(v) for v in p_alive(bg_days, xs, txs, Ts)],
            'expectedAverageProfit': [float(v) for v in profit(gg_tx, xs, ms)],
            'clv12Months': [float(v) for v in clv(bg_days, gg_tx, xs, txs, Ts, ms)],
        },
    }
    with open(os.path.join(here, 'cdnow_reference.json'), 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(json.dumps({k: out[k] for k in ['bgnbdWeeks', 'gammaGammaFile', 'gammaGammaTransactions', 'bgnbdDays']}, indent=1))


if __name__ == '__main__':
    main()
