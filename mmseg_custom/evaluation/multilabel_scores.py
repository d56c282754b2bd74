"""Average precision for multi-label classification, on numpy arrays."""
import numpy as np


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the precision-recall step curve: sum over thresholds of
    (recall gained) x (precision there), one threshold per distinct score, so tied scores
    count together (the definition scikit-learn's `average_precision_score` uses).

    NaN when `labels` has no positive, since recall is then undefined.
    """
    scores, labels = np.asarray(scores, float).ravel(), np.asarray(labels).ravel() > 0
    positives = labels.sum()
    if positives == 0:
        return float('nan')
    order = np.argsort(-scores, kind='mergesort')
    scores, labels = scores[order], labels[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(scores)), scores.size - 1]
    true_pos = np.cumsum(labels)[last_of_tie]
    precision = true_pos / (last_of_tie + 1)
    recall_gain = np.diff(np.r_[0, true_pos]) / positives
    return float((recall_gain * precision).sum())


def per_class_average_precision(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(num_classes,) AP of each column of (num_images, num_classes) scores and 0/1 labels."""
    return np.array([average_precision(scores[:, k], labels[:, k])
                     for k in range(scores.shape[1])])
