"""One-off reference fixtures for the Isolation Forest tests (not part of the product).

Writes, next to this script:
  reference.json      a fixed dataset (1,000 rows x 6 features: a correlated Gaussian bulk and 20 planted
                      outliers, numpy seed 7) and scikit-learn's
                      IsolationForest(n_estimators=200, max_samples=256, random_state=0).score_samples on it.
                      Read by src/model/iforest/reference.test.ts (distribution agreement) and by
                      src/model/scorers/scorers.test.ts; keep its keys and content stable.
  sklearn_trees.json  a small scikit-learn forest (5 trees, random_state=1) on the same rows, exported in our
                      serialised format (src/model/iforest/isolationForest.ts), its score_samples, and sklearn's
                      c(n) for a few n. Our scorer must reproduce those scores exactly (to float64 rounding),
                      which pins the path-length formula, the `x <= threshold` rule and c(n) independently of RNGs.
                      scikit-learn compares float32(x) with float64 thresholds, so the test rounds rows
                      through Math.fround before scoring them with these trees.

Run (see README.md for the versions used):
    python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn numpy
    cd testdata/reference/iforest && /tmp/skvenv/bin/python make_reference.py
"""
import json

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.ensemble._iforest import _average_path_length

GENERATOR = f"scikit-learn {sklearn.__version__}, numpy {np.__version__}"

rng = np.random.default_rng(7)
cov = np.full((6, 6), 0.3) + np.eye(6) * 0.7
bulk = rng.multivariate_normal(np.zeros(6), cov, size=980)
outliers = rng.uniform(-6, 6, size=(20, 6))
outliers[:, 0] = np.where(outliers[:, 0] >= 0, outliers[:, 0] + 4, outliers[:, 0] - 4)
data = np.vstack([bulk, outliers])
rows = np.round(data, 6)

# Fitted on the unrounded data and scored on the rounded rows, as the first version of this fixture did;
# the difference (< 5e-7 per value) is far below anything the distribution checks can see.
forest = IsolationForest(n_estimators=200, max_samples=256, random_state=0).fit(data)
with open("reference.json", "w") as out:
    json.dump(
        {
            "generator": GENERATOR,
            "rows": rows.tolist(),
            "outlierRows": list(range(980, 1000)),
            "sklearnScoreSamples": np.round(forest.score_samples(rows), 8).tolist(),
        },
        out,
    )


def export_tree(estimator, features):
    tree = estimator.tree_
    leaf = tree.children_left == -1
    return {
        "feature": [-1 if is_leaf else int(features[f]) for f, is_leaf in zip(tree.feature, leaf)],
        "threshold": [0.0 if is_leaf else float(t) for t, is_leaf in zip(tree.threshold, leaf)],
        "left": [int(c) for c in tree.children_left],
        "right": [int(c) for c in tree.children_right],
        "size": [int(s) for s in tree.n_node_samples],
    }


small = IsolationForest(n_estimators=5, max_samples=256, random_state=1).fit(rows)
all_features = np.arange(rows.shape[1])
# sklearn indexes columns through estimators_features_ only when it subsamples features (not here).
subsampled = small._max_features != rows.shape[1]
trees = [
    export_tree(est, feats if subsampled else all_features)
    for est, feats in zip(small.estimators_, small.estimators_features_)
]
sizes = [1, 2, 3, 5, 10, 100, 255, 256, 1000]
with open("sklearn_trees.json", "w") as out:
    json.dump(
        {
            "generator": GENERATOR,
            "note": "IsolationForest(n_estimators=5, max_samples=256, random_state=1).fit(reference.json rows)",
            "forest": {
                "kind": "isolation-forest",
                "version": 1,
                "features": int(rows.shape[1]),
                "sampleSize": int(small.max_samples_),
                "maxDepth": int(np.ceil(np.log2(max(small.max_samples_, 2)))),
                "seed": None,
                "trees": trees,
            },
            "scoreSamples": [float(s) for s in small.score_samples(rows)],
            "averagePathLength": {"n": sizes, "c": [float(c) for c in _average_path_length(np.array(sizes))]},
        },
        out,
    )
