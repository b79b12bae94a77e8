"""The words we send: templates, the tips library and its rotation, and GSM-7 text.
The wording itself is data (templates.toml, tips.toml). Imports only reminders.core."""
