"""B12 Reminders: SMS reminders and reply logging for people with MS who take B12."""
