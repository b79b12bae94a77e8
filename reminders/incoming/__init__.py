"""A reply's way in: store the text (inbound) -> parse it (parser, lexicon) -> the
conversation it drives (safety, answers) -> records. May queue texts through outgoing."""
