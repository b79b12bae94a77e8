"""English symptoms: their names, how severe they are, and where a symptom's clause ends.

The same kind of lists as en.py (see there), kept apart: lexicon/__init__.py joins a language's
two modules and every language's lists of one name into one pattern.
"""

# Order matters: at one position the first group that matches wins, so phrases that start with a
# word another symptom owns ("pain behind my eye", "can't walk") come before that symptom. Every
# language's symptoms follow this order.
SYMPTOMS = {
    "vision": [
        r"(?:blurry|blurred|double|poor|bad|loss of|lost|losing|dim|foggy|cloudy|patchy|fuzzy) vision",
        "vision", "eyesight", "seeing double", "see double", "blurry", "blurred", "blurriness",
        r"can'?t see", "cannot see", r"(?:eye|eyes) (?:pain|hurts?|hurting)",
        r"pain (?:in|behind) (?:my )?(?:right |left )?eyes?", "optic neuritis",
    ],
    "walking": [
        r"(?:trouble|difficulty|difficulties|hard time|problems?|struggl(?:e|ing)|issues?) (?:with )?walking",
        r"walking (?:is |was |has been )?(?:hard|difficult|bad|worse|tough|a struggle|off|slow|awful|terrible|poor)",
        r"walking (?:is |at |about |maybe |around )?(?:a )?(?=\d)",
        r"(?:bad|poor|terrible|awful|worse) walking",
        r"can'?t walk", "cannot walk", "can not walk", r"couldn'?t walk", "unable to walk", "hard to walk",
        "can barely walk", "barely walk", "limp(?:ing)?", "gait",
    ],
    "numbness": [
        "numb(?:ness|ed|ing)?", r"can'?t feel", "cannot feel", "no feeling", "lost feeling",
        "loss of (?:feeling|sensation)", "no sensation",
    ],
    "tingling": [
        "pins (?:and|&|n|y) needles", "tingl(?:ing|ey|y|es|ed|e)", "tinglin", "prickl(?:ing|y|e)",
        "buzzing", "(?:electric )?shocks?", "zaps?", "zapping", "lhermitte'?s?",
    ],
    "spasticity": [
        "spasticity", "spastic", "spasms?", "spasming", "stiff(?:ness)?", "tight(?:ness)? (?:muscles|legs?)",
        "(?:muscles?|legs?) (?:are |is |feel |so )?tight", "cramp(?:s|ing|ed)?", "charley horse",
        "rigid(?:ity)?",
    ],
    "weakness": [
        "weak(?:ness|er|ened)?", "no strength", "lost strength", "legs? (?:gave|giving|give|gives) (?:out|way)",
        "heavy (?:legs?|arms?)", "(?:legs?|arms?) (?:feel |are |is |felt )?(?:so )?heavy",
    ],
    "fatigue": [
        "fatigued?", "tired(?:ness)?(?! of)", "exhaust(?:ed|ion)", "worn out", "wiped(?: out)?",
        "drained", "no energy", "low energy", "zero energy", "sleepy", "knackered", "run down",
    ],
    "balance": [
        "balance", "off balance", "unsteady", "unstable", "wobbly", "wobbling", "wobble",
        "fell(?! asleep)", "fallen", "falling(?! asleep| apart)", "(?:i |nearly |almost |keep |kept )fall",
        "tripp(?:ed|ing)", "stumbl(?:e|ed|es|ing)",
    ],
    "dizziness": [
        "dizz(?:y|iness)", "dizzyness", "light ?headed(?:ness)?", "vertigo", "(?:room|head) (?:is |was )?spinning",
        "spinning", "woozy",
    ],
    "memory": [
        "memory", "brain fog", "foggy(?: brain| head)?", "fog", "fogginess", "forgetful(?:ness)?",
        "(?:forgetting|forget) (?:things|stuff|words|names|everything)", r"can'?t (?:think|concentrate|focus|remember)",
        "cannot (?:think|concentrate|focus|remember)", "concentration", "confus(?:ed|ion)", "cognitive",
    ],
    "bladder": [
        "bladder", "pee(?:ing)?", "urinat(?:e|ing|ion)", "urinary", "urgency", "incontinen(?:ce|t)",
        "leak(?:ing|ed|s)?", "bathroom (?:a lot|all night|constantly)", "uti",
    ],
    "mood": [
        "mood", "moody", "depress(?:ed|ion|ing)", "anxious", "anxiety", "sad(?:ness)?", "low mood",
        "feel(?:ing)? (?:low|down|blue)", "irritable", "hopeless", "crying", "overwhelmed", "stressed",
        "panic",
    ],
    "pain": [
        "pain(?:ful|s)?(?! scale)", "hurt(?:s|ing)?", "aches?", "aching", "achy", "sore(?:ness)?", "burning",
        "stabbing", "headaches?", "migraines?",
    ],
}

# Severity words by the one value each stands for (see SEVERITY_* in lexicon/__init__.py).
SEVERE = [
    "really bad", "very bad", "so bad", "super bad", "extremely", "terrible", "terribly", "awful",
    "horrible", "horrendous", "severe", "severely", "extreme", "unbearable", "excruciating", "intense",
    "worst", "debilitating", "crippling",
]
MODERATE = ["moderate", "moderately", "medium", "so so"]
MILD = ["mild", "mildly", "slight", "slightly", "a little", "a bit", "a little bit", "minor", "faint"]

# A negation just before a symptom ("no numbness", "not feeling dizzy") makes it 0; only the
# NEGATION_GAP words may stand between the negation and the symptom.
NEGATED = [r"\bno", r"\bnot", "n't", r"\bnever", r"\bwithout", r"\bzero", r"\bnor", r"\bno longer", r"\bnone"]
NEGATION_GAP = [
    "any", "more", "real", "longer", "feel", "feeling", "felt", "have", "had", "having", "got", "get",
    "getting", "been", "too", "so", "very", "really", "the", "my", "noticeable", "new", "significant",
    "extra", "experiencing", "experienced", "noticed", "notice", "much", "i", "i'm", "im",
    "am", "was", "is", "are",
]
GONE = ["gone", "went away", "stopped", "disappeared", "resolved", "none", "free"]
# Between two symptoms, these carry the first one's negation over: "no tingling or numbness".
NEGATION_CARRIES = ["or", "nor", "and", ",", ", or", ", nor", "or any"]
# Words a bare severity number may be followed by ("tingling 6 today"): anything else means the
# number counts something else ("tingling in 2 fingers", "numb for 3 days").
AFTER_NUMBER = [
    "today", "now", "tonight", "this", "right", "at", "in", "on", "since",
    "and", "but", "or", "maybe", "i", "my", "lately", "again", "still", "all", "pts",
    "points", "thumbsup", "check", "yesterday", "from",
    "when", "with", "ish", "also", "both", "level",
]
OUT_OF = ["out of", "of"]
TEN = ["ten"]
ZERO = {"zero": 0}
SEVERITY_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}
# A sentence (or a "but" clause) after the symptom's own that only rates it: "tingling all day. I'd say a 6".
RATING_LEAD = [
    "i'd say", "i would say", "id say", "i'd rate it", "i'd put it at", "i would rate it", "i rate it", "maybe",
    "probably", "about", "around", "like", "its", "it's", "it is", "i think", "i guess", "only", "just",
    "a", "an", "at", "more like", "solid", "so", "honestly", "prob", "rate it", "level",
]
RATING_TAIL = [
    "today", "now", "right now", "i think", "i guess", "or so", "ish", "more or less", "at the moment", "tops",
    "at most", "at least", "out of 10", "out of ten",
]
# Words between a symptom and a number above 10 that mean the number is its severity ("numbness 11",
# "tingling is 15"): such a number is kept from the severity and the patient is asked for 0 to 10.
SEVERITY_GAP = ["is", "was", "at", "a", "an", "about", "around", "like", "maybe", "level", "of"]
# Words that may join two names of one symptom into one mention: "bladder urgency", "tingling and
# pins and needles" (anything else between them, a number or a severity word, keeps them apart).
MENTION_JOINERS = ["and", "or", "of", "with", "in", "my", "the", "a", "&", "plus", "like"]
# Clause edges for severity: a symptom's severity is looked for after it up to a strong edge (or
# the next symptom), and before it back to any edge ("severe leg weakness", "mild dizziness").
STRONG_EDGE = ["but", "though", "although", "however"]
WEAK_EDGE = ["and", "also", "plus", "then"]
