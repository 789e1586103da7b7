"""A chat server: accounts, rooms, and live messages over WebSocket with history in the database."""
