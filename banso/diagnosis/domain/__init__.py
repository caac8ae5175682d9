"""Business actions of the diagnosis area. Views, the API, commands and the demo call these."""
