"""The sentence models -- the lemma model (events/classify.py) and the fine-tuned MiniLM reader
(events/reader.py) -- on the project's own examples and on the public dev data.

    python bench/sentence_model.py            # everything below
    python bench/sentence_model.py cv         # the lemma model, 5-fold cross-validation on the examples
    python bench/sentence_model.py curve [DIR ...]   # learning curves; DIRs are reader builds made with
                                                     # scripts/train_reader.py --holdout 0.2 --fraction F
    python bench/sentence_model.py case       # CASE 2021 dev: rules, reader, and the two together
    python bench/sentence_model.py gate       # real_news dev: what the reader's P(event) gate keeps
    python bench/sentence_model.py cost       # the reader's load time, speed and memory
    python bench/sentence_model.py corrections [N]   # the lemma model after N analyst type corrections
    ... --reader=DIR                          # case/gate with another reader build (no digest check)

The learning curves hold out the same stratified 20% of the examples for both models (the split of
scripts/train_reader.py). CASE 2021 and real_news are measured, never trained on; the gate's threshold
is the one choice made on them (dev data).
"""
from __future__ import annotations

import importlib.util
import json
import math
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
PROTEST = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
GATE = 0.5  # P(event) at which the curves count a held-out 'No event' example as read as an event
# The reader's type wins over the rules' where it gives its best ACLED type at least this probability
# (chosen on the CASE 2021 dev half: weighted F1 0.743 / 0.748 / 0.758 / 0.744 at 0.3 / 0.4 / 0.5 / 0.6)
TYPE_OVER = 0.5


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def lemma_cv(folds: int = 5) -> None:
    from frontlines.events.classify import NO_EVENT, NOT_POLITICAL, OVERRIDE, THRESHOLD, _example_features, _examples, fit
    from frontlines.nlp import load

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
    print(f"Lemma model: {n} examples, {len(set(labels))} labels, {folds}-fold cross-validation: accuracy {acc:.3f}")
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


def curve(reader_runs: list[str]) -> None:
    """Held-out accuracy against the share of the examples trained on: the lemma model trained here,
    the reader from the builds given (each records its split and its held-out predictions)."""
    from frontlines.events.classify import _example_features, fit
    from frontlines.nlp import load

    train_reader = _script("train_reader")
    rows = train_reader.examples(ROOT / "src/frontlines/data/event_examples")
    feats = dict(zip(rows, _example_features([t for t, _ in rows], load())))
    print("| model | trained on | held out | held-out accuracy | 'No event' held out read as an event |\n|---|---|---|---|---|")
    for fraction in (0.25, 0.5, 1.0):
        train, test = train_reader.split(rows, 0.2, fraction, 13)
        model = fit([feats[r] for r in train], [lab for _, lab in train])
        pred = [max(p, key=p.__getitem__) for p in (model.read(feats[r]) for r in test)]
        acc = sum(p == g for p, (_, g) in zip(pred, test)) / len(test)
        none = [p for p, (_, g) in zip(pred, test) if g == "No event"]
        fp = sum(p != "No event" and p in _acled() for p in none) / max(len(none), 1)
        print(f"| lemma | {len(train)} | {len(test)} | {acc:.3f} | {fp:.1%} |")
    runs = [json.loads((Path(run) / "held-out.json").read_text(encoding="utf-8")) for run in reader_runs]
    for skip in sorted({tuple(h["meta"].get("hold_files") or ()) for h in runs} - {()}):
        # whole files held out, as a reader build did: sentences of registers the model never saw
        kept = set(train_reader.examples(ROOT / "src/frontlines/data/event_examples", frozenset(skip)))
        train, test = [r for r in rows if r in kept], [r for r in rows if r not in kept]
        model = fit([feats[r] for r in train], [lab for _, lab in train])
        pred = [max(p, key=p.__getitem__) for p in (model.read(feats[r]) for r in test)]
        none = [p for p, (_, g) in zip(pred, test) if g == "No event"]
        print(f"| lemma, {', '.join(skip)} held out | {len(train)} | {len(test)} | "
              f"{sum(p == g for p, (_, g) in zip(pred, test)) / len(test):.3f} | "
              f"{sum(p in _acled() for p in none) / max(len(none), 1):.1%} |")
    for run, held in zip(reader_runs, runs):
        none = [h for h in held["rows"] if h["gold"] == "No event"]
        fp = sum(h["p_event"] >= GATE for h in none) / max(len(none), 1)
        skip = ", ".join(held["meta"].get("hold_files") or ())
        print(f"| reader ({held['meta']['epochs']} epochs{', ' + skip + ' held out' if skip else ''}) | {held['meta']['trained_on']} | {len(held['rows'])} | "
              f"{held['accuracy']:.3f} | {fp:.1%} (P(event) >= {GATE}) |")


def _acled() -> set[str]:
    from frontlines.lexicons import ACLED_TYPES

    return set(ACLED_TYPES)


def _weighted_f1(gold: list[str], pred: list[str], labels: list[str]) -> tuple[float, float]:
    support = Counter(gold)
    f1 = {}
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab != g for g, p in zip(gold, pred))
        fn = sum(g == lab != p for g, p in zip(gold, pred))
        f1[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    present = [lab for lab in labels if support[lab]]
    return sum(f1[lab] * support[lab] for lab in labels) / len(gold), sum(f1[lab] for lab in present) / len(present)


def case(reader) -> None:
    """CASE 2021 task 2 dev half: the main sub-event type per snippet, as bench/events.py reads it."""
    import csv

    from frontlines import extract
    from events import CASE_LABELS  # bench/events.py

    path = EVAL / "events" / "case2021_task2_dev.tsv"
    rows = [r for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t") if r["SubType"] in CASE_LABELS]
    gold = [CASE_LABELS[r["SubType"]] for r in rows]
    rules = []
    for r in rows:
        ev = next((e for e in extract(r["EventSnippet"]).events if e.time_status != "historical"), None)
        rules.append(ev.sub_event_type if ev else "none")
    scored = reader.score([r["EventSnippet"] for r in rows])
    alone = [s.label if s.label in reader.event_labels else "none" for s in scored]
    typed = [s.best_type()[0] for s in scored]
    keep = TERRITORY + PROTEST
    systems = {
        "rules + lemma model (today)": rules,
        "reader alone (its label; 'none' when no ACLED type wins)": alone,
        "reader alone, best ACLED type": typed,
        "rules keep territory/protest types, reader types the rest": [r if r in keep else t for r, t in zip(rules, typed)],
        "rules keep territory/protest types, reader the rest where it reads an event":
            [r if r in keep or s.label not in reader.event_labels else t for r, t, s in zip(rules, typed, scored)],
        "rules keep territory types, reader types the rest": [r if r in TERRITORY else t for r, t in zip(rules, typed)],
        f"reader types where its best type has p >= {TYPE_OVER}, else the rules":
            [s.best_type()[0] if s.best_type()[1] >= TYPE_OVER else r for r, s in zip(rules, scored)],
        "the same, but rules keep territory/protest types":
            [r if r in keep else s.best_type()[0] if s.best_type()[1] >= TYPE_OVER else r for r, s in zip(rules, scored)],
    }
    labels = sorted(set(CASE_LABELS.values()))
    print(f"CASE 2021 task 2 dev half, {len(rows)} snippets with an ACLED type (anchor: 0.839 weighted F1)")
    print("| system | weighted F1 | macro F1 | accuracy |\n|---|---|---|---|")
    for name, pred in systems.items():
        w, m = _weighted_f1(gold, pred, labels)
        print(f"| {name} | {w:.3f} | {m:.3f} | {sum(g == p for g, p in zip(gold, pred)) / len(gold):.3f} |")
    gated = sum(s.p_event >= GATE for s in scored)
    print(f"snippets (all gold events) with P(event) >= {GATE}: {gated} of {len(rows)} ({gated / len(rows):.1%})")
    fam = {}
    for g, r, t in zip(gold, rules, typed):
        f = "territory" if g in TERRITORY else "protest" if g in PROTEST else "other"
        c = fam.setdefault(f, [0, 0, 0])
        c[0] += 1
        c[1] += r == g
        c[2] += t == g
    print("| gold family | snippets | rules right | reader right |\n|---|---|---|---|")
    for f, (n, r, t) in sorted(fam.items()):
        print(f"| {f} | {n} | {r} | {t} |")
    both = [s.best_type()[1] >= TYPE_OVER for s in scored]
    print(f"the reader's type is taken for {sum(both)} of {len(rows)} snippets; rules or reader right (oracle): "
          f"{sum(g in (r, t) for g, r, t in zip(gold, rules, typed)) / len(gold):.3f} accuracy")


def corrections(n: int = 100, folds: int = 4) -> None:
    """What N analyst type corrections do (review.py, corrections.py: FRONTLINES_LEARN_CORRECTIONS=1).
    The corrections are simulated on CASE 2021 dev, shuffled and cut in `folds` parts: for each part,
    the first N snippets of the other parts that the lemma model types wrongly get their gold type, as
    an analyst reviewing those events would set it; the model is trained again on the shipped examples
    plus those N and both models are measured on the part held out, alone and inside the events stage
    (every snippet is measured once). The dev labels stay in this bench: no shipped file holds them,
    and no shipped model is trained on them."""
    import csv

    from frontlines import extract
    from frontlines.events import classify
    from frontlines.nlp import load
    from frontlines.service import Service
    from events import CASE_LABELS  # bench/events.py

    path = EVAL / "events" / "case2021_task2_dev.tsv"
    rows = [r for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t") if r["SubType"] in CASE_LABELS]
    random.Random(21).shuffle(rows)
    nlp = load()
    shipped = classify._examples()
    shipped_feats = classify._example_features([r["text"] for r in shipped], nlp)
    shipped_labels = [r["label"] for r in shipped]
    base = classify.fit(shipped_feats, shipped_labels)
    feats = classify._example_features([r["EventSnippet"] for r in rows], nlp)
    gold = [CASE_LABELS[r["SubType"]] for r in rows]
    acled = _acled()

    def typed(model, f) -> str:
        probs = model.read(f)
        best = max(probs, key=probs.__getitem__)
        return best if best in acled else "none"

    services: dict[int, Service] = {}

    def stage(model, snippet: str) -> str:
        if id(model) not in services:  # the events stage reads its service's model
            services[id(model)] = Service(nlp=nlp, type_model=model)
        ev = next((e for e in extract(snippet, service=services[id(model)]).events if e.time_status != "historical"), None)
        return ev.sub_event_type if ev else "none"

    base_typed = [typed(base, f) for f in feats]
    pred = {"base alone": [""] * len(rows), "taught alone": [""] * len(rows),
            "base stage": [""] * len(rows), "taught stage": [""] * len(rows)}
    used, seconds = [], 0.0
    for k in range(folds):
        held = list(range(k, len(rows), folds))
        wrong = [i for i in range(len(rows)) if i % folds != k and base_typed[i] != gold[i]][:n]
        used.append(len(wrong))
        t0 = time.perf_counter()
        taught = classify.fit(shipped_feats + [feats[i] for i in wrong], shipped_labels + [gold[i] for i in wrong])
        seconds += time.perf_counter() - t0
        for i in held:
            pred["base alone"][i] = base_typed[i]
            pred["taught alone"][i] = typed(taught, feats[i])
            pred["base stage"][i] = stage(base, rows[i]["EventSnippet"])
            pred["taught stage"][i] = stage(taught, rows[i]["EventSnippet"])
    labels = sorted(set(CASE_LABELS.values()))
    print(f"CASE 2021 dev ({len(rows)} snippets), {folds} folds: {'/'.join(map(str, used))} simulated type corrections "
          f"drawn from the other folds (snippets the lemma model typed wrongly), each fold measured once; "
          f"training again took {seconds / folds:.0f} s per fold")
    print("| model | lemma model alone: accuracy | weighted F1 | events stage (rules + model): accuracy | weighted F1 |")
    print("|---|---|---|---|---|")
    taught_name = f"shipped + {min(used)}" + (f"-{max(used)}" if max(used) != min(used) else "") + " corrections"
    for name, key in (("shipped examples", "base"), (taught_name, "taught")):
        alone, staged = pred[f"{key} alone"], pred[f"{key} stage"]
        print(f"| {name} | {sum(g == p for g, p in zip(gold, alone)) / len(gold):.3f} | "
              f"{_weighted_f1(gold, alone, labels)[0]:.3f} | {sum(g == p for g, p in zip(gold, staged)) / len(gold):.3f} | "
              f"{_weighted_f1(gold, staged, labels)[0]:.3f} |")


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _matches(event, places: dict, gold: dict, typed: bool) -> bool:
    """A found event is a gold one when its place (when both know one) lies within the gold's
    tolerance (25 km at precision 1, 50 km at 2, the same admin1 at 3) and its type is accepted
    (`typed`), or, untyped, its date is one of the gold's (when both know one)."""
    if typed and event.sub_event_type not in gold.get("types", []):
        return False
    if not typed and event.date and gold.get("dates") and event.date[:10] not in {str(d) for d in gold["dates"]}:
        return False
    gp, ep = gold.get("place"), places.get(event.place)
    if not gp or ep is None or ep.lat is None or gp.get("lat") is None:
        return True
    if (gp.get("precision") or 1) >= 3:
        return bool(ep.admin1 and gp.get("admin1") and ep.admin1.lower() == str(gp["admin1"]).lower()) \
            or _km((ep.lat, ep.lon), (gp["lat"], gp["lon"])) <= 100
    return _km((ep.lat, ep.lon), (gp["lat"], gp["lon"])) <= (25 if (gp.get("precision") or 1) == 1 else 50)


def _match(events: list, places: dict, gold: list[dict], typed: bool) -> list[str]:
    """Each found event, in order, matched one to one: 'tp', 'optional' (an optional gold event: neither
    right nor wrong) or 'fp'."""
    free, kinds = list(gold), []
    for e in events:
        g = next((g for g in free if _matches(e, places, g, typed)), None)
        if g is not None:
            free.remove(g)
        kinds.append("fp" if g is None else "optional" if g.get("optional") else "tp")
    return kinds


def gate(reader) -> None:
    """real_news dev: the events frontlines finds today, matched one to one to the hand-coded gold
    (typed: the type must be accepted; untyped: any gold event of that place and date), and how many
    of the right and the wrong ones a P(event) >= t gate on their sentences keeps."""
    import yaml

    from frontlines import extract
    from frontlines.nlp import load

    base = EVAL / "real_news"
    articles = [json.loads(line) for line in (base / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    golds = {g["id"]: g for g in yaml.safe_load((base / "gold.yaml").read_text(encoding="utf-8"))}
    nlp = load()
    found = []  # (max P(event) over the event's sentences, typed kind, untyped kind)
    required = 0
    sentences = {"event": [], "other": []}
    for a in articles:
        report = extract(a["text"], published=a.get("published"), outlet=a.get("outlet"), title=a.get("title"))
        text = report.article.text
        places = {p.id: p for p in report.places}
        gold = [g for g in golds[a["id"]]["events"] if g.get("time_status") != "historical"]
        required += sum(not g.get("optional") for g in gold)
        events = [e for e in report.events if e.time_status != "historical"]
        spans = sorted({s for e in events for s in e.evidence})
        p = dict(zip(spans, (o.p_event for o in reader.score([text[s:e] for s, e in spans]))))
        typed, untyped = _match(events, places, gold, True), _match(events, places, gold, False)
        found += [(max((p[s] for s in e.evidence), default=0.0), k, u) for e, k, u in zip(events, typed, untyped)]
        told = {s for e, u in zip(events, untyped) if u == "tp" for s in e.evidence}
        other = [(s.start_char, s.end_char) for s in nlp(text).sents
                 if not any(s.start_char < e and b < s.end_char for b, e in told)]
        sentences["event"] += [p[s] for s in told]
        sentences["other"] += [o.p_event for o in reader.score([text[b:e] for b, e in other])]
    print(f"real_news dev, {len(articles)} articles, {required} required current gold events; "
          f"'event sentences' are those of found events matched untyped, 'other' every other sentence")
    print("| gate | events kept | typed: right / wrong | typed P | typed R | untyped: right / wrong | untyped P | untyped R | "
          "event sentences passing | other sentences passing |\n|---|---|---|---|---|---|---|---|---|---|")
    for t in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        kept = [(k, u) for s, k, u in found if s >= t]
        tp, fp = sum(k == "tp" for k, _ in kept), sum(k == "fp" for k, _ in kept)
        utp, ufp = sum(u == "tp" for _, u in kept), sum(u == "fp" for _, u in kept)
        ev = sum(s >= t for s in sentences["event"])
        ot = sum(s >= t for s in sentences["other"])
        print(f"| {'none' if t == 0 else f'P >= {t:.1f}'} | {len(kept)} | {tp} / {fp} | {tp / max(tp + fp, 1):.3f} | "
              f"{tp / max(required, 1):.3f} | {utp} / {ufp} | {utp / max(utp + ufp, 1):.3f} | {utp / max(required, 1):.3f} | "
              f"{ev}/{len(sentences['event'])} | {ot}/{len(sentences['other'])} |")


def cost() -> None:
    from frontlines.events.reader import READER_DIR, load_reader

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    reader = load_reader()
    load_s = time.perf_counter() - t0
    if reader is None:
        print("no reader (onnxruntime missing, no model file, or a stale one)")
        return
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    texts = [t for t, _ in _script("train_reader").examples(ROOT / "src/frontlines/data/event_examples")][:1000]
    reader.score(texts[:32])
    speed = {}
    for batch in (1, 32):
        reader.batch_size = batch
        t0 = time.perf_counter()
        reader.score(texts)
        speed[batch] = len(texts) / (time.perf_counter() - t0)
    rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = sum(f.stat().st_size for f in READER_DIR.iterdir()) / 1e6
    print(f"reader files {size:.1f} MB; load {load_s:.2f} s; {len(texts)} example sentences: {speed[1]:.0f} sentences/s "
          f"one at a time (the default), {speed[32]:.0f} in batches of 32 "
          f"({reader.session.get_session_options().intra_op_num_threads} threads); "
          f"peak RSS {rss0 / 1024:.0f} MB before, {rss1 / 1024:.0f} MB loaded, {rss2 / 1024:.0f} MB after scoring")


def main() -> None:
    from frontlines.events.reader import load_reader, open_reader

    other = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--reader=")), None)
    args = [a for a in sys.argv[1:] if not a.startswith("--reader=")]
    what = args[0] if args else "all"
    if what in ("cv", "all"):
        lemma_cv()
    if what in ("curve", "all"):
        print()
        curve(args[1:])
    if what in ("cost", "all"):
        print()
        cost()
    if what == "corrections" or what == "all" and EVAL.exists():
        print()
        corrections(int(args[1]) if len(args) > 1 else 100)
    if what in ("case", "gate", "all"):
        if not EVAL.exists():
            print(f"skipped: {EVAL} is absent")
            return
        reader = open_reader(Path(other), _acled()) if other else load_reader()
        if reader is None:
            print("skipped: no reader (onnxruntime missing, no model file, or a stale one)")
            return
        if what in ("case", "all"):
            print()
            case(reader)
        if what in ("gate", "all"):
            print()
            gate(reader)


if __name__ == "__main__":
    main()
