#!/usr/bin/env python3
"""Writes Sources/EspritGame/Config/DefaultCatalog+Table.swift: the default catalog of base Esprits,
as a `DefaultCatalog.table` string with one `id|name|element|tier|atk|def|hp` line per Esprit.

    python3 scripts/generate-catalog.py          # rewrite the Swift file
    python3 scripts/generate-catalog.py --check  # fail if the Swift file is missing or stale

The catalog has two base Esprits (variants a and b) for every element (fire, water, earth, wind,
light, dark) and tier (1 to 18): 216 in all, with ids 1...216 in the order tier, then element,
then variant.

Names join an element's root for the tier (grander roots at higher tiers) to a creature suffix
from the tier's band (1-6, 7-12, 13-18); the two variants of a pair share the root and take
different suffixes, chosen by index (never one that doubles the root's last letter). Every
name is 3 to 20 ASCII letters, starts with a capital letter, and is unique ignoring case; the
script refuses to write a catalog that breaks any of this.

Stats come from exact rational arithmetic, so the output is the same on every machine and
Python 3 version: atk + def + hp is round(60 * 1.32^(tier - 1)) (half up), split by the
element's weights with the largest-remainder method. Variant b moves 4% of the smaller of two
stats (at least 1 point) from one to the other, the pair of stats rotating with tier and
element, so the two variants differ by a few percent without changing the element's leaning
or the tier's total.
"""
import os
import re
import sys
from fractions import Fraction

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUTPUT_RELATIVE = os.path.join("Sources", "EspritGame", "Config", "DefaultCatalog+Table.swift")
OUTPUT_PATH = os.path.join(ROOT, OUTPUT_RELATIVE)

ELEMENTS = ["fire", "water", "earth", "wind", "light", "dark"]
TIERS = range(1, 19)
VARIANTS = ["a", "b"]

BASE_TOTAL = 60
GROWTH = Fraction(132, 100)

# Share of atk, def and hp, in percent, for each element.
WEIGHTS = {
    "fire": (50, 20, 30),   # atk-heavy
    "water": (28, 27, 45),  # hp-heavy
    "earth": (25, 47, 28),  # def-heavy
    "wind": (37, 31, 32),   # balanced, slightly more atk
    "light": (22, 37, 41),  # hp and def
    "dark": (41, 19, 40),   # atk and hp
}
# Variant b moves this share of the smaller of two stats from one to the other.
VARIANT_SHIFT = Fraction(4, 100)

# One root per tier (index 0 is tier 1), growing grander.
ROOTS = {
    "fire": ["Ember", "Cinder", "Spark", "Ash", "Singe", "Kindle",
             "Scorch", "Flare", "Blaze", "Pyre", "Brand", "Magma",
             "Vulcan", "Ignis", "Phoenix", "Inferno", "Pyroclast", "Sunforge"],
    "water": ["Drip", "Dew", "Puddle", "Ripple", "Brook", "Bubble",
              "Splash", "Rill", "Current", "Torrent", "Surge", "Tide",
              "Riptide", "Maelstrom", "Fathom", "Tsunami", "Oceanus", "Leviathan"],
    "earth": ["Pebble", "Mud", "Clay", "Loam", "Gravel", "Stone",
              "Boulder", "Crag", "Granite", "Quartz", "Basalt", "Bedrock",
              "Monolith", "Obsidian", "Ironpeak", "Terra", "Gaia", "Worldspine"],
    "wind": ["Puff", "Breeze", "Waft", "Gust", "Draft", "Zephyr",
             "Flurry", "Squall", "Gale", "Cyclone", "Sirocco", "Mistral",
             "Tempest", "Typhoon", "Hurricane", "Aeolus", "Stratos", "Skysunder"],
    "light": ["Glim", "Glow", "Glint", "Gleam", "Shimmer", "Lumen",
              "Beacon", "Halo", "Prism", "Sunray", "Aurora", "Lustre",
              "Seraph", "Dawnstar", "Solaris", "Celestia", "Empyrean", "Radiance"],
    "dark": ["Murk", "Gloom", "Shade", "Dusk", "Hex", "Umbra",
             "Shadow", "Raven", "Wraith", "Eclipse", "Nocturne", "Obscura",
             "Dread", "Abyss", "Void", "Nether", "Oblivion", "Erebus"],
}

# Creature suffixes for tiers 1-6, 7-12 and 13-18.
SUFFIX_BANDS = [
    ["kit", "ling", "pup", "mote", "sprite"],
    ["fang", "claw", "horn", "wing", "mane"],
    ["drake", "lord", "titan", "wyrm", "regent"],
]

NAME_PATTERN = re.compile(r"[A-Z][A-Za-z]{2,19}")


def round_half_up(value):
    """Rounds a non-negative Fraction to the nearest integer, halves up."""
    return int(value + Fraction(1, 2))


def tier_total(tier):
    """atk + def + hp for a tier: round(60 * 1.32^(tier - 1)), computed exactly."""
    return round_half_up(BASE_TOTAL * GROWTH ** (tier - 1))


def apportion(total, weights):
    """Splits total into integers proportional to weights (largest remainder, ties by index)."""
    weight_sum = sum(weights)
    exact = [Fraction(total * weight, weight_sum) for weight in weights]
    parts = [int(share) for share in exact]
    by_remainder = sorted(range(len(weights)), key=lambda index: (-(exact[index] - parts[index]), index))
    for index in by_remainder[:total - sum(parts)]:
        parts[index] += 1
    return parts


def stats(element, tier, variant):
    """The (atk, def, hp) of one base Esprit."""
    element_index = ELEMENTS.index(element)
    parts = apportion(tier_total(tier), WEIGHTS[element])
    if variant == "b":
        gainer = (tier + element_index) % 3
        giver = (gainer + 1) % 3
        moved = max(1, round_half_up(min(parts[gainer], parts[giver]) * VARIANT_SHIFT))
        parts[gainer] += moved
        parts[giver] -= moved
    return tuple(parts)


def name(element, tier, variant):
    """The name of one base Esprit: the element's root for the tier and a suffix from its band.

    The pair's suffixes are the first two of the band taken in turn from index 2 * ((tier - 1) % 6),
    skipping any that starts with the root's last letter (no "Murkkit" or "Dreaddrake").
    """
    root = ROOTS[element][tier - 1]
    suffixes = SUFFIX_BANDS[(tier - 1) // 6]
    start = 2 * ((tier - 1) % 6)
    in_turn = [suffixes[(start + step) % len(suffixes)] for step in range(len(suffixes))]
    usable = [suffix for suffix in in_turn if suffix[0] != root[-1].lower()]
    return root + usable[VARIANTS.index(variant)]


def catalog():
    """Every base Esprit as (id, name, element, tier, atk, def, hp), in id order."""
    entries = []
    for tier in TIERS:
        for element in ELEMENTS:
            for variant in VARIANTS:
                atk, def_, hp = stats(element, tier, variant)
                entries.append((len(entries) + 1, name(element, tier, variant), element, tier, atk, def_, hp))
    return entries


def validate(entries):
    """Fails if the catalog breaks a rule of the game design."""
    problems = []
    expected_count = len(ELEMENTS) * len(TIERS) * len(VARIANTS)
    if len(entries) != expected_count:
        problems.append("%d entries, expected %d" % (len(entries), expected_count))
    seen = {}
    for entry_id, entry_name, element, tier, atk, def_, hp in entries:
        if not NAME_PATTERN.fullmatch(entry_name):
            problems.append("id %d: name %r is not 3-20 ASCII letters starting with a capital"
                            % (entry_id, entry_name))
        folded = entry_name.lower()
        if folded in seen:
            problems.append("id %d: name %r repeats id %d's ignoring case"
                            % (entry_id, entry_name, seen[folded]))
        seen[folded] = entry_id
        if min(atk, def_, hp) <= 0:
            problems.append("id %d: stats %d/%d/%d are not all positive" % (entry_id, atk, def_, hp))
    for element in ELEMENTS:
        for tier in TIERS:
            if stats(element, tier, "a") == stats(element, tier, "b"):
                problems.append("%s tier %d: variants a and b have the same stats" % (element, tier))
    if problems:
        raise SystemExit("generate-catalog: invalid catalog:\n  " + "\n  ".join(problems))


def render(entries):
    """The Swift source of DefaultCatalog.swift."""
    lines = [
        "// Generated by scripts/generate-catalog.py; do not edit by hand.",
        "",
        "extension DefaultCatalog {",
        "    /// The default base Esprits, one per line: id|name|element|tier|atk|def|hp.",
        '    static let table = """',
    ]
    lines += ["    " + "|".join(str(field) for field in entry) for entry in entries]
    lines += [
        '    """',
        "}",
    ]
    return "\n".join(lines) + "\n"


def main():
    arguments = sys.argv[1:]
    unknown = [argument for argument in arguments if argument != "--check"]
    if unknown:
        raise SystemExit("usage: python3 scripts/generate-catalog.py [--check]")
    entries = catalog()
    validate(entries)
    text = render(entries)
    if "--check" in arguments:
        try:
            with open(OUTPUT_PATH, encoding="utf-8", newline="") as handle:
                current = handle.read()
        except FileNotFoundError:
            raise SystemExit("%s is missing; run python3 scripts/generate-catalog.py" % OUTPUT_RELATIVE)
        if current != text:
            current_lines, expected_lines = current.split("\n"), text.split("\n")
            line = next((index + 1 for index, (have, want) in enumerate(zip(current_lines, expected_lines))
                         if have != want), min(len(current_lines), len(expected_lines)) + 1)
            raise SystemExit("%s is out of date (first difference at line %d); "
                             "run python3 scripts/generate-catalog.py" % (OUTPUT_RELATIVE, line))
        print("catalog up to date")
        return
    os.makedirs(os.path.dirname(OUTPUT_PATH), exist_ok=True)
    with open(OUTPUT_PATH, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print("wrote %d base Esprits to %s" % (len(entries), OUTPUT_RELATIVE))


if __name__ == "__main__":
    main()
