"""Spanish symptoms: their names, how severe they are, and where a symptom's clause ends.

The same names as en_symptoms.py (see there for what each one is); lexicon/__init__.py joins them.
"""

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
    "memory": [
        "memoria", "olvidadiz[oa]", "niebla mental", "confundid[oa]", "no me concentro", "concentrarme",
        "(?:se me )?olvid(?:an|a|o|e) (?:de )?(?:todo|las cosas|cosas|las palabras|los nombres)",
    ],
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
    "cuando", "con", "tambien", "mas o menos",
]
OUT_OF = ["de", "sobre"]
TEN = ["diez"]
ZERO = {"cero": 0}
SEVERITY_NUMBER_WORDS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10,
}
RATING_LEAD = [
    "diria que", "yo diria que", "yo diria", "diria", "como", "como un", "un", "una", "mas o menos", "creo que",
    "es", "esta en", "le doy", "le doy un", "le pondria", "le pondria un", "pero solo", "solo", "sobre", "casi",
]
RATING_TAIL = ["hoy", "ahora", "creo", "mas o menos", "mas bien", "de 10", "de diez", "mas o menos de 10"]
SEVERITY_GAP = ["es", "esta", "en", "de", "un", "una", "como", "nivel"]
MENTION_JOINERS = ["y", "o", "de", "del", "con", "en", "mi", "la", "el", "como"]
STRONG_EDGE = ["pero", "aunque"]
WEAK_EDGE = ["y", "tambien", "luego"]
