"""The ground floor every process stands on: configuration, the database and its models,
the runtime, logs and phone numbers. Imports nothing else of the product."""
