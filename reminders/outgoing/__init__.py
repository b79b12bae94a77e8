"""A reminder's way out: clock -> scheduling (recurrence, quiet hours) -> outbox -> transport
(Twilio or console), and delivery status back. Imports core, content and records."""
