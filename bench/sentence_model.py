"""The sentence-level event-type model on the project's own examples, held out by 5-fold
cross-validation: accuracy, and the precision and coverage of the events it would make at the
events stage's threshold (src/frontlines/events/classify.py: THRESHOLD, OVERRIDE).

    python bench/sentence_model.py
"""
from __future__ import annotations

import random
from collections import Counter

from frontlines.events.classify import NO_EVENT, NOT_POLITICAL, OVERRIDE, THRESHOLD, _example_features, _examples, fit
from frontlines.nlp import load


def main(folds: int = 5) -> None:
    rows = _examples()
    feats = _example_features([r["text"] for r in rows], load())
    labels = [r["label"] for r in rows]
    order = list(range(len(rows)))
    random.Random(13).shuffle(order)
    pred: list[tuple[str, float]] = [("", 0.0)] * len(rows)
    for k in range(folds):
        test = set(order[k::folds])
        train = [i for i in order if i not in test]
        model = fit([feats[i] for i in train], [labels[i] for i in train])
        for i in test:
            probs = model.read(feats[i])
            best = max(probs, key=probs.__getitem__)
            pred[i] = (best, probs[best])
    n = len(rows)
    acc = sum(p == g for (p, _), g in zip(pred, labels)) / n
    print(f"{n} examples, {len(set(labels))} labels, {folds}-fold cross-validation: accuracy {acc:.3f}")
    print("| threshold | events made | precision | 'No event' typed as an event |\n|---|---|---|---|")
    for th in (THRESHOLD, OVERRIDE):
        made = [(p, g) for (p, s), g in zip(pred, labels) if s >= th and p != NO_EVENT and p not in NOT_POLITICAL]
        prec = sum(p == g for p, g in made) / len(made) if made else 0.0
        none = [1 for (p, s), g in zip(pred, labels) if g == NO_EVENT and s >= th and p not in (NO_EVENT, *NOT_POLITICAL)]
        print(f"| {th:.2f} | {len(made)} | {prec:.3f} | {len(none) / max(labels.count(NO_EVENT), 1):.1%} |")
    support = Counter(labels)
    print("\n| label | examples | held-out recall |\n|---|---|---|")
    for lab, cnt in sorted(support.items(), key=lambda x: -x[1]):
        rec = sum(p == g == lab for (p, _), g in zip(pred, labels)) / cnt
        print(f"| {lab} | {cnt} | {rec:.2f} |")


if __name__ == "__main__":
    main()
