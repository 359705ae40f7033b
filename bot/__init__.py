"""The channels: Flask app factory, Twilio webhook, conversation, replies, jobs, console, CLI."""
