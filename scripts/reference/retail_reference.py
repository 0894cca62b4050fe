#!/usr/bin/python3
"""Independent reference for ecomlab's retail cleaning and RFM (pandas; run with Debian's /usr/bin/python3).

Usage: /usr/bin/python3 scripts/reference/retail_reference.py [INPUT.csv(.gz)] [OUTPUT.json]
Defaults: data/online-retail/online_retail.csv.gz -> test/fixtures/retail/uci_reference.json

Same definitions as lib/retail/clean-retail.ts and lib/rfm (documented in docs/retail-data.md):
  steps: read, unparseable (0: pandas parses every line of this file), missing CustomerID,
  cancellations (InvoiceNo starts with C/c), Quantity<=0 or UnitPrice<=0, exact duplicates (all 8 columns), kept.
  RFM: snapshot = max(InvoiceDate) + 1 day; R = (snapshot - last purchase).days; F = distinct invoices;
  M = sum(Quantity*UnitPrice); customers sorted by id as strings;
  scores = pd.qcut(x.rank(method='first'), 5, labels=...) with R labels 5..1, F/M 1..5;
  tier: high <=> score >= 4; M high -> important else general; (R,F) = (H,H) value, (H,L) development,
  (L,H) retention, (L,L) re-engagement.
"""
import json
import sys

import pandas as pd

src = sys.argv[1] if len(sys.argv) > 1 else 'data/online-retail/online_retail.csv.gz'
out = sys.argv[2] if len(sys.argv) > 2 else 'test/fixtures/retail/uci_reference.json'

df = pd.read_csv(src, dtype={'InvoiceNo': str, 'StockCode': str, 'Description': str, 'Country': str,
                             'CustomerID': str}, keep_default_na=False, na_values={'CustomerID': [''], 'Description': ['']})
df['CustomerID'] = df['CustomerID'].str.replace(r'\.0*$', '', regex=True)
df['InvoiceDate'] = pd.to_datetime(df['InvoiceDate'], format='%Y-%m-%d %H:%M:%S')
steps = []
read = len(df)
steps.append(('read', 0, read))
steps.append(('unparseable', 0, read))
d = df[df['CustomerID'].notna()]
steps.append(('missingCustomerId', read - len(d), len(d)))
canc = d['InvoiceNo'].str.upper().str.startswith('C')
cancellations = d[canc]
n0 = len(d)
d = d[~canc]
steps.append(('cancellations', n0 - len(d), len(d)))
n0 = len(d)
d = d[(d['Quantity'] > 0) & (d['UnitPrice'] > 0)]
steps.append(('nonPositiveQuantityOrPrice', n0 - len(d), len(d)))
n0 = len(d)
d = d.drop_duplicates(keep='first')
steps.append(('duplicates', n0 - len(d), len(d)))
steps.append(('kept', 0, len(d)))

d = d.assign(LineTotal=d['Quantity'] * d['UnitPrice'])
snapshot = d['InvoiceDate'].max() + pd.Timedelta(days=1)
g = d.groupby('CustomerID', sort=True)
rfm = pd.DataFrame({
    'recency': (snapshot - g['InvoiceDate'].max()).dt.days,
    'frequency': g['InvoiceNo'].nunique(),
    'monetary': g['LineTotal'].sum(),
})
rfm['rScore'] = pd.qcut(rfm['recency'].rank(method='first'), 5, labels=[5, 4, 3, 2, 1]).astype(int)
rfm['fScore'] = pd.qcut(rfm['frequency'].rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm['mScore'] = pd.qcut(rfm['monetary'].rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)


def tier(row):
    rh, fh, mh = row.rScore >= 4, row.fScore >= 4, row.mScore >= 4
    t = ('Value' if fh else 'Development') if rh else ('Retention' if fh else 'Reengagement')
    return ('important' if mh else 'general') + t


rfm['segment'] = rfm.apply(tier, axis=1)
seg = rfm.groupby('segment').agg(customers=('recency', 'size'), revenue=('monetary', 'sum'),
                                 meanRecency=('recency', 'mean'), meanFrequency=('frequency', 'mean'),
                                 meanMonetary=('monetary', 'mean'))
result = {
    'source': src,
    'generatedBy': 'scripts/reference/retail_reference.py (pandas ' + pd.__version__ + ')',
    'steps': [{'step': s, 'removed': int(r), 'remaining': int(n)} for s, r, n in steps],
    'customers': int(d['CustomerID'].nunique()),
    'invoices': int(d['InvoiceNo'].nunique()),
    'revenue': float(d['LineTotal'].sum()),
    'cancellationLines': int(len(cancellations)),
    'snapshot': snapshot.strftime('%Y-%m-%dT%H:%M:%S.000Z'),
    'rfm': {
        'customerId': list(rfm.index),
        'recency': [int(x) for x in rfm['recency']],
        'frequency': [int(x) for x in rfm['frequency']],
        'monetary': [round(float(x), 6) for x in rfm['monetary']],
        'rScore': [int(x) for x in rfm['rScore']],
        'fScore': [int(x) for x in rfm['fScore']],
        'mScore': [int(x) for x in rfm['mScore']],
        'segment': list(rfm['segment']),
    },
    'segments': {k: {'customers': int(v.customers), 'revenue': float(v.revenue), 'meanRecency': float(v.meanRecency),
                     'meanFrequency': float(v.meanFrequency), 'meanMonetary': float(v.meanMonetary)}
                 for k, v in seg.iterrows()},
}
with open(out, 'w') as f:
    json.dump(result, f, ensure_ascii=False, separators=(',', ':'))
print(json.dumps({'steps': result['steps'], 'customers': result['customers']}))
