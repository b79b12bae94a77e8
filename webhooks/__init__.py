"""Flask blueprints for what Twilio calls: inbound texts and delivery status."""
