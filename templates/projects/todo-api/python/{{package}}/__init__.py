"""A todo API: accounts with JWT sign-in, and todos that only their owner can see."""
