"""Synthetic FMCG-like catalogs and order messages for the benchmark, the same for every seed.

A catalog of N SKUs is about N/25 made-up brands, each with a few product kinds
in a few variants and pack sizes, with aliases; rows are shuffled. Messages are
orders the way dealers type them (quantities before or after, unit words,
aliases, a dropped letter, fillers, several separators), each remembering the
item mentions it was built from so the brute-force baseline can score them.

>>> cat = catalog(200, seed=1)
>>> len(cat), len({p.sku for p in cat})
(200, 200)
>>> msgs = messages(cat, 3, seed=1)
>>> all(m.mentions for m in msgs)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from nlu.types import Product

SYLLABLES = ("ra", "shu", "ki", "mo", "ta", "vi", "ne", "lo", "pa", "su", "ga", "dhi", "ja", "ba", "ha", "ma",
             "na", "pri", "sa", "tri", "ku", "ve", "ro", "di", "zo", "an", "el", "om", "ya", "che")
# (product words, category, solid or liquid, pieces in a case)
KINDS = (
    ("Masala Noodles", "Noodles", "g", 96), ("Gluco Biscuits", "Biscuits", "g", 144),
    ("Cream Biscuits", "Biscuits", "g", 72), ("Iodised Salt", "Salt", "g", 25),
    ("Soyabean Oil", "Edible Oil", "ml", 12), ("Chakki Atta", "Atta", "g", 10),
    ("Premium Tea", "Tea", "g", 40), ("Detergent Powder", "Detergent", "g", 20),
    ("Detergent Bar", "Detergent", "g", 40), ("Bathing Soap", "Soap", "g", 72),
    ("Toothpaste", "Toothpaste", "g", 72), ("Shampoo", "Shampoo", "ml", 48),
    ("Hair Oil", "Hair Care", "ml", 48), ("Cola", "Soft Drinks", "ml", 24),
    ("Mango Drink", "Soft Drinks", "ml", 24), ("Potato Chips", "Snacks", "g", 48),
    ("Aloo Bhujia", "Snacks", "g", 40), ("Milk Chocolate", "Chocolates", "g", 36),
    ("Instant Coffee", "Coffee", "g", 48), ("Basmati Rice", "Rice", "g", 10),
    ("Toor Dal", "Pulses", "g", 20), ("Garam Masala", "Spices", "g", 60),
    ("Tomato Ketchup", "Sauces", "g", 24), ("Dishwash Bar", "Detergent", "g", 96),
    ("Floor Cleaner", "Home Care", "ml", 24), ("Mosquito Coil", "Home Care", "g", 60),
    ("Agarbatti", "Pooja", "g", 144), ("Face Cream", "Skin Care", "g", 72),
    ("Talcum Powder", "Skin Care", "g", 48), ("Hand Wash", "Soap", "ml", 24),
    ("Desi Ghee", "Dairy", "ml", 12), ("Sugar", "Staples", "g", 30),
    ("Besan", "Staples", "g", 20), ("Poha", "Staples", "g", 30),
    ("Vermicelli", "Noodles", "g", 48), ("Mango Pickle", "Sauces", "g", 24),
    ("Mixed Fruit Jam", "Sauces", "g", 24), ("Corn Flakes", "Breakfast", "g", 24),
    ("Rolled Oats", "Breakfast", "g", 24), ("Peanut Butter", "Breakfast", "g", 24),
)
VARIANTS = ("Classic", "Gold", "Lite", "Lemon", "Rose", "Neem", "Extra Strong", "Family", "Royal", "Kesar",
            "Herbal", "Active", "Fresh", "Super", "Cool")
SIZES = {"g": ("50g", "100g", "200g", "500g", "1kg", "5kg"),
         "ml": ("100ml", "200ml", "500ml", "1L", "2L", "5L")}
UNIT_WORDS = (("cs", "case"), ("peti", "case"), ("case", "case"), ("ctn", "case"), ("pcs", "pc"),
              ("nos", "pc"), ("dzn", "dozen"), ("", ""))
GLUE = (", ", "\n", " aur ", " + ", ", ", "\n")
OPENERS = ("", "", "bhaiya ", "Namaste ji, order: ", "pls send ", "Sir ")
CLOSERS = ("", "", " jaldi bhejna", " 🙏", " thanks", "")


@dataclass(frozen=True)
class Message:
    text: str
    mentions: tuple[str, ...]  # the item words of each line, as the baseline gets them


def _brand_names(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        parts = rng.randint(2, 3)
        names.add("".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize())
    return sorted(names)


def catalog(size: int, seed: int = 2026) -> list[Product]:
    """`size` shuffled SKUs of made-up brands; names, aliases and sizes look like a distributor's."""
    rng = random.Random(seed)
    rows: list[Product] = []
    aliases_seen: set[str] = set()
    for brand in _brand_names(size // 25 + 1, rng):
        for words, category, measure, per_case in rng.sample(KINDS, rng.randint(2, 4)):
            for variant in rng.sample(VARIANTS, rng.randint(2, 4)):
                for pack in rng.sample(SIZES[measure], rng.randint(2, 4)):
                    sku = f"{brand[:4].upper()}-{len(rows):06d}"
                    aliases = []
                    for alias in (f"{brand} {variant} {pack}".lower(), f"{brand} {words.split()[0]}".lower()):
                        if alias not in aliases_seen:
                            aliases_seen.add(alias)
                            aliases.append(alias)
                    uoms = [("case", Decimal(per_case)), ("pc", Decimal(1))]
                    if per_case % 12 == 0 and per_case > 12 and rng.random() < 0.4:
                        uoms.insert(1, ("dozen", Decimal(12)))
                    rows.append(Product(sku, f"{brand} {variant} {words} {pack}", tuple(uoms), "case", brand,
                                        category, pack, tuple(aliases)))
    rng.shuffle(rows)
    return rows[:size]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]


def _mention(p: Product, rng: random.Random) -> str:
    brand, rest = p.brand, p.name[len(p.brand) + 1:-len(p.size) - 1]
    variant = next(v for v in VARIANTS if rest.startswith(v + " "))
    kind = rest[len(variant) + 1:]
    form = rng.randrange(5)
    if form == 0:
        words = f"{brand} {variant} {kind} {p.size}"
    elif form == 1:
        words = f"{brand} {kind} {variant} {p.size}".lower()
    elif form == 2 and p.aliases:
        words = p.aliases[0]
    elif form == 3:
        words = f"{_typo(brand, rng)} {variant} {p.size}".lower()
    else:
        words = f"{brand} {variant} {kind.split()[0]} {p.size}".lower()
    return words


def messages(products: list[Product], count: int, seed: int = 7) -> list[Message]:
    """`count` order messages of one to five lines over `products`."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts, mentions = [], []
        for p in rng.sample(products, rng.randint(1, 5)):
            words = _mention(p, rng)
            unit_word, unit = rng.choice(UNIT_WORDS)
            if unit and p.factor(unit) is None:
                unit_word = "cs"
            qty = rng.choice((1, 2, 3, 5, 10, 12, 20, 24, 50))
            line = f"{qty} {unit_word} {words}" if rng.random() < 0.3 else f"{words} {qty} {unit_word}"
            parts.append(" ".join(line.split()))
            mentions.append(words)
        body = parts[0]
        for part in parts[1:]:
            body += rng.choice(GLUE) + part
        out.append(Message(rng.choice(OPENERS) + body + rng.choice(CLOSERS), tuple(mentions)))
    return out
