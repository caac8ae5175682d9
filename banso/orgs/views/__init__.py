"""The organization pages: sign-in and account (organization), members, two-factor sign-in."""
