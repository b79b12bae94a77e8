"""English: the words and phrases the reply parser knows, as regular-expression sources.

Each name is a list of alternatives; lexicon/__init__.py joins every language's list of the same
name into one pattern, English first. `{{NAME}}` inside a phrase stands for all languages'
alternatives of NAME ("took my {{DOSE_NOUN}}" also reads "took my pastilla"). Matched against
normalised text: lower case, accents off, single spaces, emoji as words ("thumbsup").
"""

# -- the dose ------------------------------------------------------------------

DOSE_NOUN = [
    "vitamin b12", "vit b12", "b12", "b 12", "vitamins?", "vit", "shots?", "injections?", "jabs?",
    "pills?", "doses?", "supplements?", "meds?", "medicine", "medications?", "tablets?", "gumm(?:y|ies)",
    "spray", "drops", "lozenges?", "sublingual", "capsules?", "(?:methyl|cyano)?cobalamin",
]
DOSE_OBJECT = [
    "it", "them", "that", "one",
    r"(?:my |the |a |todays |today's |this morning's |tonight's |this week's |my weekly |my monthly )?"
    "{{DOSE_NOUN}}",
]
BLOOD_TEST = [
    "blood ?tests?", "blood ?work", "blood draw", "blood panel", "lab ?work", "lab tests?", "labs?",
    "b12 (?:test|level|levels)", "tests?", "levels",
]
# A negation before a verb: "didn't take it", "haven't had my shot".
NEGATION = [
    "didn'?t", "did not", "havent", "haven'?t", "have not", "hasn'?t", "has not", "not", "never",
    "won'?t", "will not", "couldn'?t", "could not", "can'?t", "cannot", "can not", "don'?t",
    "do not", "unable to", "wasn'?t able to", "no time to",
]
# "took" is a dose unless its object says otherwise ("took a walk", "took tylenol").
TOOK_OTHER = [
    "walk", "nap", "while", "break", "bath", "shower", "look", "trip", "rest", "days?", "forever",
    "time", "dog", "kids?", "car", "bus", "train", "tests?", "blood", "labs?", "long", "ages",
    "hours?", "minutes?", "pictures?", "photos?", "off", "out", "place", "care of my", "over",
    "advantage", "tylenol", "advil", "ibuprofen", "aspirin", "tramadol", "gabapentin", "pain",
]
DOSE_TAKEN = [
    r"\b(?:just |already |finally )?took(?! (?:a |an |some |the |my |our |his |her )?{{TOOK_OTHER}}\b)\b"
    r"(?: {{DOSE_OBJECT}}\b)?",
    # not "I was taken to the ER", "taken by ambulance"
    r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!get )\b(?:taken|tooken)\b"
    r"(?! (?:to|by|into|away|off|out|aback|ill|sick|over|in by)\b)",
    r"\b(?:had|got|did|done|finished|injected|gave myself|give myself|used|got in) (?:my |the |a |todays |today's "
    r"|this morning's |tonight's |this week's |my weekly |the weekly |my monthly )?{{DOSE_NOUN}}\b(?! of\b)",
    r"\b{{DOSE_NOUN}} (?:is |was )?(?:done|taken|in|down|complete|completed|finished|check|thumbsup)\b",
    r"\binjected\b",
    # "taking it now", "I'm taking my b12": being taken as we speak (but not "stop taking b12?")
    r"(?:^|\b(?:i'm|im|i am|am|just) )taking (?:{{DOSE_OBJECT}})(?: (?:now|right now))?\b",
]
# "not sure if I took it": neither taken nor skipped, so nothing is recorded (a person reads it).
UNSURE_LEAD = [
    "not sure", "unsure", "no idea", "don'?t (?:remember|know)", "do not (?:remember|know)", "can'?t remember",
    "cannot remember",
]
UNSURE_WHETHER = ["if", "whether"]
UNSURE_WHO = ["i", "i've", "ive", "she", "he"]
UNSURE_TOOK = ["took", "taken", "had", "did", "have taken"]

# "not yet" and its kin: the dose is still to come, so the reminder stays open.
NOT_YET = [
    r"\bnot yet\b",
    r"\b(?:haven'?t|havent|have not|didn'?t|not) (?:(?:taken|take|took|had|done|gotten|got|used) )?"
    r"(?:(?:it|them|my|the|todays|today's|this|one|mine) )*(?:{{DOSE_NOUN}} |{{BLOOD_TEST}} )?yet\b",
]
# Words that may stand between the negation and "take": "didn't get to take it", "not going to take it".
SKIP_GAP = [
    r"(?:(?:get|got|go|going|gonna|able|remember|remembered|have|had|time|a|chance|even|really|actually"
    r"|want|wanna|to|yet|i|it|need|needed) ){0,3}",
]
DOSE_SKIPPED = [
    r"\b{{NEGATION}} {{SKIP_GAP}}(?:take|taken|took|taking)\b(?: {{DOSE_OBJECT}}\b)?",
    r"\b{{NEGATION}} (?:have|had|get|got|do|did|done|use|used) {{DOSE_OBJECT}}\b",
    r"\bforgot(?:ten)?\b",
    r"\bforget(?:ting)?\b(?! (?:things|stuff|words|names|everything|where|what|who|why|how)\b)",
    r"\bskip(?:ped|ping|pt|s)?\b",
    r"\bmiss(?:ed|ing)?\b(?= (?:it|them|my|the|todays?|today's|a|this|dose|{{DOSE_NOUN}})\b)",
    r"\bmissed\b",
    r"\bnot today\b",
    r"\b(?:ran|run|running) out\b",
    r"\bout of {{DOSE_NOUN}}\b",
    r"\bno (?:{{DOSE_NOUN}}) (?:today|tonight|this morning|this week)\b",
]

# -- snooze ----------------------------------------------------------------------

# Amounts as words. "a few" and "a couple" are read as 3 and 2 of the unit ("a few minutes" is 5).
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty five": 45, "ninety": 90,
    "couple": 2, "a couple": 2, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3,
    "half an": 0.5, "half a": 0.5,
}
UNITS = ["minutes?", "mins?", "m", "hours?", "hrs?", "hr", "h"]
AND_A_HALF = [" and a half"]
TOMORROW = ["tomorrow"]
SNOOZE_BARE_NUMBER = r"(?:^snoozed?(?: for| me| it)?|remind me(?: again)? in) (?P<n>\d{1,4})\b"
SNOOZE = [
    r"\bsnooze(?:d)?\b(?: (?:for |me |it )?(?:{{DURATION_ANY}}|\d{1,4}\b))?",
    r"\b(?:please )?remind me(?: again)?(?: (?:later|in {{DURATION_ANY}}|in \d{1,4}\b|after \w+|in a bit|in a while"
    r"|soon|tomorrow))?",
    r"\b(?:in|within) {{DURATION_ANY}}",
    r"\b(?:give me|wait|need) {{DURATION_ANY}}",
    r"^{{DURATION_ANY}}(?: (?:please|pls|plz|more))?(?= ?[^a-z0-9 ]*$)",  # just "1 hour", "30 min"
    r"\b(?:later(?! (?:in the (?:day|evening|afternoon|night)|at night|that day))|not now|in a bit|in a while"
    r"|give me a (?:bit|minute|sec|second|moment)|after (?:lunch|dinner|breakfast|work|supper))\b",
]

# -- blood tests and lab values -----------------------------------------------

BLOOD_TEST_DONE = [
    r"{{BLOOD_TEST}} (?:is |are |was |were |all |finally )?(?:done|finished|complete|completed|taken|drawn)\b",
    r"\b(?:had|got|did|done|finished|completed|went for|went to get|done with|just had|have had|i've had) "
    r"(?:my |the |a |our |some )?(?:{{BLOOD_TEST}}|blood (?:taken|drawn)|b12 (?:checked|tested)"
    r"|levels (?:checked|tested))(?: (?:drawn|done|taken|checked))?\b",
    r"\bblood (?:was |got )?(?:drawn|taken)\b",
    r"\b(?:got|had) (?:my )?(?:b12|levels|blood) (?:checked|tested|drawn|taken|done)\b",
]
# Lab tests: the canonical name is the key.
LAB_TESTS = {
    "b12": [r"(?:vitamin |vit )?b ?12"],
    "mma": ["mma", "methylmalonic(?: acid)?"],
    "homocysteine": ["homocyste?ine?", "hcy"],
    "folate": ["folate", "folic acid", "folic", "serum folate"],
}
# Words that may stand between a lab test and its value: "B12 level was 320", "b12: 320".
LAB_LINK = [
    "[:=]", "level", "levels", "result", "results", "was", "were", "is", "at", "of", "came", "back",
    "went", "up", "down", "to", "now", "its", "it's", "about", "around", "only", "just", "test", "tested",
    "came in", "finally", "low", "high", "normal", "borderline", ",",
]

# -- consent, help, tips ---------------------------------------------------------

# Words a one-keyword sentence may carry around its keyword: "stop please", "HELP!!", "ok stop".
FILLERS = [
    "please", "pls", "plz", "plse", "thanks", "thank you", "thankyou", "thx", "ty", "now", "just",
    "right now", "asap", "immediately", "already", "ok", "okay", "i said", "said",
]
# A sentence that is only one of these (and fillers) means the kind, as carriers treat keywords.
SENTENCE_KEYWORDS = {
    "opt_out": ["stop", "stopall", "stop all", "unsubscribe", "unsub", "cancel", "end", "quit", "revoke",
                "opt out", "optout", "stop it", "stop texting", "stop messaging", "no more"],
    "opt_in": ["start", "unstop", "resume", "restart", "subscribe", "opt in", "optin", "start again"],
    "help": ["help", "help me", "info", "information", "more info"],
    "tip": ["tip", "tips", "a tip", "another tip", "more tips", "new tip", "tip of the day"],
}
MESSAGES = [
    "texting", "texts?", "txts?", "txting", "messaging", "messages?", "msgs?", "sending", "reminders?",
    "reminding", "contacting", "calling", "bugging", "spamming", "alerts?", "notifications?", "sms",
    "these", "this service",
]
OPT_OUT = [
    r"\b(?:please )?stop (?:\w+ ){0,2}?{{MESSAGES}}\b",
    r"\bunsubscribe\b(?: me)?",
    r"\bopt(?: me)? ?out\b",
    r"\b(?:remove|take) me (?:off|from)\b(?: (?:your|the|this) (?:list|service|texts|messages))?",
    r"\bremove me\b",
    r"\bno more {{MESSAGES}}\b",
    # not "don't text me after 9pm", "so early": a wish about timing is for a person to act on
    r"\b(?:don'?t|dont|do not|never) (?:\w+ )?(?:text|txt|message|msg|contact|send) me\b"
    r"(?! (?:after|before|so|at|until|till|on|during|in the|early|late|this early|that early|weekends?)\b)",
    r"\b(?:don'?t|dont|do not) want (?:to (?:get|receive) )?(?:these|your|any|the|more|any more|anymore)? ?"
    r"{{MESSAGES}}\b",
    r"\b(?:want|like|wish) to (?:unsubscribe|opt out|stop (?:getting|receiving) (?:these |the |your )?"
    r"{{MESSAGES}})\b",
    r"\bleave me alone\b",
    r"\bend (?:the |these |my |all )?(?:texts|messages|reminders|texting)\b",
    r"\b(?:want|wanna|would like|'d like) to (?:quit|cancel|end (?:this|it))(?= ?(?:$|[^a-z0-9' ]))",
    # "Can you stop?", "I want to stop.": a stop that ends the sentence, asked of us
    r"\b(?:(?:can|could|would|will) you|i (?:want|wanna|would like|'d like|d like)(?: you)? to|please just)"
    r" (?:please )?stop(?= ?(?:$|[^a-z0-9' ]))",
    r"\bcancel (?:my |the |these |all |this |your )?(?:subscription|texts?|messages?|reminders?|alerts?|service)\b",
    r"\bquit (?:texting|messaging|sending)\b",
]
OPT_IN = [
    r"\bstart (?:texting|sending|messaging|the reminders|reminders|the texts|texts|messages)(?: me)?(?: again)?\b",
    r"\bopt (?:me )?(?:back )?in\b",
    r"\bsign me (?:back )?up\b",
    r"\bresume (?:the |my )?(?:texts|reminders|messages)\b",
    r"\bwant (?:the |my )?(?:texts|reminders|messages) (?:back|again)\b",
]
HELP = [
    r"\b(?:i )?need help\b", r"\bhelp me\b", r"^help\b",
    # a message that ends in a cry for help ("can't feel my legs help"), not in a verb ("it would help")
    r"(?<!the )(?<!your )(?<!for )(?<!some )(?<!of )(?<!a )(?<!would )(?<!could )(?<!might )(?<!will )"
    r"(?<!to )(?<!it )(?<!that )(?<!this )(?<!can )(?<!does )(?<!may )(?<!they )(?<!texts )(?<!tips )"
    r"\bhelp(?: me)?(?: please| pls| plz)?(?= ?[^a-z0-9']*$)", r"\bwho is this\b", r"\bwhat is this\b", r"\bwhat's this\b",
    r"\bwhat do i (?:do|reply|text|say|answer)\b", r"\bhow does this work\b",
]
TIP = [
    r"\b(?:another|more|new|one more|next|other) tips?\b",
    r"\b(?:send|give|text) me (?:a |another |one more |a new )?tips?\b",
    r"\bcan i (?:get|have) (?:a |another )?tips?\b",
    r"\b(?:i )?want (?:a |another )?tips?\b",
    r"\btips? (?:please|pls|plz)\b",
]
# "wrong number stop", "ok you can stop now": a message that ends in "stop" is a revocation, unless
# the stop is something else's ("the tingling won't stop", "should I stop?"). Used only when the
# message reports no symptom.
STOP_AT_END = (
    r"(?<!n't )(?<!nt )(?<!never )(?<!not )(?<!to )(?<!will )(?<!would )(?<!should )(?<!i )(?<!we )"
    r"(?<!does )(?<!did )(?<!it )\bstop(?: (?:now|please|pls|plz|already|thanks|thank you|ok))*[^a-z0-9]*$"
)

# -- answers to the open reminder ------------------------------------------------

# They count only at the start of the message ("yes, took it"), and the short or ambiguous ones
# ("y", "k") only as the whole message.
AFFIRM_LEAD = [
    "ye+s+", "yeah?", "yep+", "yup+", "ok", "okay", "okey", "oki", "okie", "done", "sure",
    "already done", "done already", "correct", "absolutely", "affirmative", "of course", "thumbsup", "check",
    "okhand", "alright", "all right", "yessir", "i did", "did it", "all done", "got it",
]
AFFIRM_BARE = ["y", "k", "kk", "ye", "yas"]
DENY_LEAD = ["nope", "nah", "nop", "negative", "thumbsdown", "no way", "not really"]
# "no" is a deny only when nothing it could negate follows: "no numbness" is a symptom report.
NO_THEN = [
    "i", "i'm", "im", "not", "sorry", "thanks", "thank", "yet", "still", "haven'?t", "havent", "didn'?t",
    "didnt", "today", "tonight", "because", "but", "no", "ma'am", "sir", "thumbsdown",
]
DENY_BARE = ["n", "nop", "no no", "nooo?"]

# -- symptoms ---------------------------------------------------------------------

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
        "forgetting (?:things|stuff|words|names|everything)", r"can'?t (?:think|concentrate|focus|remember)",
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
        "pain(?:ful|s)?", "hurt(?:s|ing)?", "aches?", "aching", "achy", "sore(?:ness)?", "burning",
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
# Clause edges for severity: a symptom's severity is looked for after it up to a strong edge (or
# the next symptom), and before it back to any edge ("severe leg weakness", "mild dizziness").
STRONG_EDGE = ["but", "though", "although", "however"]
WEAK_EDGE = ["and", "also", "plus", "then"]

# -- typos -----------------------------------------------------------------------

# Words worth correcting a one-letter slip in ("takn", "skiped", "tinglng"). Only words of five or
# more letters, and only towards words that start with the same letter.
TYPO_TARGETS = [
    "taken", "skipped", "skipping", "forgot", "forgotten", "missed", "snooze", "later", "remind",
    "minutes", "tingling", "tingly", "tingles", "numbness", "exhausted", "exhaustion", "tired", "fatigue",
    "fatigued", "weakness", "walking", "balance", "vision", "blurry", "blurred", "memory", "spasms",
    "spasticity", "stiffness", "cramps", "dizzy", "dizziness", "lightheaded", "vertigo", "bladder",
    "depressed", "anxious", "anxiety", "unsubscribe", "cancel", "injection", "homocysteine",
    "methylmalonic", "folate", "cobalamin", "blood", "bloodwork", "texting", "messages", "please",
    "reminders", "vitamin", "supplement", "another",
]
# Four-letter words are corrected only from five-letter slips ("tookk", "skipd"): one letter away
# from a four-letter word is too often another real word.
SHORT_TYPO_TARGETS = ["took", "skip", "numb", "help", "stop", "tips"]
# Real words one letter away from a target: never "corrected" ("I tried" is not "I tired",
# "cancer" is not "cancel", "waking up" is not "walking").
NOT_TYPOS = [
    "token", "tokens", "taker", "takes", "slipped", "shipped", "skipper", "slipping", "shipping", "messed",
    "massed", "kissed", "latter", "liter", "litre", "lager", "laser", "layer", "latex", "lather", "lacer",
    "lamer", "lazer", "lated", "rewind", "remand", "tinkling", "tangles", "tingle", "tried", "tires",
    "tied", "tiled", "timed", "tiered", "tined", "waking", "walling", "balanced", "balances", "visions",
    "spams", "ditzy", "bladed", "bloody", "brood", "bloom", "blond", "testing", "tenting", "massages",
    "cancer", "cancers", "canceled", "infection",
    "pleased", "pleas", "plead", "plate", "minute", "tingly", "fatigues", "misses", "mister", "laters",
    "memo", "memos", "vertical", "blurt", "dozy", "forget", "forgo", "format", "mourning", "morn",
    "another's", "annoyed", "yesterdays", "taken's", "tomato", "vitamins",
    "later's", "timing", "tiring", "tiredness", "drained", "remains", "blades", "cancels", "cramp",
    "crumps", "crams", "number", "numbs", "numbers", "stops", "helps", "skips", "tipsy", "tooth", "tools",
]
