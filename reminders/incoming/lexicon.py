"""The words and phrases the reply parser knows, English and Spanish, as regular-expression sources.

Everything here is matched against *normalised* text (see `replies.normalise`): lower case, accents
removed ("tomé" -> "tome", "sí" -> "si"), straight apostrophes, hyphens as spaces, runs of one letter
shortened ("sooo" -> "so"), and the emoji that mean something spelled as words (THUMBS_UP ->
"thumbsup"). Patterns use single spaces because the normaliser collapses whitespace.

Kept apart from the parser so that adding a synonym never means reading the algorithm.
"""

from __future__ import annotations


def alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def at_word(*parts: str) -> str:
    """Alternatives that each start a word. One leading \\b for all of them, not one per branch:
    the regex engine then tries the branches only where a word starts, which is most of the speed."""
    return r"\b(?:" + "|".join(p.removeprefix(r"\b") for p in parts) + ")"


# -- emoji that carry meaning ------------------------------------------------

EMOJI_WORDS = {
    "\U0001F44D": " thumbsup ",  # thumbs up (skin tones are dropped by the normaliser)
    "\U0001F44E": " thumbsdown ",
    "\U0001F44C": " okhand ",
    "\u2705": " check ",  # white heavy check mark
    "\u2714": " check ",  # heavy check mark
    "\u2611": " check ",  # ballot box with check
    "\u2713": " check ",
}
EMOJI_DROPPED = "\U0001F3FB\U0001F3FC\U0001F3FD\U0001F3FE\U0001F3FF\uFE0F\u200D"

# -- the dose ------------------------------------------------------------------

DOSE_NOUN = alt(
    "vitamin b12", "vit b12", "b12", "b 12", "vitamins?", "vit", "shots?", "injections?", "jabs?",
    "pills?", "doses?", "supplements?", "meds?", "medicine", "medications?", "tablets?", "gumm(?:y|ies)",
    "spray", "drops", "lozenges?", "sublingual", "capsules?", "(?:methyl|cyano)?cobalamin",
    "vitaminas?", "pastillas?", "inyeccion", "dosis", "suplementos?", "capsulas?", "pildoras?",
)
DOSE_OBJECT = alt(
    "it", "them", "that", "one",
    r"(?:my |the |a |todays |today's |this morning's |tonight's |this week's |my weekly |my monthly )?"
    + DOSE_NOUN,
)
BLOOD_TEST = alt(
    "blood ?tests?", "blood ?work", "blood draw", "blood panel", "lab ?work", "lab tests?", "labs?",
    "b12 (?:test|level|levels)", "tests?", "levels",
    "analisis(?: de sangre)?", "examen(?:es)? de sangre", "pruebas? de sangre",
)
# Spanish "take" in the forms patients text, with the auxiliary often misspelt ("e tomado").
TOMAR = r"(?:(?:he|e|ha|a|habia) )?(?:tome|tomo|tomado|tomada|tomare|tomar(?:la|lo)?|pude tomar|voy a tomar|puse|inyecte)"

# A negation before a verb: "didn't take it", "haven't had my shot", "no la tome".
NEGATION = alt(
    "didn'?t", "did not", "havent", "haven'?t", "have not", "hasn'?t", "has not", "not", "never",
    "won'?t", "will not", "couldn'?t", "could not", "can'?t", "cannot", "can not", "don'?t",
    "do not", "unable to", "wasn'?t able to", "no time to",
)

# "took" is a dose unless its object says otherwise ("took a walk", "took tylenol").
_TOOK_OTHER = alt(
    "walk", "nap", "while", "break", "bath", "shower", "look", "trip", "rest", "days?", "forever",
    "time", "dog", "kids?", "car", "bus", "train", "tests?", "blood", "labs?", "long", "ages",
    "hours?", "minutes?", "pictures?", "photos?", "off", "out", "place", "care of my", "over",
    "advantage", "tylenol", "advil", "ibuprofen", "aspirin", "tramadol", "gabapentin", "pain",
)

DOSE_TAKEN = at_word(
    r"\b(?:just |already |finally )?took(?! (?:a |an |some |the |my |our |his |her )?" + _TOOK_OTHER + r"\b)\b"
    r"(?: " + DOSE_OBJECT + r"\b)?",
    # not "I was taken to the ER", "taken by ambulance"
    r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!get )\b(?:taken|tooken)\b"
    r"(?! (?:to|by|into|away|off|out|aback|ill|sick|over|in by)\b)",
    r"\b(?:had|got|did|done|finished|injected|gave myself|give myself|used|got in) (?:my |the |a |todays |today's "
    r"|this morning's |tonight's |this week's |my weekly |the weekly |my monthly )?" + DOSE_NOUN + r"\b(?! of\b)",
    r"\b" + DOSE_NOUN + r" (?:is |was )?(?:done|taken|in|down|complete|completed|finished|check|thumbsup)\b",
    r"\binjected\b",
    # "taking it now", "I'm taking my b12": being taken as we speak (but not "stop taking b12?")
    r"(?:^|\b(?:i'm|im|i am|am|just) )taking (?:" + DOSE_OBJECT + r")(?: (?:now|right now))?\b",
    # Spanish: "ya la tome", "me la tome", "tome mi vitamina", "tomada", "me puse la inyeccion"
    r"\b(?:ya )?(?:me )?(?:la|lo|las|los) (?:tome|he tomado|puse|inyecte)\b",
    r"\b(?:ya )?(?:tome|he tomado|tomo) (?:mi |mis |la |el |las |los )?" + DOSE_NOUN + r"\b",
    r"\b(?:tomada|tomado|tomadas|tomados|ya tome|tome|inyectad[ao]|puesta)\b",
    r"\bme (?:puse|aplique|inyecte)\b",
)

# "not sure if I took it": neither taken nor skipped, so nothing is recorded (a person reads it).
UNSURE = (
    r"\b(?:not sure|unsure|no idea|don'?t (?:remember|know)|do not (?:remember|know)|can'?t remember|cannot remember"
    r"|no se si|no me acuerdo(?: si)?)\b(?: (?:if|whether|si))?(?: (?:i|i've|ive|yo|she|he))?"
    r"(?: (?:took|taken|had|did|have taken|tome|lo tome|la tome|tomo))?"
)

# "not yet" and its kin: the dose is still to come, so the reminder stays open.
NOT_YET = at_word(
    r"\bnot yet\b",
    r"\b(?:haven'?t|havent|have not|didn'?t|not) (?:(?:taken|take|took|had|done|gotten|got|used) )?"
    r"(?:(?:it|them|my|the|todays|today's|this|one|mine) )*(?:" + DOSE_NOUN + r" |" + BLOOD_TEST + r" )?yet\b",
    r"\b(?:todavia|aun) no\b(?: (?:me |se )?(?:la |lo |las |los )?" + TOMAR + r")?",
    r"\bno (?:me |se )?(?:la |lo |las |los )?(?:" + TOMAR + r" )?(?:todavia|aun)\b",
)

# Words that may stand between the negation and "take": "didn't get to take it", "not going to take it".
_SKIP_GAP = r"(?:(?:get|got|go|going|gonna|able|remember|remembered|have|had|time|a|chance|even|really|actually"
_SKIP_GAP += r"|want|wanna|to|yet|i|it|need|needed) ){0,3}"

DOSE_SKIPPED = at_word(
    r"\b" + NEGATION + r" " + _SKIP_GAP + r"(?:take|taken|took|taking)\b(?: " + DOSE_OBJECT + r"\b)?",
    r"\b" + NEGATION + r" (?:have|had|get|got|do|did|done|use|used) " + DOSE_OBJECT + r"\b",
    r"\bforgot(?:ten)?\b",
    r"\bforget(?:ting)?\b(?! (?:things|stuff|words|names|everything|where|what|who|why|how)\b)",
    r"\bskip(?:ped|ping|pt|s)?\b",
    r"\bmiss(?:ed|ing)?\b(?= (?:it|them|my|the|todays?|today's|a|this|dose|" + DOSE_NOUN + r")\b)",
    r"\bmissed\b",
    r"\bnot today\b",
    r"\b(?:ran|run|running) out\b",
    r"\bout of " + DOSE_NOUN + r"\b",
    r"\bno (?:" + DOSE_NOUN + r") (?:today|tonight|this morning|this week)\b",
    # Spanish: "no la tome", "se me olvido", "me la salte", "hoy no"
    r"\bno (?:me |se )?(?:la |lo |las |los )?" + TOMAR + r"\b",
    r"\b(?:se me )?olvid(?:e|o|ado|ada)\b",
    r"\b(?:me )?(?:la |lo )?salte\b",
    r"\bsaltar(?:me)?(?: la| lo)?\b",
    r"\bomiti\b",
    r"\bhoy no\b",
    r"\bse me (?:acabo|acabaron|paso)\b",
)

# -- snooze ----------------------------------------------------------------------

# Amounts as words. "a few" and "a couple" are read as 3 and 2 of the unit ("a few minutes" is 5).
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty five": 45, "ninety": 90,
    "couple": 2, "a couple": 2, "couple of": 2, "a couple of": 2, "few": 3, "a few": 3,
    "half an": 0.5, "half a": 0.5, "media": 0.5, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3,
    "cinco": 5, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30,
}
_AMOUNTS = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_UNITS = "minutes?|mins?|m|hours?|hrs?|hr|h|minutos?|horas?"
# With groups, to read the amount back out of a matched snooze ("in 2 hours", "en media hora").
DURATION = r"(?P<n>" + _AMOUNTS + r") ?(?P<u>" + _UNITS + r")\b(?P<half> and a half| y media)?"
_DURATION = r"(?:" + _AMOUNTS + r") ?(?:" + _UNITS + r")\b(?: and a half| y media)?"
SNOOZE_BARE_NUMBER = r"(?:^snoozed?(?: for| me| it)?|remind me(?: again)? in) (?P<n>\d{1,4})\b"
SNOOZE_TOMORROW = r"\b(?:tomorrow|manana)\b"

SNOOZE = at_word(
    r"\bsnooze(?:d)?\b(?: (?:for |me |it )?(?:" + _DURATION + r"|\d{1,4}\b))?",
    r"\b(?:please )?remind me(?: again)?(?: (?:later|in " + _DURATION + r"|in \d{1,4}\b|after \w+|in a bit|in a while|soon"
    r"|tomorrow))?",
    r"\brecuerdame(?: (?:mas tarde|luego|despues|en " + _DURATION + r"|manana))?",
    r"\b(?:in|en|within|dentro de) " + _DURATION,
    r"\b(?:give me|wait|need|dame|espera) " + _DURATION,
    r"^" + _DURATION + r"(?: (?:please|pls|plz|por favor|more))?(?= ?[^a-z0-9 ]*$)",  # just "1 hour", "30 min"
    r"\b(?:later(?! (?:in the (?:day|evening|afternoon|night)|at night|that day))|not now|in a bit|in a while"
    r"|give me a (?:bit|minute|sec|second|moment)|after (?:lunch|dinner|breakfast|work|supper)|mas tarde|luego"
    r"|despues|ahora no|en un rato|al rato|en un momento)\b",
)
SNOOZE_DEFAULT_MINUTES = 60
FEW_MINUTES = 5
SNOOZE_MAX_MINUTES = 24 * 60

# -- blood tests and lab values -----------------------------------------------

BLOOD_TEST_DONE = at_word(
    BLOOD_TEST + r" (?:is |are |was |were |all |finally |ya |ya esta |esta |estan |fue |ya fue )?(?:done|finished|complete|completed|taken|drawn|"
    r"hecho|hechos|hecha|listo|listos|lista|realizado|realizados)\b",
    r"\b(?:had|got|did|done|finished|completed|went for|went to get|done with|just had|have had|i've had) "
    r"(?:my |the |a |our |some )?(?:" + BLOOD_TEST + r"|blood (?:taken|drawn)|b12 (?:checked|tested)"
    r"|levels (?:checked|tested))(?: (?:drawn|done|taken|checked))?\b",
    r"\bblood (?:was |got )?(?:drawn|taken)\b",
    r"\b(?:got|had) (?:my )?(?:b12|levels|blood) (?:checked|tested|drawn|taken|done)\b",
    r"\b(?:ya )?(?:me )?(?:hice|hicieron|sacaron|tomaron) (?:el |los |la |las |mis |unos )?"
    r"(?:analisis|examen(?:es)?|pruebas?|laboratorios?)\b(?: de sangre)?",
    r"\bme (?:sacaron|tomaron) (?:la )?sangre\b",
)

# Lab tests: the canonical name is the group's name.
LAB_TESTS = {
    "b12": alt(r"(?:vitamin |vit |vitamina )?b ?12", "cobalamina?"),
    "mma": alt("mma", "methylmalonic(?: acid)?", "acido metilmalonico"),
    "homocysteine": alt("homocyste?ine?", "hcy", "homocisteina"),
    "folate": alt("folate", "folic acid", "folic", "folato", "acido folico", "serum folate"),
}
_LAB_LINK = alt(
    "[:=]", "level", "levels", "result", "results", "was", "were", "is", "at", "of", "came", "back",
    "went", "up", "down", "to", "now", "its", "it's", "about", "around", "only", "just", "test", "tested",
    "en", "salio", "dio", "esta", "fue", "de", "nivel", "resultado", "me", "mi", "came in", "finally",
    "low", "high", "normal", "borderline", "bajo", "baja", "alto", "alta", ",",
)
LAB_VALUE = (
    r"(?:" + _LAB_LINK + r" ?){0,5}"
    r"(?P<value>\d+(?:[.,]\d+)?|[.,]\d+)(?![\d.,]?\d)"
    # Not a lab value when it is a dose, a count or a time: "b12 1000 mcg", "b12 at 8am".
    r"(?! ?(?:mcg|mg|ug|iu|units?|pills?|tabs?|tablets?|shots?|times?|days?|weeks?|months?|hours?|hrs?"
    r"|min|minutes?|am\b|pm\b|x\b|%|:\d|o'?clock))"
    r"(?: ?(?P<unit>(?:pg|ng)(?: ?/ ?ml)?|(?:pmol|nmol|umol|mcmol|micromol)(?: ?/ ?l)?)\b)?"
)
# Canonical spellings: SI case, and "umol/L" rather than "µmol/L" (texts we send are GSM-7, which
# has no micro sign). A unit written without its volume ("pg", "umol") means the usual one.
UNITS = {"pg": "pg/mL", "ng": "ng/mL", "pmol": "pmol/L", "nmol": "nmol/L", "umol": "umol/L",
         "mcmol": "umol/L", "micromol": "umol/L"}

# -- consent, help, tips ---------------------------------------------------------

# Words a one-keyword sentence may carry around its keyword: "stop please", "HELP!!", "ok stop".
FILLERS = alt(
    "please", "pls", "plz", "plse", "thanks", "thank you", "thankyou", "thx", "ty", "now", "just",
    "right now", "asap", "immediately", "already", "ok", "okay", "gracias", "por favor", "porfa",
    "porfavor", "ya", "i said", "said",
)
# A sentence that is only one of these (and fillers) means the kind, as carriers treat keywords.
SENTENCE_KEYWORDS = {
    "opt_out": ["stop", "stopall", "stop all", "unsubscribe", "unsub", "cancel", "end", "quit", "revoke",
                "opt out", "optout", "stop it", "stop texting", "stop messaging",
                "no more", "no mas", "parar", "para", "baja", "cancelar", "alto", "basta", "detener"],
    "opt_in": ["start", "unstop", "resume", "restart", "subscribe", "opt in", "optin", "start again",
               "iniciar", "comenzar", "reanudar", "alta", "suscribir"],
    "help": ["help", "help me", "info", "information", "more info", "ayuda", "ayudame", "informacion",
             "mas informacion"],
    "tip": ["tip", "tips", "a tip", "another tip", "more tips", "new tip", "tip of the day",
            "consejo", "consejos", "otro consejo", "un consejo", "mas consejos"],
}
_MESSAGES = alt(
    "texting", "texts?", "txts?", "txting", "messaging", "messages?", "msgs?", "sending", "reminders?",
    "reminding", "contacting", "calling", "bugging", "spamming", "alerts?", "notifications?", "sms",
    "these", "this service",
)
OPT_OUT = at_word(
    r"\b(?:please )?stop (?:\w+ ){0,2}?" + _MESSAGES + r"\b",
    r"\bunsubscribe\b(?: me)?",
    r"\bopt(?: me)? ?out\b",
    r"\b(?:remove|take) me (?:off|from)\b(?: (?:your|the|this) (?:list|service|texts|messages))?",
    r"\bremove me\b",
    r"\bno more " + _MESSAGES + r"\b",
    # not "don't text me after 9pm", "so early": a wish about timing is for a person to act on
    r"\b(?:don'?t|dont|do not|never) (?:\w+ )?(?:text|txt|message|msg|contact|send) me\b"
    r"(?! (?:after|before|so|at|until|till|on|during|in the|early|late|this early|that early|weekends?)\b)",
    r"\b(?:don'?t|dont|do not) want (?:to (?:get|receive) )?(?:these|your|any|the|more|any more|anymore)? ?"
    + _MESSAGES + r"\b",
    r"\b(?:want|like|wish) to (?:unsubscribe|opt out|stop (?:getting|receiving) (?:these |the |your )?"
    + _MESSAGES + r")\b",
    r"\bleave me alone\b",
    r"\bend (?:the |these |my |all )?(?:texts|messages|reminders|texting)\b",
    r"\b(?:want|wanna|would like|'d like) to (?:quit|cancel|end (?:this|it))(?= ?(?:$|[^a-z0-9' ]))",
    # "Can you stop?", "I want to stop.": a stop that ends the sentence, asked of us
    r"\b(?:(?:can|could|would|will) you|i (?:want|wanna|would like|'d like|d like)(?: you)? to|please just)"
    r" (?:please )?stop(?= ?(?:$|[^a-z0-9' ]))",
    r"\bcancel (?:my |the |these |all |this |your )?(?:subscription|texts?|messages?|reminders?|alerts?|service)\b",
    r"\bquit (?:texting|messaging|sending)\b",
    # Spanish: "dejen de mandarme mensajes", "no me manden mas", "darme de baja"
    r"\bdej(?:en|a|ar|e) de (?:enviar|mandar|escribir)(?:me)?\b",
    r"\bno (?:me )?(?:envien|manden|escriban|mande|envie|mandes|envies) mas\b",
    r"\bno (?:quiero|deseo) (?:recibir )?(?:mas )?(?:mensajes|recordatorios|textos)\b",
    r"\bno mas (?:mensajes|recordatorios|textos)\b",
    r"\b(?:darme|dar|dame|denme|deme|quiero darme) de baja\b",
    r"\b(?:cancelar|parar|detener) (?:los |mis |estos )?(?:mensajes|recordatorios|textos|suscripcion)\b",
)
OPT_IN = at_word(
    r"\bstart (?:texting|sending|messaging|the reminders|reminders|the texts|texts|messages)(?: me)?(?: again)?\b",
    r"\bopt (?:me )?(?:back )?in\b",
    r"\bsign me (?:back )?up\b",
    r"\bresume (?:the |my )?(?:texts|reminders|messages)\b",
    r"\bwant (?:the |my )?(?:texts|reminders|messages) (?:back|again)\b",
    r"\bquiero volver a recibir\b",
    r"\b(?:reanudar|reactivar) (?:los )?(?:mensajes|recordatorios)\b",
)
HELP = at_word(
    r"\b(?:i )?need help\b", r"\bhelp me\b", r"^help\b",
    # a message that ends in a cry for help ("can't feel my legs help"), not in a verb ("it would help")
    r"(?<!the )(?<!your )(?<!for )(?<!some )(?<!of )(?<!a )(?<!would )(?<!could )(?<!might )(?<!will )"
    r"(?<!to )(?<!it )(?<!that )(?<!this )(?<!can )(?<!does )(?<!may )(?<!they )(?<!texts )(?<!tips )"
    r"\bhelp(?: me)?(?: please| pls| plz)?(?= ?[^a-z0-9']*$)", r"\bwho is this\b", r"\bwhat is this\b", r"\bwhat's this\b",
    r"\bwhat do i (?:do|reply|text|say|answer)\b", r"\bhow does this work\b",
    r"\bnecesito ayuda\b", r"\bayudame\b", r"\bque es esto\b", r"\bquien (?:es|eres)\b", r"\bcomo funciona\b",
)
TIP = at_word(
    r"\b(?:another|more|new|one more|next|other) tips?\b",
    r"\b(?:send|give|text) me (?:a |another |one more |a new )?tips?\b",
    r"\bcan i (?:get|have) (?:a |another )?tips?\b",
    r"\b(?:i )?want (?:a |another )?tips?\b",
    r"\btips? (?:please|pls|plz)\b",
    r"\b(?:otro|un|mas|dame un|dame otro|mandame un|mandame otro|quiero un|quiero otro) consejos?\b",
    r"\bconsejos? por favor\b",
)

# "wrong number stop", "ok you can stop now": a message that ends in "stop" is a revocation, unless
# the stop is something else's ("the tingling won't stop", "should I stop?"). Used only when the
# message reports no symptom.
STOP_AT_END = (
    r"(?<!n't )(?<!nt )(?<!never )(?<!not )(?<!to )(?<!will )(?<!would )(?<!should )(?<!i )(?<!we )"
    r"(?<!does )(?<!did )(?<!it )\bstop(?: (?:now|please|pls|plz|already|thanks|thank you|ok))*[^a-z0-9]*$"
)

# Replies that answer the open reminder. They count only at the start of the message ("yes, took
# it"), and the short or ambiguous ones ("y", "k", "ya") only as the whole message.
AFFIRM_LEAD = alt(
    "ye+s+", "yeah?", "yep+", "yup+", "ok", "okay", "okey", "oki", "okie", "done", "sure", "si",
    "claro", "listo", "lista", "hecho", "vale", "dale", "already done", "done already", "correct", "correcto", "absolutely",
    "affirmative", "of course", "por supuesto", "thumbsup", "check", "okhand", "alright", "all right",
    "yessir", "i did", "did it", "all done", "got it", "ya esta", "si ya",
)
AFFIRM_BARE = alt("y", "k", "kk", "ya", "ye", "yas", "s")
DENY_LEAD = alt(
    "nope", "nah", "nop", "negative", "thumbsdown", "no way", "not really",
    # "no" is a deny only when nothing it could negate follows: "no numbness" is a symptom report.
    r"no(?=$|[^a-z0-9\s]| (?:i|i'm|im|not|sorry|thanks|thank|todavia|aun|yet|still|haven'?t|havent|didn'?t"
    r"|didnt|hoy|today|tonight|lo siento|porque|because|pero|but|no|ma'am|sir|senora|thumbsdown)\b)",
)
DENY_BARE = alt("n", "nop", "no no", "nooo?")
# Other kinds that settle the open reminder: with one of them present, a leading "yes"/"ok" adds nothing.
AFFIRM_SUPERSEDED_BY = frozenset({
    "dose_taken", "dose_skipped", "snooze", "deny", "opt_out", "opt_in", "blood_test_done",
})

# -- symptoms ---------------------------------------------------------------------

# Order matters: at one position the first group that matches wins, so phrases that start with a
# word another symptom owns ("pain behind my eye", "can't walk") come before that symptom.
SYMPTOMS = {
    "vision": alt(
        r"(?:blurry|blurred|double|poor|bad|loss of|lost|losing|dim|foggy|cloudy|patchy|fuzzy) vision",
        "vision", "eyesight", "seeing double", "see double", "blurry", "blurred", "blurriness",
        r"can'?t see", "cannot see", r"(?:eye|eyes) (?:pain|hurts?|hurting)",
        r"pain (?:in|behind) (?:my )?(?:right |left )?eyes?", "optic neuritis",
        "vista", "vision borrosa", "borros[oa]", "veo (?:borroso|doble|mal)", "no veo(?: bien)?",
        "vision doble",
    ),
    "walking": alt(
        r"(?:trouble|difficulty|difficulties|hard time|problems?|struggl(?:e|ing)|issues?) (?:with )?walking",
        r"walking (?:is |was |has been )?(?:hard|difficult|bad|worse|tough|a struggle|off|slow|awful|terrible|poor)",
        r"walking (?:is |at |about |maybe |around )?(?:a )?(?=\d)",
        r"(?:bad|poor|terrible|awful|worse) walking",
        r"can'?t walk", "cannot walk", "can not walk", r"couldn'?t walk", "unable to walk", "hard to walk",
        "can barely walk", "barely walk", "limp(?:ing)?", "gait",
        "no puedo (?:caminar|andar)", "me cuesta (?:caminar|andar)", "dificultad (?:para|al) (?:caminar|andar)",
        "(?:caminar|andar) (?:me )?cuesta", "cojeo", "cojera", "cojeando", "no camino bien",
    ),
    "numbness": alt(
        "numb(?:ness|ed|ing)?", r"can'?t feel", "cannot feel", "no feeling", "lost feeling",
        "loss of (?:feeling|sensation)", "no sensation",
        "entumecimiento", "entumecid[oa]s?", "entumid[oa]s?", "adormecid[oa]s?", "adormecimiento",
        "(?:mano|manos|pie|pies|pierna|piernas|brazo|brazos|dedos) dormid[oa]s?",
        "no siento (?:los |las |el |la |mis |mi )?(?:pies|manos|piernas|dedos|pie|mano|pierna)",
    ),
    "tingling": alt(
        "pins (?:and|&|n|y) needles", "tingl(?:ing|ey|y|es|ed|e)", "tinglin", "prickl(?:ing|y|e)",
        "buzzing", "(?:electric )?shocks?", "zaps?", "zapping", "lhermitte'?s?",
        "hormigueos?", "hormiguea", "cosquilleos?", "calambritos",
    ),
    "spasticity": alt(
        "spasticity", "spastic", "spasms?", "spasming", "stiff(?:ness)?", "tight(?:ness)? (?:muscles|legs?)",
        "(?:muscles?|legs?) (?:are |is |feel |so )?tight", "cramp(?:s|ing|ed)?", "charley horse",
        "rigid(?:ity)?", "espasmos?", "espasticidad", "rigidez", "rigid[oa]s?", "calambres?",
        "ties[oa]s?", "contracturas?",
    ),
    "weakness": alt(
        "weak(?:ness|er|ened)?", "no strength", "lost strength", "legs? (?:gave|giving|give|gives) (?:out|way)",
        "heavy (?:legs?|arms?)", "(?:legs?|arms?) (?:feel |are |is |felt )?(?:so )?heavy",
        "debilidad", "debil(?:es)?", "sin fuerzas?", "flojera", "piernas? pesadas?", "pesadez",
    ),
    "fatigue": alt(
        "fatigued?", "fatiga(?:da|do)?", "tired(?:ness)?(?! of)", "exhaust(?:ed|ion)", "worn out", "wiped(?: out)?",
        "drained", "no energy", "low energy", "zero energy", "sleepy", "knackered", "run down",
        "cansancio", "cansad[oa]s?", "agotad[oa]s?", "agotamiento", "sin energia", "tengo sueno",
        "mucho sueno", "rendid[oa]",
    ),
    "balance": alt(
        "balance", "off balance", "unsteady", "unstable", "wobbly", "wobbling", "wobble",
        "fell(?! asleep)", "fallen", "falling(?! asleep| apart)", "(?:i |nearly |almost |keep |kept )fall",
        "tripp(?:ed|ing)", "stumbl(?:e|ed|es|ing)",
        "equilibrio", "inestable", "me cai", "me caigo", "caidas?", "tropiezo", "tropece", "tambale(?:o|ando)",
    ),
    "dizziness": alt(
        "dizz(?:y|iness)", "dizzyness", "light ?headed(?:ness)?", "vertigo", "(?:room|head) (?:is |was )?spinning",
        "spinning", "woozy", "mareos?", "maread[oa]s?", "aturdid[oa]",
    ),
    "memory": alt(
        "memory", "brain fog", "foggy(?: brain| head)?", "fog", "fogginess", "forgetful(?:ness)?",
        "forgetting (?:things|stuff|words|names|everything)", r"can'?t (?:think|concentrate|focus|remember)",
        "cannot (?:think|concentrate|focus|remember)", "concentration", "confus(?:ed|ion)", "cognitive",
        "memoria", "olvidadiz[oa]", "niebla mental", "confundid[oa]", "no me concentro", "concentrarme",
    ),
    "bladder": alt(
        "bladder", "pee(?:ing)?", "urinat(?:e|ing|ion)", "urinary", "urgency", "incontinen(?:ce|t)",
        "leak(?:ing|ed|s)?", "bathroom (?:a lot|all night|constantly)", "uti",
        "vejiga", "orina(?:r)?", "incontinencia", "ganas de orinar", "escapes? de orina",
    ),
    "mood": alt(
        "mood", "moody", "depress(?:ed|ion|ing)", "anxious", "anxiety", "sad(?:ness)?", "low mood",
        "feel(?:ing)? (?:low|down|blue)", "irritable", "hopeless", "crying", "overwhelmed", "stressed",
        "panic", "animo", "deprimid[oa]", "depresion", "triste(?:za)?", "ansiedad", "ansios[oa]",
        "angustiad[oa]", "angustia", "desanimad[oa]", "de bajon", "llorando", "estresad[oa]",
    ),
    "pain": alt(
        "pain(?:ful|s)?", "hurt(?:s|ing)?", "aches?", "aching", "achy", "sore(?:ness)?", "burning",
        "stabbing", "headaches?", "migraines?", "dolor(?:es)?", "duele(?:n)?", "ardor", "adolorid[oa]",
        "dolorid[oa]", "jaqueca",
    ),
}

# Severity words and the one value each stands for (the contract gives ranges: mild 1-4,
# moderate 4-6, severe 7-10; we pick the middle-ish value of each).
SEVERITY_MILD, SEVERITY_MODERATE, SEVERITY_SEVERE = 3, 5, 8
SEVERITY_WORDS = {
    SEVERITY_SEVERE: [
        "really bad", "very bad", "so bad", "super bad", "extremely", "terrible", "terribly", "awful",
        "horrible", "horrendous", "severe", "severely", "extreme", "unbearable", "excruciating", "intense",
        "worst", "debilitating", "crippling", "muy mal", "muy fuerte", "fuerte", "severo", "severa",
        "insoportable", "intenso", "intensa", "fatal",
    ],
    SEVERITY_MODERATE: ["moderate", "moderately", "medium", "so so", "moderado", "moderada", "regular",
                        "mediano", "mediana", "mas o menos"],
    SEVERITY_MILD: ["mild", "mildly", "slight", "slightly", "a little", "a bit", "a little bit", "minor",
                    "faint", "leve", "ligero", "ligera", "un poco", "poco", "poquito", "un poquito", "suave"],
}
# A negation just before a symptom ("no numbness", "not feeling dizzy", "sin hormigueo") makes it 0;
# only these words may stand between the negation and the symptom.
_NEGATION_GAP = alt(
    "any", "more", "real", "longer", "feel", "feeling", "felt", "have", "had", "having", "got", "get",
    "getting", "been", "too", "so", "very", "really", "the", "my", "noticeable", "new", "significant",
    "extra", "experiencing", "experienced", "noticed", "notice", "much", "tengo", "tiene", "siento",
    "sentido", "tenido", "hay", "he", "mas", "el", "la", "los", "las", "mi", "mis", "i", "i'm", "im",
    "am", "was", "is", "are",
)
NEGATED_BEFORE = (
    r"(?:\bno|\bnot|n't|\bnever|\bwithout|\bzero|\bsin|\bnada de|\bni|\bnor|\bno longer|\bya no|\bnone)"
    r"(?: " + _NEGATION_GAP + r")* ?$"
)
GONE_AFTER = (
    r"(?<!n't )(?<!not )(?<!never )\b(?:is |has |have |)(?:gone|went away|stopped|disappeared|resolved|"
    r"none|free|se fue|se quito|desaparecio|ya paso|nada)\b"
)
# Between two symptoms, these carry the first one's negation over: "no tingling or numbness".
NEGATION_CARRIES = r"^ ?(?:or|nor|ni|o|and|y|,|, or|, nor|or any|ni tampoco) ?$"

# Words a bare severity number may be followed by ("tingling 6 today"): anything else means the
# number counts something else ("tingling in 2 fingers", "numb for 3 days").
_AFTER_NUMBER = alt(
    "today", "now", "tonight", "this", "right", "hoy", "ahora", "esta", "este", "at", "in", "on", "since",
    "and", "but", "y", "pero", "or", "o", "maybe", "i", "my", "lately", "again", "still", "all", "pts",
    "points", "puntos", "por", "thumbsup", "check", "yesterday", "ayer", "en", "la", "el", "desde", "from",
    "when", "cuando", "with", "con", "ish", "also", "tambien", "both", "level",
)
SEVERITY_OF_TEN = r"(?<![\d.])(?P<n>\d{1,2}(?:\.\d)?) ?(?:/|out of|of|de|sobre) ?(?:10|ten|diez)\b"
SEVERITY_BARE = r"(?<![\d.,/])(?P<n>\d{1,2}(?:\.\d)?)(?![\d/]|[.,]\d)(?= ?(?:$|[^a-z0-9 ]|" + _AFTER_NUMBER + r"\b))"
SEVERITY_NUMBER_WORDS = {"zero": 0, "cero": 0}

# Clause edges for severity: a symptom's severity is looked for after it up to a strong edge (or
# the next symptom), and before it back to any edge ("severe leg weakness", "mild dizziness").
STRONG_EDGE = r"[;!?]|\.(?!\d)|\b(?:but|pero|though|although|aunque|however)\b"
WEAK_EDGE = r":|,(?!\d)|\b(?:and|y|also|plus|tambien|then|luego)\b"

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
    "reminders", "vitamin", "supplement", "hormigueo", "entumecimiento", "entumecido", "entumecida",
    "cansancio", "cansada", "cansado", "agotada", "agotado", "debilidad", "equilibrio", "memoria",
    "dolor", "espasmos", "calambres", "vejiga", "olvide", "tomada", "tomado", "consejo", "ayuda",
    "analisis", "cancelar", "recuerdame", "despues", "todavia", "mareado", "mareada", "pastilla",
    "vitamina", "inyeccion", "another",
]
# Four-letter words are corrected only from five-letter slips ("tookk", "skipd"): one letter away
# from a four-letter word is too often another real word.
SHORT_TYPO_TARGETS = ["took", "skip", "numb", "help", "stop", "tips"]
# Real words one letter away from a target: never "corrected" ("I tried" is not "I tired",
# "cancer" is not "cancel", "waking up" is not "walking").
NOT_TYPOS = {
    "token", "tokens", "taker", "takes", "slipped", "shipped", "skipper", "slipping", "shipping", "messed",
    "massed", "kissed", "latter", "liter", "litre", "lager", "laser", "layer", "latex", "lather", "lacer",
    "lamer", "lazer", "lated", "rewind", "remand", "tinkling", "tangles", "tingle", "tried", "tires",
    "tied", "tiled", "timed", "tiered", "tined", "waking", "walling", "balanced", "balances", "visions",
    "spams", "ditzy", "bladed", "bloody", "brood", "bloom", "blond", "testing", "tenting", "massages",
    "cancer", "cancers", "canceled", "infection", "dollar", "dolar", "casada", "casado", "conejo",
    "pleased", "pleas", "plead", "plate", "minute", "tingly", "fatigues", "misses", "mister", "laters",
    "memo", "memos", "vertical", "blurt", "dozy", "forget", "forgo", "format", "mourning", "morn",
    "another's", "annoyed", "yesterdays", "taken's", "tomato", "tomate", "ayudo", "ayudar", "vitamins",
    "later's", "timing", "tiring", "tiredness", "drained", "remains", "blades", "cancels", "cramp",
    "crumps", "crams", "number", "numbs", "numbers", "stops", "helps", "skips", "tipsy", "tooth", "tools",
}
