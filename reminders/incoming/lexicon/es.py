"""Spanish: the words and phrases the reply parser knows, as regular-expression sources.

The same names as en.py (see there for what each one is); lexicon/__init__.py joins them.
Matched against normalised text, so accents are already off: "tomé" is "tome", "sí" is "si".
"""

# -- the dose ------------------------------------------------------------------

DOSE_NOUN = ["vitaminas?", "pastillas?", "inyeccion", "dosis", "suplementos?", "capsulas?", "pildoras?"]
BLOOD_TEST = ["analisis(?: de sangre)?", "examen(?:es)? de sangre", "pruebas? de sangre"]
# "take" in the forms patients text, with the auxiliary often misspelt ("e tomado").
TOMAR = [
    r"(?:(?:he|e|ha|a|habia) )?(?:tome|tomo|tomado|tomada|tomare|tomar(?:la|lo)?|pude tomar|voy a tomar|puse"
    r"|inyecte)",
]
DOSE_TAKEN = [
    # "ya la tome", "me la tome", "tome mi vitamina", "tomada", "me puse la inyeccion"
    r"\b(?:ya )?(?:me )?(?:la|lo|las|los) (?:tome|he tomado|puse|inyecte)\b",
    r"\b(?:ya )?(?:tome|he tomado|tomo) (?:mi |mis |la |el |las |los )?{{DOSE_NOUN}}\b",
    r"\b(?:tomada|tomado|tomadas|tomados|ya tome|tome|inyectad[ao]|puesta)\b",
    r"\bme (?:puse|aplique|inyecte)\b",
]
UNSURE_LEAD = ["no se si", "no me acuerdo(?: si)?"]
UNSURE_WHETHER = ["si"]
UNSURE_WHO = ["yo"]
UNSURE_TOOK = ["tome", "lo tome", "la tome", "tomo"]
NOT_YET = [
    r"\b(?:todavia|aun) no\b(?: (?:me |se )?(?:la |lo |las |los )?{{TOMAR}})?",
    r"\bno (?:me |se )?(?:la |lo |las |los )?(?:{{TOMAR}} )?(?:todavia|aun)\b",
]
DOSE_SKIPPED = [
    # "no la tome", "se me olvido", "me la salte", "hoy no"
    r"\bno (?:me |se )?(?:la |lo |las |los )?{{TOMAR}}\b",
    r"\b(?:se me )?olvid(?:e|o|ado|ada)\b",
    r"\b(?:me )?(?:la |lo )?salte\b",
    r"\bsaltar(?:me)?(?: la| lo)?\b",
    r"\bomitir?\b",  # OMITIR: what the answers taught before TOMÉ / SALTÉ / LUEGO
    r"\bhoy no\b",
    r"\bse me (?:acabo|acabaron|paso)\b",
]

# -- snooze ----------------------------------------------------------------------

NUMBER_WORDS = {
    "media": 0.5, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3,
    "cinco": 5, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30,
}
UNITS = ["minutos?", "horas?"]
AND_A_HALF = [" y media"]
TOMORROW = ["manana"]
SNOOZE = [
    r"\brecuerdame(?: (?:mas tarde|luego|despues|en {{DURATION_ANY}}|manana))?",
    r"\b(?:en|dentro de) {{DURATION_ANY}}",
    r"\b(?:dame|espera) {{DURATION_ANY}}",
    r"^{{DURATION_ANY}}(?: por favor)?(?= ?[^a-z0-9 ]*$)",
    r"\b(?:mas tarde|luego|despues|ahora no|en un rato|al rato|en un momento)\b",
]

# -- blood tests and lab values -----------------------------------------------

BLOOD_TEST_DONE = [
    r"{{BLOOD_TEST}} (?:ya |ya esta |esta |estan |fue |ya fue )?(?:hecho|hechos|hecha|listo|listos|lista"
    r"|realizado|realizados)\b",
    r"\b(?:ya )?(?:me )?(?:hice|hicieron|sacaron|tomaron) (?:el |los |la |las |mis |unos )?"
    r"(?:analisis|examen(?:es)?|pruebas?|laboratorios?)\b(?: de sangre)?",
    r"\bme (?:sacaron|tomaron) (?:la )?sangre\b",
]
LAB_TESTS = {
    "b12": [r"(?:vitamina )?b ?12", "cobalamina?"],
    "mma": ["acido metilmalonico"],
    "homocysteine": ["homocisteina"],
    "folate": ["folato", "acido folico"],
}
LAB_LINK = ["en", "salio", "dio", "esta", "fue", "de", "nivel", "resultado", "me", "mi", "bajo", "baja", "alto", "alta"]

# -- consent, help, tips ---------------------------------------------------------

FILLERS = ["gracias", "por favor", "porfa", "porfavor", "ya"]
SENTENCE_KEYWORDS = {
    "opt_out": ["no mas", "parar", "para", "baja", "cancelar", "alto", "basta", "detener"],
    "opt_in": ["iniciar", "comenzar", "reanudar", "alta", "suscribir"],
    "help": ["ayuda", "ayudame", "informacion", "mas informacion"],
    "tip": ["consejo", "consejos", "otro consejo", "un consejo", "mas consejos"],
}
OPT_OUT = [
    # "dejen de mandarme mensajes", "no me manden mas", "darme de baja"
    r"\bdej(?:en|a|ar|e) de (?:enviar|mandar|escribir)(?:me)?\b",
    r"\bno (?:me )?(?:envien|manden|escriban|mande|envie|mandes|envies) mas\b",
    r"\bno (?:quiero|deseo) (?:recibir )?(?:mas )?(?:mensajes|recordatorios|textos)\b",
    r"\bno mas (?:mensajes|recordatorios|textos)\b",
    r"\b(?:darme|dar|dame|denme|deme|quiero darme) de baja\b",
    r"\b(?:cancelar|parar|detener) (?:los |mis |estos )?(?:mensajes|recordatorios|textos|suscripcion)\b",
]
OPT_IN = [
    r"\bquiero volver a recibir\b",
    r"\b(?:reanudar|reactivar) (?:los )?(?:mensajes|recordatorios)\b",
]
HELP = [r"\bnecesito ayuda\b", r"\bayudame\b", r"\bque es esto\b", r"\bquien (?:es|eres)\b", r"\bcomo funciona\b"]
TIP = [
    r"\b(?:otro|un|mas|dame un|dame otro|mandame un|mandame otro|quiero un|quiero otro) consejos?\b",
    r"\bconsejos? por favor\b",
]

# -- answers to the open reminder ------------------------------------------------

AFFIRM_LEAD = ["si", "claro", "listo", "lista", "hecho", "vale", "dale", "correcto", "por supuesto", "ya esta", "si ya"]
AFFIRM_BARE = ["ya", "s"]
NO_THEN = ["todavia", "aun", "hoy", "lo siento", "porque", "pero", "senora"]

# -- symptoms ---------------------------------------------------------------------

SYMPTOMS = {
    "vision": ["vista", "vision borrosa", "borros[oa]", "veo (?:borroso|doble|mal)", "no veo(?: bien)?", "vision doble"],
    "walking": [
        "no puedo (?:caminar|andar)", "me cuesta (?:caminar|andar)", "dificultad (?:para|al) (?:caminar|andar)",
        "(?:caminar|andar) (?:me )?cuesta", "cojeo", "cojera", "cojeando", "no camino bien",
    ],
    "numbness": [
        "entumecimiento", "entumecid[oa]s?", "entumid[oa]s?", "adormecid[oa]s?", "adormecimiento",
        "(?:mano|manos|pie|pies|pierna|piernas|brazo|brazos|dedos) dormid[oa]s?",
        "no siento (?:los |las |el |la |mis |mi )?(?:pies|manos|piernas|dedos|pie|mano|pierna)",
    ],
    "tingling": ["hormigueos?", "hormiguea", "cosquilleos?", "calambritos"],
    "spasticity": ["espasmos?", "espasticidad", "rigidez", "rigid[oa]s?", "calambres?", "ties[oa]s?", "contracturas?"],
    "weakness": ["debilidad", "debil(?:es)?", "sin fuerzas?", "flojera", "piernas? pesadas?", "pesadez"],
    "fatigue": [
        "fatiga(?:da|do)?", "cansancio", "cansad[oa]s?", "agotad[oa]s?", "agotamiento", "sin energia",
        "tengo sueno", "mucho sueno", "rendid[oa]",
    ],
    "balance": ["equilibrio", "inestable", "me cai", "me caigo", "caidas?", "tropiezo", "tropece", "tambale(?:o|ando)"],
    "dizziness": ["mareos?", "maread[oa]s?", "aturdid[oa]"],
    "memory": ["memoria", "olvidadiz[oa]", "niebla mental", "confundid[oa]", "no me concentro", "concentrarme"],
    "bladder": ["vejiga", "orina(?:r)?", "incontinencia", "ganas de orinar", "escapes? de orina"],
    "mood": [
        "animo", "deprimid[oa]", "depresion", "triste(?:za)?", "ansiedad", "ansios[oa]",
        "angustiad[oa]", "angustia", "desanimad[oa]", "de bajon", "llorando", "estresad[oa]",
    ],
    "pain": ["dolor(?:es)?", "duele(?:n)?", "ardor", "adolorid[oa]", "dolorid[oa]", "jaqueca"],
}
SEVERE = ["muy mal", "muy fuerte", "fuerte", "severo", "severa", "insoportable", "intenso", "intensa", "fatal"]
MODERATE = ["moderado", "moderada", "regular", "mediano", "mediana", "mas o menos"]
MILD = ["leve", "ligero", "ligera", "un poco", "poco", "poquito", "un poquito", "suave"]
NEGATED = [r"\bsin", r"\bnada de", r"\bni", r"\bya no"]
NEGATION_GAP = ["tengo", "tiene", "siento", "sentido", "tenido", "hay", "he", "mas", "el", "la", "los", "las", "mi", "mis"]
GONE = ["se fue", "se quito", "desaparecio", "ya paso", "nada"]
NEGATION_CARRIES = ["ni", "o", "y", "ni tampoco"]
AFTER_NUMBER = [
    "hoy", "ahora", "esta", "este", "y", "pero", "o", "puntos", "por", "ayer", "en", "la", "el", "desde",
    "cuando", "con", "tambien",
]
OUT_OF = ["de", "sobre"]
TEN = ["diez"]
ZERO = {"cero": 0}
STRONG_EDGE = ["pero", "aunque"]
WEAK_EDGE = ["y", "tambien", "luego"]

# -- typos -----------------------------------------------------------------------

TYPO_TARGETS = [
    "hormigueo", "entumecimiento", "entumecido", "entumecida",
    "cansancio", "cansada", "cansado", "agotada", "agotado", "debilidad", "equilibrio", "memoria",
    "dolor", "espasmos", "calambres", "vejiga", "olvide", "tomada", "tomado", "consejo", "ayuda",
    "analisis", "cancelar", "recuerdame", "despues", "todavia", "mareado", "mareada", "pastilla",
    "vitamina", "inyeccion",
]
NOT_TYPOS = ["dollar", "dolar", "casada", "casado", "conejo", "tomate", "ayudo", "ayudar"]
