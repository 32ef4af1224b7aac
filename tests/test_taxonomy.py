"""The ACLED taxonomy lives once, in data/taxonomy.yaml; trigger families and their roles in events.yaml.
Code asks those files by key or tag, and never spells a type's or a family's name itself."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
import yaml

from frontlines import lexicons
from frontlines.export import disorder_type, note
from frontlines.lexicons import FAM, RES, SUB, TYPE, LexiconError, event_lexicon, taxonomy

SRC = Path(lexicons.__file__).resolve().parent


def test_the_taxonomy_has_acleds_six_types_and_twenty_five_sub_types():
    tx = taxonomy()
    assert len(tx.types) == 6 and len(tx.subs) == 25
    assert tx.event_type(SUB.armed_clash) == TYPE.battles
    assert tx.event_type(SUB.peaceful) == TYPE.protests
    assert tx.tagged("territorial") == {SUB.regain, SUB.overtake, SUB.transfer}
    assert tx.of_types(lambda t: t.violent) == {TYPE.battles, TYPE.explosions, TYPE.civilians}
    # the protest ranks are the order a retelling may raise a protest's type in
    ranks = sorted((s for s in tx.subs.values() if s.severity is not None), key=lambda s: s.severity)
    assert [s.name for s in ranks] == [SUB.peaceful, SUB.intervention, SUB.excessive_force]


def test_an_unknown_key_or_tag_is_an_error_not_a_silent_mismatch():
    with pytest.raises(AttributeError, match="armed_clsh"):
        SUB.armed_clsh
    with pytest.raises(AttributeError, match="skirmish"):
        FAM.skirmish
    with pytest.raises(LexiconError, match="violentish"):
        taxonomy().tagged("violentish")


def _copy_data(tmp_path: Path, monkeypatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SRC / "data", data, ignore=shutil.ignore_patterns("reader", "basemap", "event_examples"))
    monkeypatch.setattr(lexicons, "DATA_DIR", data)
    return data


def test_a_malformed_taxonomy_fails_at_load_with_the_key_named(tmp_path, monkeypatch):
    data = _copy_data(tmp_path, monkeypatch)
    spec = yaml.safe_load((data / "taxonomy.yaml").read_text())
    spec["sub_event_types"]["grenade"]["type"] = "explosives"
    (data / "taxonomy.yaml").write_text(yaml.safe_dump(spec))
    with pytest.raises(LexiconError, match="grenade.*explosives"):
        lexicons.taxonomy.__wrapped__()
    spec["sub_event_types"]["grenade"]["type"] = "explosions"
    del spec["sub_event_types"]["other"]
    (data / "taxonomy.yaml").write_text(yaml.safe_dump(spec))
    with pytest.raises(LexiconError, match="25 sub-event types"):
        lexicons.taxonomy.__wrapped__()


def test_a_role_naming_no_family_fails_at_load(tmp_path, monkeypatch):
    data = _copy_data(tmp_path, monkeypatch)
    spec = yaml.safe_load((data / "events.yaml").read_text())
    spec["roles"]["weapons"].append("catapult")
    (data / "events.yaml").write_text(yaml.safe_dump(spec))
    with pytest.raises(LexiconError, match="weapons.*catapult"):
        lexicons.event_lexicon.__wrapped__()


def test_the_export_reads_its_verbs_and_disorder_from_the_taxonomy():
    assert disorder_type(TYPE.protests, SUB.excessive_force) == "Political violence; Demonstrations"
    assert disorder_type(TYPE.riots, SUB.mob) == "Demonstrations"
    assert disorder_type(TYPE.strategic, SUB.arrests) == "Strategic developments"
    event = {"sub_event_type": SUB.shelling, "actor1": "Military Forces of Ruritania", "date": "2024-03-02",
             "time_precision": 1, "place": {"name": "Velka", "kind": "city", "admin1": "North", "country": "Ruritania"}}
    assert "Military Forces of Ruritania " + taxonomy().subs[SUB.shelling].note + " in Velka" in note(event)


def test_every_family_role_and_resolver_names_what_exists():
    lex = event_lexicon()
    for role, names in lex["roles"].items():
        assert set(names) <= set(lex["families"]), role
    for fam in lex["families"].values():
        assert fam.sub_event_type in taxonomy().subs or fam.resolver in lex["resolvers"], fam.name
    assert RES.territory in lex["resolvers"]


# -- no name spelled in code -----------------------------------------------------------------

def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            out.add(id(body[0].value))
    return out


def _code_strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    parents = {id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                and not isinstance(parents.get(id(node)), ast.JoinedStr):
            yield node, parents


def test_no_acled_type_name_is_spelled_in_code():
    names = set(taxonomy().subs) | set(taxonomy().types)
    found = [f"{p.relative_to(SRC)}:{node.lineno}: {node.value!r}"
             for p in sorted(SRC.rglob("*.py")) for node, _ in _code_strings(p) if node.value in names]
    assert not found, "type names belong in data/taxonomy.yaml:\n" + "\n".join(found)


def _asks_family(compare: ast.Compare, operand: ast.AST) -> bool:
    """The comparison tests a family, a resolver or a direction (`c.family ==`, `fam.resolver in`)."""
    text = " ".join(ast.unparse(o) for o in [compare.left, *compare.comparators] if o is not operand)
    return any(w in text for w in ("family", "fam.", ".name", "resolver", "direction"))


def test_no_trigger_family_or_resolver_is_compared_by_its_bare_name():
    """`c.family == "attack"` or `{"capture", "fall"}` in code: the families and what they play are
    events.yaml's (FAM.attack, roles). A word that happens to spell a family elsewhere is not flagged."""
    lex = event_lexicon()
    names = set(lex["families"]) | set(lex["resolvers"]) | set(lex["directions"])
    found = []
    for p in sorted(SRC.rglob("*.py")):
        for node, parents in _code_strings(p):
            if node.value not in names:
                continue
            up = parents.get(id(node))
            if isinstance(up, (ast.Tuple, ast.Set, ast.List)):
                # a set of families ({"capture", "fall", "regain"}), or families a family is tested against
                words = [e.value if isinstance(e, ast.Constant) else None for e in up.elts]
                compare = parents.get(id(up))
                if (len(words) >= 2 and all(w in names for w in words)) or \
                        (isinstance(compare, ast.Compare) and _asks_family(compare, up)):
                    found.append(f"{p.relative_to(SRC)}:{node.lineno}: {node.value!r} in {ast.unparse(up)}")
            elif isinstance(up, ast.Compare) and _asks_family(up, node):
                found.append(f"{p.relative_to(SRC)}:{node.lineno}: {ast.unparse(up)}")
            elif isinstance(up, ast.Subscript) and "families" in ast.unparse(up.value):
                found.append(f"{p.relative_to(SRC)}:{node.lineno}: {ast.unparse(up)}")
    assert not found, "families and resolvers are named through lexicons (FAM, RES, DIR, roles):\n" + "\n".join(found)
