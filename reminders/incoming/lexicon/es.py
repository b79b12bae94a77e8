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
    # in a long message: "el lunes si me pude poner la inyeccion", "mi esposo me puso la inyeccion"
    r"\b(?:me )?(?:pude|logre|alcance a) (?:tomar|poner|ponerme|inyectar|inyectarme|aplicar|aplicarme)(?:la|lo)?"
    r"(?: (?:mi |la |el |las |los )?{{DOSE_NOUN}})?\b",
    r"\bme (?:la |lo )?(?:puso|pusieron|dio|dieron|aplico|aplicaron|inyecto|inyectaron)"
    r" (?:mi |la |el |las |los )?{{DOSE_NOUN}}\b",
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
    r"\b(?:se me )?olvid(?:e|o|ado|ada)\b(?! (?:de )?(?:todo|las cosas|cosas|las palabras|los nombres|donde|lo que)\b)",
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
    "cuatro": 4, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "catorce": 14,
}
UNITS = ["minutos?", "horas?"]
AND_A_HALF = [" y media"]
TOMORROW = ["manana"]
# "se me olvido, la tomo despues de la comida": not skipped, to be taken then
TAKE_LATER = [
    r"(?:me )?(?:la|lo|las|los) (?:tomo|tomare|voy a tomar|puedo tomar)", r"voy a tomar(?:la|lo|las|los|mela|melo)?",
    "tomare", r"(?:me )?(?:la|lo) (?:pongo|pondre)", r"voy a poner(?:mela|melo)",
]
TAKE_LATER_WHEN = ["mas tarde", "luego", "despues", "esta noche"]
HOUR_WORDS = {
    "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "once": 11, "doce": 12,
}
CLOCK_NAMED = {"mediodia": "12:00", "medianoche": "00:00"}
CLOCK_AM = ["de la manana", "de la madrugada", "por la manana"]
CLOCK_PM = ["de la tarde", "de la noche", "por la tarde", "por la noche", "esta noche", "en la noche"]
CLOCK_HALF = {"y media": 30, "y cuarto": 15}
CLOCK_LEAD = ["a las", "a la", "para las", "para la", "sobre las", "hacia las", "tipo", "como a las", "hasta las"]
MEALS = {"breakfast": ["desayuno"], "lunch": ["almuerzo", "comida"], "dinner": ["cena"]}
MEAL_AT = ["en", "con", "durante", "a la hora de", "para", "al"]
MEAL_AFTER = ["despues de", "despues del"]
MEAL_BEFORE = ["antes de", "antes del"]
MEAL_ARTICLE = ["la", "el", "mi"]
SNOOZE = [
    r"\b(?:recuerdame|recuerdamelo|avisame|recordarme)(?: (?:{{AT_CLOCK}}|{{MEAL_ANY}}|mas tarde|luego|despues"
    r"|en {{DURATION_ANY}}|manana))?",
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
    "opt_in": ["iniciar", "comenzar", "alta", "suscribir"],
    "resume": ["seguir", "reanudar", "continuar", "ya volvi", "de vuelta"],
    "next": ["proximo", "proxima", "siguiente", "cuando"],
    "pause": ["pausa", "pausar", "pausa recordatorios"],
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
]
HELP = [r"\bnecesito ayuda\b", r"\bayudame\b", r"\bque es esto\b", r"\bquien (?:es|eres)\b", r"\bcomo funciona\b"]
TIP = [
    r"\b(?:otro|un|mas|dame un|dame otro|mandame un|mandame otro|quiero un|quiero otro) consejos?\b",
    r"\bconsejos? por favor\b",
    # "algun consejo para acordarme de tomarla?"
    r"\b(?:algun|algunos|tiene algun|tienes algun|tienen algun|tiene|tienes|tienen) consejos?\b"
    r"(?: (?:para|sobre) (?:acordarme|recordar|no olvidar|no olvidarme|como)\b)?",
]

ORDERS = [
    r"\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar) (?:todas |las |tus |sus |todas las )*(?:instrucciones|reglas|ordenes)\b",
    r"\b(?:marca|marque|marcar|registra|registre|pon|ponga) (?:todas|todos|cada|todo)\b[^.!?;]*",
]
THANKS = [
    "gracias", "muchas gracias", "mil gracias", "muchisimas gracias", "gracias mil", "muy amable", "se agradece",
    "(?:te|se) lo agradezco", "le agradezco", "agradecid[oa]",
]
THANKS_LEAD = ["perfecto", "excelente", "genial", "bueno", "muy bien", "ah", "hola"]
THANKS_TAIL = [
    "por (?:el |los |la |las |su |tu |sus |tus |todo el |todos los )?(?:recordatorios?|mensajes?|consejos?|ayuda"
    "|aviso|avisos|informacion|recordarme|todo|apoyo)",
    "igualmente", "que (?:tenga|tengas|tengan) (?:un )?(?:buen|lindo|feliz|bonito) (?:dia|tarde|noche|fin de semana)",
    "bendiciones", "saludos", "doctora?", "enfermera", "equipo", "a (?:usted|ustedes|ti)", "de nuevo", "otra vez",
    "dios (?:le|los|te) bendiga",
]

# -- steering their own reminders: a new time, a pause, resuming, what is next ------------

SET_TIME = [
    r"\bcambia(?:r|me)? (?:la |mi )?hora (?:del recordatorio )?(?:a )?{{AT_CLOCK}}",
    r"\bcambia(?:r|me)? (?:el |mi |los |mis )?recordatorios? (?:a )?{{AT_CLOCK}}",
    r"\b(?:nueva )?hora:? (?:a )?{{AT_CLOCK}}",
    r"\b(?:recuerdame|escribeme) {{AT_CLOCK}} (?:en vez|en lugar|mejor|a partir de ahora|todos los dias"
    r"|cada dia)",
    r"\bprefiero (?:el recordatorio |los recordatorios )?{{AT_CLOCK}}",
]
WEEKDAY = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]
SPAN_UNIT = ["dias?", "semanas?"]
PAUSE_SPAN = [
    r"(?:por |durante )?(?:\d{1,3}|{{NUMBER}}) ?(?:{{SPAN_UNIT}})?\b",
    r"hasta (?:el )?(?:proximo )?{{WEEKDAY}}",
]
PAUSE = [
    r"\bpausa(?:r)?(?: (?:los|mis|recordatorios|mensajes))*(?: {{PAUSE_SPAN}})?",
    r"\b(?:estoy |estare |voy a estar )?(?:fuera|de viaje|de vacaciones)(?: (?:por|durante))? {{PAUSE_SPAN}}",
    r"\bsin (?:recordatorios|mensajes) {{PAUSE_SPAN}}",
]
RESUME = [
    r"\b(?:reanudar|reactivar|seguir con|continuar con|volver a) (?:los |mis )?(?:mensajes|recordatorios)\b",
    r"\bya (?:estoy de vuelta|volvi|regrese)\b",
]
NEXT = [
    r"\bcuando (?:es |sera |toca |llega )?(?:mi |el |la )?(?:proximo|proxima|siguiente) (?:recordatorio|dosis"
    r"|analisis|prueba)\b",
    r"\b(?:proximo|proxima|siguiente) (?:recordatorio|dosis|analisis)\b",
]

# -- answers to the open reminder ------------------------------------------------

AFFIRM_LEAD = ["si", "claro", "listo", "lista", "hecho", "vale", "dale", "correcto", "por supuesto", "ya esta", "si ya"]
AFFIRM_BARE = ["ya", "s"]
AFFIRM_WEAK = ["vale", "dale"]
AFFIRM_WEAK_THEN = ["pero", "entonces", "una pregunta", "pregunta", "tengo una pregunta", "oye"]
NO_THEN = ["todavia", "aun", "hoy", "lo siento", "porque", "pero", "senora"]

# -- typos -----------------------------------------------------------------------

GLUED = {"latome": "la tome", "yalatome": "ya la tome", "melatome": "me la tome", "yalotome": "ya lo tome"}

TYPO_TARGETS = [
    "hormigueo", "entumecimiento", "entumecido", "entumecida",
    "cansancio", "cansada", "cansado", "agotada", "agotado", "debilidad", "equilibrio", "memoria",
    "dolor", "espasmos", "calambres", "vejiga", "olvide", "tomada", "tomado", "consejo", "ayuda",
    "analisis", "cancelar", "recuerdame", "despues", "todavia", "mareado", "mareada", "pastilla",
    "vitamina", "inyeccion",
]
NOT_TYPOS = ["olvido", "dollar", "dolar", "casada", "casado", "conejo", "tomate", "ayudo", "ayudar"]
