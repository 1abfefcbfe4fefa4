"""One-off reference fixture for the Isolation Forest test (not part of the product).

Writes reference.json: a fixed dataset (1,000 rows × 6 features: a correlated Gaussian bulk and
20 planted outliers, numpy seed 7) and scikit-learn's IsolationForest(n_estimators=200,
max_samples=256, random_state=0).score_samples on it. Run:
    python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn numpy
    /tmp/skvenv/bin/python make_reference.py
"""
import json

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

rng = np.random.default_rng(7)
cov = np.full((6, 6), 0.3) + np.eye(6) * 0.7
bulk = rng.multivariate_normal(np.zeros(6), cov, size=980)
outliers = rng.uniform(-6, 6, size=(20, 6))
outliers[:, 0] = np.where(outliers[:, 0] >= 0, outliers[:, 0] + 4, outliers[:, 0] - 4)
data = np.vstack([bulk, outliers])

forest = IsolationForest(n_estimators=200, max_samples=256, random_state=0).fit(data)
with open("reference.json", "w") as out:
    json.dump(
        {
            "generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
            "rows": np.round(data, 6).tolist(),
            "outlierRows": list(range(980, 1000)),
            "sklearnScoreSamples": np.round(forest.score_samples(np.round(data, 6)), 8).tolist(),
        },
        out,
    )
