"""B12 Reminders: SMS reminders and reply logging for people with MS who take B12.

The packages, in the order data flows through them (each imports only those above it):

- core: configuration, the database, models, runtime, logs, phone numbers;
- content: templates, tips and GSM-7 text;
- records: flags and answered occurrences, written by both flows;
- outgoing: clock -> scheduling -> outbox -> transport, and delivery status;
- incoming: inbound storage -> parser -> conversation;
- services: enrolment, accounts, export, doctor, demo seed;
- web: what the Flask blueprints share; app: the factory the Procfile names;
- cli: the `reminders` command line.
"""
