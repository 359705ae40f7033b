"""Generic trade vocabulary: small tables, no catalog or customer names.

Fillers are chat words that never name a product ("bhaiya", "bhej do",
"please"); synonyms map Hindi/common words to the words catalogs print
("cheeni" -> "sugar"); descriptors are marketing words that do not tell two
variants apart ("pure", "iodised"); size modifiers pick the smaller/bigger
pack of a two-size range ("oreo bada wala").
"""

from __future__ import annotations

FILLERS = frozenset(
    """
bhai bhaiya bhaiyya bhaia bhayya sir ji jee sirji sahab saab sahib boss dada bro brother madam
please pls plz plss kindly pl send bhej bhejo bhejna bhejiye bhejdo bhijwa bhijwao dena dedo de do
dijiye dijie
dede karo kar kardo kardena karna karde krdo kr chahiye chaiye chahie mangta mangwana lagao laga
lagana lagado lagaiye lagaye lagwa lagwao likh likho lo
order orders ordr booking book add also bhi aur and plus with extra more alag se separately tak ke ka ki
ko ye yeh is iss this that the a an of for to in on at my mera meri mere hamara humara hamare hume apna
hai hain he ha tha thi the hoga hogi urgent urgently jaldi asap fast today aaj kal subah shaam sham abhi
abi now tomorrow only sirf bas total sath saath item items maal mal stock need want pls. wala wali wale
thanks thank thanku thankyou thx tq dhanyavad dhanyawad shukriya regards namaste namaskar hello hi hii
hey good morning evening afternoon night
quantity qty quantities rate rates price mrp same again shaadi shadi party function godown dukan dukaan shop
pathva pathvun pathav dya dyave dyava lavkar udya aaj ajun ho hoy ahe aahe majha majhe
mokalo mokli mokal moklo jaldi jldi urgent turant fatafat gaadi gadi sab thik theek list
baki baaki cha chi che pichla pichle pichli pichhla kitna kitne kitni material delivery dear following
earliest possible our site vadhare vadhu
""".split()
)

# Hindi or everyday words -> the word catalogs print (tried when the word itself is not in the catalog)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "chai": ("tea",),
    "chay": ("tea",),
    "patti": ("tea",),
    "cheeni": ("sugar",),
    "chini": ("sugar",),
    "shakkar": ("sugar",),
    "namak": ("salt",),
    "tel": ("oil",),
    "sarso": ("mustard",),
    "sarson": ("mustard",),
    "sarsu": ("mustard",),
    "haldi": ("turmeric",),
    "kaju": ("cashew",),
    "badam": ("almond",),
    "pani": ("water",),
    "paani": ("water",),
    "mirch": ("chilli",),
    "mirchi": ("chilli",),
    "chawal": ("rice",),
    "chaval": ("rice",),
    "aata": ("atta",),
    "daal": ("dal",),
    "dhal": ("dal",),
    "sabun": ("soap",),
    "sabu": ("soap",),
    "biskut": ("biscuit",),
    "biscut": ("biscuit",),
    "jeera": ("cumin",),
    "jira": ("cumin",),
    "dhaniya": ("coriander",),
    "elaichi": ("cardamom",),
    "ghee": ("ghee",),
    "doodh": ("milk",),
    "dudh": ("milk",),
    "makhan": ("butter",),
    "sooji": ("suji",),
    "rava": ("suji",),
    "maida": ("maida",),
    "toothpaste": ("paste",),
    "manjan": ("paste",),
    "juice": ("juice", "drink"),
    "lemon": ("lemon", "lime"),
    "nimbu": ("lemon", "lime"),
    "pudina": ("mint",),
    "sachet": ("sachet",),
    "pouch": ("pouch",),
    "colddrink": ("soft",),
    "chips": ("chip",),
    "namkin": ("namkeen",),
    "biryani": ("biryani",),
    "cement": ("cement",),
    "sariya": ("tmt", "bar"),
    "saria": ("tmt", "bar"),
    "tablet": ("tablet", "tab"),
    "tab": ("tablet", "tab"),
    "tabs": ("tablet", "tab"),
    "cap": ("capsule",),
    "caps": ("capsule",),
    "syp": ("syrup",),
    "syr": ("syrup",),
    "inj": ("injection",),
    # forms of the same product: granules, powder, liquid
    **dict.fromkeys(
        ["dana", "daana", "danedar", "daanedar", "daanedaar", "dane"], ("granular", "granules", "granule")
    ),
    **dict.fromkeys(["churna", "powder", "pawdar", "powdar"], ("powder",)),
    "pump": ("sprayer", "pump"),
    # crops and vegetables by their Hindi/Marathi names: the catalog prints the English one
    **dict.fromkeys(["bhindi", "bhendi"], ("okra", "bhindi")),
    **dict.fromkeys(["tamatar", "tamater"], ("tomato",)),
    **dict.fromkeys(["baingan", "vangi", "vange", "brinjal"], ("brinjal", "eggplant")),
    **dict.fromkeys(["gobhi", "gobi", "kobi"], ("cauliflower", "cabbage")),
    **dict.fromkeys(["karela", "karle"], ("bitter", "gourd")),
    **dict.fromkeys(["lauki", "dudhi", "ghiya"], ("bottle", "gourd")),
    **dict.fromkeys(["pyaz", "pyaaz", "kanda"], ("onion",)),
    **dict.fromkeys(["gehu", "gahu", "gehun", "gehoon"], ("wheat",)),
    **dict.fromkeys(["chana", "harbhara", "harbara"], ("gram", "chana", "harbhara")),
    **dict.fromkeys(["makka", "makai", "maka", "makka"], ("maize", "corn")),
    **dict.fromkeys(["kapas", "kapus"], ("cotton",)),
    **dict.fromkeys(["dhan", "dhaan", "bhat"], ("paddy", "rice")),
    **dict.fromkeys(["jowar", "jwari"], ("sorghum", "jowar")),
    **dict.fromkeys(["soyabean", "soyabin", "soybin", "soya"], ("soybean", "soyabean", "soya")),
    **dict.fromkeys(["tur", "toor", "arhar"], ("tur", "toor", "arhar", "pigeon")),
    **dict.fromkeys(["bhuimug", "mungfali", "moongfali"], ("groundnut",)),
    # colours as dealers say them in Hindi, Marathi and Gujarati (Devanagari arrives transliterated)
    **dict.fromkeys(["lal", "laal", "lala", "laali"], ("red",)),
    **dict.fromkeys(["kala", "kaala", "kali", "kaali", "kalo", "kaalaa"], ("black",)),
    **dict.fromkeys(["hara", "hari", "haraa", "hirva", "hirwa", "lilo", "lila"], ("green",)),
    **dict.fromkeys(["peela", "pila", "pili", "peeli", "pivla", "pivala", "pilo"], ("yellow",)),
    **dict.fromkeys(["neela", "nila", "nili", "neeli", "nilo", "nilaa"], ("blue",)),
    **dict.fromkeys(["safed", "safaid", "sufed", "safeda", "pandhra", "pandhara", "dholo"], ("white",)),
    **dict.fromkeys(["bhura", "bhoora", "tapkiri", "kathai"], ("brown",)),
    **dict.fromkeys(["gulabi", "gulaabi"], ("pink",)),
    **dict.fromkeys(["narangi", "naarangi", "santri"], ("orange",)),
    **dict.fromkeys(["sunehra", "sunahara", "golden"], ("gold", "golden")),
    **dict.fromkeys(["chandi", "chaandi", "ruperi"], ("silver",)),
}

# Marketing words: a product named without them is still the same product. "tablet" is the form a
# medicine is when none is said ("dolo 650" is the tablet, never the syrup).
DESCRIPTORS = frozenset(
    """
pure hygienic refined natural packaged quality genuine new improved best special regular standard fresh
tablet tablets tab
""".split()
)

# "chota"/"small" = the smaller of a range, "bada"/"big" = the bigger
SIZE_MODIFIERS: dict[str, str] = {
    **dict.fromkeys(["chota", "chhota", "chote", "chhote", "choti", "chhoti", "small", "chhotu"], "min"),
    **dict.fromkeys(["bada", "bade", "badi", "big", "large", "bda"], "max"),
}

# A quantity followed by one of these and another quantity: the later one wins ("5 nahi 10").
CORRECTIONS = frozenset("nahi nahin nai not sorry galti correction".split())

# Packaging words: the same product in another pack is still the same family.
PACKAGING = frozenset("pack pck family pouch jar tin bottle pet tetra of carton box refill".split())

# Words that join names and carry no meaning of their own
STOPWORDS = frozenset("and n & of the with in for by".split())

# Letters spelt out: "parle ji" = "parle g" (tried only when the joined form is a catalog phrase)
LETTER_NAMES: dict[str, str] = {"ji": "g", "jee": "g", "gee": "g", "bee": "b", "dee": "d", "ee": "e"}

# Chat words that a catalog may also use inside a name ("Godrej No.1"): names only next to their partner
CHAT_WORDS = frozenset("no yes ok".split())

# Two-word greetings whose first word a catalog may use ("Good Day" biscuits)
GREETINGS = frozenset(("good", w) for w in ("morning", "evening", "night", "afternoon", "noon", "luck"))
