#!/usr/bin/python3
"""Independent reference for ecomlab's LTV on the UCI Online Retail log (pandas + scipy; no lifetimes).

Usage: /usr/bin/python3 scripts/reference/retail_ltv_reference.py [INPUT] [OUTPUT]
Defaults: data/online-retail/online_retail.csv.gz -> test/fixtures/retail/uci_ltv_reference.json

Cleaning as in retail_reference.py. Then:
  daily summary (lifetimes summary_data_from_transaction_data(freq='D') semantics, observation end = the day of
  the last invoice): frequency = purchase days - 1, recency = last - first purchase day, T = end - first day,
  monetary_value = mean of the repeat purchase days' totals;
  BG/NBD and Gamma-Gamma (returning customers) by maximum likelihood with scipy (formulas re-implemented from
  Fader, Hardie & Lee 2005 as in lifetimes; see cdnow_reference.py);
  90-day expected purchases, P(alive), expected average profit, 12-month CLV at 1%/month (30 days a month);
  historical LTV = AOV x purchases per year x margin 0.2 x lifespan 3 years, per customer and per RFM tier.
"""
import json
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
from cdnow_reference import bgnbd_ll, gg_ll, fit, cond_expected, p_alive, profit, clv  # noqa: E402

src = sys.argv[1] if len(sys.argv) > 1 else 'data/online-retail/online_retail.csv.gz'
out = sys.argv[2] if len(sys.argv) > 2 else 'test/fixtures/retail/uci_ltv_reference.json'

df = pd.read_csv(src, dtype={'InvoiceNo': str, 'StockCode': str, 'Description': str, 'Country': str,
                             'CustomerID': str}, keep_default_na=False, na_values={'CustomerID': [''], 'Description': ['']})
df['CustomerID'] = df['CustomerID'].str.replace(r'\.0*$', '', regex=True)
df['InvoiceDate'] = pd.to_datetime(df['InvoiceDate'], format='%Y-%m-%d %H:%M:%S')
d = df[df['CustomerID'].notna()]
d = d[~d['InvoiceNo'].str.upper().str.startswith('C')]
d = d[(d['Quantity'] > 0) & (d['UnitPrice'] > 0)].drop_duplicates(keep='first')
d = d.assign(LineTotal=d['Quantity'] * d['UnitPrice'], Day=d['InvoiceDate'].dt.floor('D'))

end = d['Day'].max()
per_day = d.groupby(['CustomerID', 'Day'], sort=True)['LineTotal'].sum().reset_index()
g = per_day.groupby('CustomerID', sort=True)
first = g['Day'].min()
summ = pd.DataFrame({'frequency': g.size() - 1, 'recency': (g['Day'].max() - first).dt.days, 'T': (end - first).dt.days})
rep = per_day.merge(first.rename('first'), left_on='CustomerID', right_index=True)
rep = rep[rep['Day'] > rep['first']]
summ['monetary_value'] = rep.groupby('CustomerID')['LineTotal'].mean().reindex(summ.index).fillna(0.0)
x = summ['frequency'].values.astype(float)
tx = summ['recency'].values.astype(float)
T = summ['T'].values.astype(float)
m = summ['monetary_value'].values
# The UCI likelihoods are flat along ridges: start from several points, keep the best.
# Log-parameters are bounded to [-12, 12]: as b -> 0 the BG/NBD likelihood of x = 1 customers degenerates.
STARTS4 = ((0.0,), (0.0, 4.0, -3.0, 1.0), (-0.5, 3.0, -5.0, 2.0))
STARTS3 = ((0.0,), (1.0,), (0.5, 1.0, 5.0))
BOUNDS4 = [(-12.0, 12.0)] * 4
BOUNDS3 = [(-12.0, 12.0)] * 3
bg, bg_llv = fit(lambda p: bgnbd_ll(p, x, tx, T), 4, len(x), STARTS4, BOUNDS4)
gg, gg_llv = fit(lambda p: gg_ll(p, x[x > 0], m[x > 0]), 3, int((x > 0).sum()), STARTS3, BOUNDS3)
exp90 = cond_expected(bg, 90.0, x, tx, T)
alive = p_alive(bg, x, tx, T)
prof = profit(gg, x, m)
clv12 = clv(bg, gg, x, tx, T, m)

# Historical LTV: observation from the first invoice to the RFM snapshot (last invoice + 1 day), 365-day years.
snapshot = d['InvoiceDate'].max() + pd.Timedelta(days=1)
years = (snapshot - d['InvoiceDate'].min()).total_seconds() / 86400 / 365
gc = d.groupby('CustomerID', sort=True)
F = gc['InvoiceNo'].nunique()
M = gc['LineTotal'].sum()
aov = M / F
ppy = F / years
ltv = aov * ppy * 0.2 * 3

result = {
    'generatedBy': 'scripts/reference/retail_ltv_reference.py (pandas %s, scipy)' % pd.__version__,
    'summaryTotals': {'customers': int(len(summ)), 'frequency': int(summ['frequency'].sum()),
                      'recency': int(summ['recency'].sum()), 'T': int(summ['T'].sum()),
                      'monetaryValue': float(summ['monetary_value'].sum()), 'returning': int((x > 0).sum())},
    'summarySample': {'customerId': list(summ.index[::97]), 'frequency': [int(v) for v in x[::97]],
                      'recency': [int(v) for v in tx[::97]], 'T': [int(v) for v in T[::97]],
                      'monetaryValue': [float(v) for v in m[::97]]},
    'bgnbd': {'r': bg[0], 'alpha': bg[1], 'a': bg[2], 'b': bg[3], 'logLikelihood': bg_llv},
    'gammaGamma': {'p': gg[0], 'q': gg[1], 'v': gg[2], 'logLikelihood': gg_llv},
    'sums': {'expectedPurchases90': float(exp90.sum()), 'probabilityAlive': float(alive.sum()),
             'expectedAverageProfit': float(prof.sum()), 'clv12Months': float(clv12.sum())},
    'historical': {'observationYears': years, 'ltvSum': float(ltv.sum()),
                   'ltvSample': [float(v) for v in ltv.values[::97]]},
}
with open(out, 'w') as f:
    json.dump(result, f, separators=(',', ':'))
print(json.dumps({k: result[k] for k in ['summaryTotals', 'bgnbd', 'gammaGamma', 'sums']}, indent=1))
