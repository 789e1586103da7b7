"""A RealWorld (Conduit) blog API: accounts, follows, articles, favorites, comments and roles."""
