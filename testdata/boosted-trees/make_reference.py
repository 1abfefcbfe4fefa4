# Reference for src/model/failureHead/boostedTrees.test.ts: scikit-learn's HistGradientBoostingClassifier
# on a fixed data set whose features have fewer than 255 distinct values (so both bin at the same
# midpoints), with NaNs in training. Run once (needs numpy, scikit-learn); the JSON is committed.
import json, numpy as np, sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
rng = np.random.default_rng(20261125)
def make(n):
    X = np.round(rng.normal(size=(n, 5)), 1)
    X[:, 3] = np.round(rng.uniform(0, 1, n), 2)
    logit = 1.5 * X[:, 0] - X[:, 1] * X[:, 2] + 2 * (X[:, 3] > 0.7) - 1
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    X[rng.uniform(size=n) < 0.1, 1] = np.nan
    X[rng.uniform(size=n) < 0.05, 4] = np.nan
    return X, y
X, y = make(3000); Xt, _ = make(500)
Xt[:25, 3] = np.nan  # never missing in training: goes to the child that saw more rows
opts = dict(max_iter=40, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=20, l2_regularization=0.0, max_bins=255)
clf = HistGradientBoostingClassifier(early_stopping=False, **opts).fit(X, y)
nan = lambda a: [[None if np.isnan(v) else float(v) for v in r] for r in a]
json.dump({'sklearn': sklearn.__version__, 'options': opts, 'train': nan(X), 'labels': y.tolist(), 'test': nan(Xt),
           'logits': clf.decision_function(Xt).tolist()}, open('testdata/boosted-trees/reference.json', 'w'))
print(sklearn.__version__, clf.n_iter_)
