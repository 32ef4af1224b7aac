"""Generated conflict articles for speed and scale benches: sentences this project wrote, recombined
with real places, actors, dates and numbers. Deterministic for a given seed."""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

PLACES = {  # country: (adjective, towns, armed groups)
    "Afghanistan": ("Afghan", ["Kunduz", "Taloqan", "Sheberghan", "Zaranj", "Ghazni", "Herat", "Lashkar Gah", "Kandahar"], ["Taliban"]),
    "Sudan": ("Sudanese", ["El Fasher", "Nyala", "Wad Medani", "El Obeid", "Kadugli", "Sennar"], ["Rapid Support Forces"]),
    "Ukraine": ("Ukrainian", ["Bakhmut", "Avdiivka", "Kupiansk", "Lyman", "Izium", "Kherson"], []),
    "Mali": ("Malian", ["Mopti", "Gao", "Timbuktu", "Menaka", "Kidal", "Segou"], ["JNIM", "Islamic State Sahel Province"]),
    "Somalia": ("Somali", ["Mogadishu", "Baidoa", "Beledweyne", "Kismayo", "Jowhar"], ["Al-Shabaab"]),
    "Yemen": ("Yemeni", ["Marib", "Taiz", "Hodeidah", "Sanaa"], ["Houthis"]),
    "Nigeria": ("Nigerian", ["Maiduguri", "Bama", "Gwoza", "Monguno"], ["Boko Haram", "ISWAP"]),
    "Myanmar": ("Myanmar", ["Lashio", "Myawaddy", "Sittwe", "Laukkaing"], ["Arakan Army", "Kachin Independence Army"]),
}
OUTLETS = ["Frontline Wire", "Steppe Report", "Nile Dispatch", "Sahel Monitor", "Horn Review", "Gulf Wire", "Delta Times"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LEADS = [
    "{group} fighters seized {town} on {day} after heavy fighting with {adj} troops, a local official said.",
    "{adj} forces retook {town} from {group} militants on {day}, the defence ministry said.",
    "{group} militants attacked a village near {town} on {day}, killing at least {n} civilians, residents said.",
    "A roadside bomb struck a military convoy near {town} on {day}, killing {n} soldiers, officials said.",
    "Warplanes carried out air strikes on {group} positions around {town} on {day}, the army said.",
    "Police fired tear gas at hundreds of protesters in {town} on {day}, witnesses said.",
    "Security forces arrested {n} suspected members of {group} in {town} on {day}, police said.",
    "Gunmen abducted {n} aid workers on the road to {town} on {day}, a humanitarian official said.",
]
FOLLOWS = [
    "The {group} said in a statement that it had inflicted heavy losses, a claim that could not be verified.",
    "The army denied the report and said its troops remained in control of the area.",
    "Hundreds of families fled the fighting, according to the United Nations.",
    "A spokesman for the provincial governor said reinforcements had been sent.",
    "The {group} has been active in the region for years and has staged similar attacks before.",
    "Residents said shops remained closed and the main road was blocked.",
    "Doctors at the main hospital said they had received dozens of wounded.",
]


def generate(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    start = dt.date(2021, 1, 1)
    out = []
    for i in range(n):
        country = rng.choice(list(PLACES))
        adj, towns, groups = PLACES[country]
        group = rng.choice(groups) if groups else "Russian"
        published = start + dt.timedelta(days=rng.randrange(1200))
        day = WEEKDAYS[(published - dt.timedelta(days=rng.randrange(1, 3))).weekday()]
        vals = dict(group=group, town=rng.choice(towns), day=day, adj=adj, n=rng.randrange(2, 40))
        lead = rng.choice(LEADS).format(**vals)
        body = " ".join(rng.sample(FOLLOWS, k=rng.randrange(2, 5))).format(**vals)
        out.append({"id": f"gen-{i:06d}", "published": published.isoformat(), "outlet": rng.choice(OUTLETS),
                    "title": None, "url": None, "text": f"{lead} {body}"})
    return out


def write(path: Path, n: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in generate(n, seed):
            fh.write(json.dumps(rec) + "\n")
    return path


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
