"""A sentence-level event-type model: a linear classifier over lemmas, lemma pairs, trigger
families, actor kinds and numbers.

It is trained at first use on examples this project wrote itself (data/event_examples/*.yaml, one
label per sentence: the 25 ACLED sub-event types, five kinds of news that is not political violence,
and "No event"), never on evaluation or ACLED data, and cached beside the gazetteer. The trigger
rules stay in charge where they fire (they see who did what to whom); the model speaks for
sentences the rules pass over, and names what is not political violence (a robbery, a flood, a
summit, a claim of responsibility) instead of staying silent.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import numpy as np
import yaml
from spacy.tokens import Doc, Span

from ..actors import attributive
from ..control import TERRITORIAL
from ..lexicons import ACLED_TYPES, DATA_DIR, RES, taxonomy
from ..model import NonEvent

if TYPE_CHECKING:
    from spacy.language import Language

    from ..config import Settings
    from ..places.gazetteer import Gazetteer

log = logging.getLogger(__name__)

EXAMPLES = DATA_DIR / "event_examples"
NO_EVENT = "No event"
# Labels that are news but not political violence: reported as such, never as ACLED events.
NOT_POLITICAL = ("Organized crime", "Natural disaster", "Man-made disaster", "Diplomacy", "Attribution")
_FEATURE_VERSION = "4"  # bump when _features changes: the cached model is keyed by it
_L2 = 1e-4
_STEPS = 300
_RATE = 0.05


# Objects of every kind: a trigger word counts as a feature whatever it governs.
_ANY_OBJECT = frozenset({"place", "territory", "facility", "person", "armed", "weapon", "property", "accord", "base_site",
                         "prisoner", "armed_target", "victim"})


def _features(text: Span | Doc, actor_kinds: Iterable[str] = ()) -> list[str]:
    """Lemmas and lemma pairs, the trigger families of data/events.yaml the words belong to, the kinds
    of actors named (state forces, an armed group, protesters...) and whether a number is given."""
    from .triggers import find_triggers

    words = [t for t in text if t.is_alpha and not t.is_stop]
    lemmas = [t.lemma_.lower() for t in words]
    feats = lemmas + [f"{a}_{b}" for a, b in zip(lemmas, lemmas[1:])]
    for sent in text.sents:
        feats += [f"FAM:{t.family.name}" for t in find_triggers(sent, lambda _: _ANY_OBJECT)]
    feats += [f"KIND:{k}" for k in actor_kinds]
    if any(t.like_num for t in text):
        feats.append("NUMBER")
    return feats


@dataclass
class TypeModel:
    labels: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray

    def probabilities(self, text: Span | Doc, actor_kinds: Iterable[str] = ()) -> dict[str, float]:
        return self.read(_features(text, actor_kinds))

    def read(self, features: Iterable[str]) -> dict[str, float]:
        idx = sorted({self.vocab[f] for f in features if f in self.vocab})
        z = self.bias.copy()
        if idx:
            z += self.weights[idx].sum(axis=0) / np.sqrt(len(idx))
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        return dict(zip(self.labels, p.tolist()))


def _examples(settings: Settings | None = None) -> list[dict]:
    out: list[dict] = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            label = row.get("label")
            if label not in ACLED_TYPES and label not in NOT_POLITICAL and label != NO_EVENT:
                raise ValueError(f"{path.name}: unknown label {label!r}")
            out.append(row)
    return out + _corrections(settings)


def _corrections(settings: Settings | None = None) -> list[dict]:
    """An analyst's type corrections (corrections.py), only when the user has turned learning on."""
    from .. import config
    from ..corrections import read

    settings = settings or config.SETTINGS
    if not settings.learn_from_corrections:
        return []
    return read(settings.corrections_path, set(ACLED_TYPES) | set(NOT_POLITICAL) | {NO_EVENT})


def _digest(settings: Settings | None = None) -> str:
    h = hashlib.sha256(_FEATURE_VERSION.encode())
    for path in sorted(EXAMPLES.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for row in _corrections(settings):  # a model trained on corrections is cached apart, and again when they grow
        h.update(f"{row['label']}\t{row['text']}\n".encode())
    return h.hexdigest()[:16]


def _example_features(texts: list[str], nlp: Language, gaz: Gazetteer | None = None) -> list[list[str]]:
    """Each example read as the pipeline reads an article, so that its actors are found the same way."""
    from ..actors import country_hints, find_actors, group_spans
    from ..nlp import gazetteer
    from ..places.resolve import find_places

    gaz = gaz or gazetteer()
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        groups = group_spans(doc, nlp)
        places = find_places(doc, gaz, exclude={t.i for g in groups for t in g}, hints=country_hints(groups))
        actors = find_actors(doc, nlp, places.focus_country)
        out.append(_features(doc, [m.kind for m in actors.mentions]))
    return out


def train(texts: list[str], labels: list[str], nlp: Language, gaz: Gazetteer | None = None) -> TypeModel:
    return fit(_example_features(texts, nlp, gaz), labels)


def fit(features: list[list[str]], labels: list[str]) -> TypeModel:
    """Multinomial logistic regression (Adam, L2) over binary features scaled to unit length."""
    names = sorted(set(labels))
    rows = [sorted(set(f)) for f in features]
    vocab: dict[str, int] = {}
    for feats in rows:
        for f in feats:
            vocab.setdefault(f, len(vocab))
    cols = np.array([vocab[f] for feats in rows for f in feats], dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    vals = np.concatenate([np.full(len(r), 1 / np.sqrt(len(r)) if r else 0.0) for r in rows]).astype(np.float32)
    y = np.eye(len(names), dtype=np.float32)[[names.index(lab) for lab in labels]]
    # every label weighs the same in the loss, however many examples it has: how many sentences the
    # project wrote for a type says nothing of how often news tells it
    weight = (1.0 / y.sum(axis=0))[y.argmax(axis=1)]
    weight = (weight * len(rows) / weight.sum()).astype(np.float32)
    w = np.zeros((len(vocab), len(names)), dtype=np.float32)
    b = np.zeros(len(names), dtype=np.float32)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    for step in range(1, _STEPS + 1):
        z = np.zeros((len(rows), len(names)), dtype=np.float32)
        np.add.at(z, row_of, w[cols] * vals[:, None])
        z += b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * weight[:, None] / len(rows)
        g_w = _L2 * w
        np.add.at(g_w, cols, g[row_of] * vals[:, None])
        g_b = g.sum(axis=0)
        for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= _RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return TypeModel(names, vocab, w, b)


def _cache_path(settings: Settings | None = None) -> Path:
    from ..places.gazetteer import default_path

    return default_path().with_name(f"event-model-{_digest(settings)}.npz")


def load_model(nlp: Language | None = None, gaz: Gazetteer | None = None,
               settings: Settings | None = None) -> TypeModel | None:
    """The trained model, from the cache or trained now with `nlp` and `gaz` (about a minute, once);
    None without examples. Read anew at each call: `service.Service.type_model` holds the one in use."""
    if not EXAMPLES.is_dir() or not any(EXAMPLES.glob("*.yaml")):
        return None
    path = _cache_path(settings)
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as z:
                labels = [str(x) for x in z["labels"]]
                vocab = {str(f): i for i, f in enumerate(z["features"])}
                return TypeModel(labels, vocab, z["weights"], z["bias"])
        except (OSError, ValueError, KeyError) as exc:
            log.warning("event model cache %s unreadable (%s): training again", path, exc)
    from ..nlp import load as load_nlp

    rows = _examples(settings)
    log.warning("training the event-type model on %d example sentences (once; cached at %s)", len(rows), path)
    model = train([r["text"] for r in rows], [r["label"] for r in rows], nlp or load_nlp(), gaz)
    features = np.array(sorted(model.vocab, key=model.vocab.__getitem__))
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(tmp, labels=np.array(model.labels), features=features, weights=model.weights, bias=model.bias)
        os.replace(tmp, path)  # whole or absent: a reader never sees half a model
    except OSError as exc:  # a read-only cache: use the model, train again next time
        log.warning("event model not cached at %s (%s)", path, exc)
        tmp.unlink(missing_ok=True)
    return model


def sentence_probabilities(ctx, sent: Span) -> dict[str, float]:
    """The model's reading of one sentence of the article, computed once per sentence."""
    model = ctx.type_model
    if model is None:
        return {}
    key = (sent.start, sent.end)
    if key not in ctx.sentence_probs:
        kinds = [m.kind for m in ctx.actors.in_tokens(list(sent))]
        ctx.sentence_probs[key] = model.probabilities(sent, kinds)
    return ctx.sentence_probs[key]


def _best(probs: dict[str, float]) -> tuple[str, float]:
    label = max(probs, key=probs.__getitem__)
    return label, probs[label]


# -- the model in the events stage ------------------------------------------------------------
# A sentence the rules pass over becomes an event when the model's label is right at least four
# times in five on the project's own examples held out of training (5-fold cross-validation over the
# 2,440 examples: precision 0.81 at 0.30, where 9% of "No event" sentences are typed as events).
THRESHOLD = 0.3
# Over a fixed-type trigger, the model's reading wins only when it is very sure (precision 0.90 on
# held-out examples at 0.6) and gives the trigger's type almost nothing.
OVERRIDE = 0.6
_QUANTITY = {s.name: s.quantity for s in taxonomy().subs.values() if s.quantity}


def retype(ctx, typed: list) -> None:
    """Fixed-type triggers the model reads, very surely, as another ACLED type (see OVERRIDE)."""
    if ctx.type_model is None:
        return
    for c in typed:
        if c.trigger.family.resolver is not None:
            continue  # typed from who did what to whom (territory, attack, protest, arrest): the parse knows more
        probs = sentence_probabilities(ctx, c.trigger.token.sent)
        label, p = _best(probs)
        if label in ACLED_TYPES and label != c.sub_event_type and p >= OVERRIDE and probs.get(c.sub_event_type or "", 0.0) < 0.05:
            c.sub_event_type = label


def _unreal(ctx, sent: Span) -> bool:
    """"did not capture", "no one was hurt", "a fall of Goma would be a blow": the rules' negation and
    modality tests, sentence-wide, since the model cannot tell which clause it read the event in."""
    from .arguments import modality, negated

    return any(negated(t) for t in sent if t.pos_ in ("VERB", "AUX")) \
        or modality(ctx, sent.root) in ("hypothetical", "future") \
        or re.search(r"\b(no one|nobody|without)\b", sent.text, re.I) is not None \
        or any(t.dep_ in ("aux", "auxpass") and t.lower_ in ctx.hypo_aux | ctx.future_aux for t in sent) \
        or any(t.dep_ == "mark" and t.lower_ in ("if", "unless") for t in sent)


def sentence_candidates(ctx, typed: list, judged: list = ()) -> list:
    """Events for sentences whose triggers yielded none, typed by the model; what it judges not
    political violence goes to `ctx.non_events`."""
    from ..lexicons import Family
    from ..claims import claim_for
    from .arguments import background, date_of
    from .candidate import ARMED, STATE, Candidate
    from .counts import sentence_quantities
    from .triggers import Trigger, phrasal_others

    if ctx.type_model is None:
        return []
    # a sentence whose event was folded into another one (a retelling, an outcome) is told already
    covered = {m.trigger.token.sent.start for c in typed for m in [c, *c.folded()]}
    # nor one whose territorial verb a particle made another ("took down two drones")
    no_territory = {c.trigger.token.sent.start for c in judged} | {
        s.start for s in ctx.doc.sents if any(f.resolver == RES.territory for _, f in phrasal_others(s))}
    out = []
    for sent in ctx.doc.sents:
        if sent.start in covered or sent.start in ctx.declined or sum(t.is_alpha for t in sent) < 5:
            continue
        label, p = _best(sentence_probabilities(ctx, sent))
        if label == NO_EVENT or p < THRESHOLD or (label in TERRITORIAL and sent.start in no_territory):
            continue
        if _unreal(ctx, sent):
            continue
        root = sent.root
        if label in NOT_POLITICAL:
            ctx.non_events.append(NonEvent(label, round(p, 2), [(sent.start_char, sent.end_char)]))
            continue
        mentions = ctx.actors.in_tokens(list(sent))
        armed = [m for m in mentions if m.kind in ARMED | STATE]
        actor1 = (armed or mentions or [None])[0]
        actor2 = next((m for m in mentions if actor1 is not None and m.actor != actor1.actor), None)
        # the finest place the sentence names; a country that only qualifies a side or a thing ("U.S.
        # troops left", "a Russian-made drone") says whose they are, not where anything happened
        sides = {i for m in mentions for i in range(m.start, m.end)}
        spots = [ctx.places.place(ctx.places.by_token[t.i]) for t in sent if t.i in ctx.places.by_token
                 and t.i not in ctx.places.dateline and not attributive(t)
                 and not (ctx.places.place(ctx.places.by_token[t.i]).kind == "country"
                          and (t.i in sides or t.dep_ in ("compound", "amod", "poss", "nmod")))]
        spots = [p for p in spots if p is not None]
        place = next((p for p in spots if p.kind != "country"), spots[0] if spots else None)
        date, explicit = date_of(ctx, root, list(sent), sent)
        status = "current"
        if background(ctx, date, explicit):
            status = "historical"
        family = Family(name="model", sub_event_type=label, resolver=None, verbs=(), nouns=(), object_required=(),
                        direction=None, quantity=_QUANTITY.get(label), requires_armed_subject=False,
                        requires_crowd=False, agent_nouns=frozenset())
        cand = Candidate(
            trigger=Trigger(root, family, "model", []), family="model", sub_event_type=label,
            actor1=actor1.actor if actor1 else None, actor2=actor2.actor if actor2 else None,
            place=place, facility=None, date=date, date_explicit=explicit, time_status=status,
            fatalities=None, quantities={}, extent=None,
            claims=[claim_for(ctx.sources, sent, root)],
            evidence=[(sent.start_char, sent.end_char)], position=root.i,
        )
        cand.confidence_cap = round(p, 2)
        sentence_quantities(ctx, sent, [cand])
        out.append(cand)
    return out
