"""Forms of the organization pages: account and settings (organization), members."""
